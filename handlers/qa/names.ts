import type { Product } from '../../store/schema.ts';
import { normalize } from './segment.ts';

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

  constructor(products: readonly Product[]) {
    for (const product of products) {
      const seen = new Set<string>();
      for (const raw of [product.name, ...product.aliases]) {
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
