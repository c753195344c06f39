import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../store/log.ts';
import { computeMetrics } from './index.ts';
import { compare } from './recall-uplift.ts';
import type { RecallRunInput } from './types.ts';

// Small logs written by hand, one rule each: an empty range, Asia/Shanghai month boundaries, what
// refunds and cancels leave of an order, first joins and inviters, recall windows' edges, the
// 95% interval, streams and arrivals, follow-on windows.

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const OWNER = 'wxid_owner';
const group = { id: 'g1@chatroom', name: '幸福里1群' };
const at = (local: string) => Date.parse(`${local}+08:00`);
const who = (id: string) => ({ id, name: id });

const join = (id: string, local: string, inviter?: string): LogEntry => ({ kind: 'join', id: `j:${id}:${local}`, at: at(local), group, member: who(id), ...(inviter ? { inviter: who(inviter) } : {}) });
const text = (id: string, local: string): LogEntry => ({ kind: 'text', id: `t:${id}:${local}`, at: at(local), group, from: who(id), text: '好', mentionsBot: false, mentions: [] });
const signup = (jielong: string, id: string, local: string, product = '苹果', amount = 10): LogEntry => ({
  kind: 'jielong', change: 'signup', id: `s:${jielong}:${id}:${local}`, at: at(local), jielong, group, member: who(id), items: [{ product, qty: 1, amount }], amount,
});
type Line = [lineId: number, member: string | null, amount: number | null, product?: string];
const closed = (jielong: string, local: string, lines: Line[], stream?: number, title = `团购${jielong}`): LogEntry => ({
  kind: 'jielong-closed', id: `c:${jielong}`, at: at(local), jielong, group, title, ...(stream ? { stream } : {}),
  orders: lines.map(([lineId, m, amount, product = '苹果']) => ({ lineId, member: m ? who(m) : null, amount, items: [{ product, qty: 1, amount }] })),
});
const order = (jielong: string, lineId: number, member: string, local: string, change: string, extra: Record<string, unknown> = {}): LogEntry => ({
  kind: 'order', id: `o:${jielong}:${lineId}:${change}:${local}`, at: at(local), change, by: who(OWNER), jielong, lineId, no: `A${lineId}`, member: who(member), ...extra,
});
const reserve = (stream: number, id: string, local: string): LogEntry => ({ kind: 'stream', change: 'reserve', id: `r:${stream}:${id}`, stream, member: who(id), group, at: at(local) });
const reminder = (stream: number, id: string, local: string): LogEntry => ({ kind: 'stream', change: 'reminder', id: `rm:${stream}:${id}`, stream, member: who(id), at: at(local) });

function metrics(entries: LogEntry[], from: string, to: string, extra: { runs?: RecallRunInput[]; streamTitles?: Record<number, string> } = {}) {
  return computeMetrics({ entries, recallRuns: extra.runs ?? [], tz: TZ, ownerIds: [OWNER], ...(extra.streamTitles ? { streamTitles: extra.streamTitles } : {}) }, { from: at(from), to: at(to) });
}

