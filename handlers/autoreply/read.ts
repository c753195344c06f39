import { intentsOf } from '../qa/index.ts';
import { prepare } from './asking.ts';
import type { Match, RuleIndex } from './match.ts';

// One message read against the owner's quick answers, product names and all. Pure.

/** Where the catalog's product names are in a text (qa's name matcher). */
export interface ProductNames {
  find(text: string): ReadonlyArray<{ start: number; end: number }>;
}

/** Longer than a quick question, or a list: a notice, a 接龙, a story — not asked of us. */
const MAX_LENGTH = 80;
const MAX_LINES = 3;

/**
 * The rule a message clearly asks for, or undefined (then the event goes on: product questions
 * come after). A question naming a product that also asks something of it (苹果多少钱,
 * 苹果什么时候到) is the product's, answered from its facts; a product named in a shop-wide
 * question (苹果怎么付款) is blanked, so it is nobody's keyword and weighs nothing.
 */
export function askedRule(rules: RuleIndex, text: string, direct: boolean, names?: ProductNames): Match | undefined {
  if (rules.size === 0 || text.length > MAX_LENGTH || text.split('\n').length > MAX_LINES || /#\s*接龙/.test(text)) return undefined;
  const prepared = prepare(text);
  const products = names?.find(prepared) ?? [];
  if (products.length > 0) {
    let blanked = prepared;
    for (const p of products) blanked = blanked.slice(0, p.start) + ' '.repeat(p.end - p.start) + blanked.slice(p.end);
    if (intentsOf(blanked).length > 0) return undefined;
  }
  return rules.match({ text, direct, products });
}
