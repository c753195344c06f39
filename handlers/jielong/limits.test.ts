import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JielongRecord } from './state.ts';
import { appendLine, emptyBook, type BookLine } from './diff.ts';
import { grantLine, takenOf } from './limits.ts';
import type { JielongEntry } from './parse.ts';

const offer = { name: '冷榨亚麻籽油', productId: 'oil', price: 39.9, unit: '瓶', stock: 10, perPerson: 3 };

function record(): JielongRecord {
  return {
    id: 'jl-1', group: { id: 'g', name: '群' }, header: '#接龙', title: '油团', status: 'open', openedAt: 0, openedBy: 'o',
    offer: [{ ...offer }], book: emptyBook<JielongEntry>(), pendingConfirm: [],
  };
}

function add(r: JielongRecord, who: string, qty: number): { line: BookLine<JielongEntry>; granted: number } {
  const entry: JielongEntry = { index: 0, name: who, room: null, items: [{ product: null, qty, unit: '瓶' }], raw: `${who} ${qty}瓶`, flags: [] };
  const { book, change } = appendLine(r.book, entry, who);
  r.book = book;
  const shortfalls = grantLine(r, change.line);
  return { line: change.line, granted: shortfalls[0]?.granted ?? qty };
}

describe('limits', () => {
  it('grants up to the per-person limit, counting what the member already has', () => {
    const r = record();
    expect(add(r, 'a', 2).granted).toBe(2);
    expect(add(r, 'a', 2).granted).toBe(1);
    expect(add(r, 'a', 1).granted).toBe(0);
  });

  it('never grants more than the stock, whatever arrives', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 1, max: 6 })), { maxLength: 30 }), (orders) => {
      const r = record();
      const perPerson = new Map<string, number>();
      for (const [who, qty] of orders) {
        const { granted } = add(r, who, qty);
        expect(granted).toBeGreaterThanOrEqual(0);
        expect(granted).toBeLessThanOrEqual(qty);
        perPerson.set(who, (perPerson.get(who) ?? 0) + granted);
      }
      expect(takenOf([r], r.offer![0]!)).toBeLessThanOrEqual(10);
      for (const total of perPerson.values()) expect(total).toBeLessThanOrEqual(3);
    }));
  });
});
