import type { Product, State } from '../../store/schema.ts';
import type { JielongRecord } from '../jielong/index.ts';
import { takenOf } from '../jielong/index.ts';
import { openRecords } from '../jielong/index.ts';
import { ordersOf } from '../jielong/index.ts';

// What the open 接龙s say about a product now: the price it sells at in the asker's group
// (the 接龙's word beats the catalog's), and how much is really left once the bookings in
// every open 接龙 are taken off the stock. Pure: reads the state, changes nothing.

export interface LiveFact {
  productId: string;
  /** The open 接龙's price in the asker's groups, when it differs from the catalog's. */
  offer?: { price: number; unit?: string; title: string };
  /** Booked in open 接龙s (all groups: the stock is the shop's). */
  booked: number;
  /** What is left to sell, when the stock is known; undefined when unlimited or unknown. */
  left?: number;
}

export function liveFacts(state: State, products: readonly Product[], groupIds: readonly string[]): Map<string, LiveFact> {
  const out = new Map<string, LiveFact>();
  if (products.length === 0) return out;
  // Runs on every question: the open 接龙s come from the live index (not a scan of every 接龙
  // held), and their orders are read once for all the products, not once per product.
  const open = openRecords(state.jielong);
  const bookedOf = new Map<string, number>();
  for (const r of open) {
    for (const o of ordersOf(r, state.catalog)) {
      for (const i of o.items) if (i.productId && i.qty) bookedOf.set(i.productId, (bookedOf.get(i.productId) ?? 0) + i.qty);
    }
  }
  for (const p of products) {
    const booked = bookedOf.get(p.id) ?? 0;
    const fact: LiveFact = { productId: p.id, booked };
    const here = open.find((r) => groupIds.includes(r.group.id) && r.offer?.some((o) => o.productId === p.id && o.price !== undefined));
    const offer = here?.offer?.find((o) => o.productId === p.id);
    if (here && offer?.price !== undefined && offer.price !== p.price) {
      fact.offer = { price: offer.price, ...(offer.unit ?? p.unit ? { unit: (offer.unit ?? p.unit)! } : {}), title: here.title };
    }
    const limits: number[] = [];
    if (typeof p.stock === 'number') limits.push(p.stock - booked);
    // A 接龙 that sells a limited number: what its own limit leaves (one stock across a batch).
    for (const r of open) {
      const o = r.offer?.find((x) => x.productId === p.id);
      if (!o || o.stock === null || !groupIds.includes(r.group.id)) continue;
      limits.push(o.stock - takenOf(siblings(open, r), o));
    }
    if (limits.length) fact.left = Math.max(0, Math.min(...limits));
    out.set(p.id, fact);
  }
  return out;
}

function siblings(open: JielongRecord[], r: JielongRecord): JielongRecord[] {
  return r.batch ? open.filter((x) => x.batch === r.batch) : [r];
}
