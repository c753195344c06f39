import MiniSearch from 'minisearch';
import type { Product } from '../../store/schema.ts';
import { NameMatcher, unique, type NameSpan } from './names.ts';
import { STOPWORDS, words } from './segment.ts';

// Which products a question is about: names and aliases written out in full first, then
// BM25 ranking (MiniSearch) over the segmented catalog for everything else.

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

const NAME_FIELDS = new Set(['name', 'aliases', 'category']);

export class CatalogIndex {
  readonly names: NameMatcher;
  private readonly search: MiniSearch;
  private readonly byIndex: readonly Product[];

  constructor(readonly products: readonly Product[]) {
    this.byIndex = products;
    this.names = new NameMatcher(products);
    this.search = new MiniSearch({
      idField: 'i',
      fields: ['name', 'aliases', 'category', 'origin', 'certifications', 'faq', 'description'],
      tokenize: (text) => words(text),
      processTerm: (term) => (STOPWORDS.has(term) ? null : term),
      searchOptions: { boost: { name: 4, aliases: 3, category: 2, origin: 1.5, certifications: 1.5, faq: 1, description: 0.5 } },
    });
    this.search.addAll(products.map((p, i) => ({
      i, name: p.name, aliases: p.aliases.join(' '), category: p.category ?? '', origin: p.origin ?? '',
      certifications: (p.certifications ?? []).join(' '), faq: (p.faq ?? []).map((f) => f.q).join(' '),
      description: [p.description, p.spec].filter(Boolean).join(' '),
    })));
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
    return this.search.search(question, { combineWith: 'OR' }).slice(0, limit).map((r) => ({
      product: this.byIndex[r.id as number]!,
      score: r.score,
      nameTerms: Object.entries(r.match).filter(([, fields]) => fields.some((f) => NAME_FIELDS.has(f))).map(([term]) => term),
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
