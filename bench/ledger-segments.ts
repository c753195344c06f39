// Points ledger start-up, one segment against segments (issue 20: a year in, as fast as day one).
// A benchmark, not a test: it prints figures for the same year of entries laid out both ways.
//
//   npm run bench:ledger            (= node --expose-gc --import tsx bench/ledger-segments.ts; ENTRIES=250000 MEMBERS=2000 DAYS=365)
//
// The year: MEMBERS members over DAYS days, ENTRIES ledger entries (check-ins with streak
// bonuses, 接龙 purchases, shares, owner adjustments, a few redemptions), posted through the real
// Ledger onto a real points.jsonl in two data directories: one that never rotates (everything in
// points.jsonl, as before segments: every line parsed, checked and indexed at start-up) and one
// that rotates every SEGMENT_ENTRIES (50,000) entries. Each is then opened in a fresh process,
// RUNS times: Store.open (state.json, the checked journals), then the ledger as PointsBook sets it
// up (indexes, reconcile, the redemption check), timed, and the heap after a GC.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ledgerJournal } from '../handlers/points/book.ts';
import '../handlers/points/handler.ts'; // declares the points slice, so the store checks points.jsonl
import { Ledger, SEGMENT_ENTRIES as DEFAULT_SEGMENT } from '../handlers/points/ledger.ts';
import { completePoints, type LedgerEntry } from '../handlers/points/state.ts';
import { DAY_MS, HOUR_MS } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { pick, prng } from './random.ts';

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const ENTRIES = num('ENTRIES', 250_000);
const MEMBERS = num('MEMBERS', 2_000);
const DAYS = num('DAYS', 365);
const RUNS = num('RUNS', 3);
const SEGMENT_ENTRIES = num('SEGMENT', DEFAULT_SEGMENT);
const START = Date.parse('2026-01-01T00:00:00+08:00');

declare const gc: (() => void) | undefined;

/** Posts a year of movements onto a fresh data directory's ledger, rotating every `segment` entries. */
async function build(segment: number, entries: number): Promise<{ dir: string; rotationMs: number[] }> {
  const rotationMs: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-ledger-'));
  const store = await Store.open(dir, { flushMs: 60_000 });
  store.data.points = completePoints(store.data.points);
  const points = store.data.points;
  const rotations: number[] = [];
  const ledger = new Ledger(points, ledgerJournal(store), { segmentEntries: segment, onRotate: () => rotations.push(performance.now()) });
  const rand = prng(20261);
  const members = Array.from({ length: MEMBERS }, (_, i) => `wxid_${i}`);
  const perDay = Math.ceil(ENTRIES / DAYS);
  const ENTRIES_HERE = entries;
  let posted = 0;
  let n = 0;
  for (let d = 0; posted < ENTRIES_HERE; d++) {
    const dayStart = START + d * DAY_MS;
    const day = new Date(dayStart + 8 * HOUR_MS).toISOString().slice(0, 10);
    for (let i = 0; i < perDay && posted < ENTRIES_HERE; i++) {
      const at = dayStart + 7 * HOUR_MS + Math.floor((i / perDay) * 14 * HOUR_MS);
      const m = pick(rand, members);
      const r = rand();
      const base = { member: m, source: `e${n++}`, at };
      const postStart = performance.now();
      let result;
      if (r < 0.45) result = ledger.post({ ...base, key: `checkin:${m}:${day}`, amount: 5, kind: 'checkin', reason: '签到' });
      else if (r < 0.5) result = ledger.post({ ...base, key: `streak:${m}:${day}`, amount: 10, kind: 'streak', reason: '连续签到7天奖励' });
      else if (r < 0.72) result = ledger.post({ ...base, key: `purchase:jl-${d * 10 + (i % 10)}:${i}`, amount: 39, kind: 'purchase', reason: '接龙「周六团购」¥39.8' });
      else if (r < 0.87) result = ledger.post({ ...base, key: `share:${m}:https://example.com/${d}/${i}`, amount: 2, kind: 'share', reason: '分享「今晚直播」' });
      else if (r < 0.995) result = ledger.post({ ...base, key: `adjust:e${n}`, amount: 3, kind: 'adjust', reason: '团长调整：帮忙', by: 'wxid_owner' });
      else {
        const cost = Math.min(20, ledger.balance(m));
        if (cost <= 0) continue;
        const key = `redeem:e${n}`;
        result = ledger.post({ ...base, key, amount: -cost, kind: 'redeem', reason: '兑换「抽纸」', ref: 'rw-1' });
        if (result.ok) points.redemptions.push({ id: `rd-${n}`, rewardId: 'rw-1', reward: '抽纸', member: { id: m, name: m }, cost, at, key });
      }
      if (result.ok) posted++;
      if (rotations.length > 0 && rotations.length !== rotationMs.length) rotationMs.push(performance.now() - postStart);
    }
  }
  store.changed();
  await store.close();
  return { dir, rotationMs };
}

