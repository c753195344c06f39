import { fenYuan } from '../../text/money.ts';
import type { FulfilmentItem, FulfilmentOrder } from './state.ts';

// What an order's fields mean, in one place: its state as the owner and the pick list name it,
// what is still owed, what is still to collect. Pure.

export type OrderState = '待付款' | '已付款' | '已到货' | '部分取货' | '已取货' | '已取消' | '已退款';

export function stateOf(o: FulfilmentOrder): OrderState {
  if (o.ended === 'cancelled') return '已取消';
  if (o.ended === 'refunded') return '已退款';
  if (isCollected(o)) return '已取货';
  if (o.items.some((i) => i.collected > 0)) return '部分取货';
  if (o.arrivedAt !== undefined) return '已到货';
  return o.paid ? '已付款' : '待付款';
}

/** Still part of the shop's business: not cancelled, not refunded in full. */
export function isLive(o: FulfilmentOrder): boolean {
  return o.ended === undefined;
}

export function isUnpaid(o: FulfilmentOrder): boolean {
  return isLive(o) && !o.paid;
}

/** Every item collected in full (an item whose quantity was never written counts once marked). */
export function isCollected(o: FulfilmentOrder): boolean {
  return o.items.length > 0 && o.items.every((i) => i.collected >= (i.qty ?? 1));
}

export function isUncollected(o: FulfilmentOrder): boolean {
  return isLive(o) && o.arrivedAt !== undefined && !isCollected(o);
}

/** What is left to collect of one item. */
export function leftOf(i: FulfilmentItem): number {
  return Math.max(0, (i.qty ?? 1) - i.collected);
}

/** What is still owed: due less received; null when the price is not known. */
export function owedFen(o: FulfilmentOrder): number | null {
  if (!isLive(o)) return 0;
  if (o.paid) return 0;
  if (o.dueFen === null) return null;
  return Math.max(0, o.dueFen - o.paidFen - o.refundedFen);
}

/** "芒果×2箱、大米×1袋". */
export function itemsText(items: ReadonlyArray<Pick<FulfilmentItem, 'product' | 'qty' | 'unit'>>): string {
  return items.map((i) => `${i.product}${i.qty !== null ? `×${i.qty}${i.unit ?? ''}` : ''}`).join('、');
}

/** What is left to collect: "芒果×1箱". */
export function leftText(o: FulfilmentOrder): string {
  return itemsText(o.items.filter((i) => leftOf(i) > 0).map((i) => ({ ...i, qty: i.qty === null ? null : leftOf(i) })));
}

/** "王阿姨 3-501" — who the order is, as the group knows them. */
export function whoText(o: Pick<FulfilmentOrder, 'name' | 'room' | 'member'>): string {
  return [o.name ?? o.member?.name, o.room].filter(Boolean).join(' ') || '（未署名）';
}

/** "23.8元", or "金额待定" when a price is unknown. */
export function dueText(o: FulfilmentOrder): string {
  return o.dueFen === null ? '金额待定' : fenYuan(o.dueFen);
}

/** One line for the owner's lists: "101 王阿姨 3-501 芒果×2箱 23.8元 已付款". */
export function orderLine(o: FulfilmentOrder): string {
  return `${o.no} ${whoText(o)} ${itemsText(o.items)} ${dueText(o)}`;
}