describe('an empty range, an empty log', () => {
  it('gives no months or weeks, nothing sold, and null for every rate', () => {
    const log = [join('a', '2026-04-01T10:00:00'), signup('j1', 'a', '2026-04-01T11:00:00'), closed('j1', '2026-04-01T20:00:00', [[1, 'a', 10]])];
    const m = metrics(log, '2026-04-01T12:00:00', '2026-04-01T12:00:00');
    expect(m.summary).toMatchObject({ newMembers: 0, buyers: 0, orders: 0, salesFen: 0, avgOrderFen: null });
    expect([m.repurchase, m.referral, m.ltv.cohorts, m.followOn, m.streams, m.stages, m.weekly]).toEqual([[], [], [], [], [], [], []]);
    expect(m.retention.map((r) => [r.members, r.rate7, r.rate30])).toEqual([[0, null, null], [0, null, null], [0, null, null]]);
    expect(m.recall).toEqual({
      runs: 0, contacted: { members: 0, cameBack: 0, ordered: 0 }, control: { members: 0, cameBack: 0, ordered: 0 },
      comeback: { contacted: null, control: null, diff: null, low: null, high: null }, order: { contacted: null, control: null, diff: null, low: null, high: null },
    });
    const none = metrics([], '2026-04-01T00:00:00', '2026-05-01T00:00:00');
    expect(none.summary).toEqual({ members: 0, newMembers: 0, buyers: 0, orders: 0, salesFen: 0, avgOrderFen: null, silentShare: null });
    expect(none.repurchase).toEqual([{ month: '2026-04', buyers: 0, repeat: 0, rate: null }]);
    expect(none.ltv).toEqual({ perBuyerFen: null, perMemberFen: null, cohorts: [{ month: '2026-04', members: 0, spendFen: 0, perMemberFen: null }] });
    expect(none.stages).toHaveLength(5);
  });
});

describe('months and weeks are the shop\'s (Asia/Shanghai)', () => {
  // 23:30 on 31 March in Shanghai is 15:30 UTC, and 00:10 on 1 April is 16:10 UTC: both March in UTC.
  const log = [
    join('a', '2026-03-01T09:00:00'), join('b', '2026-03-01T09:00:00'),
    signup('j1', 'b', '2026-03-15T10:00:00'), closed('j1', '2026-03-15T20:00:00', [[1, 'b', 20]]),
    // Signed up on 31 March, closed on 1 April: ordered in March.
    signup('j2', 'a', '2026-03-31T23:30:00'), closed('j2', '2026-04-01T10:00:00', [[2, 'a', 30]]),
    signup('j3', 'a', '2026-04-01T00:10:00'), closed('j3', '2026-04-01T20:00:00', [[3, 'a', 40]]),
    join('c', '2026-04-01T00:30:00', 'a'),
  ];

  it('an order placed at 23:30 on 31 March is March\'s, one at 00:10 on 1 April is April\'s', () => {
    const m = metrics(log, '2026-03-01T00:00:00', '2026-05-01T00:00:00');
    expect(m.repurchase).toEqual([
      { month: '2026-03', buyers: 0, repeat: 0, rate: null },
      { month: '2026-04', buyers: 2, repeat: 1, rate: 0.5 },
    ]);
    expect(m.referral).toEqual([
      { month: '2026-03', newMembers: 2, invited: 0, share: 0 },
      { month: '2026-04', newMembers: 1, invited: 1, share: 1 },
    ]);
    // 30 March is a Monday: the week of 31 March holds both orders of a.
    expect(m.weekly.find((w) => w.week === '2026-03-30')).toEqual({ week: '2026-03-30', salesFen: 7000, orders: 2, buyers: 1 });
    expect(m.ltv.cohorts).toEqual([
      { month: '2026-03', members: 2, spendFen: 9000, perMemberFen: 4500 },
      { month: '2026-04', members: 1, spendFen: 0, perMemberFen: 0 },
    ]);
  });

  it('a range of April alone sees March whole for the buyers before it, and nothing after its end', () => {
    const m = metrics(log, '2026-04-01T00:00:00', '2026-04-01T00:20:00');
    expect(m.range).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(m.repurchase).toEqual([{ month: '2026-04', buyers: 2, repeat: 1, rate: 0.5 }]);
    expect(m.summary).toMatchObject({ orders: 1, salesFen: 4000, buyers: 1 });
    // c joined at 00:30, after the range's end.
    expect(m.referral).toEqual([{ month: '2026-04', newMembers: 0, invited: 0, share: null }]);
  });
});

