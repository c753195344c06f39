// Outbox benchmark: what does picking the next send cost when a month of history is kept?
// A benchmark, not a test: it prints figures beside a baseline measured in the same run.
//
//   npm run bench:outbox            (= tsx bench/outbox.ts)
//
// The shop: 30 days × 2,000 messages a day kept as finished history (60,000 items), then
// 500 messages waiting across 50 chats (10 groups, 40 DMs; 10 each). Figures, for the
// indexed queue (bot/outbox-queue.ts) and the baseline full scan of every kept message
// (bot/outbox-scan.ts, the outbox's original heads()):
//   - sending the 500 on a virtual clock (drain + nextWakeAt at every wake-up, as the engine does);
//   - one nextWakeAt() with the 500 waiting;
// and the indexed queue with no history at all, to show the month kept costs it nothing.
// What both still pay per waiting chat is the pacing rule itself (bot/pacing.ts earliestSend:
// a DM's quiet-hours check formats the time in the shop's zone).
// The store is in memory, so the figures are the outbox's own work; each send's state.json
// write is the same for both and is measured apart, on disk:
//   - before: the whole kept outbox in state.json (the outbox as it was: finished messages
//     included), rewritten before each send;
//   - after: every message in outbox.jsonl (bot/outbox-history.ts); a send appends two short
//     lines (`sending`, `sent`) and does not rewrite state.json at all.
// For both, 20 real sends through a Store on a temporary directory; also the one-time move of
// an old state.json's history into the journal, a restart reading the journal back, and the
// daily rewrite that drops lines past the retention.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../bot/logger.ts';
import { Outbox } from '../bot/outbox.ts';
import { memoryOutboxJournal, outboxJournal } from '../bot/outbox-history.ts';
import { IndexedQueue, type PendingQueue } from '../bot/outbox-queue.ts';
import { ScanQueue } from '../bot/outbox-scan.ts';
import type { PacingPolicy } from '../bot/pacing.ts';
import type { Channel, Destination, OutboundMessage } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { emptyState, type OutboxItem } from '../store/schema.ts';

const KEPT = 60_000;
const PENDING = 500;
const GROUPS = 10;
const DMS = 40;
const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-21T10:00:00+08:00');
const WAKE_CALLS = 2_000;
const RUNS = 5;

const policy: PacingPolicy = {
  minGapMs: 1500, groupPerMinute: 20, groupsGapMs: 3000, quietHours: { start: 22 * 60, end: 8 * 60 }, dmDailyCap: 30, tz: 'Asia/Shanghai',
};
const chats: Destination[] = [
  ...Array.from({ length: GROUPS }, (_, i): Destination => ({ kind: 'group', group: { id: `g${i}@chatroom`, name: `幸福里${i}群` } })),
  ...Array.from({ length: DMS }, (_, i): Destination => ({ kind: 'dm', member: { id: `wxid_pending${i}`, name: `邻居${i}` } })),
];

function history(): OutboxItem[] {
  const items: OutboxItem[] = [];
  for (let i = 0; i < KEPT; i++) {
    const sentAt = NOW - 30 * DAY + Math.floor((i / KEPT) * 30 * DAY) + 60_000;
    const to: Destination = i % 4 === 0
      ? chats[i % GROUPS]!
      : { kind: 'dm', member: { id: `wxid_${i % 2000}`, name: `居民${i % 2000}` } };
    items.push({
      key: `old:${i}`, to, text: '今晚 8 点直播，记得来看～', mentions: [], purpose: i % 3 === 0 ? 'reply' : 'requested',
      createdAt: sentAt, notBefore: sentAt, state: 'sent', attempts: 1, sentAt,
    });
  }
  return items;
}

const nullChannel: Channel = { name: 'null', send: async (_m: OutboundMessage) => {} };

function setup(makeQueue: (s: Store) => PendingQueue, kept: OutboxItem[]) {
  const data = emptyState();
  data.outbox = kept.map((i) => ({ ...i }));
  const store = { data, changed() {}, flush: async () => {}, persistOnly() {} } as unknown as Store;
  const clock = new ManualClock(NOW);
  const outbox = new Outbox(store, clock, policy, silentLogger(), 5, makeQueue, memoryOutboxJournal());
  const sent: Array<[string, number]> = [];
  outbox.attach({ name: 'record', send: async (m) => void sent.push([m.key, clock.now()]) });
  for (let i = 0; i < PENDING; i++) {
    outbox.enqueue({ key: `new:${i}`, to: chats[i % chats.length]!, text: `第${i}条`, purpose: i % 7 === 0 ? 'reply' : 'requested', spread: i % 5 === 0 });
  }
  return { outbox, clock, sent, store };
}

interface Figures {
  sendMs: number;
  wakeCalls: number;
  wakeUs: number;
  sent: Array<[string, number]>;
}

