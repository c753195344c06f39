import type { Product } from '../../store/schema.ts';
import { normalName } from '../../text/normalize.ts';

// The product an owner means by a name: the exact name, id or alias first, then a name
// that contains what was typed (or is contained in it). Several candidates are returned
// for the owner to choose, never guessed.

export type Found = { product: Product } | { candidates: Product[] } | { none: true };

export function findProduct(catalog: readonly Product[], typed: string): Found {
  const key = normalName(typed);
  if (!key) return { none: true };
  const exact = catalog.find((p) => normalName(p.name) === key) ?? catalog.find((p) => p.id === typed.trim());
  if (exact) return { product: exact };
  const byAlias = catalog.filter((p) => p.aliases.some((a) => normalName(a) === key));
  if (byAlias.length === 1) return { product: byAlias[0]! };
  if (byAlias.length > 1) return { candidates: byAlias };
  const partial = catalog.filter((p) => [p.name, ...p.aliases].some((n) => normalName(n).includes(key) || key.includes(normalName(n))));
  if (partial.length === 1) return { product: partial[0]! };
  return partial.length ? { candidates: partial } : { none: true };
}
