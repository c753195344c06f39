// Recall benchmark: 100,000 members and 2,000,000 behaviour events. Build the profiles
// incrementally (each event through the reducer once, as the live log subscriber does) and
// plan a recall run; beside it the naive baseline: rebuild every profile from the whole log
// (JSON lines parsed again) when a run is planned. Prints time and peak heap.
//
//   npm run bench:recall   (= node --expose-gc --import tsx bench/recall.ts)

import { performance } from 'node:perf_hooks';
import { applyEntry, type CatalogLookup } from '../handlers/profiles/reduce.ts';
import { defaultStageRules } from '../handlers/profiles/stage.ts';
import { emptyProfiles } from '../handlers/profiles/types.ts';
import { selectRecall } from '../handlers/recall/select.ts';

const MEMBERS = 100_000;
const EVENTS = 2_000_000;
const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-21T10:30:00+08:00');
const START = NOW - 180 * DAY;
const catalog: CatalogLookup = { categoryOf: (id) => `cat${id.length % 5}`, nameOf: (id) => `商品${id}` };
const group = { id: 'g1', name: '幸福里1群' };

let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

function makeEvents(): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (let i = 0; i < MEMBERS; i++) events.push({ kind: 'join', id: `j${i}`, at: START, group, member: { id: `m${i}`, name: `成员${i}` } });
  for (let i = events.length; i < EVENTS; i++) {
    const at = START + Math.floor((i / EVENTS) * 180 * DAY);
    // Habits: a fifth of members do most of the talking; some go quiet for good.
    const m = rand() < 0.7 ? Math.floor(rand() * MEMBERS * 0.2) : Math.floor(rand() * MEMBERS);
    const who = { id: `m${m}`, name: `成员${m}` };
    const r = rand();
    if (r < 0.6) events.push({ kind: 'text', id: `t${i}`, at, group, from: who, text: '好' });
    else if (r < 0.8) events.push({ kind: 'points', id: `p${i}`, at, member: who, movement: 'checkin', amount: 5 });
    else if (r < 0.95) events.push({ kind: 'jielong', change: 'signup', id: `s${i}`, at, jielong: `jl${Math.floor(at / (3 * DAY))}`, group, member: who, amount: 30 + (i % 50), items: [{ product: 'x', productId: `p${i % 40}`, qty: 1 }] });
    else events.push({ kind: 'question', id: `q${i}`, at, member: who, productIds: [`p${i % 40}`], categories: [`cat${i % 5}`] });
  }
  return events;
}

const plan = (state: ReturnType<typeof emptyProfiles>) =>
  selectRecall(state, NOW, defaultStageRules, { runId: '2026-11-21', cooldownDays: 7, holdoutPercent: 10, max: 10, isOwner: () => false });

function heapMb(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const gc = (globalThis as { gc?: () => void }).gc;
const events = makeEvents();
gc?.();
const base = heapMb();

let t = performance.now();
const state = emptyProfiles();
for (const e of events) applyEntry(state, e, catalog);
const build = performance.now() - t;
t = performance.now();
const sel = plan(state);
const planMs = performance.now() - t;
const incrementalPeak = heapMb();
const rss = process.memoryUsage().rss / 2 ** 20;

// Baseline: the log as it sits on disk, parsed and reduced from scratch for one run.
const lines = events.map((e) => JSON.stringify(e));
gc?.();
t = performance.now();
const fresh = emptyProfiles();
for (const line of lines) applyEntry(fresh, JSON.parse(line) as Record<string, unknown>, catalog);
plan(fresh);
const naive = performance.now() - t;

console.log(`recall bench: ${MEMBERS.toLocaleString()} members, ${EVENTS.toLocaleString()} events`);
console.log(`  build profiles (all events, once):   ${build.toFixed(0)} ms  (target < 2000 ms with the plan)`);
console.log(`  plan a run:                          ${planMs.toFixed(0)} ms  → ${sel.contacted.length} contacted, ${sel.control.length} control, ${sel.deferred} deferred`);
console.log(`  build + plan:                        ${(build + planMs).toFixed(0)} ms`);
console.log(`  per run once live (plan only):       ${planMs.toFixed(0)} ms`);
console.log(`  baseline: rebuild from the log + plan ${naive.toFixed(0)} ms (every run)`);
console.log(`  heap over the generated events: ${(incrementalPeak - base).toFixed(0)} MB; process RSS ${rss.toFixed(0)} MB (target < 600 MB)`);
