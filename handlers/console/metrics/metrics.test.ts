import { describe, expect, it } from 'vitest';
import { profilesFromScratch } from '../../profiles/from-scratch.ts';
import { defaultStageRules, STAGES, stageOf } from '../../profiles/index.ts';
import { computeMetrics } from './index.ts';
import { simulateShop, type SimTruth } from './sim-shop.ts';
import type { Metrics, MetricsInput } from './types.ts';

// Three months of a generated shop (./sim-shop.ts): purchases, refunds and cancels, referrals,
// streams and recall runs. Every figure is worked out here again from the generator's truth —
// what it decided happened, in plain records, not the log it wrote — with loops of its own and
// the calendar done by hand (Asia/Shanghai is UTC+8 all year), then compared exactly.
// Stages are the exception: they are the profiles feature's, so the expected counts come from its
// whole-log definition (profilesFromScratch), not from the reducer the module drives.

const DAY = 86_400_000;
const H8 = 8 * 3_600_000;
const START = Date.parse('2026-03-01T00:00:00+08:00');
const DAYS = 92;
const END = START + DAYS * DAY;

const shop = simulateShop({ start: START, days: DAYS, members: 100, seed: 20260301 });
const { truth } = shop;
const input: MetricsInput = { entries: shop.entries, recallRuns: truth.runs, tz: 'Asia/Shanghai', ownerIds: [truth.owner], streamTitles: truth.streamTitles };

// ---------------------------------------------------------------------------------------
// The calendar, by hand: a Shanghai wall-clock date is the UTC date of t + 8 h.

const wall = (t: number) => new Date(t + H8);
const monthOf = (t: number) => wall(t).toISOString().slice(0, 7);
const dayOf = (t: number) => wall(t).toISOString().slice(0, 10);
function mondayOf(t: number): number {
  const d = wall(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)) - H8;
}
function monthAfter(key: string, n = 1): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
function months(from: number, to: number): string[] {
  const out: string[] = [];
  for (let k = monthOf(from); k <= monthOf(to - 1); k = monthAfter(k)) out.push(k);
  return out;
}
function weeks(from: number, to: number): Array<{ key: string; start: number; end: number }> {
  const out = [];
  for (let s = mondayOf(from); s < to; s += 7 * DAY) out.push({ key: dayOf(s), start: s, end: s + 7 * DAY });
  return out;
}
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const roundedRatio = (a: number, b: number) => (b === 0 ? null : Math.round(a / b));

// ---------------------------------------------------------------------------------------
// The figures from the truth

interface Bought { member: string; at: number; fen: number; priced: boolean; products: string[]; stream?: number }

