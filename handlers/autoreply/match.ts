import { Bm25 } from '../qa/index.ts';
import { askedIn, meaningWords, prepare, type Word } from './asking.ts';
import { sameWords } from './same-words.ts';

// Which of the owner's quick answers a message asks for, if one clearly does. Pure.
//
// A message is read clause by clause (a clause that says nothing of its own, 请问 or 在哪？,
// joins its neighbour). A clause asks for a rule when it is asked (a question word or mark,
// a lead-in, or the bot spoken to), holds one of the rule's keywords, and is mostly about it:
// most of its meaning-bearing words lie inside the keyword ("自提点在哪" is all about 自提点;
// "送货的小哥是不是换人了" is about the man, not the delivery time). A keyword is matched on its
// meaning-bearing words (几点送货 → 送货, so 送货是几点 finds it too), or written out as is when
// those say too little (几点到). A keyword just done (付款了吗, 已付款) asks for no instructions.
// Several rules: the one covering most of the clause, the owner's own words before the same
// words added for them, then BM25 over the rules' words (a word many rules share counts less).

/** Most of a clause's meaning-bearing characters must lie in a keyword. */
export const MIN_COVER = 0.6;
/** A clause that only ends like a question (…呢) must be all about the keyword. */
export const MIN_COVER_WEAK = 0.9;

interface Key {
  /** The keyword as prepared, without spaces and punctuation. */
  text: string;
  /** Its meaning-bearing runs, each of two or more characters; empty: matched only as written. */
  cores: string[];
  /** The owner's own word, not one added for it (same-words.ts). */
  own: boolean;
}

interface Compiled {
  no: number;
  keys: Key[];
}

export interface RuleKeywords {
  no: number;
  keywords: readonly string[];
}

export interface Match {
  no: number;
  /** The keyword (as the owner wrote it, or the same word added for it) that was found. */
  keyword: string;
  cover: number;
}

export interface Asking {
  text: string;
  /** A DM to the bot, or a group message that @mentions it: asked even without a question word. */
  direct: boolean;
  /** Where the catalog's product names are in prepare(text): blanked, they are nobody's keyword. */
  products?: ReadonlyArray<{ start: number; end: number }>;
}

/** Without spaces and punctuation. */
const compact = (text: string) => text.replace(/[\s\p{P}\p{S}]/gu, '');

/**
 * A keyword's words to look for: each word of two or more characters, and each run of adjacent
 * single characters as one (the segmenter splits a word it does not know, 自提点, into characters).
 */
function runs(words: readonly Word[], text: string): string[] {
  const out: string[] = [];
  let run: Word | undefined;
  for (const w of words) {
    const single = w.end - w.start === 1;
    if (single && run && run.end === w.start) run = { text: '', start: run.start, end: w.end };
    else {
      if (run) out.push(text.slice(run.start, run.end));
      run = single ? { ...w } : undefined;
      if (!single) out.push(w.text);
    }
  }
  if (run) out.push(text.slice(run.start, run.end));
  return out;
}

function keyOf(keyword: string, own: boolean, literal = false): Key | undefined {
  const text = compact(prepare(keyword));
  if (!text) return undefined;
  const cores = literal ? [] : runs(meaningWords(text), text);
  const enough = cores.length > 0 && cores.every((c) => c.length >= 2);
  return { text, cores: enough ? cores : [], own };
}

/** What is wrong with a keyword the owner typed, in words for the owner; undefined when it will do. */
export function keywordProblem(keyword: string): string | undefined {
  const text = compact(prepare(keyword));
  if (text.length < 2) return `“${keyword}”太短了，至少写两个字，比如“运费”`;
  if (text.length > 15) return `“${keyword}”太长了，关键词写短一点，比如“运费”“自提点”`;
  if (meaningWords(text).length === 0) return `“${keyword}”太泛了，写上问的是什么，比如“自提点在哪”而不是“在哪”`;
  return undefined;
}

/** The same words a keyword brings with it (same-words.ts) that read as words of their own, for the owner. */
export function addedWords(keyword: string): string[] {
  return sameOf(keyword).filter((w) => !w.literal).map((w) => w.text);
}

function sameOf(keyword: string) {
  const text = compact(prepare(keyword));
  const core = runs(meaningWords(text), text).join('');
  const found = sameWords(text);
  return found.length ? found : sameWords(core).filter((w) => w.text !== text);
}

/** The rules, ready to be asked: each keyword's words, and the same words it brings. */
export class RuleIndex {
  private readonly rules: Compiled[];
  private readonly bm25: Bm25;

