import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';
import { dmValue } from '../recall/places.ts';
import { selectRecall } from '../recall/select.ts';
import { nobodyText, whyChosen } from '../recall/why.ts';
import { profileCard } from './card.ts';
import { columnsFor } from './columns.ts';
import { profilesFromScratch } from './from-scratch.ts';
import { FOLD_HORIZON_DAYS, foldCutoff, foldHorizonDays, foldProfiles } from './past.ts';
import { applyEntry, type CatalogLookup } from './reduce.ts';
import { takeSnapshot } from './snapshot.ts';
import {
  boughtCounts, defaultStageRules, earlyStage, favouriteCategories, orderStats, rfm, spendOf, stageOf, tagsOf, type StageRules,
} from './stage.ts';
import { emptyProfiles, type Profile, type ProfilesState } from './types.ts';

// Orders older than the horizon fold into each profile's `past` (past.ts). Every reader must
// answer exactly as with every order kept: random order histories over two years, read at
// random instants by every reader, folded and not folded side by side; and the folded
// profiles are what the from-scratch rebuild makes with the same folding.

const catalog: CatalogLookup = {
  categoryOf: (id) => ({ p1: '粮油', p2: '蛋禽', p3: '粮油', p4: '水果' } as Record<string, string>)[id],
  nameOf: (id) => ({ p1: '亚麻籽油', p2: '土鸡蛋', p3: '东北大米' } as Record<string, string>)[id],
};

const DAY0 = Date.parse('2025-01-01T00:00:00+08:00');
const SPAN_DAYS = 730;
const MEMBERS = ['a', 'b', 'c', 'd', 'e'] as const;
const OWNER = 'e';
const person = (id: string) => ({ id, name: `成员${id}` });

const arbMember = fc.constantFrom(...MEMBERS);
// Fen amounts as the bot has them, and any double: spend must come out bit for bit the same.
const arbAmount = fc.oneof(fc.integer({ min: 0, max: 30_000 }).map((f) => f / 100), fc.double({ min: 0, max: 500, noNaN: true }));
const arbItems = fc.array(
  fc.record({ productId: fc.constantFrom('p1', 'p2', 'p3', 'p4', undefined), product: fc.constantFrom('亚麻籽油', '散装花生', '土鸡蛋'), qty: fc.constant(1) }),
  { maxLength: 3 },
);

interface Line { member: string; after: number; amount: number; items: unknown[]; then: 'keep' | 'edit' | 'cancel' | 'cancel-again'; edited: number }
interface Jielong { day: number; minute: number; lasts: number | null; lines: Line[]; fixed: { member: string; amount: number; items: unknown[] } | null }

const arbJielong: fc.Arbitrary<Jielong> = fc.record({
  day: fc.integer({ min: 0, max: SPAN_DAYS - 1 }),
  minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  // Minutes until it closes (within days, as 接龙 do), or never closed.
  lasts: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 5 * 24 * 60 }), weight: 9 }, { arbitrary: fc.constant(null), weight: 1 }),
  lines: fc.array(fc.record({
    member: arbMember, after: fc.double({ min: 0, max: 0.5, noNaN: true }), amount: arbAmount, items: arbItems,
    then: fc.constantFrom<Line['then']>('keep', 'keep', 'keep', 'edit', 'cancel', 'cancel-again'), edited: arbAmount,
  }), { maxLength: 4 }),
  // A line the owner added or fixed at the close.
  fixed: fc.option(fc.record({ member: arbMember, amount: arbAmount, items: arbItems }), { nil: null, freq: 4 }),
});

const arbOther = fc.record({
  kind: fc.constantFrom('text', 'checkin', 'question', 'join', 'share'),
  member: arbMember, inviter: fc.option(arbMember, { nil: undefined }),
  hour: fc.integer({ min: 0, max: SPAN_DAYS * 24 }),
  productIds: fc.array(fc.constantFrom('p1', 'p2', 'p4'), { maxLength: 2 }),
});

type Entry = Record<string, unknown>;
type Other = typeof arbOther extends fc.Arbitrary<infer T> ? T : never;