describe('what is left of an order after the cut-off', () => {
  const log = [
    join('a', '2026-04-01T09:00:00'), join('b', '2026-04-01T09:00:00'), join('c', '2026-04-01T09:00:00'), join('d', '2026-04-01T09:00:00'),
    signup('j1', 'a', '2026-04-02T10:00:00'), signup('j1', 'b', '2026-04-02T10:05:00'), signup('j1', 'c', '2026-04-02T10:10:00'), signup('j1', 'd', '2026-04-02T10:15:00'),
    closed('j1', '2026-04-02T20:00:00', [[1, 'a', 50], [2, 'b', 59.8], [3, 'c', 20], [4, 'c', null], [5, 'd', null], [6, OWNER, 99], [7, null, 9.9]]),
    order('j1', 1, 'a', '2026-04-03T10:00:00', 'refunded', { fen: 5000, orderFen: 5000, full: true }),
    order('j1', 2, 'b', '2026-04-03T10:00:00', 'paid', { fen: 5980 }),
    order('j1', 2, 'b', '2026-04-03T11:00:00', 'refunded', { fen: 1000, orderFen: 5980 }),
    order('j1', 2, 'b', '2026-04-03T12:00:00', 'refunded', { fen: 980, orderFen: 5980 }),
    order('j1', 3, 'c', '2026-04-03T10:00:00', 'cancelled', { fen: 2000, orderFen: 2000 }),
    order('j1', 4, 'c', '2026-04-03T10:00:00', 'paid', { fen: 0 }),
    order('j1', 5, 'd', '2026-04-03T10:00:00', 'cancelled', { fen: 0 }),
  ];

  it('refunded in full or cancelled: gone; refunded in part: less; paid: as it was', () => {
    const m = metrics(log, '2026-04-01T00:00:00', '2026-05-01T00:00:00');
    // a: refunded in full; b: 59.8 − 10 − 9.8 = 40; c: the 20 line cancelled, the unpriced line
    // paid (still an order, worth 0); d: the unpriced line cancelled; the owner's and the
    // unknown author's lines are nobody's order.
    expect(m.summary).toEqual({ members: 4, newMembers: 4, buyers: 2, orders: 2, salesFen: 4000, avgOrderFen: 4000, silentShare: 0 });
    expect(m.ltv.perBuyerFen).toBe(2000);
    expect(m.ltv.perMemberFen).toBe(1000);
  });

  it('a refund recorded after the range\'s end still applies (the final word on the order)', () => {
    const later = [...log, order('j1', 2, 'b', '2026-06-01T10:00:00', 'refunded', { fen: 4000, orderFen: 5980, full: true })];
    expect(metrics(later, '2026-04-01T00:00:00', '2026-05-01T00:00:00').summary).toMatchObject({ buyers: 1, orders: 1, salesFen: 0, avgOrderFen: null });
  });

  it('one order per member per 接龙, its lines summed; placed at the first sign-up', () => {
    const two = [
      join('a', '2026-04-01T09:00:00'), signup('j1', 'a', '2026-04-30T23:00:00'),
      { ...signup('j1', 'a', '2026-05-01T08:00:00'), change: 'edit' },
      closed('j1', '2026-05-01T20:00:00', [[1, 'a', 10, '苹果'], [2, 'a', 5.5, '梨']]),
      // A line the owner typed in, with no sign-up: placed at the close.
      closed('j2', '2026-05-02T20:00:00', [[3, 'a', 1]]),
    ];
    const m = metrics(two, '2026-04-01T00:00:00', '2026-06-01T00:00:00');
    expect(m.weekly.filter((w) => w.orders > 0)).toEqual([
      { week: '2026-04-27', salesFen: 1650, orders: 2, buyers: 1 },
    ]);
    expect(m.repurchase).toEqual([
      { month: '2026-04', buyers: 0, repeat: 0, rate: null },
      { month: '2026-05', buyers: 1, repeat: 1, rate: 1 },
    ]);
  });
});

