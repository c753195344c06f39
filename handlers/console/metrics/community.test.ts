import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../store/log.ts';
import type { KocState } from '../../koc/index.ts';
import { computeMetrics } from './index.ts';
import { tableText } from './cli.ts';

// The community figures from a small log written as the features write it (autoreply/handler.ts,
// polls/cast.ts, koc/programme.ts) and the 体验官 slice as the programme keeps it: per month the
// range touches (each from its 1st, up to the range's end), Asia/Shanghai months.

const TZ = 'Asia/Shanghai';
const OWNER = 'wxid_owner';
const group = { id: 'g1@chatroom', name: '幸福里1群' };
const at = (local: string) => Date.parse(`${local}+08:00`);
const who = (id: string) => ({ id, name: id });
let seq = 0;

const answer = (rule: number, id: string, local: string, dm = false): LogEntry => ({
  kind: 'autoreply', id: `autoreply:m${++seq}`, at: at(local), rule, member: who(id), group: dm ? null : group, direct: dm,
});
const vote = (poll: number, option: number, id: string, local: string, replaced?: number): LogEntry => ({
  kind: 'vote', id: `vote:${poll}:m${++seq}`, at: at(local), poll, option, optionName: ['海盐', '芝士', '原味'][option - 1]!, member: who(id), group,
  ...(replaced ? { replaced } : {}),
});
const kocEntry = (change: string, koc: string, newcomer: string, local: string, extra: Record<string, unknown> = {}): LogEntry => ({
  kind: 'koc', id: `koc:${change}:${newcomer}:${local}`, at: at(local), change, member: who(koc), newcomer: who(newcomer), ...extra,
});

const log: LogEntry[] = [
  // Quick answers. 28 Feb 23:00 is before the first month; 00:10 on 1 March (still February in UTC) is March's.
  answer(1, 'a', '2026-02-28T23:00:00'),
  answer(1, 'a', '2026-03-01T00:10:00'),
  answer(1, 'a', '2026-03-12T10:00:00', true),
  answer(1, 'b', '2026-03-12T11:00:00'),
  answer(2, 'c', '2026-03-13T09:00:00'),
  answer(3, 'a', '2026-03-14T09:00:00'),
  answer(4, 'd', '2026-03-15T09:00:00'),
  { kind: 'autoreply', id: 'autoreply:bad', at: at('2026-03-16T09:00:00'), rule: 0, member: who('a'), group, direct: false },
  answer(4, 'b', '2026-04-02T09:00:00'),
  answer(4, 'b', '2026-04-03T09:00:00'),
  answer(2, 'e', '2026-05-04T09:00:00'),
  answer(2, 'e', '2026-05-05T12:00:00'),
  // Votes: a changes theirs in poll 1 (one vote, one change).
  vote(1, 1, 'z', '2026-02-27T09:00:00'),
  vote(1, 1, 'a', '2026-03-20T09:00:00'),
  vote(1, 2, 'b', '2026-03-20T09:05:00'),
  vote(1, 2, 'a', '2026-03-20T10:00:00', 1),
  vote(2, 3, 'a', '2026-03-28T10:00:00'),
  vote(2, 1, 'c', '2026-04-10T10:00:00'),
  vote(3, 1, 'c', '2026-05-06T10:00:00'),
  // What the programme logs of its credits (the figures come from its slice, below).
  kocEntry('referral', 'k1', 'n1', '2026-03-05T10:00:00', { via: 'code', points: 20, key: 'koc-ref:n1' }),
  kocEntry('order', 'k1', 'n1', '2026-03-10T20:00:00', { amount: 25.5, share: 10, key: 'koc-order:jl-1:1' }),
];

const koc: KocState = {
  kocs: {
    k1: { id: 'k1', name: '小美', code: 'MEI8', since: at('2026-02-01T09:00:00') },
    k2: { id: 'k2', name: '老陈', code: 'CHEN', since: at('2026-03-15T09:00:00') },
    k3: { id: 'k3', name: '走了的', code: 'GONE', since: at('2026-01-15T09:00:00'), removedAt: at('2026-04-20T09:00:00') },
  },
  newcomers: {},
  referrals: {
    n5: { koc: 'k1', at: at('2026-02-20T10:00:00'), via: 'code', source: 'm1' },
    n1: { koc: 'k1', at: at('2026-03-05T10:00:00'), via: 'code', source: 'm2' },
    n2: { koc: 'k1', at: at('2026-04-02T10:00:00'), via: 'name', source: 'm3' },
    n3: { koc: 'k2', at: at('2026-03-20T10:00:00'), via: 'inviter', source: 'm4' },
    n4: { koc: 'k3', at: at('2026-03-21T10:00:00'), via: 'code', source: 'm5' },
  },
  orders: {
    'jl-1:1': { koc: 'k1', member: 'n1', at: at('2026-03-10T20:00:00'), amount: 25.5 },
    'jl-1:2': { koc: 'k2', member: 'n3', at: at('2026-03-25T20:00:00'), amount: 10 },
    'jl-2:1': { koc: 'k1', member: 'n1', at: at('2026-04-03T20:00:00'), amount: 12 },
    'jl-2:2': { koc: 'k1', member: 'n5', at: at('2026-04-03T20:00:00'), amount: 8 },
    'jl-2:3': { koc: 'k1', member: 'n2', at: at('2026-04-03T20:00:00'), amount: 30, gone: true },
    'jl-2:4': { koc: 'k3', member: 'n4', at: at('2026-04-03T20:00:00'), amount: 50 },
    'jl-3:1': { koc: 'k1', member: 'n2', at: at('2026-05-06T20:00:00'), amount: 99 },
  },
  showcases: {},
  shaidan: [],
};

