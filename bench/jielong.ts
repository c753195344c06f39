// 接龙 benchmark: a group buy of N participants where each one reposts the whole list with
// their line added (N messages, the last N lines long), through the real router, 接龙
// handler and store, beside a naive bot that re-parses every full version and rebuilds the
// order book from it without diffing. A benchmark, not a test: it prints figures.
//
//   npm run bench:jielong

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinli } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import type { TextEvent } from '../bot/types.ts';
import { parseJielong } from '../handlers/jielong/parse.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { Store } from '../store/db.ts';

const SIZES = [500, 1000];
const TARGET_MS_500 = 300;
const TARGET_RATIO = 2.5;
const RUNS = 5;
const START_AT = Date.parse('2026-11-21T09:00:00+08:00');
const catalog = loadCatalogFile(new URL('../store/catalog.example.json', import.meta.url).pathname);

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程'];
const GIVEN = ['芳', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];

/** Participant i's line, as residents write them (room, name, quantity; a few with a note). */
function lineOf(i: number): string {
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${Math.floor(i / 800) || ''}`;
  const room = `${(i % 30) + 1}-${(Math.floor(i / 30) % 28) + 1}0${(i % 4) + 1}`;
  const qty = ['1瓶', '2瓶', '两瓶', '3瓶', 'x2'][i % 5];
  return i % 7 === 0 ? `${room} ${name} ${qty} 晚上7点后在家` : `${room} ${name} ${qty}`;
}

const HEAD = '#接龙\n周六冷榨油团购 截止周五20:00\n冷榨亚麻籽油 39.9元/瓶\n例 3-501 王阿姨 2瓶\n\n';

/** The N versions: version k holds lines 1..k. Built once, outside the timings. */
function versions(n: number): string[] {
  const lines: string[] = [];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`${i + 1}. ${lineOf(i)}`);
    out.push(HEAD + lines.join('\n'));
  }
  return out;
}

function events(texts: string[]): TextEvent[] {
  const group = { id: 'bench@chatroom', name: '幸福里1群' };
  return texts.map((text, i) => ({
    kind: 'text', id: `bench-${i}`, at: START_AT + i * 1000, group, from: { id: `wxid_${i}`, name: `居民${i}` },
    text, mentionsBot: false, mentions: [],
  }));
}

async function linliRun(texts: string[]): Promise<{ ms: number; lines: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-jielong-'));
  try {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', STORE_FLUSH_MS: '60000' });
    const clock = new ManualClock(START_AT);
    const store = await Store.open(dir, { flushMs: 60_000 });
    store.data.catalog = catalog;
    const linli = await createLinli({ config, clock, log: silentLogger(), store });
    const evs = events(texts);
    const t0 = performance.now();
    for (const e of evs) {
      clock.set(e.at);
      await linli.handle(e);
    }
    const ms = performance.now() - t0;
    const record = Object.values(store.data.jielong)[0]!;
    await linli.close();
    return { ms, lines: record.book.lines.filter((l) => l.state === 'active').length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The naive way: every version fully parsed, and the book replaced by it. */
function naiveRun(texts: string[]): { ms: number; lines: number } {
  let book: unknown[] = [];
  const t0 = performance.now();
  for (const text of texts) book = parseJielong(text, { catalog })!.entries.map((e) => ({ ...e }));
  return { ms: performance.now() - t0, lines: book.length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const byN = new Map<number, { linli: number; naive: number }>();
  await linliRun(versions(100)); // warm-up: JIT and module loading are not the 接龙's cost
  for (const n of SIZES) {
    const texts = versions(n);
    const linli: number[] = [];
    const naive: number[] = [];
    let check = { linli: 0, naive: 0 };
    for (let r = 0; r < RUNS; r++) {
      const a = await linliRun(texts);
      const b = naiveRun(texts);
      linli.push(a.ms);
      naive.push(b.ms);
      check = { linli: a.lines, naive: b.lines };
    }
    if (check.linli !== n || check.naive !== n) throw new Error(`order book has ${check.linli} lines (naive ${check.naive}), expected ${n}`);
    byN.set(n, { linli: median(linli), naive: median(naive) });
    const chars = texts.reduce((s, t) => s + t.length, 0);
    console.log(`${n} participants (${n} reposts, ${(chars / 1e6).toFixed(1)} M characters in all), median of ${RUNS}:`);
    console.log(`  Linli (router + 接龙 handler + store): ${median(linli).toFixed(1)} ms`);
    console.log(`  naive re-parse of every version:      ${median(naive).toFixed(1)} ms`);
  }
  const a = byN.get(500)!;
  const b = byN.get(1000)!;
  const ratio = b.linli / a.linli;
  console.log('');
  console.log(`500 participants: ${a.linli.toFixed(1)} ms (target < ${TARGET_MS_500} ms) ${a.linli < TARGET_MS_500 ? 'met' : 'NOT met'}`);
  console.log(`1000 vs 500: Linli ×${ratio.toFixed(2)} (target < ${TARGET_RATIO}) ${ratio < TARGET_RATIO ? 'met' : 'NOT met'}; naive ×${(b.naive / a.naive).toFixed(2)}`);
  console.log(`Linli vs naive at 1000: ${(b.naive / b.linli).toFixed(1)}× faster`);
}

await main();