describe('joins', () => {
  const log = [
    join('d', '2026-03-10T09:00:00'), join('e', '2026-03-11T09:00:00'),
    // d joins again, this time invited: the first join counts.
    join('d', '2026-04-02T09:00:00', 'e'),
    join('f', '2026-04-03T09:00:00', OWNER), join('g', '2026-04-04T09:00:00', 'g'), join('h', '2026-04-05T09:00:00', 'e'),
    join(OWNER, '2026-04-06T09:00:00'),
    text(OWNER, '2026-04-06T10:00:00'),
  ];

  it('a member who joined twice is new once, as their first join says; the owner and themself invite no one', () => {
    const m = metrics(log, '2026-03-01T00:00:00', '2026-05-01T00:00:00');
    expect(m.referral).toEqual([
      { month: '2026-03', newMembers: 2, invited: 0, share: 0 },
      { month: '2026-04', newMembers: 3, invited: 1, share: 1 / 3 },
    ]);
    expect(m.summary.members).toBe(5);
    expect(m.retention.find((r) => r.arrival === 'invited')!.members).toBe(1);
    const april = metrics(log, '2026-04-01T00:00:00', '2026-05-01T00:00:00');
    expect(april.summary.newMembers).toBe(3);
  });
});

describe('recall uplift', () => {
  const RUN = at('2026-04-07T10:00:00');
  const log = [
    join('p', '2026-03-01T09:00:00'), join('q', '2026-03-01T09:00:00'), join('r', '2026-03-01T09:00:00'), join('s', '2026-03-01T09:00:00'),
    text('p', '2026-04-07T10:00:00'),
    text('q', '2026-04-14T10:00:00'),
    { ...text('r', '2026-04-14T10:00:00'), at: RUN + 7 * DAY + 1 },
    signup('j1', 's', '2026-04-10T10:00:00'),
  ];
  const runs: RecallRunInput[] = [{ id: '2026-04-07', at: RUN, windowDays: 7, contacted: ['p', 'q', 'r', 's'], control: [] }];

  it('counts what falls in (at, at + 7 days]; with no one held back there is nothing to compare', () => {
    const m = metrics(log, '2026-04-01T00:00:00', '2026-05-01T00:00:00', { runs });
    expect(m.recall.runs).toBe(1);
    expect(m.recall.contacted).toEqual({ members: 4, cameBack: 2, ordered: 1 });
    expect(m.recall.comeback).toEqual({ contacted: 0.5, control: null, diff: null, low: null, high: null });
    // A run before the range is not counted.
    expect(metrics(log, '2026-04-08T00:00:00', '2026-05-01T00:00:00', { runs }).recall.runs).toBe(0);
  });

  it('the difference of two proportions with its 95% Wald interval', () => {
    const c = compare(30, 100, 10, 100);
    expect(c.contacted).toBe(0.3);
    expect(c.control).toBe(0.1);
    expect(c.diff).toBeCloseTo(0.2, 12);
    // √(0.3·0.7/100 + 0.1·0.9/100) = √0.003 = 0.0547723; × 1.959964 = 0.1073516
    expect(c.low).toBeCloseTo(0.0926484, 6);
    expect(c.high).toBeCloseTo(0.3073516, 6);
    expect(compare(0, 5, 0, 5)).toEqual({ contacted: 0, control: 0, diff: 0, low: 0, high: 0 });
    expect(compare(1, 2, 0, 0).diff).toBeNull();
  });
});