/** The behaviour log of these 接龙 and other events, in time order (as the bot writes it). */
function logOf(jielongs: Jielong[], others: Other[]): Entry[] {
  const log: Array<{ at: number; seq: number; entry: Entry }> = [];
  let seq = 0;
  const push = (at: number, entry: Entry) => log.push({ at, seq: seq++, entry: { ...entry, at } });
  jielongs.forEach((j, k) => {
    const id = `jl-${k + 1}`;
    const open = DAY0 + j.day * DAY_MS + j.minute * 60_000;
    const span = (j.lasts ?? 10 * 24 * 60) * 60_000;
    const final = new Map<string, { amount: number; items: unknown[] }>();
    for (const line of j.lines) {
      const at = open + Math.floor(line.after * span);
      const order = (change: string, amount: number, t: number) => push(t, { kind: 'jielong', change, jielong: id, member: person(line.member), amount, items: line.items });
      order('signup', line.amount, at);
      final.set(line.member, { amount: line.amount, items: line.items });
      const later = at + Math.floor(span * 0.2);
      if (line.then === 'edit') {
        order('edit', line.edited, later);
        final.set(line.member, { amount: line.edited, items: line.items });
      } else if (line.then === 'cancel' || line.then === 'cancel-again') {
        order('cancel', 0, later);
        final.delete(line.member);
        if (line.then === 'cancel-again') {
          order('signup', line.edited, later + Math.floor(span * 0.1));
          final.set(line.member, { amount: line.edited, items: line.items });
        }
      }
    }
    if (j.lasts === null) return;
    if (j.fixed) final.set(j.fixed.member, { amount: j.fixed.amount, items: j.fixed.items });
    push(open + span, {
      kind: 'jielong-closed', jielong: id, title: id,
      orders: [...final].map(([m, o], i) => ({ lineId: i + 1, member: person(m), amount: o.amount, items: o.items })),
    });
  });
  for (const o of others) {
    const at = DAY0 + o.hour * HOUR_MS + 17_000;
    if (o.kind === 'text' || o.kind === 'share') push(at, { kind: o.kind, from: person(o.member) });
    else if (o.kind === 'checkin') push(at, { kind: 'points', movement: 'checkin', member: person(o.member) });
    else if (o.kind === 'question') push(at, { kind: 'question', member: person(o.member), productIds: o.productIds, categories: o.productIds.map((p) => catalog.categoryOf(p)).filter(Boolean) });
    else push(at, { kind: 'join', member: person(o.member), ...(o.inviter ? { inviter: person(o.inviter) } : {}) });
  }
  return log.sort((x, y) => x.at - y.at || x.seq - y.seq).map((x) => x.entry);
}

const arbRules: fc.Arbitrary<StageRules> = fc.record({
  windowDays: fc.constantFrom(30, 90, 200, 400),
  lapsedDays: fc.constantFrom(30, 60, 250),
  loyalOrders: fc.constantFrom(1, 3),
  silentDays: fc.constantFrom(14, 45),
}).map((r) => ({ ...defaultStageRules, ...r }));

const TZ = 'Asia/Shanghai';
const json = (v: unknown) => JSON.parse(JSON.stringify(v));

