import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultStageRules, orderStats, stageOf } from '../profiles/stage.ts';
import { newProfile, type Profile, type ProfilesState, type Stage } from '../profiles/types.ts';
import { hash, RECALL_STAGES, selectRecall, type SelectOptions, type Selection } from './select.ts';
import { DAY_MS } from '../../scheduler/clock.ts';

// The plan keeps only the best `max` as candidates stream past and reads stages without
// walking every member's orders; it must pick exactly what the plain definition picks:
// every member's stage, everyone eligible sorted, the first `max` taken.

const NOW = 1_000 * DAY_MS;

function reference(state: ProfilesState, now: number, opts: SelectOptions): Selection {
  const control: Array<{ profile: Profile; stage: Stage }> = [];
  const contact: Array<{ profile: Profile; stage: Stage; spend: number }> = [];
  for (const p of Object.values(state.members)) {
    if (p.optedOut || !opts.inShopGroup(p.id) || opts.isOwner(p.id)) continue;
    if (p.lastRecallPickAt !== undefined && now - p.lastRecallPickAt < opts.cooldownDays * DAY_MS) continue;
    const stage = stageOf(p, now, defaultStageRules);
    if (!RECALL_STAGES.includes(stage)) continue;
    if (hash(`${opts.runId}:${p.id}`) % 100 < opts.holdoutPercent) control.push({ profile: p, stage });
    else contact.push({ profile: p, stage, spend: orderStats(p, now).spend });
  }
  contact.sort((a, b) => RECALL_STAGES.indexOf(a.stage) - RECALL_STAGES.indexOf(b.stage) || b.spend - a.spend || (a.profile.id < b.profile.id ? -1 : 1));
  const contacted = contact.slice(0, opts.max).map(({ profile, stage }) => ({ profile, stage }));
  return { contacted, control, deferred: contact.length - contacted.length };
}

const arbDaysAgo = fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined });
const arbProfile = fc.record({
  joined: arbDaysAgo, active: fc.integer({ min: 0, max: 120 }), picked: arbDaysAgo, optedOut: fc.boolean(), inGroup: fc.boolean(),
  orders: fc.array(fc.record({ daysAgo: fc.integer({ min: 0, max: 120 }), amount: fc.constantFrom(0, 9.9, 10, 30.5, 88, 120) }), { maxLength: 6 }),
});

type Row = typeof arbProfile extends fc.Arbitrary<infer T> ? T : never;

/** The profiles, and who of them is still in a group (the member registry's answer). */
function stateOf(rows: Row[]): { state: ProfilesState; inGroup: Set<string> } {
  const state: ProfilesState = { members: {} };
  const inGroup = new Set<string>();
  rows.forEach((r, i) => {
    const p = newProfile(`m${i}`, NOW - 200 * DAY_MS);
    p.joinedAt = r.joined === undefined ? undefined : NOW - r.joined * DAY_MS;
    p.lastActiveAt = NOW - r.active * DAY_MS;
    p.lastRecallPickAt = r.picked === undefined ? undefined : NOW - r.picked * DAY_MS;
    p.optedOut = r.optedOut;
    if (r.inGroup) inGroup.add(p.id);
    r.orders.forEach((o, k) => {
      p.orders[`jl${k}`] = { at: NOW - o.daysAgo * DAY_MS, amount: o.amount, products: [], categories: [] };
      p.lastOrderAt = Math.max(p.lastOrderAt ?? 0, NOW - o.daysAgo * DAY_MS);
    });
    state.members[p.id] = p;
  });
  return { state, inGroup };
}

describe('selectRecall', () => {
  it('picks, holds back and defers exactly as sorting everyone would, for small and large caps', () => {
    fc.assert(fc.property(fc.array(arbProfile, { maxLength: 60 }), fc.constantFrom(0, 1, 3, 10, 300), fc.constantFrom(0, 10, 50), (rows, max, holdoutPercent) => {
      const { state, inGroup } = stateOf(rows);
      const opts: SelectOptions = { runId: '2026-11-21', cooldownDays: 7, holdoutPercent, max, isOwner: (id) => id === 'm0', inShopGroup: (id) => inGroup.has(id) };
      const ids = (s: Selection) => ({ contacted: s.contacted.map((p) => `${p.profile.id}:${p.stage}`), control: s.control.map((p) => `${p.profile.id}:${p.stage}`), deferred: s.deferred });
      expect(ids(selectRecall(state, NOW, defaultStageRules, opts))).toEqual(ids(reference(state, NOW, opts)));
    }), { numRuns: 300 });
  });
});