describe('streams and arrivals', () => {
  const log = [
    join('a', '2026-04-01T09:00:00'), reserve(1, 'a', '2026-04-02T09:00:00'), text('a', '2026-04-02T10:00:00'),
    join('b', '2026-04-01T09:00:00'), text('b', '2026-04-01T12:00:00'), reserve(1, 'b', '2026-04-02T09:00:00'),
    join('c', '2026-04-01T09:00:00'), reserve(1, 'c', '2026-04-09T09:00:00'),
    reminder(1, 'a', '2026-04-04T19:45:00'), reminder(1, 'b', '2026-04-04T19:45:00'), reminder(1, 'x', '2026-04-04T19:45:00'),
    signup('j1', 'a', '2026-04-04T22:40:00'), signup('j1', 'x', '2026-04-04T22:41:00'),
    closed('j1', '2026-04-05T12:00:00', [[1, 'a', 35], [2, 'x', 35]], 1, '冷榨油专场'),
    reserve(2, 'b', '2026-04-20T09:00:00'),
  ];

  it('reservations → reminded → ordered from the stream\'s 接龙, with the title from the state, its 接龙, or its number', () => {
    const m = metrics(log, '2026-04-01T00:00:00', '2026-05-01T00:00:00');
    expect(m.streams).toEqual([
      { stream: 1, title: '冷榨油专场', reservations: 3, reminded: 2, ordered: 1, conversion: 1 / 3 },
      { stream: 2, title: '直播 #2', reservations: 1, reminded: 0, ordered: 0, conversion: 0 },
    ]);
    expect(metrics(log, '2026-04-01T00:00:00', '2026-05-01T00:00:00', { streamTitles: { 1: '周六直播', 2: '周日直播' } }).streams.map((s) => s.title)).toEqual(['周六直播', '周日直播']);
    // Stream 1 is over by the 6th (its last mention: its reminders and close, and c's late reservation on the 9th).
    expect(metrics(log, '2026-04-10T00:00:00', '2026-05-01T00:00:00').streams.map((s) => s.stream)).toEqual([2]);
  });

  it('a stream arrival\'s first thing after joining, within 7 days, was a reservation', () => {
    const m = metrics(log, '2026-04-01T00:00:00', '2026-05-01T00:00:00');
    // a reserved first; b chatted first; c's first reservation came 8 days on.
    expect(m.retention.map((r) => [r.arrival, r.members])).toEqual([['invited', 0], ['stream', 1], ['other', 2]]);
  });

  it('7-day retention: active in the second week, over members whose second week is over', () => {
    const m = metrics([...log, text('a', '2026-04-08T09:00:00'), text('b', '2026-04-15T09:00:00')], '2026-04-01T00:00:00', '2026-04-15T09:00:00');
    expect(m.retention).toEqual([
      { arrival: 'invited', members: 0, measured7: 0, measured30: 0, d7: 0, d30: 0, rate7: null, rate30: null },
      { arrival: 'stream', members: 1, measured7: 1, measured30: 0, d7: 1, d30: 0, rate7: 1, rate30: null },
      // b's text at 09:00 on the 15th is the first instant after their second week; c reserved on the 9th.
      { arrival: 'other', members: 2, measured7: 2, measured30: 0, d7: 1, d30: 0, rate7: 0.5, rate30: null },
    ]);
  });
});

describe('follow-on', () => {
  it('of the buyers of X, those who bought Y within 30 days after their first X in the range, windows whole', () => {
    const log = [
      join('a', '2026-03-01T09:00:00'), join('b', '2026-03-01T09:00:00'),
      closed('j1', '2026-03-02T20:00:00', [[1, 'a', 10, '苹果'], [2, 'b', 10, '苹果']]),
      closed('j2', '2026-03-12T20:00:00', [[3, 'a', 10, '梨']]),
      closed('j3', '2026-04-01T20:00:00', [[4, 'a', 10, '苹果'], [5, 'b', 10, '苹果']]),
      closed('j4', '2026-04-20T20:00:00', [[6, 'b', 10, '梨']]),
    ];
    const m = metrics(log, '2026-03-01T00:00:00', '2026-05-01T00:00:00');
    // 苹果 on 2 March: a bought 梨 10 days on and 苹果 again 30 days on (the window's last day: 1 April 20:00 is
    // exactly 30 days later); b bought 苹果 again then too. 梨 (a, 12 March) then 苹果 (1 April) within 30 days;
    // b's 梨 on 20 April has no whole window before 1 May.
    expect(m.followOn).toEqual([
      { product: '苹果', then: '苹果', days: 30, buyers: 2, again: 2, rate: 1 },
      { product: '梨', then: '苹果', days: 30, buyers: 1, again: 1, rate: 1 },
      { product: '苹果', then: '梨', days: 30, buyers: 2, again: 1, rate: 0.5 },
    ]);
  });
});
