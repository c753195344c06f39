import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ledger, ledgerSums, memoryJournal, rank } from './ledger.ts';
import { emptyPoints, type LedgerEntry, type MovementKind } from './state.ts';

const movement = (key: string, member: string, amount: number, at = 1, kind: MovementKind = 'checkin'): LedgerEntry =>
  ({ key, member, amount, kind, reason: '签到', source: `e:${key}`, at });

describe('the ledger', () => {
  it('posts a key once, and refuses what would go below zero or is not a whole number', () => {
    const data = emptyPoints();
    const journal = memoryJournal();
    const ledger = new Ledger(data, journal);
    expect(ledger.post(movement('a', 'm1', 5))).toMatchObject({ ok: true, balance: 5 });
    expect(ledger.post(movement('a', 'm1', 5))).toEqual({ ok: false, why: 'duplicate', balance: 5 });
    expect(ledger.post(movement('b', 'm1', -6))).toEqual({ ok: false, why: 'insufficient', balance: 5 });
    expect(ledger.post(movement('c', 'm1', -5))).toMatchObject({ ok: true, balance: 0 });
    expect(ledger.post(movement('d', 'm1', 0))).toEqual({ ok: false, why: 'invalid', balance: 0 });
    expect(ledger.post(movement('e', 'm1', 1.5))).toEqual({ ok: false, why: 'invalid', balance: 0 });
    expect(journal.entries.map((e) => e.key)).toEqual(['a', 'c']);
    expect(data.balances).toEqual({ m1: 0 });
  });

  it('writes to the journal before it touches a balance, and changes nothing when the write fails', () => {
    const data = emptyPoints();
    const ledger = new Ledger(data, { entries: [], append: () => { throw new Error('disk full'); } });
    expect(() => ledger.post(movement('a', 'm1', 5))).toThrow('disk full');
    expect(data.balances).toEqual({});
    expect(ledger.has('a')).toBe(false);
  });

  it('rebuilds its indexes from the stored ledger, so a restart does not forget keys', () => {
    const data = emptyPoints();
    const journal = memoryJournal();
    new Ledger(data, journal).post(movement('a', 'm1', 5));
    const again = new Ledger(JSON.parse(JSON.stringify(data)), memoryJournal(JSON.parse(JSON.stringify(journal.entries))));
    expect(again.has('a')).toBe(true);
    expect(again.post(movement('a', 'm1', 5))).toMatchObject({ ok: false, why: 'duplicate' });
    expect(again.recent('m1', 5).map((e) => e.key)).toEqual(['a']);
  });

  it('repairs balances that differ from the ledger sum and says which', () => {
    const data = emptyPoints();
    const journal = memoryJournal();
    const ledger = new Ledger(data, journal);
    ledger.post(movement('a', 'm1', 5));
    ledger.post(movement('b', 'm2', 7));
    data.balances.m1 = 500;
    data.balances.ghost = 3;
    expect(new Ledger(data, journal).reconcile()).toEqual([{ member: 'm1', stored: 500, sum: 5 }, { member: 'ghost', stored: 3, sum: 0 }]);
    expect(data.balances).toEqual({ m1: 5, m2: 7, ghost: 0 });
  });

  it('scores the week from its tail, leaving spending out', () => {
    const ledger = new Ledger(emptyPoints());
    ledger.post(movement('old', 'm1', 50, 10));
    ledger.post(movement('a', 'm1', 5, 100));
    ledger.post(movement('b', 'm2', 7, 101));
    ledger.post(movement('r', 'm2', -7, 102, 'redeem'));
    ledger.post(movement('x', 'm1', -2, 103, 'adjust'));
    expect(ledger.scoresSince(100)).toEqual(new Map([['m1', 3], ['m2', 7]]));
  });

  it('ranks ties together and skips those without points', () => {
    const scores = new Map([['a', 5], ['b', 9], ['c', 5], ['d', 0], ['e', 1]]);
    expect(rank(scores, (id) => id)).toEqual([
      { member: 'b', score: 9, place: 1 }, { member: 'a', score: 5, place: 2 }, { member: 'c', score: 5, place: 2 },
      { member: 'e', score: 1, place: 4 },
    ]);
  });
});

describe('ledger properties', () => {
  const members = ['m1', 'm2', 'm3'];
  const movements = fc.array(
    fc.record({
      key: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `k${i}`)),
      member: fc.constantFrom(...members),
      amount: fc.oneof(fc.integer({ min: -40, max: 40 }), fc.constant(0), fc.double({ min: -5, max: 5, noNaN: true })),
    }),
    { maxLength: 60 },
  );

  it('keeps every balance equal to its ledger sum and never negative; posting the same sequence twice changes nothing', () => {
    fc.assert(fc.property(movements, (list) => {
      const data = emptyPoints();
      const journal = memoryJournal();
      const ledger = new Ledger(data, journal);
      for (const m of list) ledger.post(movement(m.key, m.member, m.amount));
      const sums = ledgerSums(journal.entries);
      for (const member of members) {
        expect(data.balances[member] ?? 0).toBe(sums.get(member) ?? 0);
        expect(ledger.balance(member)).toBeGreaterThanOrEqual(0);
      }
      expect(new Set(journal.entries.map((e) => e.key)).size).toBe(journal.entries.length);
      const once = JSON.stringify([data, journal.entries]);
      for (const m of list) ledger.post(movement(m.key, m.member, m.amount));
      expect(JSON.stringify([data, journal.entries])).toBe(once);
      expect(new Ledger(data, journal).reconcile()).toEqual([]);
    }));
  });
});
