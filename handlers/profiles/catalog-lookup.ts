import type { Product } from '../../store/schema.ts';
import type { CatalogLookup } from './reduce.ts';

// The catalog is replaced, never edited in place, so an index built once per array
// identity stays right until the next edit.
let cachedFor: readonly Product[] | undefined;
let cached: CatalogLookup | undefined;

export function catalogLookup(catalog: readonly Product[]): CatalogLookup {
  if (cached && cachedFor === catalog) return cached;
  const byId = new Map(catalog.map((p) => [p.id, p]));
  cachedFor = catalog;
  cached = { categoryOf: (id) => byId.get(id)?.category, nameOf: (id) => byId.get(id)?.name };
  return cached;
}
