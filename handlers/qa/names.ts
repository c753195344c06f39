import type { Product } from '../../store/schema.ts';
import { normalize } from './segment.ts';
import { normalName } from '../../text/normalize.ts';
import { shortNames } from '../jielong/index.ts';

// Finds the catalog's product names and aliases written verbatim in a text ("亚麻籽油还有吗").
// A lookup by each term's first two characters makes it cost a few map reads per character
// of the text, whatever the size of the catalog.

export interface NameSpan {
  start: number;
  end: number;
  product: Product;
}

interface Term {
  term: string;
  product: Product;
}

export class NameMatcher {
  /** Terms of two or more characters by their first two; longest first. */
  private readonly byPrefix = new Map<string, Term[]>();
  /** One-character terms (rare: an owner may alias a product as 蒜). */
  private readonly single = new Map<string, Term[]>();

  /** `shortened`: further words that name one product (the tails residents say, see shortProductNames). */
  constructor(products: readonly Product[], shortened: ReadonlyMap<string, Product> = new Map()) {
    const extra = new Map<Product, string[]>();
    for (const [term, product] of shortened) extra.set(product, [...(extra.get(product) ?? []), term]);
    for (const product of products) {
      const seen = new Set<string>();
      for (const raw of [product.name, ...product.aliases, ...(extra.get(product) ?? [])]) {
        const term = normalize(raw).trim();
        if (!term || seen.has(term)) continue;
        seen.add(term);
        const map = term.length === 1 ? this.single : this.byPrefix;
        const key = term.slice(0, 2);
        const list = map.get(key) ?? [];
        list.push({ term, product });
        map.set(key, list);
      }
    }
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.term.length - a.term.length);
  }

  /** Leftmost-longest, non-overlapping occurrences; every product a term names is reported. */
  find(text: string): NameSpan[] {
    const t = normalize(text);
    const spans: NameSpan[] = [];
    for (let i = 0; i < t.length;) {
      const hits = this.longestAt(t, i);
      if (hits.length === 0) {
        i++;
        continue;
      }
      const end = i + hits[0]!.term.length;
      for (const h of hits) spans.push({ start: i, end, product: h.product });
      i = end;
    }
    return spans;
  }

  /** The products named in the text, in order of first mention. */
  products(text: string): Product[] {
    return unique(this.find(text).map((s) => s.product));
  }

  private longestAt(t: string, i: number): Term[] {
    const found: Term[] = [];
    for (const candidate of this.byPrefix.get(t.slice(i, i + 2)) ?? []) {
      if (found.length && candidate.term.length < found[0]!.term.length) break;
      if (t.startsWith(candidate.term, i)) found.push(candidate);
    }
    if (found.length) return found;
    return (this.single.get(t[i]!) ?? []).slice();
  }
}

/**
 * How residents shorten a product's name: a tail of its name or an alias that fits exactly
 * one product (冷榨亚麻籽油 → 亚麻籽油, 土鸡蛋 → 鸡蛋) — the rule 接龙 sign-ups use
 * (jielong/offer-names.ts), over the whole catalog. A tail that is another product's name is theirs.
 */
export function shortProductNames(products: readonly Product[]): Map<string, Product> {
  const owner = new Map<string, Product>();
  for (const p of products) for (const n of [p.name, ...p.aliases]) owner.set(normalName(n), p);
  const out = new Map<string, Product>();
  for (const [tail, names] of shortNames([...owner.keys()])) {
    if (owner.has(tail) || SHORT_NOT_NAMES.has(tail)) continue;
    const ids = new Set(names.map((n) => owner.get(normalName(n))!));
    if (ids.size === 1) out.set(tail, [...ids][0]!);
  }
  return out;
}

/** Tails that are words of their own, naming something else: 麻油 is sesame oil, 花香 a smell. */
const SHORT_NOT_NAMES = new Set(['麻油', '花香', '生油', '猪肉', '异果', '面条', '花肉']);

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The text with the given spans blanked out, so a name (有机小米) is not read as a question (有机?). */
export function blankSpans(text: string, spans: Array<{ start: number; end: number }>): string {
  const t = normalize(text);
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += t.slice(at, s.start) + ' ';
    at = s.end;
  }
  return out + t.slice(at);
}
