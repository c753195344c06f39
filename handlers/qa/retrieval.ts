import type { Product } from '../../store/schema.ts';
import { NameMatcher, shortProductNames, unique, type NameSpan } from './names.ts';
import { Bm25 } from './bm25.ts';
import { terms } from './segment.ts';

// Which products a question is about: names and aliases written out in full first, then
// BM25 ranking over the segmented catalog (Intl.Segmenter words) for everything else.

export interface Hit {
  product: Product;
  score: number;
  /** Question words found in the name, an alias or the category (not only in the text). */
  nameTerms: string[];
}

export interface Retrieval {
  /** Products whose name or alias is in the question, in order of mention. */
  named: Product[];
  /** Where those names are, to read the rest of the question without them. */
  spans: NameSpan[];
  /** BM25-ranked products, best first; computed on first use (a named product needs no ranking). */
  readonly hits: Hit[];
}

/**
 * Ranking reads the fields a product is asked for by: its names, category and origin
 * ("山西的小米"). A product matched only by words of its description is never answered
 * about, so scoring those would only cost time.
 */
const WEIGHTS = { name: 4, aliases: 3, category: 2, origin: 1.5 };

export class CatalogIndex {
  readonly names: NameMatcher;
  private readonly bm25: Bm25;
  /** Per product: the words of its name, aliases and category. */
  private readonly nameWords: ReadonlyArray<Set<string>>;

  constructor(readonly products: readonly Product[]) {
    this.names = new NameMatcher(products, shortProductNames(products));
    const docs = products.map((p) => ({
      name: terms(p.name), aliases: terms(p.aliases.join(' ')), category: terms(p.category ?? ''), origin: terms(p.origin ?? ''),
    }));
    this.nameWords = docs.map((d) => new Set([...d.name, ...d.aliases, ...d.category]));
    this.bm25 = new Bm25(docs, { weights: WEIGHTS });
  }

  /** `spans`: the names already found in the question, when the caller has them. */
  find(question: string, spans: NameSpan[] = this.names.find(question), limit = 5): Retrieval {
    const named = unique(spans.map((s) => s.product));
    let hits: Hit[] | undefined;
    const rank = () => this.rank(question, limit);
    return { named, spans, get hits() { return (hits ??= rank()); } };
  }

  /** BM25 over the segmented catalog. */
  rank(question: string, limit = 5): Hit[] {
    const asked = terms(question);
    return this.bm25.search(asked, limit).map(({ doc, score }) => ({
      product: this.products[doc]!,
      score,
      nameTerms: asked.filter((t, i) => asked.indexOf(t) === i && this.nameWords[doc]!.has(t)),
    }));
  }
}

/** One index per catalog array: the catalog is replaced on every edit, so identity says when to rebuild. */
export function indexCache(): (catalog: readonly Product[]) => CatalogIndex {
  let cached: CatalogIndex | undefined;
  return (catalog) => {
    if (cached?.products !== catalog) cached = new CatalogIndex(catalog);
    return cached;
  };
}

/**
 * The products to answer about: those named, else (when the bot was addressed directly)
 * the best ranked ones whose name, alias or category holds at least half of what the
 * question is about (`subject`: its words less question words), scoring near the top.
 * "车厘子" sharing 子 with "牛腱子" is not a match; "油" alone is.
 */
export function productsToAnswer(r: Retrieval, direct: boolean, subject: readonly string[], max = 3): Product[] {
  if (r.named.length) return r.named.slice(0, max);
  if (!direct || subject.length === 0) return [];
  const wanted = new Set(subject);
  const onName = r.hits.filter((h) => h.nameTerms.filter((t) => wanted.has(t)).length * 2 >= wanted.size);
  const top = onName[0]?.score ?? 0;
  return onName.filter((h) => h.score >= top * 0.5).slice(0, max).map((h) => h.product);
}