function expectedFrom(t: SimTruth, from: number, to: number) {
  const owner = t.owner;
  // Orders as they stand: lines cancelled or refunded to nothing are gone; an order with no line left is none.
  const orders: Bought[] = [];
  for (const o of t.orders) {
    const kept = o.lines.filter((l) => !l.gone);
    if (kept.length === 0) continue;
    const products: string[] = [];
    for (const l of kept) for (const p of l.products) if (!products.includes(p)) products.push(p);
    orders.push({ member: o.member, at: o.placedAt, fen: kept.reduce((s, l) => s + l.finalFen, 0), priced: kept.some((l) => l.fen !== null), products, ...(o.stream ? { stream: o.stream } : {}) });
  }
  const firstSeen = new Map<string, number>();
  for (const s of t.seen) if (s.member !== owner && !(s.at >= (firstSeen.get(s.member) ?? Infinity))) firstSeen.set(s.member, s.at);
  const firstJoin = new Map<string, { at: number; inviter?: string }>();
  for (const j of t.joins) if (j.member !== owner && !(j.at >= (firstJoin.get(j.member)?.at ?? Infinity))) firstJoin.set(j.member, j);
  const invited = (id: string) => {
    const j = firstJoin.get(id);
    return j?.inviter !== undefined && j.inviter !== id && j.inviter !== owner;
  };
  const activityOf = new Map<string, Array<{ at: number; kind: string }>>();
  for (const a of t.activity) {
    if (!activityOf.has(a.member)) activityOf.set(a.member, []);
    activityOf.get(a.member)!.push(a);
  }
  const activeIn = (id: string, lo: number, hi: number) => (activityOf.get(id) ?? []).some((a) => a.at >= lo && a.at < hi);
  const known = [...firstSeen].filter(([, at]) => at < to).map(([id]) => id);

  // Summary
  const inRange = orders.filter((o) => o.at >= from && o.at < to);
  const sales = inRange.reduce((s, o) => s + o.fen, 0);
  const summary: Metrics['summary'] = {
    members: known.length,
    newMembers: [...firstJoin].filter(([, j]) => j.at >= from && j.at < to).length,
    buyers: new Set(inRange.map((o) => o.member)).size,
    orders: inRange.length,
    salesFen: sales,
    avgOrderFen: roundedRatio(sales, inRange.filter((o) => o.priced).length),
    silentShare: ratio(known.filter((id) => !activeIn(id, to - 30 * DAY, to)).length, known.length),
  };

  // 月复购率
  const repurchase = months(from, to).map((month) => {
    const last = new Set(orders.filter((o) => monthOf(o.at) === monthAfter(month, -1)).map((o) => o.member));
    const again = new Set(orders.filter((o) => monthOf(o.at) === month && o.at < to && last.has(o.member)).map((o) => o.member));
    return { month, buyers: last.size, repeat: again.size, rate: ratio(again.size, last.size) };
  });

  // Referral share
  const referral = months(from, to).map((month) => {
    const joined = [...firstJoin].filter(([, j]) => monthOf(j.at) === month && j.at < to).map(([id]) => id);
    const inv = joined.filter(invited).length;
    return { month, newMembers: joined.length, invited: inv, share: ratio(inv, joined.length) };
  });

  // LTV
  const spend = new Map<string, number>();
  for (const o of orders) if (o.at < to) spend.set(o.member, (spend.get(o.member) ?? 0) + o.fen);
  const total = [...spend.values()].reduce((a, b) => a + b, 0);
  const cohorts = months(from, to).map((month) => {
    const ids = known.filter((id) => {
      const j = firstJoin.get(id);
      return monthOf(j && j.at < to ? j.at : firstSeen.get(id)!) === month;
    });
    const s = ids.reduce((a, id) => a + (spend.get(id) ?? 0), 0);
    return { month, members: ids.length, spendFen: s, perMemberFen: roundedRatio(s, ids.length) };
  });
  const ltv = { perBuyerFen: roundedRatio(total, spend.size), perMemberFen: roundedRatio(total, known.length), cohorts };

  // Follow-on, product by product.
  const products = [...new Set(orders.flatMap((o) => o.products))];
  const pairs: Metrics['followOn'] = [];
  for (const x of products) {
    let buyers = 0;
    const again = new Map<string, number>();
    for (const member of new Set(orders.map((o) => o.member))) {
      const mine = orders.filter((o) => o.member === member);
      const firstX = Math.min(...mine.filter((o) => o.at >= from && o.products.includes(x)).map((o) => o.at));
      if (!Number.isFinite(firstX) || firstX + 30 * DAY > to) continue;
      buyers++;
      const then = new Set(mine.filter((o) => o.at > firstX && o.at <= firstX + 30 * DAY).flatMap((o) => o.products));
      for (const y of then) again.set(y, (again.get(y) ?? 0) + 1);
    }
    for (const [y, k] of again) pairs.push({ product: x, then: y, days: 30, buyers, again: k, rate: k / buyers });
  }
  pairs.sort((a, b) => (a.again !== b.again ? b.again - a.again : a.rate !== b.rate ? b.rate! - a.rate! : a.product !== b.product ? (a.product < b.product ? -1 : 1) : a.then < b.then ? -1 : 1));
  const followOn = pairs.slice(0, 20);

  // Streams: listed when anything of theirs (reservation, reminder, their 接龙's close) is in… their span overlaps the range.
  const streamNos = [...new Set([...t.reservations.map((r) => r.stream), ...t.reminders.map((r) => r.stream), ...t.closes.flatMap((c) => (c.stream ? [c.stream] : []))])].sort((a, b) => a - b);
  const streams = streamNos.flatMap((no) => {
    const times = [...t.reservations.filter((r) => r.stream === no), ...t.reminders.filter((r) => r.stream === no), ...t.closes.filter((c) => c.stream === no)].map((x) => x.at);
    if (!(Math.min(...times) < to && Math.max(...times) >= from)) return [];
    const reservers = new Set(t.reservations.filter((r) => r.stream === no && r.member !== owner).map((r) => r.member));
    const reminded = [...reservers].filter((id) => t.reminders.some((r) => r.stream === no && r.member === id)).length;
    const ordered = [...reservers].filter((id) => orders.some((o) => o.stream === no && o.member === id)).length;
    return [{ stream: no, title: t.streamTitles[no] ?? t.closedTitles[no] ?? `直播 #${no}`, reservations: reservers.size, reminded, ordered, conversion: ratio(ordered, reservers.size) }];
  });

  // Retention by arrival
  const arrivalOf = (id: string): 'invited' | 'stream' | 'other' => {
    if (invited(id)) return 'invited';
    const j = firstJoin.get(id)!.at;
    const after = (activityOf.get(id) ?? []).filter((a) => a.at >= j);
    if (after.length === 0) return 'other';
    const first = Math.min(...after.map((a) => a.at));
    return first < j + 7 * DAY && after.some((a) => a.at === first && a.kind === 'reserve') ? 'stream' : 'other';
  };
  const retention = (['invited', 'stream', 'other'] as const).map((arrival) => {
    const joined = [...firstJoin].filter(([id, j]) => j.at >= from && j.at < to && arrivalOf(id) === arrival);
    const m7 = joined.filter(([, j]) => j.at + 14 * DAY <= to);
    const m30 = joined.filter(([, j]) => j.at + 60 * DAY <= to);
    const d7 = m7.filter(([id, j]) => activeIn(id, j.at + 7 * DAY, j.at + 14 * DAY)).length;
    const d30 = m30.filter(([id, j]) => activeIn(id, j.at + 30 * DAY, j.at + 60 * DAY)).length;
    return { arrival, members: joined.length, measured7: m7.length, measured30: m30.length, d7, d30, rate7: ratio(d7, m7.length), rate30: ratio(d30, m30.length) };
  });

  // Weekly
  const weekly = weeks(from, to).map((w) => {
    const these = orders.filter((o) => o.at >= w.start && o.at < Math.min(w.end, to));
    return { week: w.key, salesFen: these.reduce((s, o) => s + o.fen, 0), orders: these.length, buyers: new Set(these.map((o) => o.member)).size };
  });

  // Recall: (at, at + 7 d]
  const tally = { contacted: { members: 0, cameBack: 0, ordered: 0 }, control: { members: 0, cameBack: 0, ordered: 0 } };
  const runs = t.runs.filter((r) => r.at >= from && r.at < to);
  for (const run of runs) {
    const inWindow = (at: number) => at > run.at && at <= run.at + run.windowDays * DAY;
    for (const side of ['contacted', 'control'] as const) {
      for (const id of run[side]) {
        tally[side].members++;
        if (t.activity.some((a) => a.member === id && inWindow(a.at))) tally[side].cameBack++;
        if (t.signups.some((s) => s.member === id && inWindow(s.at)) || orders.some((o) => o.member === id && inWindow(o.at))) tally[side].ordered++;
      }
    }
  }
  return { summary, repurchase, referral, ltv, followOn, streams, retention, weekly, tally, runs: runs.length };
}

