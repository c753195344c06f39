import { describe, expect, it } from 'vitest';
import { groupWelcomes, notWelcomed, stillHere, welcomeDueAt, withJoin, type Timing } from './batch.ts';
import type { PendingJoin } from './state.ts';

const MIN = 60_000;
const t: Timing = { batchMs: 3 * MIN, gapMs: 10 * MIN };
const T0 = Date.parse('2026-11-23T10:00:00+08:00');
const joinOf = (id: string, at: number): PendingJoin => ({ member: { id, name: id }, at, event: `e-${id}` });

describe('welcomeDueAt', () => {
  it('waits the batch time after the first join of a quiet group', () => {
    expect(welcomeDueAt(T0, undefined, t)).toBe(T0 + 3 * MIN);
    expect(welcomeDueAt(T0, T0 - 60 * MIN, t)).toBe(T0 + 3 * MIN);
  });

  it('holds a join soon after a welcome until the gap has passed', () => {
    expect(welcomeDueAt(T0 + MIN, T0, t)).toBe(T0 + 10 * MIN);
    expect(welcomeDueAt(T0 + 9 * MIN, T0, t)).toBe(T0 + 12 * MIN);
  });

  it('with no batch time and no gap, welcomes at once', () => {
    expect(welcomeDueAt(T0, T0, { batchMs: 0, gapMs: 0 })).toBe(T0);
  });
});

describe('withJoin', () => {
  let seq = 0;
  const next = () => ++seq;

  it('starts a batch, then adds to it without moving its time, and keeps a member once', () => {
    const first = withJoin(undefined, joinOf('a', T0), undefined, t, next);
    expect(first).toEqual({ added: true, batch: { seq: 1, dueAt: T0 + 3 * MIN, joins: [joinOf('a', T0)] } });
    const second = withJoin(first.batch, joinOf('b', T0 + 2 * MIN), undefined, t, next);
    expect(second.batch.dueAt).toBe(T0 + 3 * MIN);
    expect(second.batch.joins.map((j) => j.member.id)).toEqual(['a', 'b']);
    // The input batch is not changed (the caller stores the result).
    expect(first.batch.joins).toHaveLength(1);
    expect(withJoin(second.batch, joinOf('a', T0 + 2.5 * MIN), undefined, t, next)).toEqual({ batch: second.batch, added: false });
  });

  it('a burst of five in two minutes is one batch; the sixth after the welcome is a new one, after the gap', () => {
    let batch;
    for (let i = 0; i < 5; i++) batch = withJoin(batch, joinOf(`n${i}`, T0 + i * 30_000), undefined, t, next).batch;
    expect(batch!.joins).toHaveLength(5);
    const welcomedAt = batch!.dueAt;
    const sixth = withJoin(undefined, joinOf('n5', welcomedAt + MIN), welcomedAt, t, next).batch;
    expect(sixth.dueAt).toBe(welcomedAt + 10 * MIN);
    expect(sixth.seq).not.toBe(batch!.seq);
  });
});

describe('notWelcomed', () => {
  const newcomer = { newcomer: true, bot: false, owner: false, staff: false };
  it.each([
    [newcomer, undefined],
    [{ ...newcomer, newcomer: false }, 'rejoin'],
    [{ ...newcomer, bot: true }, 'bot'],
    [{ ...newcomer, owner: true }, 'owner'],
    [{ ...newcomer, staff: true }, 'staff'],
    [{ newcomer: false, bot: false, owner: true, staff: false }, 'owner'],
  ])('%j → %s', (who, why) => expect(notWelcomed(who)).toBe(why));
});

describe('groupWelcomes', () => {
  const base = { off: false, override: undefined, size: 50, maxSize: 200 };
  it('welcomes a group up to the size, not over it', () => {
    expect(groupWelcomes(base)).toBe(true);
    expect(groupWelcomes({ ...base, size: 200 })).toBe(true);
    expect(groupWelcomes({ ...base, size: 201 })).toBe(false);
  });
  it('follows the owner: a group turned on or off, everything off', () => {
    expect(groupWelcomes({ ...base, size: 500, override: true })).toBe(true);
    expect(groupWelcomes({ ...base, override: false })).toBe(false);
    expect(groupWelcomes({ ...base, override: true, off: true })).toBe(false);
  });
  it('0 is no limit', () => expect(groupWelcomes({ ...base, size: 5000, maxSize: 0 })).toBe(true));
});

describe('stillHere', () => {
  it('drops who left before the welcome', () => {
    const joins = [joinOf('a', T0), joinOf('b', T0), joinOf('c', T0)];
    expect(stillHere(joins, (id) => id !== 'b').map((m) => m.id)).toEqual(['a', 'c']);
  });
});
