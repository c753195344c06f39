// Points benchmark: is the honest ledger cheap in a 500-person group after a year?
// A benchmark, not a test: it prints figures beside a baseline measured in the same run.
//
//   npm run bench:points            (= tsx bench/points.ts)
//
// The year: 500 members, 300 check-ins and 150 shares a day, a 接龙 close a week, for 365
// days (≈ 170,000 ledger entries). Figures:
//   - the morning rush (500 check-ins in ten minutes) through router + handlers + store,
//     beside the same number of ordinary chat messages (the baseline: what every message costs);
//   - 我的积分 and 积分排行 on the year's ledger;
//   - start-up (reading points.jsonl, indexing it, checking every balance) beside an empty ledger;
//   - state.json size and rewrite time with the ledger in its own journal, beside the naive
//     design that keeps the ledger inside state.json (the baseline: rewritten whole every flush).

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLinli } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import type { GroupRef, MemberRef, TextEvent } from '../bot/types.ts';
import { Ledger, memoryJournal } from '../handlers/points/ledger.ts';
import { emptyPoints, type LedgerEntry, type PointsState } from '../handlers/points/state.ts';
import { dayKey, ManualClock, DAY_MS, HOUR_MS } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';

const MEMBERS = 500;
const DAYS = 365;
const CHECKINS_PER_DAY = 300;
const SHARES_PER_DAY = 150;
const TZ = 'Asia/Shanghai';
const YEAR_START = Date.parse('2025-11-24T00:00:00+08:00');
const RUSH_AT = Date.parse('2026-11-23T07:30:00+08:00');

const group: GroupRef = { id: 'bench@chatroom', name: '幸福里1群' };
const members: MemberRef[] = Array.from({ length: MEMBERS }, (_, i) => ({ id: `wxid_${i}`, name: `邻居${i}` }));

interface Year {
  points: PointsState;
  entries: LedgerEntry[];
}

function yearOfPoints(): Year {
  const points = emptyPoints();
  const entries: LedgerEntry[] = [];
  const ledger = new Ledger(points, memoryJournal(entries));
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    const at = YEAR_START + d * DAY_MS + 8 * HOUR_MS;
    const day = dayKey(at, TZ);
    for (let i = 0; i < CHECKINS_PER_DAY; i++) {
      const m = members[(d * 7 + i) % MEMBERS]!.id;
      ledger.post({ key: `checkin:${m}:${day}`, member: m, amount: 5, kind: 'checkin', reason: '签到', source: `e${n++}`, at: at + i * 1000 });
    }
    for (let i = 0; i < SHARES_PER_DAY; i++) {
      const m = members[(d * 13 + i) % MEMBERS]!.id;
      ledger.post({ key: `share:${m}:https://example.com/${d}/${i}`, member: m, amount: 2, kind: 'share', reason: '分享「今晚直播」', source: `e${n++}`, at: at + HOUR_MS + i * 1000 });
    }
    if (d % 7 === 6) {
      for (let i = 0; i < 120; i++) {
        const m = members[(d + i * 3) % MEMBERS]!.id;
        ledger.post({ key: `purchase:jl-${d}:${i}`, member: m, amount: 20 + (i % 60), kind: 'purchase', reason: '接龙「周六团购」¥39.8', source: `c${d}`, at: at + 12 * HOUR_MS });
      }
    }
  }
  return { points, entries };
}

const emptyYear = (): Year => ({ points: emptyPoints(), entries: [] });

