import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEntry, type CatalogLookup } from './reduce.ts';
import { defaultStageRules as rules, orderStats, rfm, stageOf, tagsOf } from './stage.ts';
import { emptyProfiles, STAGES, type ProfilesState } from './types.ts';
import { DAY_MS } from '../../scheduler/clock.ts';

const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const catalog: CatalogLookup = {
  categoryOf: (id) => ({ p1: '粮油', p2: '蛋禽' } as Record<string, string>)[id],
  nameOf: (id) => ({ p1: '亚麻籽油', p2: '土鸡蛋' } as Record<string, string>)[id],
};
const wang = { id: 'w', name: '王阿姨' };
const li = { id: 'l', name: '小李' };
const g = { id: 'g1', name: '幸福里1群' };

const text = (from = wang, at = NOW) => ({ kind: 'text', id: `t${at}`, at, group: g, from, text: '你好' });
const join = (member = wang, at = NOW, inviter?: typeof li) => ({ kind: 'join', id: `j${at}`, at, group: g, member, ...(inviter ? { inviter } : {}) });
const signup = (jielong: string, at: number, amount = 50, member = wang, change = 'signup') => ({
  kind: 'jielong', change, id: `s${jielong}${at}${change}`, at, jielong, group: g, member, amount, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1 }],
});

function run(entries: object[]): ProfilesState {
  const state = emptyProfiles();
  for (const e of entries) applyEntry(state, e as Record<string, unknown>, catalog);
  return state;
}

describe('profile reducer', () => {
  it('keeps orders per 接龙: an edit replaces, a cancel removes, the close has the last word', () => {
    const s = run([
      signup('j1', NOW - 10 * DAY_MS, 50),
      signup('j1', NOW - 10 * DAY_MS + 1000, 80, wang, 'edit'),
      signup('j2', NOW - 5 * DAY_MS, 30),
      signup('j2', NOW - 5 * DAY_MS + 1000, 0, wang, 'cancel'),
      { kind: 'jielong-closed', id: 'c1', at: NOW - 9 * DAY_MS, jielong: 'j1', group: g, title: 't', orders: [{ lineId: 1, member: wang, amount: 100, items: [] }] },
    ]);
    const p = s.members['w']!;
    expect(Object.keys(p.orders)).toEqual(['j1']);
    expect(p.orders['j1']!.amount).toBe(100);
    expect(p.orders['j1']!.at).toBe(NOW - 10 * DAY_MS);
    expect(p.lastOrderAt).toBe(NOW - 10 * DAY_MS);
    expect(orderStats(p, NOW)).toMatchObject({ count30: 1, spend30: 100, count: 1 });
  });

  it('credits an inviter when the invitee first orders, once', () => {
    const s = run([join(li, NOW - 40 * DAY_MS), join(wang, NOW - 20 * DAY_MS, li), signup('j1', NOW - 19 * DAY_MS), signup('j2', NOW - 18 * DAY_MS)]);
    expect(s.members['l']!.invitees).toEqual(['w']);
    expect(s.members['l']!.inviteesWhoOrdered).toBe(1);
    expect(s.members['w']!.inviter).toBe('l');
  });

  it('counts questions, check-ins and shares, and ignores an owner adjustment as activity', () => {
    const s = run([
      join(wang, NOW - 30 * DAY_MS),
      { kind: 'question', id: 'q', at: NOW - 3 * DAY_MS, member: wang, productIds: ['p2'], categories: ['蛋禽'] },
      { kind: 'points', id: 'p', at: NOW - 2 * DAY_MS, member: wang, movement: 'checkin', amount: 5 },
      { kind: 'points', id: 'p2', at: NOW - 1 * DAY_MS, member: wang, movement: 'adjust', amount: 5 },
      { kind: 'share', id: 's', at: NOW - 4 * DAY_MS, group: g, from: wang, card: { type: 'link', title: 'x' } },
    ]);
    const p = s.members['w']!;
    expect(p).toMatchObject({ questions: 1, checkins: 1, shares: 1, lastActiveAt: NOW - 2 * DAY_MS });
    expect(p.asked).toEqual({ p2: 1 });
    expect(tagsOf(p, catalog.nameOf)).toContain('问过土鸡蛋');
    expect(tagsOf(p, catalog.nameOf)).toContain('关注蛋禽');
  });

  it('skips malformed entries without throwing', () => {
    const s = run([{ kind: 'text' }, { kind: 'jielong', at: NOW, member: null }, { kind: 'join', at: 'x' }, { at: NOW }]);
    expect(s.members).toEqual({});
  });
});

