import type { PointsBook } from './book.ts';
import type { JielongClosed } from '../jielong/index.ts';
import { purchasePoints, type PointsRules } from './rules.ts';

// When the owner closes a 接龙, each confirmed order earns 1 point per yuan (rounded down),
// once per order: closing the same 接龙 again pays nothing more.

export function onClosed(entry: JielongClosed, book: PointsBook, rules: PointsRules): void {
  for (const order of entry.orders) {
    if (!order.member) continue;
    const amount = purchasePoints(order.amount, rules.perYuan);
    if (amount <= 0) continue;
    book.post({
      key: `purchase:${entry.jielong}:${order.lineId}`, member: order.member.id, amount, kind: 'purchase',
      reason: `接龙「${entry.title}」¥${order.amount}`, source: entry.id ?? `jielong-closed:${entry.jielong}`, at: entry.at,
    }, { ...(entry.group ? { group: entry.group } : {}), ...(order.member.name ? { name: order.member.name } : {}) });
  }
}