/** p1 − p2 and its 95% Wald interval, written out. */
function wald(x1: number, n1: number, x2: number, n2: number) {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const half = 1.959963984540054 * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
  return { contacted: p1, control: p2, diff: p1 - p2, low: p1 - p2 - half, high: p1 - p2 + half };
}

function expectedStages(from: number, to: number) {
  const none = { nameOf: () => undefined, categoryOf: () => undefined };
  return weeks(from, to).map((w) => {
    const at = Math.min(w.end, to);
    const profiles = profilesFromScratch(shop.entries.filter((e) => (e['at'] as number) < at), none);
    const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<string, number>;
    for (const p of Object.values(profiles.members)) if (p.id !== truth.owner) counts[stageOf(p, at, defaultStageRules)]!++;
    return { week: w.key, counts };
  });
}

function checkAll(from: number, to: number) {
  const m = computeMetrics(input, { from, to });
  const e = expectedFrom(truth, from, to);
  expect(m.range).toEqual({ from: dayOf(from), to: dayOf(to - 1) });
  expect(m.summary).toEqual(e.summary);
  expect(m.repurchase).toEqual(e.repurchase);
  expect(m.referral).toEqual(e.referral);
  expect(m.ltv).toEqual(e.ltv);
  expect(m.followOn).toEqual(e.followOn);
  expect(m.streams).toEqual(e.streams);
  expect(m.retention).toEqual(e.retention);
  expect(m.weekly).toEqual(e.weekly);
  expect(m.stages).toEqual(expectedStages(from, to));
  expect(m.recall.runs).toBe(e.runs);
  expect(m.recall.contacted).toEqual(e.tally.contacted);
  expect(m.recall.control).toEqual(e.tally.control);
  const c = e.tally.contacted;
  const k = e.tally.control;
  for (const [got, want] of [[m.recall.comeback, wald(c.cameBack, c.members, k.cameBack, k.members)], [m.recall.order, wald(c.ordered, c.members, k.ordered, k.members)]] as const) {
    expect(got.contacted).toBe(want.contacted);
    expect(got.control).toBe(want.control);
    for (const key of ['diff', 'low', 'high'] as const) expect(got[key]).toBeCloseTo(want[key], 12);
  }
  return m;
}

