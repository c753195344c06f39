import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultStageRules as rules } from '../profiles/stage.ts';
import { emptyProfiles, newProfile, type ProfilesState } from '../profiles/types.ts';
import { composeRecall, type RecallFacts } from './compose.ts';
import { selectRecall } from './select.ts';
import { matchingStream } from './stream-facts.ts';
import type { Stream } from '../streams/state.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';

const NOW = Date.parse('2026-11-21T10:30:00+08:00');

function shop(): ProfilesState {
  const s = emptyProfiles();
  const add = (id: string, lastActiveDaysAgo: number, extra: Partial<ReturnType<typeof newProfile>> = {}) => {
    s.members[id] = { ...newProfile(id, NOW - 90 * DAY_MS), joinedAt: NOW - 90 * DAY_MS, lastActiveAt: NOW - lastActiveDaysAgo * DAY_MS, ...extra };
  };
  add('silent', 20);
  add('active', 2);
  add('optedout', 20, { optedOut: true });
  // 'left' has left every group: see inShopGroup below.
  add('left', 20);
  add('recent-recall', 20, { lastRecallPickAt: NOW - 3 * DAY_MS });
  add('old-recall', 20, { lastRecallPickAt: NOW - 8 * DAY_MS });
  add('owner', 20);
  add('lapsed', 1, { lastOrderAt: NOW - 40 * DAY_MS, orders: Object.fromEntries([40, 50, 60].map((d) => [`j${d}`, { at: NOW - d * DAY_MS, amount: 100, products: [], categories: [] }])) });
  return s;
}

const opts = { runId: '2026-11-21', cooldownDays: 7, holdoutPercent: 0, max: 10, isOwner: (id: string) => id === 'owner', inShopGroup: (id: string) => id !== 'left' };

describe('recall selection', () => {
  it('picks exactly the silent and lapsed members who may be contacted, lapsed first', () => {
    const sel = selectRecall(shop(), NOW, rules, opts);
    expect(sel.contacted.map((p) => p.profile.id)).toEqual(['lapsed', 'old-recall', 'silent']);
    expect(sel.control).toEqual([]);
  });

  it('caps a run and reports the rest as deferred', () => {
    const sel = selectRecall(shop(), NOW, rules, { ...opts, max: 1 });
    expect(sel.contacted.map((p) => p.profile.id)).toEqual(['lapsed']);
    expect(sel.deferred).toBe(2);
  });

  it('holdout: control and contacted never overlap, together they are everyone eligible, the draw is stable', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 90 }), fc.string(), (percent, runId) => {
      const a = selectRecall(shop(), NOW, rules, { ...opts, runId, holdoutPercent: percent });
      const b = selectRecall(shop(), NOW, rules, { ...opts, runId, holdoutPercent: percent });
      const contacted = a.contacted.map((p) => p.profile.id);
      const control = a.control.map((p) => p.profile.id);
      expect(contacted.filter((id) => control.includes(id))).toEqual([]);
      expect([...contacted, ...control].sort()).toEqual(['lapsed', 'old-recall', 'silent']);
      expect(b.control.map((p) => p.profile.id)).toEqual(control);
    }));
  });
});

describe('recall text', () => {
  const facts: RecallFacts = {
    name: '王阿姨', bought: '亚麻籽油', open: { title: '周末粮油团', product: '有机亚麻籽油', price: 58, unit: '瓶', favourite: true },
    reward: { name: '抽纸', cost: 30, balance: 24 }, offer: '回归福利：满 50 减 5。',
  };

  it('is personal and carries only the given facts', () => {
    const text = composeRecall(facts, 'seed')!;
    expect(text).toContain('王阿姨');
    expect(text).toContain('你之前买过亚麻籽油');
    expect(text).toContain('「周末粮油团」');
    expect(text).toContain('58元/瓶');
    expect(text).toContain('再攒 6 分就能换「抽纸」');
    expect(text).toContain('回归福利：满 50 减 5。');
    const prices = text.match(/\d+(\.\d+)?元/g) ?? [];
    expect(prices).toEqual(['58元']);
  });

  it('never repeats the last text sent to the member', () => {
    fc.assert(fc.property(fc.string(), (seed) => {
      const last = composeRecall(facts, seed);
      expect(composeRecall(facts, seed, last)).not.toBe(last);
    }));
  });

  it('without a reason to come back there is no text at all; with one it reads personal, with no invented offer or price', () => {
    expect(composeRecall({ name: '小张' }, 'x')).toBeUndefined();
    // Having bought once, or a reward still out of reach, is no reason by itself.
    expect(composeRecall({ name: '小张', bought: '亚麻籽油', reward: { name: '抽纸', cost: 30, balance: 20 } }, 'x')).toBeUndefined();
    const text = composeRecall({ name: '小张', reward: { name: '抽纸', cost: 30, balance: 32 } }, 'x')!;
    expect(text).toContain('小张');
    expect(text).toContain('已经够换「抽纸」了');
    expect(text).not.toMatch(/元|¥|减|折/);
  });
});

describe('the stream a recall DM mentions', () => {
  const stream = (no: number, startAt: number, productIds: string[], status: Stream['status'] = 'planned'): Stream => ({
    no, title: `第${no}场`, startAt, endAt: startAt + HOUR_MS, offer: productIds.map((id) => ({ name: id, productId: id, stock: null, perPerson: null })),
    groups: null, status, createdAt: 0, reservations: [], previewsSent: [], pendingConfirm: {}, jielong: [],
  });
  const categoryOf = (id: string) => ({ oil: '粮油', apple: '水果', egg: '禽蛋' })[id];
  const tz = 'Asia/Shanghai';

  it('is the soonest upcoming one featuring a favourite, named by its number when it is not the next', () => {
    const streams = [stream(1, NOW + DAY_MS, ['apple']), stream(2, NOW + 3 * DAY_MS, ['oil', 'egg']), stream(3, NOW + 2 * DAY_MS, ['egg'])];
    expect(matchingStream(streams, NOW, tz, ['粮油'], categoryOf)).toMatchObject({ title: '第2场', category: '粮油', reserve: '预约 2' });
    expect(matchingStream(streams, NOW, tz, ['禽蛋', '粮油'], categoryOf)).toMatchObject({ title: '第3场', category: '禽蛋', reserve: '预约 3' });
    expect(matchingStream(streams, NOW, tz, ['水果'], categoryOf)).toMatchObject({ title: '第1场', reserve: '预约', when: '11月22日（周日）10:30' });
  });

  it('skips past, cancelled and live streams, and is nothing without favourites', () => {
    const streams = [stream(1, NOW - DAY_MS, ['oil']), stream(2, NOW + DAY_MS, ['oil'], 'cancelled'), stream(3, NOW - 600_000, ['oil'], 'live')];
    expect(matchingStream(streams, NOW, tz, ['粮油'], categoryOf)).toBeUndefined();
    expect(matchingStream([stream(4, NOW + DAY_MS, ['oil'])], NOW, tz, [], categoryOf)).toBeUndefined();
  });
});