describe('lifecycle stage', () => {
  const cases: Array<[string, object[], string]> = [
    ['joined 3 days ago', [join(wang, NOW - 3 * DAY_MS)], '新人'],
    ['quiet 20 days', [join(wang, NOW - 60 * DAY_MS), text(wang, NOW - 20 * DAY_MS)], '沉默'],
    ['regular buyer, no order for 35 days but still chatting', [join(wang, NOW - 100 * DAY_MS), signup('a', NOW - 60 * DAY_MS), signup('b', NOW - 50 * DAY_MS), signup('c', NOW - 35 * DAY_MS), text(wang, NOW - DAY_MS)], '流失风险'],
    ['three orders this month', [join(wang, NOW - 100 * DAY_MS), signup('a', NOW - 20 * DAY_MS), signup('b', NOW - 10 * DAY_MS), signup('c', NOW - 2 * DAY_MS)], '忠实'],
    ['asks and checks in, never buys', [join(wang, NOW - 30 * DAY_MS),
      { kind: 'question', id: 'q1', at: NOW - 3 * DAY_MS, member: wang, productIds: [], categories: [] },
      { kind: 'question', id: 'q2', at: NOW - 2 * DAY_MS, member: wang, productIds: [], categories: [] },
      { kind: 'points', id: 'p', at: NOW - DAY_MS, member: wang, movement: 'checkin' }], '高潜'],
    ['chats now and then', [join(wang, NOW - 30 * DAY_MS), text(wang, NOW - 2 * DAY_MS)], '活跃'],
  ];
  for (const [name, entries, stage] of cases) {
    it(`${name} → ${stage}`, () => expect(stageOf(run(entries).members['w']!, NOW, rules)).toBe(stage));
  }

  it('brings two buyers → KOC', () => {
    const x = { id: 'x', name: '小x' };
    const s = run([join(wang, NOW - 60 * DAY_MS), join(li, NOW - 30 * DAY_MS, wang), join(x, NOW - 30 * DAY_MS, wang), signup('a', NOW - 20 * DAY_MS, 10, li), signup('a', NOW - 20 * DAY_MS, 10, x), text(wang, NOW - DAY_MS)]);
    expect(stageOf(s.members['w']!, NOW, rules)).toBe('KOC');
  });

  it('thresholds are configurable', () => {
    const s = run([join(wang, NOW - 60 * DAY_MS), text(wang, NOW - 10 * DAY_MS)]);
    expect(stageOf(s.members['w']!, NOW, rules)).toBe('活跃');
    expect(stageOf(s.members['w']!, NOW, { ...rules, silentDays: 7 })).toBe('沉默');
  });
});

// Random event streams: whatever the order, profiles stay consistent.
const arbEntry = fc.oneof(
  fc.record({ kind: fc.constant('text'), at: fc.integer({ min: NOW - 100 * DAY_MS, max: NOW }), who: fc.constantFrom(wang, li) })
    .map(({ at, who }) => text(who, at)),
  fc.record({ j: fc.constantFrom('j1', 'j2', 'j3'), at: fc.integer({ min: NOW - 100 * DAY_MS, max: NOW }), amount: fc.integer({ min: 0, max: 500 }),
    change: fc.constantFrom('signup', 'edit', 'cancel'), who: fc.constantFrom(wang, li) })
    .map(({ j, at, amount, change, who }) => signup(j, at, amount, who, change)),
  fc.record({ at: fc.integer({ min: NOW - 100 * DAY_MS, max: NOW }), who: fc.constantFrom(wang, li), inviter: fc.constantFrom(wang, li) })
    .map(({ at, who, inviter }) => join(who, at, inviter)),
);

describe('profile properties', () => {
  it('scores stay in 1..5, one known stage, order stats match the order map, inviter credit never exceeds invitees', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 40 }), (entries) => {
      const s = run(entries);
      for (const p of Object.values(s.members)) {
        const r = rfm(p, NOW, rules);
        for (const v of [r.r, r.f, r.m]) expect(v >= 1 && v <= 5).toBe(true);
        expect(STAGES).toContain(stageOf(p, NOW, rules));
        const stats = orderStats(p, NOW);
        expect(stats.count).toBe(Object.keys(p.orders).length);
        expect(stats.count30).toBeLessThanOrEqual(stats.count90);
        expect(p.inviteesWhoOrdered).toBeLessThanOrEqual(p.invitees.length);
        const latest = Math.max(...Object.values(p.orders).map((o) => o.at));
        if (Object.keys(p.orders).length) expect(p.lastOrderAt).toBe(latest);
      }
    }));
  });

  it('a longer silence threshold never makes anyone silent who was not', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 30 }), fc.integer({ min: 1, max: 60 }), (entries, extra) => {
      for (const p of Object.values(run(entries).members)) {
        if (stageOf(p, NOW, rules) !== '沉默') expect(stageOf(p, NOW, { ...rules, silentDays: rules.silentDays + extra })).not.toBe('沉默');
      }
    }));
  });
});
