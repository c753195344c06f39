import type { ProfileOrder } from './types.ts';

// How profile code reads a behaviour-log entry's fields: defensively, so a malformed entry
// changes nothing rather than throwing. Shared by the incremental reducer and the
// from-scratch definition it is checked against, so both read an entry the same way.

export type Entry = Record<string, unknown>;
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

export function groupId(group: unknown): string | undefined {
  const id = (group as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * What one order line says was bought: product names (catalog names where known), categories.
 * The arrays are sized exactly: an order lives as long as the profile, and an array grown by
 * push keeps room for 17.
 */
export function orderDetails(entry: Entry, catalog: CatalogLookup): Omit<ProfileOrder, 'at'> {
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
