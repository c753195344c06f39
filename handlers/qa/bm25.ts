// A small BM25F ranking over a fixed set of documents with weighted fields. Each term's
// contribution to each document is computed once when the index is built, so a query is a
// sum over a few posting lists into a reused array, and a top-k pass: no allocation per
// document, which keeps the slowest questions fast as well as the typical one.

export interface Bm25Options {
  /** Field name → weight (a term in a weight-4 field counts as four occurrences). */
  weights: Record<string, number>;
  k1?: number;
  b?: number;
}

export interface Ranked {
  doc: number;
  score: number;
}

export class Bm25 {
  private readonly postings = new Map<string, { docs: Int32Array; scores: Float64Array }>();
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;

  /** `docs[i][field]` holds the tokens of that field of document i. */
  constructor(docs: ReadonlyArray<Record<string, readonly string[]>>, opts: Bm25Options) {
    const k1 = opts.k1 ?? 1.2;
    const b = opts.b ?? 0.75;
    const n = docs.length;
    const freq: Array<Map<string, number>> = [];
    const lengths = new Float64Array(n);
    docs.forEach((fields, i) => {
      const tf = new Map<string, number>();
      for (const [field, tokens] of Object.entries(fields)) {
        const w = opts.weights[field] ?? 0;
        for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + w);
        lengths[i] = lengths[i]! + w * tokens.length;
      }
      freq.push(tf);
    });
    const avg = n ? lengths.reduce((s, l) => s + l, 0) / n || 1 : 1;
    const df = new Map<string, number>();
    for (const tf of freq) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const lists = new Map<string, { docs: number[]; scores: number[] }>();
    freq.forEach((tf, i) => {
      const norm = k1 * (1 - b + (b * lengths[i]!) / avg);
      for (const [t, f] of tf) {
        const d = df.get(t)!;
        const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
        const list = lists.get(t) ?? { docs: [], scores: [] };
        list.docs.push(i);
        list.scores.push((idf * f * (k1 + 1)) / (f + norm));
        lists.set(t, list);
      }
    });
    for (const [t, l] of lists) this.postings.set(t, { docs: Int32Array.from(l.docs), scores: Float64Array.from(l.scores) });
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** The best `k` documents for the query terms, best first (ties: lower index first). */
  search(terms: readonly string[], k: number): Ranked[] {
    let count = 0;
    const seen = new Set<string>();
    for (const t of terms) {
      if (seen.has(t)) continue;
      seen.add(t);
      const p = this.postings.get(t);
      if (!p) continue;
      for (let j = 0; j < p.docs.length; j++) {
        const doc = p.docs[j]!;
        if (this.acc[doc] === 0) this.touched[count++] = doc;
        this.acc[doc] = this.acc[doc]! + p.scores[j]!;
      }
    }
    const top: Ranked[] = [];
    for (let j = 0; j < count; j++) {
      const doc = this.touched[j]!;
      const score = this.acc[doc]!;
      this.acc[doc] = 0;
      if (top.length === k && !better(score, doc, top[k - 1]!)) continue;
      let at = top.length === k ? k - 1 : top.length;
      if (top.length < k) top.push({ doc, score });
      while (at > 0 && better(score, doc, top[at - 1]!)) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = { doc, score };
    }
    return top;
  }
}

function better(score: number, doc: number, than: Ranked): boolean {
  return score > than.score || (score === than.score && doc < than.doc);
}
