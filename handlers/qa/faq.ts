import type { FaqPair } from '../../store/schema.ts';
import { normalize, terms } from './segment.ts';

// The owner's saved answers: a question matches a FAQ pair when it contains the FAQ's
// question, or shares most of its meaningful words.

const MIN_SHARE = 0.6;

export function matchFaq(question: string, faq: readonly FaqPair[] | undefined): FaqPair | undefined {
  if (!faq?.length) return undefined;
  const asked = compact(question);
  const words = new Set(terms(question));
  let best: { pair: FaqPair; score: number } | undefined;
  for (const pair of faq) {
    const own = compact(pair.q);
    let score = 0;
    if (own && asked.includes(own)) score = 1;
    else {
      const fw = terms(pair.q);
      const shared = fw.filter((w) => words.has(w)).length;
      score = fw.length && shared ? shared / fw.length : 0;
    }
    if (score >= MIN_SHARE && (!best || score > best.score)) best = { pair, score };
  }
  return best?.pair;
}

/** Without spaces, punctuation and the question's closing particles. */
function compact(text: string): string {
  return normalize(text).replace(/[\s\p{P}\p{S}]/gu, '').replace(/[吗嘛呢么呀啊]+$/u, '');
}