/** Everything every reader says of the members at `now`. */
function readings(state: ProfilesState, now: number, rules: StageRules) {
  const per: Record<string, unknown> = {};
  for (const id of MEMBERS) {
    const p: Profile | undefined = state.members[id];
    if (!p) continue;
    const bought = boughtCounts(p);
    per[id] = {
      stage: stageOf(p, now, rules), early: earlyStage(p, now, rules), rfm: rfm(p, now, rules), stats: orderStats(p, now),
      spend: spendOf(p), bought: { products: { ...bought.products }, categories: { ...bought.categories } },
      favourites: favouriteCategories(p, 3), tags: tagsOf(p, catalog.nameOf),
      card: profileCard(p, now, rules, { tz: TZ, nameOfMember: (m) => `成员${m}`, nameOfProduct: catalog.nameOf, streak: 0 }),
      why: [whyChosen(p, '流失风险', now, catalog.nameOf), whyChosen(p, '沉默', now, catalog.nameOf)],
      dm: dmValue({ profiles: state } as Parameters<typeof dmValue>[0], id),
      lastOrderAt: p.lastOrderAt, firstOrderAt: p.firstOrderAt,
    };
  }
  const picks = (list: Array<{ profile: Profile; stage: string }>) => list.map((x) => `${x.profile.id}:${x.stage}`);
  const selection = selectRecall(state, now, rules, { runId: 'r', cooldownDays: 14, holdoutPercent: 25, max: 2, isOwner: (m) => m === OWNER, inShopGroup: () => true });
  return {
    per,
    recall: { contacted: picks(selection.contacted), control: picks(selection.control), deferred: selection.deferred },
    nobody: nobodyText(state, now, { rules, cooldownDays: 14, tz: TZ, isOwner: (m) => m === OWNER, inShopGroup: () => true, nameOf: (m) => `成员${m}` }),
    snapshot: takeSnapshot(state, now, rules),
  };
}

const seen = { folded: 0, pastProfiles: 0, cancelledBeforeFold: 0, reads: 0 };

