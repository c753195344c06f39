import type { Period } from './calendar.ts';
import { ordersIn, type Facts } from './facts.ts';
import type { Metrics } from './types.ts';

/** Sales, orders and buyers per week (Monday to Monday) the range touches, each up to the range's end. */
export function weekly(facts: Facts, weeks: readonly Period[], to: number): Metrics['weekly'] {
  return weeks.map((w) => {
    const orders = ordersIn(facts.orders, w.start, Math.min(w.end, to));
    const buyers = new Set<string>();
    let salesFen = 0;
    for (const o of orders) {
      salesFen += o.fen;
      buyers.add(o.member);
    }
    return { week: w.key, salesFen, orders: orders.length, buyers: buyers.size };
  });
}
