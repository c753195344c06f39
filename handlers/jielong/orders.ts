import type { Product } from '../../store/schema.ts';
import type { JielongOffer, JielongRecord } from './state.ts';
import { itemAmount } from './amount.ts';
import { round2 } from '../../text/money.ts';
import type { BookLine } from './diff.ts';
import type { JielongEntry, JielongItem } from './parse.ts';

// What the order book means: each active line's items resolved against what the 接龙 offers
// and the catalog, with the quantities granted under its limits. Confirmations, totals, the
// pick list and the behaviour events all read orders from here, so they always agree.

export interface OrderItem {
  product: string | null;
  productId?: string;
  qty: number | null;
  unit: string | null;
  price: number | null;
  amount: number | null;
  /** What was asked, when the limits granted less (qty is what was granted). */
  asked?: number;
}

export interface Order {
  lineId: number;
  authorId: string | null;
  name: string | null;
  room: string | null;
  raw: string;
  flags: string[];
  items: OrderItem[];
  amount: number | null;
}

/** The offer an item belongs to: by catalog id, by name, or the only one when the line names none. */
export function offerFor(offer: JielongOffer[], item: Pick<JielongItem, 'product' | 'productId'>): JielongOffer | undefined {
  if (item.productId) return offer.find((o) => o.productId === item.productId);
  if (item.product) return offer.find((o) => o.name === item.product);
  return offer.length === 1 ? offer[0] : undefined;
}

export function resolveItem(record: JielongRecord, catalog: Product[], item: JielongItem, granted?: number | null): OrderItem {
  const offered = offerFor(record.offer ?? [], item);
  const productId = item.productId ?? offered?.productId;
  const fromCatalog = productId ? catalog.find((p) => p.id === productId) : undefined;
  const price = offered?.price ?? fromCatalog?.price ?? null;
  const qty = granted ?? item.qty;
  const out: OrderItem = {
    product: item.product ?? offered?.name ?? null,
    qty,
    // An offer without a unit was announced as "59.9元/份": +1 and 两份 are both 份 of it.
    unit: unitOf(item.unit, offered?.unit ?? fromCatalog?.unit ?? (offered ? '份' : undefined)),
    price,
    amount: itemAmount(price ?? undefined, qty),
  };
  if (productId) out.productId = productId;
  if (granted !== undefined && granted !== null && item.qty !== null && granted < item.qty) out.asked = item.qty;
  return out;
}

/** "两份" of a product sold by the bottle is two bottles: 份 says how many, not what. */
function unitOf(written: string | null, productUnit: string | undefined): string | null {
  if (written && written !== '份') return written;
  return productUnit ?? written;
}

export function orderOf(record: JielongRecord, catalog: Product[], line: BookLine<JielongEntry>): Order {
  const items = line.entry.items
    .map((item, i) => resolveItem(record, catalog, item, line.granted?.[i]))
    // An item the limits granted nothing of is not an order (its line still says what was asked).
    .filter((item) => item.qty !== 0);
  return {
    lineId: line.id, authorId: line.authorId, name: line.entry.name, room: line.entry.room, raw: line.entry.raw,
    flags: line.entry.flags, items, amount: sumAmounts(items),
  };
}

/** The active orders, in the order they were placed. */
export function ordersOf(record: JielongRecord, catalog: Product[]): Order[] {
  return record.book.lines
    .filter((l) => l.state === 'active')
    .map((l) => orderOf(record, catalog, l))
    .filter((o) => o.items.length > 0);
}

export function sumAmounts(items: Array<{ amount: number | null }>): number | null {
  if (items.length === 0 || items.some((i) => i.amount === null)) return null;
  return round2(items.reduce((s, i) => s + (i.amount ?? 0), 0));
}

/** "冷榨亚麻籽油×3瓶、东北大米×1袋". */
export function itemsText(items: Array<Pick<OrderItem, 'product' | 'qty' | 'unit'>>): string {
  return items
    .map((i) => `${i.product ?? ''}${i.qty !== null ? `×${i.qty}${i.unit ?? ''}` : ''}`)
    .filter(Boolean)
    .join('、');
}

/** "王阿姨 3-501": who a line is, as the group knows them. */
export function whoOf(entry: { name: string | null; room: string | null; raw: string }): string {
  return [entry.name, entry.room].filter(Boolean).join(' ') || entry.raw;
}
