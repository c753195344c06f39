import type { Product } from '../../store/schema.ts';
import type { ModelFacts } from './facts.ts';
import type { NameMatcher } from './names.ts';
import { moneyIn } from '../../text/money.ts';
import { numbersIn } from '../../text/numerals.ts';
import { checkSafety } from '../../prompts/safety.ts';

// The model may phrase, never invent: its answer is used only if every number in it is in
// the facts, every price is a price in the facts, it names no product it was not given,
// it repeats nothing of its instructions, and it passes the shared safety check
// (prompts/safety.ts: no link, contact, offer, claimed action, health claim, insult, other
// shop, command or markup the facts do not hold). Anything else falls back to the template.

/** What the prompt tells the model to reply when the facts do not hold the answer. */
export const ASK_OWNER = '【问团长】';
const MAX_LENGTH = 300;
const LEAK_WINDOW = 10;

export type Verdict =
  | { ok: true; text: string }
  | { ok: true; askOwner: true }
  | { ok: false; reason: string };

export interface CheckInput {
  answer: string;
  facts: ModelFacts;
  /** The products the facts were about. */
  products: readonly Product[];
  /** Names of the whole catalog, to notice a product that was not retrieved. */
  names: NameMatcher;
  /** The system prompt's text, which must never be repeated. */
  prompt: string;
  /** Prices open 接龙s sell the products at now (an answer giving only the catalog's contradicts them). */
  livePrices?: ReadonlyArray<{ price: number; was?: number }>;
  /** Names members are known by: the model knows no one, so an answer naming someone is made up. */
  people?: readonly string[];
}

export function checkAnswer({ answer, facts, products, names, prompt, people = [], livePrices = [] }: CheckInput): Verdict {
  const text = answer.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.includes(ASK_OWNER) || text.includes(ASK_OWNER.slice(1, -1))) return { ok: true, askOwner: true };
  if (text.length > MAX_LENGTH) return { ok: false, reason: 'too long' };
  // Links, contacts, offers, claimed actions, health claims, insults, other shops, commands,
  // markup: checked first, so the log names the harm rather than a number it happens to hold.
  const safety = checkSafety(text, facts.text);
  if (!safety.ok) return { ok: false, reason: safety.reason };
  for (const n of numbersIn(text)) if (!facts.numbers.has(n)) return { ok: false, reason: `number ${n} not in the facts` };
  const money = moneyIn(text);
  for (const n of money) if (!facts.money.has(n)) return { ok: false, reason: `price ${n} not in the facts` };
  for (const l of livePrices) {
    if (l.was !== undefined && money.has(String(l.was)) && !money.has(String(l.price))) return { ok: false, reason: `gives the catalog price ${l.was}, not the 接龙's ${l.price}` };
  }
  const given = new Set(products.map((p) => p.id));
  const other = names.find(text).find((s) => !given.has(s.product.id));
  if (other) return { ok: false, reason: `names a product not retrieved: ${other.product.id}` };
  if (leaksPrompt(text, prompt)) return { ok: false, reason: 'repeats the prompt' };
  if (people.some((name) => name.length >= 2 && text.includes(name))) return { ok: false, reason: 'names a member' };
  return { ok: true, text };
}

const shingleCache = new Map<string, Set<string>>();

/** True when the answer shares a run of LEAK_WINDOW characters with the prompt. */
function leaksPrompt(answer: string, prompt: string): boolean {
  let shingles = shingleCache.get(prompt);
  if (!shingles) {
    shingles = new Set();
    const p = squash(prompt);
    for (let i = 0; i + LEAK_WINDOW <= p.length; i++) shingles.add(p.slice(i, i + LEAK_WINDOW));
    shingleCache.set(prompt, shingles);
  }
  const a = squash(answer);
  for (let i = 0; i + LEAK_WINDOW <= a.length; i++) if (shingles.has(a.slice(i, i + LEAK_WINDOW))) return true;
  return false;
}

function squash(s: string): string {
  return s.replace(/[\s\p{P}\p{S}]/gu, '');
}
