// WeCom callback benchmark: how long does WeCom wait for our answer to a signed, encrypted
// callback while a handler does slow work (a simulated 20 ms model call)? WeCom resends
// after 5 s without an answer. Linli acknowledges first and handles after; the baseline
// handles inline and acknowledges when done. A benchmark, not a test: it prints figures.
//
//   npm run bench:wecom

import { createWecom } from '../bot/channels/wecom/index.ts';
import { Inbound } from '../bot/inbound.ts';
import { silentLogger } from '../bot/logger.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { testBot } from '../tests/helpers.ts';
import { envelope, seal, textXml, WECOM_ENV } from '../tests/wecom-sign.ts';

const CALLBACKS = 300;
const MODEL_MS = 20;
const TARGET_P99_MS = 50;

/**
 * `journaled`: each callback is written to inbound.jsonl and synced before the 200, as `npm start`
 * does; `parallel`: that many callbacks in flight at once (WeCom delivers a busy group's in parallel).
 */
async function run(inline: boolean, journaled = false, parallel = 1): Promise<{ ack: number[]; totalMs: number; handled: number }> {
  const { linli, clock } = await testBot({ ...WECOM_ENV, WECOM_API_BASE: 'http://127.0.0.1:9' });
  let handled = 0;
  linli.router.use(async (ctx, next) => {
    if (!ctx.text.startsWith('问')) return next();
    await new Promise((r) => setTimeout(r, MODEL_MS));
    handled++;
  });
  const handle = async (e: Parameters<typeof linli.handle>[0]) => void (await linli.handle(e));
  const inbound = journaled ? Inbound.open(linli.services.store, clock, silentLogger()) : undefined;
  const wecom = createWecom({
    config: linli.services.config, store: linli.services.store, clock: clock as ManualClock, log: silentLogger(),
    handle, flush: async () => undefined, ...(inbound ? { inbound: inbound.journal } : {}),
  });
  const ack: number[] = [];
  const started = performance.now();
  const post = async (i: number) => {
    const { encrypted, query } = seal(textXml(`staff${i % 20}`, `问 第${i}个问题`, String(9_000_000 + i), clock.now()), clock.now());
    const t0 = performance.now();
    const res = await wecom.app.request(`/wecom/callback?${query}`, { method: 'POST', body: envelope(encrypted) });
    // The baseline answers only once the handling is done, as a naive callback route would.
    if (inline) await wecom.idle();
    ack.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`callback ${i} answered ${res.status}`);
  };
  for (let i = 0; i < CALLBACKS; i += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, CALLBACKS - i) }, (_, k) => post(i + k)));
  }
  await wecom.idle();
  const totalMs = performance.now() - started;
  await inbound?.settle();
  await linli.close();
  inbound?.close();
  return { ack, totalMs, handled };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const rows: Array<[string, Awaited<ReturnType<typeof run>>]> = [
    ['baseline: handle, then answer', await run(true)],
    ['linli: answer, then handle', await run(false)],
    ['linli: journal + sync, answer', await run(false, true)],
    ['  the same, 20 in flight', await run(false, true, 20)],
  ];
  console.log(`WeCom callbacks: ${CALLBACKS} signed text callbacks, each handled with a ${MODEL_MS} ms simulated model call`);
  console.log('run                               ack p50 ms  ack p99 ms  ack max ms  all handled after s  handled');
  for (const [name, r] of rows) {
    const s = [...r.ack].sort((a, b) => a - b);
    console.log(`${name.padEnd(34)}${pct(s, 50).toFixed(2).padStart(10)}${pct(s, 99).toFixed(2).padStart(12)}${s.at(-1)!.toFixed(2).padStart(12)}${(r.totalMs / 1000).toFixed(2).padStart(21)}${String(r.handled).padStart(9)}`);
  }
  const ours = [...rows[2]![1].ack].sort((a, b) => a - b);
  console.log(`target: ack p99 under ${TARGET_P99_MS} ms (WeCom resends after 5000 ms) — ${pct(ours, 99) < TARGET_P99_MS ? 'met' : 'NOT met'}`);
}

void main();
