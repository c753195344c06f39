import { describe, expect, it } from 'vitest';
import { parseNewPoll } from './create-args.ts';
import { pollParticipation } from './participation.ts';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-23T09:00:00+08:00');
const g1 = { id: 'g1', name: '幸福里1群' };
const g2 = { id: 'g2', name: '幸福里2群' };
const parse = (s: string, dm = false) => parseNewPoll(s, [g1, g2], dm, NOW, TZ);

describe('parseNewPoll', () => {
  it('reads a question with spaces up to its ？, options by spaces, 、 or numbered, and a cut-off', () => {
    expect(parse('下周上新 选哪个？ 海盐 芝士 原味 截止 周五 20:00')).toEqual({
      question: '下周上新 选哪个？', options: ['海盐', '芝士', '原味'], closesAt: Date.parse('2026-11-27T20:00:00+08:00'),
    });
    expect(parse('口味 海盐、芝士，原味')).toEqual({ question: '口味', options: ['海盐', '芝士', '原味'] });
    expect(parse('口味？ 1.海盐 2.芝士 3. 1.5斤装')).toEqual({ question: '口味？', options: ['海盐', '芝士', '1.5斤装'] });
  });

  it('takes a group name first from a DM, and refuses 全部 or several', () => {
    expect(parse('幸福里2群 口味 海盐 芝士', true)).toMatchObject({ group: g2, question: '口味' });
    expect(parse('口味 海盐 芝士', true)).not.toHaveProperty('group');
    expect(parse('全部 口味 海盐 芝士', true)).toMatchObject({ error: expect.stringMatching(/一个投票只发一个群/) });
    // In a group a group's name is just the question.
    expect(parse('幸福里2群 海盐 芝士')).toMatchObject({ question: '幸福里2群' });
  });

  it.each([
    ['', /请写上问题和选项/],
    ['口味 海盐', /至少要有2个选项/],
    ['口味 a b c d e f g h i j k', /最多10个/],
    ['口味 海盐 海盐', /写了两次/],
    ['口味 1 2', /只有数字/],
    ['口味 海盐 芝士 截止 下下周', /截止时间/],
    ['口味 这个选项的名字实在是写得太长太长了大家回不过来 芝士', /太长/],
  ])('%j → a clear answer', (input, message) => {
    const r = parse(input);
    expect('error' in r && r.error).toMatch(message);
  });
});

describe('pollParticipation', () => {
  const vote = (at: string, member: string, poll: number, option: number, replaced?: number) => ({
    kind: 'vote', id: `v-${at}-${member}`, at: Date.parse(at), poll, option, optionName: `o${option}`,
    member: { id: member, name: member }, group: { id: 'g1', name: '幸福里1群' }, ...(replaced ? { replaced } : {}),
  });
  const log = [
    vote('2026-11-23T09:00:00+08:00', 'a', 1, 1),
    vote('2026-11-23T10:00:00+08:00', 'a', 1, 2, 1),
    vote('2026-11-29T23:30:00+08:00', 'b', 1, 2),
    vote('2026-11-30T00:10:00+08:00', 'b', 2, 1),
    { kind: 'vote', at: 'bad' },
    { kind: 'checkin', at: 1 },
  ];

  it('counts voters and votes per week, a changed vote once', () => {
    expect(pollParticipation(log, { tz: TZ, period: 'week' })).toEqual([
      { period: '2026-11-23', voters: ['a', 'b'], votes: 2, polls: 1, changes: 1 },
      { period: '2026-11-30', voters: ['b'], votes: 1, polls: 1, changes: 0 },
    ]);
  });

  it('per day and month, within a window', () => {
    expect(pollParticipation(log, { tz: TZ, period: 'month' }).map((p) => [p.period, p.votes])).toEqual([['2026-11', 4 - 1]]);
    expect(pollParticipation(log, { tz: TZ, period: 'day', from: Date.parse('2026-11-29T00:00:00+08:00') }).map((p) => p.period)).toEqual(['2026-11-29', '2026-11-30']);
  });
});
