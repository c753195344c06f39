import { monthStartOf, type Period } from './calendar.ts';
import { ordersIn, share, type Facts } from './facts.ts';
import type { Metrics } from './types.ts';

/**
 * 月复购率, per month the range touches: of the members who ordered in the month before (all of
 * it), those who ordered again in this month (up to the range's end).
 */
export function repurchase(facts: Facts, months: readonly Period[], to: number, tz: string): Metrics['repurchase'] {
  return months.map((month) => {
    const before = new Set<string>();
    for (const o of ordersIn(facts.orders, monthStartOf(month.start, tz, -1), month.start)) before.add(o.member);
    const again = new Set<string>();
    for (const o of ordersIn(facts.orders, month.start, Math.min(month.end, to))) if (before.has(o.member)) again.add(o.member);
    return { month: month.key, buyers: before.size, repeat: again.size, rate: share(again.size, before.size) };
  });
}
