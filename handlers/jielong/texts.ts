import type { JielongOffer, JielongRecord } from './state.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { round2 } from '../../text/money.ts';
import { takenOf } from './limits.ts';
import { sumAmounts, type Order } from './orders.ts';
import { yuan } from '../../text/money.ts';

// What the group and the owner read about a 接龙: the post that opens it, the totals, the
// closing note. Pure functions of the record and its orders.

/** "冷榨亚麻籽油 39.9元/瓶，限量10瓶，每人限购3瓶": one product as the 接龙 post lists it. */
export function offerLine(o: JielongOffer): string {
  const unit = o.unit ?? '份';
  const parts = [o.price !== undefined ? `${o.name} ${yuan(o.price, unit)}` : o.name];
  if (o.stock !== null) parts.push(`限量${o.stock}${unit}`);
  if (o.perPerson !== null) parts.push(`每人限购${o.perPerson}${unit}`);
  return parts.join('，');
}

/**
 * The 接龙 as WeChat's own tool writes it (#接龙, title, description, 例), so residents can
 * tap 接龙 under it and add their line; the bot reads those reposts as versions of it.
 */
export function announcement(record: Pick<JielongRecord, 'title' | 'offer' | 'cutoffAt' | 'example'>, now: number, tz: string): string {
  const offer = record.offer ?? [];
  const lines = ['#接龙', record.title, ...offer.map(offerLine)];
  if (record.cutoffAt !== undefined) lines.push(`截止：${formatWhen(record.cutoffAt, now, tz)}`);
  // The record's own 例 line (the one residents were shown, so a copy of it stays a copy).
  lines.push(record.example ?? exampleLine(offer));
  return lines.join('\n');
}

/** The 例 line of a 接龙 the bot posts. */
export function exampleLine(offer: JielongOffer[]): string {
  const sample = offer.length > 1 ? `${offer[0]!.name}2${offer[0]!.unit ?? '份'}` : `2${offer[0]?.unit ?? '份'}`;
  return `例 3-501 王阿姨 ${sample}`;
}

export interface ProductTotal {
  product: string;
  unit: string;
  qty: number;
  people: number;
  /** Lines of this product without a readable quantity (not in qty). */
  unread: number;
}

/** Totals per product over the orders; items without a product are "未写明商品". */
export function productTotals(orders: Order[]): ProductTotal[] {
  const totals = new Map<string, ProductTotal & { who: Set<string> }>();
  for (const order of orders) {
    for (const item of order.items) {
      const product = item.product ?? '未写明商品';
      const unit = item.unit ?? '';
      const key = `${product}|${unit}`;
      let t = totals.get(key);
      if (!t) totals.set(key, (t = { product, unit, qty: 0, people: 0, unread: 0, who: new Set() }));
      if (item.qty === null) t.unread++;
      else t.qty = round2(t.qty + item.qty);
      t.who.add(personOf(order));
      t.people = t.who.size;
    }
  }
  return [...totals.values()].map(({ who: _who, ...t }) => t);
}

/** Who placed an order: the member where known, else the line as written (one person per line). */
function personOf(o: Order): string {
  return o.authorId ?? `${o.room}|${o.name}|${o.lineId}`;
}

function peopleOf(orders: Order[]): number {
  return new Set(orders.map(personOf)).size;
}

/** "冷榨亚麻籽油 12瓶（3人）" lines, with the stock left where there is a limit. */
export function totalsText(record: JielongRecord, orders: Order[], siblings: JielongRecord[] = [record]): string {
  if (orders.length === 0) return '还没有人接龙。';
  const lines = productTotals(orders).map((t) => {
    const unread = t.unread ? `，另有${t.unread}人没写数量` : '';
    const offer = (record.offer ?? []).find((o) => o.name === t.product && o.stock !== null);
    const left = offer ? `，剩${Math.max(0, offer.stock! - takenOf(siblings, offer))}${t.unit || offer.unit || ''}` : '';
    return `${t.product} ${t.qty}${t.unit}（${t.people}人${unread}${left}）`;
  });
  const sum = sumAmounts(orders);
  const total = sum !== null ? `，合计${yuan(sum)}` : '';
  return [`共${peopleOf(orders)}人${total}：`, ...lines].join('\n');
}

export function summaryText(record: JielongRecord, orders: Order[], now: number, tz: string, siblings: JielongRecord[] = [record]): string {
  const state = record.status === 'open'
    ? record.cutoffAt !== undefined ? `进行中，${formatWhen(record.cutoffAt, now, tz)}截止` : '进行中'
    : '已截单';
  return `「${record.title}」${state}，${totalsText(record, orders, siblings)}`;
}

/** The answer to a sign-up that came after the 接龙 closed. */
export function tooLateText(title: string): string {
  return `「${title}」已经截单了，这次没有登记上。下次开团我们早点提醒你～`;
}

export function closingText(record: JielongRecord, orders: Order[], siblings: JielongRecord[] = [record]): string {
  return `「${record.title}」已截单，谢谢大家！${totalsText(record, orders, siblings)}\n团长会按楼栋配送，到货另行通知～`;
}

/** To the owner: how a cut-off written in a posted 接龙 was read, so a wrong reading is caught. */
export function cutoffReadText(record: Pick<JielongRecord, 'title' | 'cutoffAt'>, phrase: string, now: number, tz: string): string {
  if (record.cutoffAt === undefined) {
    return `「${record.title}」写了“${phrase}”，我没算出是哪天几点，不会自动截单。到时间请发 /接龙 关 截单。`;
  }
  return `「${record.title}」写了“${phrase}”，我记为${formatWhen(record.cutoffAt, now, tz)}自动截单，到点在群里公布汇总。不对的话请到时间发 /接龙 关 手动截单。`;
}
