import type { Services } from '../../bot/context.ts';
import { fenYuan } from '../../text/money.ts';
import type { FulfilmentOrder } from './state.ts';
import { isUncollected, isUnpaid, itemsText, stateOf as orderState } from './status.ts';

// What fulfilment adds to other features' views of an order: the pick list's marks, and the
// lines on a member's card.

export interface Marks {
  pickupNo?: string;
  state?: string;
  unpaid?: boolean;
  uncollected?: boolean;
}

function orderAt(services: Services, jielong: string, lineId: number): FulfilmentOrder | undefined {
  return Object.values(services.store.data.fulfilment.orders).find((o) => o.jielong === jielong && o.lineId === lineId);
}

/** The pick list's marks of one order line, once the 接龙 has closed. */
export function marksOf(services: Services, jielong: string, lineId: number): Marks | undefined {
  const o = orderAt(services, jielong, lineId);
  if (!o) return undefined;
  return { pickupNo: o.no, state: orderState(o), unpaid: isUnpaid(o), uncollected: isUncollected(o) };
}

/** Lines for a member's card: orders not paid or not collected, and after-sales cases. */
export function cardLines(services: Services, memberId: string): string[] {
  const state = services.store.data.fulfilment;
  const mine = Object.values(state.orders).filter((o) => o.member?.id === memberId);
  const lines: string[] = [];
  const unpaid = mine.filter(isUnpaid);
  if (unpaid.length) lines.push(`待付款：${unpaid.map((o) => `${o.no}「${o.title}」${o.dueFen === null ? '' : fenYuan(o.dueFen - o.paidFen)}${o.claim ? '（说已付）' : ''}`).join('、')}`);
  const waiting = mine.filter(isUncollected);
  if (waiting.length) lines.push(`未取货：${waiting.map((o) => `${o.no}「${o.title}」${itemsText(o.items)}`).join('、')}`);
  // How many cases is the profile's to count (it follows the log); the card names those still open.
  const open = Object.values(state.cases).filter((c) => c.member.id === memberId && !c.outcome);
  if (open.length) lines.push(`售后待处理：${open.map((c) => `${c.no}号 ${c.text.slice(0, 20)}`).join('；')}`);
  return lines;
}