function text(from: MemberRef, body: string, at: number, i: number): TextEvent {
  return { kind: 'text', id: `rush-${body}-${i}`, at, group, from, text: body, mentionsBot: false, mentions: [] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function bot(year: Year) {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-points-'));
  if (year.entries.length) writeFileSync(join(dir, 'points.jsonl'), year.entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const store = await Store.open(dir, { flushMs: 500 });
  store.data.points = structuredClone(year.points);
  for (const m of members) store.data.members[m.id] = { id: m.id, name: m.name, aliases: {}, groups: [group.id], groupsEver: [group.id], firstSeenAt: YEAR_START, lastSeenAt: YEAR_START };
  store.changed();
  const clock = new ManualClock(RUSH_AT);
  const started = performance.now();
  const linli = await createLinli({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', OWNER_IDS: 'wxid_owner' }), clock, log: silentLogger(), store });
  const startupMs = performance.now() - started;
  linli.attach({ name: 'null', send: async () => {} });
  return { linli, clock, store, dir, startupMs };
}

/** 500 messages over ten minutes; returns per-message handling times (ms), sorted. */
async function rush(body: string, year: Year): Promise<{ times: number[]; total: number; startupMs: number }> {
  const { linli, clock, dir, startupMs } = await bot(year);
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < MEMBERS; i++) {
    const at = RUSH_AT + i * 1200;
    clock.set(at);
    const s = performance.now();
    await linli.handle(text(members[i]!, body, at, i));
    times.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  await linli.engine.advanceTo(clock.now() + 2 * 60_000, clock);
  await linli.close();
  rmSync(dir, { recursive: true, force: true });
  return { times: times.sort((a, b) => a - b), total, startupMs };
}

async function queries(year: Year): Promise<{ mine: number; ranking: number }> {
  const { linli, clock, dir } = await bot(year);
  const time = async (body: string, n: number) => {
    const s = performance.now();
    for (let i = 0; i < n; i++) await linli.handle(text(members[i % MEMBERS]!, body, clock.now(), i));
    return (performance.now() - s) / n;
  };
  const mine = await time('我的积分', 200);
  const ranking = await time('积分排行', 200);
  await linli.close();
  rmSync(dir, { recursive: true, force: true });
  return { mine, ranking };
}

/** state.json rewrite cost with the points collection as given (plus, for the baseline, the ledger in it). */
async function writeCost(points: object): Promise<{ bytes: number; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-points-'));
  const store = await Store.open(dir, { flushMs: 60_000 });
  (store.data as unknown as { points: object }).points = points;
  const runs = 5;
  let ms = 0;
  for (let i = 0; i < runs; i++) {
    store.changed();
    const s = performance.now();
    await store.flush();
    ms += performance.now() - s;
  }
  const bytes = statSync(join(dir, 'state.json')).size;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { bytes, ms: ms / runs };
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function main(): Promise<void> {
  const buildStart = performance.now();
  const year = yearOfPoints();
  const entries = year.entries.length;
  console.log(`synthetic year: ${entries.toLocaleString('en')} ledger entries for ${MEMBERS} members (built in ${fmt((performance.now() - buildStart) / 1000, 1)} s)\n`);

  const chat = await rush('早上好', year);
  const checkins = await rush('签到', year);
  const checkinsEmpty = await rush('签到', emptyYear());
  console.log('morning rush, 500 messages in ten minutes (router + handlers + store + behaviour log):');
  console.log('                                 per message p50    p99      messages/s');
  const row = (label: string, r: { times: number[]; total: number }) =>
    console.log(`  ${label.padEnd(31)}${fmt(percentile(r.times, 50), 3).padStart(8)} ms ${fmt(percentile(r.times, 99), 3).padStart(7)} ms ${fmt(MEMBERS / (r.total / 1000), 0).padStart(10)}`);
  row('baseline: chat, year ledger', chat);
  row('签到, year ledger', checkins);
  row('签到, empty ledger', checkinsEmpty);

  const q = await queries(year);
  console.log(`\nqueries on the year ledger: 我的积分 ${fmt(q.mine, 3)} ms, 积分排行 ${fmt(q.ranking, 3)} ms per request`);

  console.log(`\nstart-up (createLinli: read points.jsonl, index it, check every balance): year ${fmt(chat.startupMs, 1)} ms, empty ${fmt(checkinsEmpty.startupMs, 1)} ms`);
  const journalWrite = await writeCost(year.points);
  const naiveWrite = await writeCost({ ...year.points, ledger: year.entries });
  console.log('state.json rewrite (coalesced, at most once per STORE_FLUSH_MS), after the year:');
  console.log(`  ledger in points.jsonl (this design): ${fmt(journalWrite.bytes / 1e3, 1)} kB in ${fmt(journalWrite.ms, 1)} ms`);
  console.log(`  baseline, ledger inside state.json:   ${fmt(naiveWrite.bytes / 1e6, 1)} MB in ${fmt(naiveWrite.ms, 1)} ms`);
}

await main();