describe('profile order history folded past the horizon', () => {
  it('the horizon outlasts every window the rules can set', () => {
    expect(foldHorizonDays(defaultStageRules)).toBe(FOLD_HORIZON_DAYS);
    expect(FOLD_HORIZON_DAYS).toBeGreaterThan(Math.max(defaultStageRules.windowDays, 90, 30, defaultStageRules.lapsedDays, ...defaultStageRules.recencyDays));
    expect(foldHorizonDays({ ...defaultStageRules, windowDays: 400 })).toBeGreaterThan(400);
    expect(foldHorizonDays({ ...defaultStageRules, recencyDays: [7, 14, 30, 365] })).toBeGreaterThan(365);
  });

  it('every reader answers the same, folded or not, at random instants over two years (restarts included)', () => {
    fc.assert(fc.property(
      fc.array(arbJielong, { maxLength: 40 }), fc.array(arbOther, { maxLength: 40 }), arbRules,
      fc.array(fc.record({ hour: fc.integer({ min: 0, max: (SPAN_DAYS + 60) * 24 }), later: fc.integer({ min: 0, max: 120 }), restart: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      (jielongs, others, rules, instants) => {
        const log = logOf(jielongs, others);
        const checks = [...instants].sort((x, y) => x.hour - y.hour);
        const kept = emptyProfiles();
        let folded = emptyProfiles();
        const closed = new Set<string>();
        let cutoff = -Infinity;
        let i = 0;
        for (const check of checks) {
          const now = DAY0 + check.hour * HOUR_MS;
          for (; i < log.length && (log[i]!['at'] as number) <= now; i++) {
            const entry = log[i]!;
            applyEntry(kept, entry, catalog);
            applyEntry(folded, entry, catalog);
            if (entry['kind'] === 'jielong-closed') closed.add(entry['jielong'] as string);
          }
          // The nightly job: orders past the horizon, of closed 接龙, fold.
          cutoff = foldCutoff(now, rules);
          seen.folded += foldProfiles(folded, cutoff, (j) => !closed.has(j));
          // Bounded: what is kept starts with an order within the horizon or of an open 接龙.
          for (const p of Object.values(folded.members)) {
            const first = Object.entries(p.orders)[0];
            if (first) expect(first[1].at >= cutoff || !closed.has(first[0])).toBe(true);
            if (p.past) seen.pastProfiles++;
          }
          // The same answers now and later (read any time after the fold, before the next one).
          for (const at of [now, now + check.later * DAY_MS]) {
            expect(readings(folded, at, rules)).toEqual(readings(kept, at, rules));
            seen.reads++;
          }
          // The from-scratch rebuild folds the same.
          expect(json(folded)).toEqual(json(profilesFromScratch(log.slice(0, i), catalog, { fold: { before: cutoff } })));
          // A restart: state.json written and read back (profiles move into columns again).
          if (check.restart) {
            folded = json(folded) as ProfilesState;
            if (i % 2 === 0) columnsFor(folded);
          }
        }
      },
    ), { numRuns: 200 });
    // The histories did exercise folding.
    expect(seen.folded).toBeGreaterThan(100);
    expect(seen.pastProfiles).toBeGreaterThan(50);
  });

  it('a profile saved before folding existed loads without `past` and reads as before', () => {
    const state = emptyProfiles();
    const wang = { id: 'w', name: '王阿姨' };
    applyEntry(state, { kind: 'jielong', change: 'signup', at: DAY0, jielong: 'jl-1', member: wang, amount: 58, items: [{ productId: 'p1', qty: 1 }] }, catalog);
    const saved = json(state);
    expect(saved.members.w.past).toBeUndefined();
    const loaded = json(saved) as ProfilesState;
    columnsFor(loaded);
    expect(loaded.members['w']!.past).toBeUndefined();
    expect(orderStats(loaded.members['w']!, DAY0)).toEqual(orderStats(state.members['w']!, DAY0));
    expect(json(loaded)).toEqual(saved);
  });

  it('a cancel or edit of an order already folded changes nothing and breaks nothing', () => {
    const state = emptyProfiles();
    const wang = { id: 'w', name: '王阿姨' };
    const order = (change: string, at: number, jielong: string, amount: number) =>
      applyEntry(state, { kind: 'jielong', change, at, jielong, member: wang, amount, items: [{ productId: 'p1', qty: 1 }] }, catalog);
    order('signup', DAY0, 'jl-1', 58);
    applyEntry(state, { kind: 'jielong-closed', at: DAY0 + HOUR_MS, jielong: 'jl-1', orders: [{ lineId: 1, member: wang, amount: 58, items: [{ productId: 'p1', qty: 1 }] }] }, catalog);
    order('signup', DAY0 + 200 * DAY_MS, 'jl-2', 30);
    const now = DAY0 + 210 * DAY_MS;
    expect(foldProfiles(state, foldCutoff(now, defaultStageRules), () => false)).toBe(1);
    const p = state.members['w']!;
    expect(json(p.past)).toEqual({ count: 1, spend: 58, lastAt: DAY0, lastProducts: ['亚麻籽油'], products: { 亚麻籽油: 1 }, categories: { 粮油: 1 } });
    expect([orderStats(p, now).count, orderStats(p, now).spend, p.lastOrderAt]).toEqual([2, 88, DAY0 + 200 * DAY_MS]);
    // Cancelling the recent one: the latest order is the folded one again.
    order('cancel', now, 'jl-2', 0);
    expect(p.lastOrderAt).toBe(DAY0);
    // A cancel of the folded one (a closed 接龙 takes none; were one logged): no error, no change.
    const before = json(p);
    expect(() => order('cancel', now + 1, 'jl-1', 0)).not.toThrow();
    expect(json(p)).toEqual({ ...before, lastActiveAt: now + 1 });
    expect(whyChosen(p, '流失风险', now, catalog.nameOf)).toContain('以前买过1次');
  });

  it('an order of a 接龙 still open is kept however old, and the ones after it too', () => {
    const state = emptyProfiles();
    const wang = { id: 'w', name: '王阿姨' };
    for (const [k, day] of [[1, 0], [2, 1], [3, 2]] as const) {
      applyEntry(state, { kind: 'jielong', change: 'signup', at: DAY0 + day * DAY_MS, jielong: `jl-${k}`, member: wang, amount: 10, items: [] }, catalog);
    }
    const cutoff = DAY0 + 10 * DAY_MS;
    expect(foldProfiles(state, cutoff, (j) => j === 'jl-2')).toBe(1);
    expect(Object.keys(state.members['w']!.orders)).toEqual(['jl-2', 'jl-3']);
    expect(foldProfiles(state, cutoff, () => false)).toBe(2);
    expect(state.members['w']!.past?.count).toBe(3);
  });
});
