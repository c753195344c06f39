import { DAY_MS } from '../../../scheduler/clock.ts';
import { share, type Facts } from './facts.ts';
import type { Metrics } from './types.ts';

/** How long after buying X a purchase of Y counts as following it. */
export const FOLLOW_ON_DAYS = 30;
/** How many pairs are listed. */
export const FOLLOW_ON_TOP = 20;

/**
 * Product follow-on: for each product X, its buyers are the members whose first order of X in
 * the range was placed at t with t + FOLLOW_ON_DAYS days by the range's end (a whole window);
 * of them, those with a later order of Y placed in (t, t + days] — Y = X is X bought again. The
 * pairs with the most such buyers, then the highest rate, then by name.
 */
export function followOn(facts: Facts, from: number, to: number, days = FOLLOW_ON_DAYS, top = FOLLOW_ON_TOP): Metrics['followOn'] {
  const span = days * DAY_MS;
  const buyers = new Map<string, number>();
  const again = new Map<string, Map<string, number>>();
  for (const m of facts.members.values()) {
    const orders = m.orders;
    if (orders.length === 0) continue;
    const seen = new Set<string>();
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.at < from) continue;
      if (o.at + span > to) break;
      for (const x of o.products) {
        if (seen.has(x)) continue;
        seen.add(x);
        buyers.set(x, (buyers.get(x) ?? 0) + 1);
        const then = new Set<string>();
        for (let j = i + 1; j < orders.length; j++) {
          const later = orders[j]!;
          if (later.at > o.at + span) break;
          if (later.at <= o.at) continue;
          for (const y of later.products) then.add(y);
        }
        let row = again.get(x);
        if (!row) again.set(x, (row = new Map()));
        for (const y of then) row.set(y, (row.get(y) ?? 0) + 1);
      }
    }
  }
  const pairs: Metrics['followOn'] = [];
  for (const [product, row] of again) {
    const n = buyers.get(product)!;
    for (const [then, k] of row) pairs.push({ product, then, days, buyers: n, again: k, rate: share(k, n) });
  }
  pairs.sort((a, b) => b.again - a.again || b.rate! - a.rate! || cmp(a.product, b.product) || cmp(a.then, b.then));
  return pairs.slice(0, top);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
