import { readEntry } from '../../store/log-kinds.ts';
// The 接龙 entries' reader is declared there (handlers/jielong/entries.ts), the orders' after
// the cut-off in handlers/fulfilment/entries.ts.
import '../jielong/index.ts';
import '../fulfilment/index.ts';
import type { ProfileOrder } from './types.ts';

// How profile code reads a behaviour-log entry's fields: defensively, so a malformed entry
// changes nothing rather than throwing. Shared by the incremental reducer and the
// from-scratch definition it is checked against, so both read an entry the same way.

export type Entry = Record<string, unknown>;

/**
 * A 接龙 entry as the 接龙 feature's one reader reads it (handlers/jielong/entries.ts), for the
 * field reads below; undefined when it is malformed (a hand-edited log line changes nothing).
 */
export function jielongEntry(entry: Entry, kind: 'jielong' | 'jielong-closed'): Entry | undefined {
  const read = readEntry(kind, entry);
  return read && 'value' in read ? (read.value as unknown as Entry) : undefined;
}
/** An `order` entry (a change after the cut-off) as fulfilment's one reader reads it; undefined when malformed. */
export function orderChangeEntry(entry: Entry): Entry | undefined {
  const read = readEntry('order', entry);
  return read && 'value' in read ? (read.value as unknown as Entry) : undefined;
}

/**
 * What an order is worth after a change to it past the cut-off, or null once it no longer counts
 * as a purchase: cancelled, refunded in full, or refunded down to nothing. Any other change
 * (paid, collected …) leaves it as it was, an order without a price included. One rule for the
 * reducer, the from-scratch definition and the console's metrics.
 */
export function amountAfter(amount: number, change: Entry): number | null {
  if (change['change'] === 'cancelled' || change['full'] === true) return null;
  if (change['change'] !== 'refunded') return amount;
  const left = Math.round(amount * 100 - (num(change['fen']) ?? 0)) / 100;
  return left > 0 ? left : null;
}

export interface Person { id: string; name: string }

export interface CatalogLookup {
  /** The category of a catalog product, if it has one. */
  categoryOf(productId: string): string | undefined;
  /** A catalog product's display name. */
  nameOf(productId: string): string | undefined;
}

export const person = (v: unknown): Person | undefined => {
  const p = v as Partial<Person> | null | undefined;
  return p && typeof p.id === 'string' && p.id ? { id: p.id, name: typeof p.name === 'string' ? p.name : p.id } : undefined;
};
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : [];
}


/**
 * What one order line says was bought: product names (catalog names where known), categories.
 * The arrays are sized exactly: an order lives as long as the profile, and an array grown by
 * push keeps room for 17.
 */
export function orderDetails(entry: Entry, catalog: CatalogLookup): Omit<ProfileOrder, 'at'> {
  const single = singleCatalogItem(entry, catalog);
  if (single) return { amount: num(entry['amount']) ?? 0, products: single.products, categories: single.categories };
  const products: string[] = [];
  const categories: string[] = [];
  const items = Array.isArray(entry['items']) ? (entry['items'] as unknown[]) : [];
  for (const line of items) {
    if (!line || typeof line !== 'object') continue;
    const item = line as Entry;
    const id = str(item['productId']);
    const name = (id && catalog.nameOf(id)) ?? str(item['product']);
    if (name && !products.includes(name)) products.push(name);
    const category = id ? catalog.categoryOf(id) : undefined;
    if (category && !categories.includes(category)) categories.push(category);
  }
  return { amount: num(entry['amount']) ?? 0, products: products.slice(), categories: categories.slice() };
}

type Bought = Pick<ProfileOrder, 'products' | 'categories'>;

/**
 * Most orders are one catalog product: every such order of that product shares one pair of
 * frozen arrays (per catalog version) instead of four fresh arrays that would live as long as
 * the profile. Frozen, so no one can change one order's list through another's.
 */
const singles = new WeakMap<CatalogLookup, Map<string, Bought>>();

function singleCatalogItem(entry: Entry, catalog: CatalogLookup): Bought | undefined {
  const items = entry['items'];
  if (!Array.isArray(items) || items.length !== 1) return undefined;
  const line = items[0] as Entry | null | undefined;
  const id = line && typeof line === 'object' ? str(line['productId']) : undefined;
  if (!id) return undefined;
  let byId = singles.get(catalog);
  if (!byId) singles.set(catalog, (byId = new Map()));
  const known = byId.get(id);
  if (known) return known;
  const name = catalog.nameOf(id);
  // Without a catalog name the line's own text names the product: not shareable.
  if (!name) return undefined;
  const category = catalog.categoryOf(id);
  const bought: Bought = { products: Object.freeze([name]) as string[], categories: Object.freeze(category ? [category] : []) as string[] };
  byId.set(id, bought);
  return bought;
}