async function measure(makeQueue: (s: Store) => PendingQueue, kept: OutboxItem[]): Promise<Figures> {
  const one = setup(makeQueue, kept);
  let t = performance.now();
  for (let i = 0; i < WAKE_CALLS; i++) one.outbox.nextWakeAt();
  const wakeUs = ((performance.now() - t) / WAKE_CALLS) * 1000;

  const run = setup(makeQueue, kept);
  let wakeCalls = 0;
  t = performance.now();
  await run.outbox.drain();
  for (let next = run.outbox.nextWakeAt(); next !== null; next = run.outbox.nextWakeAt()) {
    wakeCalls++;
    run.clock.set(Math.max(next, run.clock.now()));
    await run.outbox.drain();
  }
  const sendMs = performance.now() - t;
  if (run.sent.length !== PENDING) throw new Error(`sent ${run.sent.length} of ${PENDING}`);
  return { sendMs, wakeCalls: wakeCalls + 1, wakeUs, sent: run.sent };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const DISK_SENDS = 20;

interface DiskFigures {
  perSendMs: number;
  stateBytes: number;
  journalBytes: number;
  /** Opening the store and the outbox over what the sends left (a restart). */
  reopenMs: number;
}

/**
 * Sends DISK_SENDS messages through a Store on disk whose state.json holds the month of
 * history. `journal`: the outbox as it is now (the history moves to outbox.jsonl at start-up);
 * otherwise state.json keeps writing the whole outbox, as before.
 */
async function onDisk(kept: OutboxItem[], journal: boolean): Promise<DiskFigures & { migrateMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-outbox-'));
  try {
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ ...emptyState(), outbox: kept }));
    let t = performance.now();
    const store = await Store.open(dir, { flushMs: 60_000 });
    if (!journal) store.persistOnly = () => {};
    const clock = new ManualClock(NOW);
    const outbox = new Outbox(store, clock, policy, silentLogger(), 5);
    await store.flush();
    const migrateMs = performance.now() - t;
    // The outbox as it was: every send waited for a rewrite of state.json holding the whole outbox.
    outbox.attach(journal ? nullChannel : { name: 'rewrite-first', send: async () => { store.changed(); await store.flush(); } });
    for (let i = 0; i < DISK_SENDS; i++) outbox.enqueue({ key: `disk:${i}`, to: chats[i % chats.length]!, text: `第${i}条` });
    t = performance.now();
    const sent = await outbox.drain();
    const perSendMs = (performance.now() - t) / DISK_SENDS;
    if (sent !== DISK_SENDS) throw new Error(`sent ${sent} of ${DISK_SENDS}`);
    await store.close();
    t = performance.now();
    const again = await Store.open(dir);
    if (!journal) again.persistOnly = () => {};
    const reopened = new Outbox(again, new ManualClock(NOW + 60_000), policy, silentLogger(), 5);
    const reopenMs = performance.now() - t;
    if (reopened.enqueue({ key: 'disk:0', to: chats[0]!, text: '重复' })) throw new Error('a used key was accepted after the restart');
    await again.close();
    const size = (name: string) => { try { return statSync(join(dir, name)).size; } catch { return 0; } };
    return { perSendMs, stateBytes: size('state.json'), journalBytes: size('outbox.jsonl'), reopenMs, migrateMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The daily rewrite of outbox.jsonl that drops lines past the retention (here: a month's worth kept, one day dropped). */
async function compaction(kept: OutboxItem[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-outbox-'));
  try {
    const store = await Store.open(dir);
    const journal = outboxJournal(store, silentLogger());
    for (const item of kept) journal.append(item);
    const t = performance.now();
    journal.rewrite(kept.slice(KEPT / 30));
    const ms = performance.now() - t;
    await store.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kept = history();
  const indexed: Figures[] = [];
  const scan: Figures[] = [];
  const fresh: Figures[] = [];
  for (let r = 0; r < RUNS; r++) {
    fresh.push(await measure(() => new IndexedQueue(), []));
    indexed.push(await measure(() => new IndexedQueue(), kept));
    scan.push(await measure((s) => new ScanQueue(() => s.data.outbox), kept));
  }
  const same = JSON.stringify(indexed[0]!.sent) === JSON.stringify(scan[0]!.sent);
  const line = (name: string, f: Figures[]) =>
    `${name.padEnd(22)} send ${PENDING}: ${median(f.map((x) => x.sendMs)).toFixed(1).padStart(8)} ms` +
    ` (${f[0]!.wakeCalls} wake-ups)   nextWakeAt: ${median(f.map((x) => x.wakeUs)).toFixed(1).padStart(8)} µs`;
  const before = await onDisk(kept, false);
  const after = await onDisk(kept, true);
  const compactMs = await compaction(kept);
  const mb = (bytes: number) => (bytes < 1e5 ? `${(bytes / 1e3).toFixed(1)} KB` : `${(bytes / 1e6).toFixed(1)} MB`);

  console.log(`outbox: ${KEPT.toLocaleString('en')} kept finished + ${PENDING} pending across ${chats.length} chats (median of ${RUNS})`);
  console.log(line('indexed (bot)', indexed));
  console.log(line('indexed, no history', fresh));
  console.log(line('full scan (baseline)', scan));
  console.log(`speed-up: send ×${(median(scan.map((x) => x.sendMs)) / median(indexed.map((x) => x.sendMs))).toFixed(0)}, nextWakeAt ×${(median(scan.map((x) => x.wakeUs)) / median(indexed.map((x) => x.wakeUs))).toFixed(0)}`);
  console.log(`same sends, same order, same instants: ${same ? 'yes' : 'NO'}`);
  console.log(`on disk, ${DISK_SENDS} real sends (before: each rewrites state.json before it leaves; after: two journal lines):`);
  console.log(`  before (history in state.json)   state.json ${mb(before.stateBytes).padStart(8)}   per send ${before.perSendMs.toFixed(1).padStart(7)} ms   restart ${before.reopenMs.toFixed(0).padStart(5)} ms`);
  console.log(`  after  (history in outbox.jsonl) state.json ${mb(after.stateBytes).padStart(8)}   per send ${after.perSendMs.toFixed(1).padStart(7)} ms   restart ${after.reopenMs.toFixed(0).padStart(5)} ms   outbox.jsonl ${mb(after.journalBytes)}`);
  console.log(`  per send ×${(before.perSendMs / after.perSendMs).toFixed(0)} faster; once: moving an old state.json's history into outbox.jsonl ${after.migrateMs.toFixed(0)} ms; daily: dropping a day of old lines ${compactMs.toFixed(0)} ms`);
  if (!same) process.exitCode = 1;
}

await main();