describe('metrics over three generated months', () => {
  it('has every case the metrics distinguish (else the comparison below proves little)', () => {
    const lines = truth.orders.flatMap((o) => o.lines);
    expect(truth.orders.length).toBeGreaterThan(200);
    expect(lines.filter((l) => l.gone).length).toBeGreaterThan(5);
    expect(lines.filter((l) => !l.gone && l.fen !== null && l.finalFen < l.fen).length).toBeGreaterThan(3);
    expect(lines.filter((l) => l.fen === null).length).toBeGreaterThan(0);
    expect(truth.orders.filter((o) => o.lines.length > 1).length).toBeGreaterThan(3);
    expect(truth.orders.filter((o) => monthOf(o.placedAt) !== monthOf(o.closedAt)).length).toBeGreaterThan(0);
    const joins = new Map<string, number>();
    for (const j of truth.joins) joins.set(j.member, (joins.get(j.member) ?? 0) + 1);
    expect([...joins.values()].some((n) => n > 1)).toBe(true);
    expect(truth.joins.some((j) => j.inviter === truth.owner)).toBe(true);
    expect(truth.joins.some((j) => j.inviter === j.member)).toBe(true);
    expect(truth.joins.filter((j) => j.inviter && j.inviter !== truth.owner && j.inviter !== j.member).length).toBeGreaterThan(10);
    expect(truth.runs.length).toBeGreaterThan(8);
    expect(truth.runs.filter((r) => r.contacted.length > 0 && r.control.length > 0).length).toBeGreaterThan(5);
    expect(Object.keys(truth.closedTitles).length).toBeGreaterThan(3);
    const m = computeMetrics(input, { from: START, to: END });
    expect(m.retention.find((r) => r.arrival === 'stream')!.members).toBeGreaterThan(2);
    expect(m.streams.some((s) => s.reminded < s.reservations)).toBe(true);
    expect(m.streams.some((s) => s.title.startsWith('直播 #'))).toBe(true);
    expect(m.recall.comeback.diff).not.toBeNull();
    expect(m.followOn.some((f) => f.product === f.then)).toBe(true);
  });

  it('agrees with the figures worked out from what happened, over the three months', () => {
    const m = checkAll(START, END);
    expect(m.repurchase.map((r) => r.month)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(m.stages).toHaveLength(14);
  });

  it('agrees over a range that starts and ends inside months and weeks', () => {
    const m = checkAll(Date.parse('2026-04-10T00:00:00+08:00'), Date.parse('2026-05-20T00:00:00+08:00'));
    expect(m.range).toEqual({ from: '2026-04-10', to: '2026-05-19' });
    expect(m.repurchase.map((r) => r.month)).toEqual(['2026-04', '2026-05']);
  });

  it('agrees over a single month, and one week', () => {
    checkAll(Date.parse('2026-05-01T00:00:00+08:00'), Date.parse('2026-06-01T00:00:00+08:00'));
    checkAll(Date.parse('2026-04-13T00:00:00+08:00'), Date.parse('2026-04-20T00:00:00+08:00'));
  });
});