const rules = [
  { no: 1, keywords: ['自提点', '提货点'] },
  { no: 2, keywords: ['运费'] },
  { no: 3, keywords: ['发票'] },
  // Rule 4 was deleted: the log still names it.
];

const range = { from: at('2026-03-10T00:00:00'), to: at('2026-05-05T00:00:00') };
const input = { entries: log, recallRuns: [], tz: TZ, ownerIds: [OWNER], autoreplyRules: rules, koc };

describe('community figures', () => {
  const m = computeMetrics(input, range);

  it('counts quick answers, polls and 体验官 per month', () => {
    expect(m.community.months).toEqual([
      {
        month: '2026-03', autoreplyAnswers: 6, autoreplyAskers: 4,
        topRules: [
          { rule: 1, keywords: ['自提点', '提货点'], answers: 3, askers: 2 },
          { rule: 2, keywords: ['运费'], answers: 1, askers: 1 },
          { rule: 3, keywords: ['发票'], answers: 1, askers: 1 },
        ],
        pollVoters: 2, pollVotes: 3, polls: 2, pollChanges: 1,
        kocReferrals: 2, kocBuyers: 2, kocSalesFen: 3550,
      },
      {
        month: '2026-04', autoreplyAnswers: 2, autoreplyAskers: 1,
        topRules: [{ rule: 4, keywords: null, answers: 2, askers: 1 }],
        pollVoters: 1, pollVotes: 1, polls: 1, pollChanges: 0,
        kocReferrals: 1, kocBuyers: 2, kocSalesFen: 2000,
      },
      {
        // Up to the range's end (5 May): the answer on the 5th and the order on the 6th are not counted.
        month: '2026-05', autoreplyAnswers: 1, autoreplyAskers: 1,
        topRules: [{ rule: 2, keywords: ['运费'], answers: 1, askers: 1 }],
        pollVoters: 0, pollVotes: 0, polls: 0, pollChanges: 0,
        kocReferrals: 0, kocBuyers: 0, kocSalesFen: 0,
      },
    ]);
  });

  it('gives each current 体验官 over the range and per month; a removed one is not listed', () => {
    expect(m.community.koc).toEqual([
      {
        // n1 was credited on 5 March, before the range; n1's and n5's orders are in it, n2's was refunded.
        koc: 'k1', name: '小美', code: 'MEI8', referrals: 1, buyers: 2, salesFen: 4550,
        months: [
          { month: '2026-03', referrals: 1, buyers: 1, salesFen: 2550 },
          { month: '2026-04', referrals: 1, buyers: 2, salesFen: 2000 },
          { month: '2026-05', referrals: 0, buyers: 0, salesFen: 0 },
        ],
      },
      {
        koc: 'k2', name: '老陈', code: 'CHEN', referrals: 1, buyers: 1, salesFen: 1000,
        months: [
          { month: '2026-03', referrals: 1, buyers: 1, salesFen: 1000 },
          { month: '2026-04', referrals: 0, buyers: 0, salesFen: 0 },
          { month: '2026-05', referrals: 0, buyers: 0, salesFen: 0 },
        ],
      },
    ]);
  });

  it('is empty without the slices, or for an empty range', () => {
    const bare = computeMetrics({ entries: log, recallRuns: [], tz: TZ, ownerIds: [OWNER] }, range);
    expect(bare.community.koc).toEqual([]);
    expect(bare.community.months.map((r) => [r.autoreplyAnswers, r.topRules[0]?.keywords, r.kocReferrals])).toEqual([[6, null], [2, null], [1, null]].map(([a, k]) => [a, k, 0]));
    expect(computeMetrics(input, { from: range.from, to: range.from }).community).toEqual({ months: [], koc: [] });
  });

  it('prints them in the report table', () => {
    const text = tableText(m, TZ);
    expect(text).toContain('社区 Community');
    expect(text).toMatch(/2026-03\s+6\s+4\s+2\s+3\s+2\s+1\s+2\s+2\s+35\.5/);
    expect(text).toMatch(/2026-04\s+#4\s+（已删除 deleted）\s+2\s+1/);
    expect(text).toMatch(/小美\s+MEI8\s+合计 total\s+1\s+2\s+45\.5/);
  });
});