  constructor(rules: readonly RuleKeywords[]) {
    this.rules = rules.map((r) => {
      const keys: Key[] = [];
      const seen = new Set<string>();
      const add = (k: Key | undefined) => {
        if (k && !seen.has(k.text)) {
          seen.add(k.text);
          keys.push(k);
        }
      };
      for (const kw of r.keywords) add(keyOf(kw, true));
      for (const kw of r.keywords) for (const w of sameOf(kw)) add(keyOf(w.text, false, w.literal));
      return { no: r.no, keys };
    });
    this.bm25 = new Bm25(this.rules.map((r) => ({
      own: r.keys.filter((k) => k.own).flatMap(termsOf),
      same: r.keys.filter((k) => !k.own).flatMap(termsOf),
    })), { weights: { own: 2, same: 1 } });
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rule the message clearly asks for, or undefined. */
  match(asking: Asking): Match | undefined {
    if (this.rules.length === 0) return undefined;
    let text = prepare(asking.text);
    for (const p of asking.products ?? []) text = text.slice(0, p.start) + '□'.repeat(p.end - p.start) + text.slice(p.end);
    // Most chat holds none of the words: a few substring checks, no segmenting.
    if (!this.rules.some((r) => r.keys.some((k) => text.includes(k.cores[0] ?? k.text)))) return undefined;
    let best: (Match & { own: boolean; score: number; length: number }) | undefined;
    for (const clause of clausesOf(text)) {
      const asked = askedIn(clause.text);
      if (asked === 'complaint' || (asked === 'no' && !asking.direct)) continue;
      const need = asked === 'weak' && !asking.direct ? MIN_COVER_WEAK : MIN_COVER;
      const meaning = clause.words;
      const total = meaning.reduce((s, w) => s + w.end - w.start, 0);
      if (total === 0) continue;
      const ranked = this.bm25.search(meaning.map((w) => w.text), this.rules.length);
      const scoreOf = new Map(ranked.map((r) => [r.doc, r.score]));
      this.rules.forEach((rule, i) => {
        const spans: Array<[number, number]> = [];
        let found: Key | undefined;
        for (const key of rule.keys) {
          const at = occurrences(clause.text, key);
          if (at.length === 0) continue;
          spans.push(...at);
          if (!found || (key.own && !found.own)) found = key;
        }
        if (!found) return;
        const cover = covered(meaning, spans) / total;
        if (cover < need) return;
        const c = { no: rule.no, keyword: found.text, cover, own: found.own, score: scoreOf.get(i) ?? 0, length: found.text.length };
        if (!best || better(c, best)) best = c;
      });
    }
    return best ? { no: best.no, keyword: best.keyword, cover: best.cover } : undefined;
  }
}

function termsOf(k: Key): string[] {
  return meaningWords(k.text).map((w) => w.text);
}

function better(a: { cover: number; own: boolean; score: number; length: number }, b: typeof a): boolean {
  const ca = Math.round(a.cover * 20);
  const cb = Math.round(b.cover * 20);
  if (ca !== cb) return ca > cb;
  if (a.own !== b.own) return a.own;
  if (a.score !== b.score) return a.score > b.score;
  return a.length > b.length;
}

interface Clause {
  text: string;
  words: Word[];
}

/** Lead-ins that belong to the clause after them: 请问，运费多少. */
const LEAD = /^(请问|想问一?下?|问一?下|咨询一?下|打听一?下|求问|麻烦问一?下)/;

/** Clauses of a prepared text; one that says nothing of its own joins the one before (在哪？) or after (请问). */
function clausesOf(text: string): Clause[] {
  const pieces = text.match(/[^\s,，。.!！?？;；:：~～…]+[\s,，。.!！?？;；:：~～…]*/g) ?? [];
  const out: string[] = [];
  let pending = '';
  for (const raw of pieces) {
    const piece = raw.trim();
    if (meaningWords(piece).length > 0) {
      out.push(pending + piece);
      pending = '';
    } else if (out.length > 0 && pending === '' && !LEAD.test(piece)) out[out.length - 1] += piece;
    else pending += piece;
  }
  if (pending) {
    if (out.length) out[out.length - 1] += pending;
    else out.push(pending);
  }
  return out.map((t) => ({ text: t, words: meaningWords(t) }));
}

/**
 * A keyword right after 已 or before 了/过 is something done (已付款, 付款了吗), and so is one
 * closing with 的 (你们怎么付款的？ asks how neighbours paid): not asked how.
 */
function done(text: string, start: number, end: number): boolean {
  const after = text.slice(end);
  return text[start - 1] === '已' || (/^[了过]/.test(after) && !after.startsWith('了解')) || /^的(?:$|[\s\p{P}呀啊呢吗嘛])/u.test(after);
}

/** Where the key is in the clause: as written, and (when it has them) its meaning-bearing runs, all of them. */
function occurrences(text: string, key: Key): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const find = (s: string) => {
    const found: Array<[number, number]> = [];
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) if (!done(text, i, i + s.length)) found.push([i, i + s.length]);
    return found;
  };
  out.push(...find(key.text));
  if (key.cores.length) {
    const each = key.cores.map(find);
    if (each.every((f) => f.length > 0)) for (const f of each) out.push(...f);
  }
  return out;
}

/** Meaning-bearing characters inside the spans. */
function covered(words: readonly Word[], spans: ReadonlyArray<[number, number]>): number {
  let n = 0;
  for (const w of words) {
    for (let i = w.start; i < w.end; i++) if (spans.some(([s, e]) => i >= s && i < e)) n++;
  }
  return n;
}