/** In a fresh process: open the store and set the ledger up as the bot does; time and heap. */
async function measure(dir: string): Promise<void> {
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const store = await Store.open(dir);
  const t1 = performance.now();
  store.data.points = completePoints(store.data.points);
  const ledger = new Ledger(store.data.points, ledgerJournal(store));
  const repaired = ledger.reconcile().length;
  const missing = ledger.redemptionsMissing(new Set(store.data.points.redemptions.map((r) => r.key))).length;
  const t2 = performance.now();
  gc?.();
  const heap = process.memoryUsage().heapUsed - heap0;
  const live = ledgerJournal(store).entries.length;
  console.log(JSON.stringify({ openMs: t1 - t0, ledgerMs: t2 - t1, heapMB: heap / 1e6, rssMB: process.memoryUsage().rss / 1e6, live, repaired, missing }));
  await store.close();
}

function filesOf(dir: string): string {
  const out: string[] = [];
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const st = statSync(join(dir, name));
    if (st.isFile() && name.includes('points')) out.push(`${name} ${(st.size / 1e6).toFixed(1)} MB`);
  }
  return out.join(', ');
}

interface Figures { openMs: number; ledgerMs: number; heapMB: number; rssMB: number; live: number; repaired: number; missing: number }

function runs(dir: string): Figures {
  const all: Figures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), 'measure', dir], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    all.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Figures);
  }
  const median = (f: (x: Figures) => number) => all.map(f).sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
  return { ...all[0]!, openMs: median((x) => x.openMs), ledgerMs: median((x) => x.ledgerMs), heapMB: median((x) => x.heapMB), rssMB: median((x) => x.rssMB) };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'measure') return measure(process.argv[3]!);
  console.log(`Points ledger start-up: ${ENTRIES} entries, ${MEMBERS} members, ${DAYS} days; medians of ${RUNS} fresh processes`);
  const f = (n: number, d = 0) => n.toFixed(d).padStart(8);
  console.log(`${'layout'.padEnd(34)}${'open ms'.padStart(8)}${'ledger'.padStart(8)}${'total'.padStart(8)}${'heap MB'.padStart(8)}${'RSS MB'.padStart(8)}${'parsed'.padStart(8)}`);
  const layouts = [
    ['one segment (before)', Number.MAX_SAFE_INTEGER, ENTRIES],
    [`segments of ${SEGMENT_ENTRIES} (after)`, SEGMENT_ENTRIES, ENTRIES],
    // The most start-up ever reads: the live segment one entry short of closing.
    [`  the same, +${SEGMENT_ENTRIES - 1} live`, SEGMENT_ENTRIES, ENTRIES + SEGMENT_ENTRIES - 1],
  ] as const;
  for (const [name, segment, entries] of layouts) {
    const built = performance.now();
    const { dir, rotationMs } = await build(segment, entries);
    const buildMs = performance.now() - built;
    const r = runs(dir);
    console.log(`${name.padEnd(34)}${f(r.openMs)}${f(r.ledgerMs)}${f(r.openMs + r.ledgerMs)}${f(r.heapMB, 1)}${f(r.rssMB)}${f(r.live)}`);
    const rotated = rotationMs.length ? `; ${rotationMs.length} rotations, the post that rotated took ${rotationMs.map((ms) => ms.toFixed(0)).join('/')} ms` : '';
    console.log(`  files: ${filesOf(dir)}; built in ${(buildMs / 1000).toFixed(1)} s; repaired ${r.repaired}, redemptions missing ${r.missing}${rotated}`);
    if (process.env.KEEP === '1') console.log(`  kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
