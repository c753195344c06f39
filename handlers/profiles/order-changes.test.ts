// Orders changed after the cut-off (handlers/fulfilment): the reducer and the from-scratch
// definition agree on what still counts, an order without a price included.

import { describe, expect, it } from 'vitest';
import { profilesFromScratch } from './from-scratch.ts';
import { applyEntry } from './reduce.ts';
import { emptyProfiles } from './types.ts';
import type { CatalogLookup, Entry } from './entry-fields.ts';

const catalog: CatalogLookup = { categoryOf: () => undefined, nameOf: () => undefined };
const who = (id: string) => ({ id, name: id });
const closed = (jielong: string, at: number, orders: Array<[string, number, number | null]>): Entry => ({
  kind: 'jielong-closed', id: `c:${jielong}`, at, jielong, title: jielong,
  orders: orders.map(([member, lineId, amount]) => ({ lineId, member: who(member), amount, items: [{ product: '苹果', qty: 1, amount }] })),
});
const change = (jielong: string, lineId: number, member: string, at: number, what: string, extra: Entry = {}): Entry => ({
  kind: 'order', id: `o:${jielong}:${lineId}:${at}`, at, change: what, by: who('owner'), jielong, lineId, no: String(100 + lineId), member: who(member), ...extra,
});

function both(entries: Entry[]) {
  const live = emptyProfiles();
  for (const e of entries) applyEntry(live, e, catalog);
  const scratch = profilesFromScratch(entries, catalog);
  const orders = (s: typeof live) => Object.fromEntries(Object.entries(s.members).map(([id, p]) => [id, Object.fromEntries(Object.entries(p.orders).map(([j, o]) => [j, o.amount]))]));
  expect(orders(live)).toEqual(orders(scratch));
  return orders(live);
}

describe('orders changed after the cut-off', () => {
  it('an unpriced order stays counted when paid or collected, and goes when cancelled', () => {
    expect(both([
      closed('j1', 1, [['a', 1, null], ['b', 2, null]]),
      change('j1', 1, 'a', 2, 'paid', { fen: 0 }),
      change('j1', 1, 'a', 3, 'collected'),
      change('j1', 2, 'b', 4, 'cancelled', { fen: 0 }),
    ])).toEqual({ a: { j1: 0 }, b: {} });
  });

  it('a part refund leaves the rest; a full one, or a refund down to nothing, ends it', () => {
    expect(both([
      closed('j1', 1, [['a', 1, 99.8], ['b', 2, 49.9], ['c', 3, 20]]),
      change('j1', 1, 'a', 2, 'refunded', { fen: 1000 }),
      change('j1', 2, 'b', 3, 'refunded', { fen: 4990, full: true }),
      change('j1', 3, 'c', 4, 'refunded', { fen: 2000 }),
    ])).toEqual({ a: { j1: 89.8 }, b: {}, c: {} });
  });
});
