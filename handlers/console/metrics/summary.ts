import { DAY_MS } from '../../../scheduler/clock.ts';
import { anyIn, ordersIn, perFen, share, type Facts } from './facts.ts';
import type { Metrics } from './types.ts';

/** How long without activity makes a member silent, counted back from the range's end. */
export const SILENT_DAYS = 30;

/** The range at a glance: members, new members, buyers, orders, sales, 客单价, silent share. */
export function summary(facts: Facts, from: number, to: number): Metrics['summary'] {
  let members = 0;
  let newMembers = 0;
  let silent = 0;
  for (const m of facts.members.values()) {
    if (m.firstSeenAt >= to) continue;
    members++;
    if (m.joinedAt !== undefined && m.joinedAt >= from && m.joinedAt < to) newMembers++;
    if (!anyIn(m.activity, to - SILENT_DAYS * DAY_MS, to)) silent++;
  }
  const orders = from < to ? ordersIn(facts.orders, from, to) : [];
  const buyers = new Set<string>();
  let salesFen = 0;
  let priced = 0;
  for (const o of orders) {
    buyers.add(o.member);
    salesFen += o.fen;
    if (o.priced) priced++;
  }
  return {
    members, newMembers, buyers: buyers.size, orders: orders.length, salesFen,
    avgOrderFen: perFen(salesFen, priced), silentShare: share(silent, members),
  };
}
