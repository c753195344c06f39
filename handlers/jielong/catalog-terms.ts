import type { Product } from '../../store/schema.ts';
import { normalName } from '../../text/normalize.ts';
import { overlaps, type Span } from './work.ts';
import type { JielongEntry, JielongFlag } from './entry-types.ts';

// Catalog names and aliases found in entry text, and items matched to catalog products.

export interface CatalogTerm {
  term: string;
  product: Product;
}

/** Every name and alias, longest first, so "东北大米" wins over "大米". */
export function catalogTerms(catalog: Product[]): CatalogTerm[] {
  const terms: CatalogTerm[] = [];
  for (const product of catalog) {
    for (const term of [product.name, ...(product.aliases ?? [])]) {
      const t = normalName(term ?? '');
      if (t) terms.push({ term: t, product });
    }
  }
  return terms.sort((a, b) => b.term.length - a.term.length);
}

/** Longest non-overlapping occurrences of catalog terms in a text. */
export function findCatalogSpans(text: string, terms: CatalogTerm[]): Array<Span & { product: Product }> {
  const lower = text.toLowerCase();
  const spans: Array<Span & { product: Product }> = [];
  for (const { term, product } of terms) {
    let from = 0;
    for (let at = lower.indexOf(term, from); at >= 0; at = lower.indexOf(term, from)) {
      const span = { start: at, end: at + term.length, product };
      if (!spans.some((s) => overlaps(s, span))) spans.push(span);
      from = at + 1;
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Replaces each item's product by the catalog product it names, or flags why it cannot. */
export function matchCatalog(entry: JielongEntry, terms: CatalogTerm[]): void {
  if (terms.length === 0) return;
  for (const item of entry.items) {
    if (item.product === null) continue;
    const ids = new Map(findCatalogSpans(item.product, terms).map((s) => [s.product.id, s.product]));
    if (ids.size === 1) {
      const product = [...ids.values()][0]!;
      if (product.name !== item.product) item.productRaw = item.product;
      item.product = product.name;
      item.productId = product.id;
    } else addFlag(entry, ids.size > 1 ? 'ambiguous-product' : 'unknown-product');
  }
}

export function addFlag(entry: JielongEntry, flag: JielongFlag): void {
  if (!entry.flags.includes(flag)) entry.flags.push(flag);
}
