import type { Product } from '../../store/schema.ts';
import { catalogTerms, findCatalogSpans, type CatalogTerm } from './catalog-terms.ts';
import { CN_DIGIT_CHARS, findQuantities, MAX_BARE_COUNT, parseNumber, UNIT_PATTERN, type QuantityMatch } from '../../text/numerals.ts';
import { normalName, toHalfWidth } from '../../text/normalize.ts';
import { shortNames as shortOfferedNames } from './offer-names.ts';
import { isJielong, splitQuotedReply } from './parse.ts';
import { readRoom } from './room.ts';
import { overlaps, Work, type Span } from './work.ts';
import type { Keyword } from '../../bot/commands.ts';

// Short messages that count while a 接龙 is open: +1, +2 3-501, 我要两份, 接龙 大米2袋,
// 那我也来一箱, 改成3份, 取消 / 不要了 / -1. Pure: what was said, not what it does to the book.

export interface QuickWhat {
  qty: number | null;
  unit: string | null;
  /** The product named, if any: a catalog product (with its id) or a name only a 接龙 offers. */
  product?: { id?: string; name: string };
  room: string | null;
  /** A name written beside the order ("3-501 王阿姨 土鸡蛋2盒"): the line is theirs to read by. */
  name?: string;
}

export type Quick =
  | ({ kind: 'join' } & QuickWhat)
  | ({ kind: 'change' } & QuickWhat & { qty: number })
  | { kind: 'cancel' }
  /** "亚麻籽油 1 小米 1", "一袋大米 一瓶亚麻籽油": several offered products, each with its count. */
  | { kind: 'multi'; room: string | null; name?: string; items: Array<{ product: { id?: string; name: string }; qty: number; unit: string | null }> }
  /**
   * `接龙 …` the bot cannot read: it was meant for the 接龙, so it gets a hint, not silence.
   * `unknown`: a name in "苹果+1 梨+1" that nothing offered is, so the hint can say so.
   */
  | { kind: 'unclear'; unknown?: string };

/** The short sign-up messages in /help, beside what reads them (below). */
export const QUICK_KEYWORD: Keyword = { text: '+1、我要两份、改成3份、取消', summary: '群里有接龙时，不用转发整条接龙也能报名、改数量、取消' };

const CANCEL = /^(?:-\s*1|取消(?:接龙|订单|报名|登记)?|(?:我)?不要了|不要啦|退出接龙)[!！。.～~啦了呀哈]*$/;
const PLUS = /^\+\s*(\d{1,3})(?!\d)\s*(.*)$/s;
/** "小米+2", "亚麻籽油 +1 3-501": the product first, then the count. */
const PRODUCT_PLUS = /^([^+]+?)\s*\+\s*(\d{1,3})(?!\d)\s*([^+]*)$/s;
const WANT = /^(?:我也要|我要|也要|要)\s*(.*)$/s;
/** "那我也来一箱，八栋202", "再来两盒", "来一份": 来 with a count is 我要 with a count. */
const COME = /^(?:那就?|好的?|行)?[,，\s]*(?:我)?(?:也|再|就)?来\s*(.+?)[吧哈呀啦哦~～!！。]*$/s;
/** The words before the products in a several-products message. */
const LEAD = /^(?:接龙|我也要|我要|也要|要|(?:那就?|好的?|行)?[,，\s]*(?:我)?(?:也|再|就)?来)/;
const JIELONG = /^接龙\s*(?:\+\s*(\d{1,3}))?\s*(.*)$/s;
const CHANGE = /^(?:我)?(?:改成|改为|换成|改)\s*(.+)$/s;
/** "小米 2", "小米2袋": one product, then its count, nothing else. */
const PRODUCT_COUNT = new RegExp(`^[^\\d+]+?\\s*\\d{1,2}\\s*${UNIT_PATTERN}?$`);
/** "苹果+1 梨+1": each piece a name and its +N. */
const PLUS_PIECE = /([^+\s,，、;；]+?)\s*\+\s*\d{1,3}(?!\d)/g;
/** A number before 元/块/块钱 is a price ("小米3块 大米5块" repeats the price list), never a count. */
const PRICE = new RegExp(`(?:\\d|[${CN_DIGIT_CHARS}])\\s*(?:元|块)`);
/** What may follow "X+N" besides a room: thanks, a laugh, a tilde. */
const POLITE = /^(?:谢谢(?:团长|老板|啦|了|你|您)?|谢啦|多谢|感谢|辛苦(?:了|啦)?|麻烦(?:了|啦|你了)?|好的|哈+|嗯|呀|啦|哦|噢)?$/;
export { MAX_BARE_COUNT } from '../../text/numerals.ts';

// A question about the 接龙 (接龙几点截止？) is for product answers, not an order.
const QUESTION = /[?？吗呢]|什么|几点|多少|怎么|哪/;

/**
 * Reads a short order message; null when the text is not one (ordinary chat). `offered`
 * names products the open 接龙 offer that the catalog may not know.
 */
export function parseQuick(text: string, catalog: Product[], offered: string[] = []): Quick | null {
  const t = spokenPlus(toHalfWidth(text).trim());
  if (!t || t.length > 40 || t.includes('\n')) return null;
  if (CANCEL.test(t)) return { kind: 'cancel' };
  // Meant for the 接龙 (接龙 …, +N …) gets the hint; anything else with a price is chat.
  if (PRICE.test(t)) return /^(?:接龙|\+)/.test(t) ? { kind: 'unclear' } : null;
  const terms = termsOf(catalog, offered);
  if (!QUESTION.test(t)) {
    const several = readSeveral(t.replace(LEAD, ''), terms, offered);
    if (several) return several;
  }
  const plus = PLUS.exec(t);
  if (plus) {
    const what = read(plus[2]!, terms);
    // "+1 王阿姨" (a name) is fine; "+1 小米手机" names a product inside other words: not an order.
    if (names(what) && !what.politeOnly) return null;
    return join(what, Number(plus[1]));
  }
  const productPlus = PRODUCT_PLUS.exec(t);
  if (productPlus) {
    // The words before the + are a product and nothing else ("加油+1", "大葱好+1" are not
    // orders); after it only a room or thanks.
    const head = read(productPlus[1]!, terms);
    const tail = read(productPlus[3]!, terms);
    if (names(head) && head.clean && head.qty === null && !names(tail) && tail.qty === null && (tail.politeOnly || tail.nameOnly)) {
      const what = { ...head.what, room: head.what.room ?? tail.what.room, ...(tail.nameOnly && tail.name ? { name: tail.name } : {}) };
      return join({ ...head, what }, Number(productPlus[2]));
    }
  }
  if (PRODUCT_COUNT.test(t)) {
    // "小米 2" reads as "小米+2" under the same rules: a product, a small count, nothing else.
    const what = read(t, terms);
    if (names(what) && what.clean && what.qty !== null) return join(what, null, true);
  }
  const jl = JIELONG.exec(t);
  if (jl) {
    if (QUESTION.test(t)) return null;
    const what = read(jl[2]!, terms);
    const joined = join(what, jl[1] ? Number(jl[1]) : null, true);
    if (joined) return joined;
    // A hint only for what looks like an order (a count, a room, a product); "接龙截止了我才看到" is chat.
    const orderLike = jl[1] !== undefined || what.qty !== null || what.what.room !== null || what.what.product !== undefined;
    return orderLike ? { kind: 'unclear' } : null;
  }
  const change = CHANGE.exec(t);
  if (change) {
    const what = read(change[1]!, terms);
    return what.qty !== null && what.clean ? { kind: 'change', ...what.what, qty: what.qty } : null;
  }
  const come = COME.exec(t);
  if (come) {
    // A count is what makes 来 an order ("我也来" may join a hike), and something on sale to
    // count; people ("来两人") only when a product is named. Which product, when several are
    // offered and none named, the handler asks.
    const what = read(come[1]!, terms);
    const counted = what.qty !== null && offered.length > 0 && (names(what) || what.what.unit !== '人');
    if (counted && (what.clean || what.politeOnly)) return join({ ...what, clean: true }, null, true);
  }
  const want = WANT.exec(t);
  if (want) {
    const what = read(want[1]!, terms);
    // "我要两份" or "我也要": an order; "我要去接孩子": chat.
    if (!what.clean) return null;
    if (want[1]!.trim() === '' && !/也/.test(t)) return null;
    return join(what, null, true);
  }
  if (!QUESTION.test(t)) {
    // A list line typed alone: "3-501 鸡蛋2盒", "鸡蛋 2 2-302", "3-501 王阿姨 土鸡蛋2盒"; or, as the
    // example of a one-product 接龙 shows it, a room and a counted unit without the product:
    // "3-501 王阿姨 2箱" (which product, when several are offered, the handler asks).
    const what = read(t, terms);
    const roomAndUnit = what.what.room !== null && what.what.unit !== null && what.what.unit !== '人';
    if ((names(what) || roomAndUnit) && what.qty !== null && (what.clean || what.nameOnly || what.politeOnly)) {
      return join({ ...what, clean: true, what: { ...what.what, ...(what.name ? { name: what.name } : {}) } }, null, true);
    }
  }
  return null;
}

/** How people say +N in words or signs: 鸡蛋加一, 鸡蛋扣1, 扣1, 鸡蛋➕1. */
function spokenPlus(text: string): string {
  // 加 opening a message is a verb (加1个), 扣 is not: "扣1" alone is the sign-up.
  return text.replace(/[➕✚]/gu, '+').replace(/(?:(?<=[\u4e00-\u9fff\s])加|(?<=^|[\u4e00-\u9fff\s])扣)\s*([一二两三四五六七八九十]|\d{1,2})(?=$|[\s,，。!！~～])/u, (_m, n: string) => `+${parseNumber(n) ?? n}`);
}

/**
 * "周六去爬山的+1，早上7点小区南门集合", "去的扣1", "报名+1 带上水": someone asking the group
 * for +1s about something else, details after the +1 or not. Naming the 接龙 or what it
 * sells ("要鸡蛋的扣1"), or asking only who wants some ("要的扣1"), is the 接龙's own call.
 */
export function callsForPlusOne(text: string, offered: string[]): boolean {
  const t = toHalfWidth(text).replace(/[➕✚]/gu, '+').trim();
  const call = CALL.exec(t);
  if (!call || t.length > 120) return false;
  if (/接龙|团购|下单|订单|截单/.test(t) || offered.some((name) => t.includes(shortest(name)))) return false;
  return !WHO_WANTS.test(t.slice(0, call.index).replace(/[\s,，。!！~～]/g, ''));
}

/** "…的+1", "…的扣1", "…请扣1", "报名+1", "参加的加一": a call, the +1 not ending it perhaps. */
const CALL = /(?:的|者|请|就|报名|参加)\s*(?:\+|扣|加)\s*(?:1|一)(?![\d.])/u;
/** "要的", "还有要的", "需要的": who wants some, which while a 接龙 is open is the 接龙. */
const WHO_WANTS = /^(?:还有|还)?(?:谁|哪位)?(?:需要|想要|要买|还要|要|买)的?(?:请|就)?$/;

/** The shortest name residents use for an offered product: its last two characters. */
function shortest(name: string): string {
  return name.length > 2 ? name.slice(-2) : name;
}

/**
 * Whether a message read as an order might instead answer a call for +1s: led by the +N
 * ("+1", "+1 带孩子一起", "扣1") and naming neither a product nor a room.
 */
export function mayAnswerCall(text: string, quick: Quick): boolean {
  if (quick.kind !== 'join' || quick.product || quick.room) return false;
  return /^(?:\+|扣|➕|✚)\s*\d{1,2}(?!\d)/u.test(toHalfWidth(text).trim());
}

/** What a WeChat quote quotes, as far as the 接龙 are concerned. */
export interface QuotedReply {
  /** What was written below the "- - -" line. */
  reply: string;
  /**
   * `jielong`: a 接龙 post, a 接龙's title, or someone's order: the reply is for the 接龙.
   * `product`: chat naming what a 接龙 sells ("苹果今天到"): a bare +1 below may be either.
   * `chat`: anything else; a +1 below agrees with the chat.
   */
  about: 'jielong' | 'product' | 'chat';
  /** Titles of the 接龙 the quote names: the reply is for that one. */
  titles: string[];
}

/** A WeChat quote (「name：…」 above a "- - - -" line) and what it quotes; null when the text quotes nothing. */
export function readQuoted(text: string, catalog: Product[], jielong: Array<{ title: string; offered: string[] }>): QuotedReply | null {
  const split = splitQuotedReply(text);
  if (!split) return null;
  const quoted = toHalfWidth(split.quoted);
  const titles = jielong.filter((j) => j.title && quoted.includes(j.title)).map((j) => j.title);
  const offered = jielong.flatMap((j) => j.offered);
  const said = quoted.replace(/^\s*「[^：:」\n]{1,30}[：:]/, '').replace(/」\s*$/, '');
  // Someone's order quoted and answered +1 is "me too"; a bare +1 quoted may answer anything.
  const order = parseQuick(said, catalog, offered);
  const ordered = order?.kind === 'multi' || (order?.kind === 'join' && (order.product !== undefined || order.room !== null));
  if (isJielong(quoted) || titles.length > 0 || ordered) return { reply: split.reply, about: 'jielong', titles };
  // "苹果甜吗？" answered +1 agrees with the question.
  const sells = !QUESTION.test(said) && offered.some((name) => said.includes(shortest(name)));
  return { reply: split.reply, about: sells ? 'product' : 'chat', titles };
}

/**
 * Two or more products, each with its count after it ("亚麻籽油 1 小米 1", "亚麻籽油+1 小米+1")
 * or before it ("一袋大米 一瓶亚麻籽油"), with at most a room, one name word and thanks besides
 * ("许大爷 10-202 小米1袋 亚麻籽油1瓶"). Null when the text is not that shape; unclear when it
 * is, but a product is not offered or its count cannot be told.
 */
function readSeveral(body: string, terms: Terms, offered: string[]): Quick | null {
  if (offered.length === 0) return null; // nothing is offered
  const work = new Work(body);
  const room = readRoom(work);
  const unknown = unofferedPiece(work.text, terms, offered);
  if (unknown) return { kind: 'unclear', unknown };
  const spans = findProductSpans(work.text, terms);
  if (spans.length < 2) return null;
  for (const s of spans) work.blank(s);
  const qs = findQuantities(work.text);
  for (const q of qs) work.blank(q);
  if (qs.length === 0 || qs.some((q) => !countable(q))) return null;
  const rest = work.text.replace(/[\s,，、;；。!！~～+]/g, '');
  const name = rest === '' ? undefined : nameWord(body, work.text);
  if (rest !== '' && !name && !POLITE.test(rest)) return null;
  const counts = countsAfter(spans, qs, body.length) ?? countsBefore(spans, qs, body);
  if (!counts) return { kind: 'unclear' };
  const offeredNames = new Set(offered);
  const items: Extract<Quick, { kind: 'multi' }>['items'] = [];
  for (const [i, span] of spans.entries()) {
    const product = span.product;
    if (!product || !offeredNames.has(product.name) || items.some((it) => it.product.name === product.name)) return { kind: 'unclear' };
    items.push({ product: product.id ? { id: product.id, name: product.name } : { name: product.name }, qty: counts[i]!.qty, unit: counts[i]!.unit });
  }
  return { kind: 'multi', room: room?.normal ?? null, ...(name ? { name } : {}), items };
}

/** Each product's one count after it, up to the next product; a count before the first belongs to none. */
function countsAfter(spans: ProductSpan[], qs: QuantityMatch[], length: number): QuantityMatch[] | null {
  if (qs.some((q) => q.end <= spans[0]!.start)) return null;
  const counts: QuantityMatch[] = [];
  for (const [i, span] of spans.entries()) {
    const end = spans[i + 1]?.start ?? length;
    const mine = qs.filter((q) => q.start >= span.end && q.end <= end);
    if (mine.length !== 1) return null;
    counts.push(mine[0]!);
  }
  return counts;
}

/**
 * Each product's count right before it, with its unit ("一袋大米", "2盒鸡蛋"): a bare number
 * before a name is too often something else to read as a count.
 */
function countsBefore(spans: ProductSpan[], qs: QuantityMatch[], body: string): QuantityMatch[] | null {
  const counts: QuantityMatch[] = [];
  for (const [i, span] of spans.entries()) {
    const start = spans[i - 1]?.end ?? 0;
    const mine = qs.filter((q) => q.start >= start && q.end <= span.start);
    if (mine.length !== 1 || mine[0]!.unit === null || body.slice(mine[0]!.end, span.start).trim() !== '') return null;
    counts.push(mine[0]!);
  }
  return qs.some((q) => q.start >= spans.at(-1)!.end) ? null : counts;
}

/**
 * "苹果+1 梨+1" where 苹果 is offered and 梨 is not: the first name nothing offered is, so
 * the resident is not left thinking 苹果 was booked. Undefined for any other shape, and when
 * no piece names a product ("同意+1 加油+1" is chat).
 */
function unofferedPiece(text: string, terms: Terms, offered: string[]): string | undefined {
  const pieces = [...text.matchAll(PLUS_PIECE)].map((m) => m[1]!);
  if (pieces.length < 2 || text.replace(PLUS_PIECE, '').replace(/[\s,，、;；。!！~～]/g, '') !== '') return undefined;
  const offeredNames = new Set(offered);
  const isOffered = (piece: string) => {
    const r = read(piece, terms);
    return r.clean && r.qty === null && r.what.room === null && (r.ambiguous || (r.what.product !== undefined && offeredNames.has(r.what.product.name)));
  };
  if (!pieces.some(isOffered)) return undefined;
  return pieces.find((p) => !isOffered(p));
}

/** A quantity that can be a count: any with a unit; a bare one only when a small whole number. */
function countable(q: { qty: number; unit: string | null }): boolean {
  return q.unit !== null || (Number.isInteger(q.qty) && q.qty <= MAX_BARE_COUNT);
}

/** Whether a product (or a shortened name fitting several) was named. */
function names(r: Read): boolean {
  return r.what.product !== undefined || r.ambiguous;
}

interface Read {
  what: QuickWhat;
  qty: number | null;
  /** Nothing but room, product and quantity was said. */
  clean: boolean;
  /** What else was said, when it is only Chinese words (a name, 谢谢): fine after a +N. */
  wordsOnly: boolean;
  /** What else was said is at most thanks or a laugh (谢谢, 哈, ～). */
  politeOnly: boolean;
  /** A shortened name was written that fits more than one offered product: ask which. */
  ambiguous: boolean;
  /** What else was said is one word standing apart that reads as a person's name ("王阿姨"). */
  nameOnly: boolean;
  name?: string;
}

interface Terms {
  full: CatalogTerm[];
  /** Parts of offered names (脐橙 of 赣南脐橙), each with every offered product it could be. */
  short: Map<string, Product[]>;
  /** Last characters of offered names (油 of 冷榨亚麻籽油): a name only right after a count ("两瓶油"). */
  last: Map<string, Product[]>;
}

/** A product span; `product` is undefined when a shortened name fits more than one offered product. */
type ProductSpan = Span & { product: Product | undefined };

/** Catalog names and aliases, then offered names the catalog lacks (as products without an id). */
function termsOf(catalog: Product[], offered: string[]): Terms {
  const known = new Set(catalog.flatMap((p) => [p.name, ...(p.aliases ?? [])]));
  const extra = offered.filter((n) => n && !known.has(n)).map((name): Product => ({ id: '', name, aliases: [], onSale: true }));
  const full = catalogTerms([...catalog, ...extra]);
  return { full, short: shortNames(offered, full), last: lastChars(offered, full) };
}

/** Each offered name's last character, with the products it could be. */
function lastChars(offered: string[], full: CatalogTerm[]): Map<string, Product[]> {
  const last = new Map<string, Product[]>();
  for (const name of new Set(offered)) {
    const n = normalName(name);
    const product = full.find((t) => t.term === n)?.product;
    if (n.length < 2 || !product) continue;
    const list = last.get(n.at(-1)!) ?? [];
    if (!list.includes(product)) list.push(product);
    last.set(n.at(-1)!, list);
  }
  return last;
}

/** A count with its unit, then one character standing alone: "两瓶油", "一袋米", "3盒 蛋". */
const COUNTED_CHAR = new RegExp(`(?:\\d{1,3}|[${CN_DIGIT_CHARS}]{1,3}|半)\\s*${UNIT_PATTERN}\\s*([\\u4e00-\\u9fff])(?![\\u4e00-\\u9fff])`, 'g');

/** The shortened names of what is offered (offer-names.ts), each with the products it could be. */
function shortNames(offered: string[], full: CatalogTerm[]): Map<string, Product[]> {
  const short = new Map<string, Product[]>();
  for (const [part, names] of shortOfferedNames(offered)) {
    const products = names.map((n) => full.find((t) => t.term === normalName(n))?.product).filter((p) => p !== undefined);
    if (products.length) short.set(part, [...new Set(products)]);
  }
  return short;
}

/** Full names first, then the longest shortened offered names in the rest of the text. */
function findProductSpans(text: string, terms: Terms): ProductSpan[] {
  const spans: ProductSpan[] = findCatalogSpans(text, terms.full);
  const lower = text.toLowerCase();
  const parts = [...terms.short.keys()].sort((a, b) => b.length - a.length);
  for (const part of parts) {
    for (let at = lower.indexOf(part); at >= 0; at = lower.indexOf(part, at + 1)) {
      const span = { start: at, end: at + part.length };
      if (spans.some((s) => overlaps(s, span))) continue;
      const products = terms.short.get(part)!;
      spans.push({ ...span, product: products.length === 1 ? products[0] : undefined });
    }
  }
  // One character names a product only where a count says so: "加油" and "油价" never do.
  for (const m of lower.matchAll(COUNTED_CHAR)) {
    const products = terms.last.get(m[1]!);
    const span = { start: m.index + m[0].length - 1, end: m.index + m[0].length };
    if (products && !spans.some((s) => overlaps(s, span))) spans.push({ ...span, product: products.length === 1 ? products[0] : undefined });
  }
  return spans.sort((a, b) => a.start - b.start);
}

function read(body: string, terms: Terms): Read {
  const work = new Work(body);
  const room = readRoom(work);
  const spans = findProductSpans(work.text, terms);
  const product = spans[0]?.product;
  for (const s of spans) work.blank(s);
  const qs = findQuantities(work.text);
  const q = qs[0];
  if (q) work.blank(q);
  const rest = work.text.replace(/[\s,，、。!！~～+]/g, '');
  const what: QuickWhat = { qty: q?.qty ?? null, unit: q?.unit ?? null, room: room?.normal ?? null };
  if (product) what.product = product.id ? { id: product.id, name: product.name } : { name: product.name };
  // A large or fractional bare number ("小米29") is a price or a code, so nothing here is an order.
  const single = qs.length <= 1 && spans.length <= 1 && (!q || countable(q));
  const ambiguous = spans.length > 0 && !product;
  const name = single ? nameWord(body, work.text) : undefined;
  return {
    what, qty: q?.qty ?? null, clean: rest === '' && single, ambiguous,
    wordsOnly: single && /^[\u4e00-\u9fff]{0,8}$/.test(rest),
    politeOnly: single && POLITE.test(rest),
    nameOnly: name !== undefined,
    ...(name ? { name } : {}),
  };
}

/** Words that make a left-over word chat rather than a name: 我家鸡蛋还有两盒, 昨天的鸡蛋2盒. */
const CHAT_WORD = /[的了吗呢啊吧还有在是我你他她们家这那都也就想买没过再给到来去说看等坏够]|昨天|今天|明天|上次/;

/**
 * The one word left after room, product and count, when it stood apart in what was typed
 * (spaces around it) and reads as a name: 2–4 Chinese characters without chat words, or a
 * Latin nickname. "我家鸡蛋还有两盒" leaves "我家" and "还有", glued to the product: chat.
 */
function nameWord(original: string, rest: string): string | undefined {
  const words = [...rest.matchAll(/[^\s,，、。!！~～+]+/g)];
  if (words.length !== 1) return undefined;
  const w = words[0]!;
  const before = original[w.index - 1];
  const after = original[w.index + w[0].length];
  const apart = (c: string | undefined) => c === undefined || /[\s,，、]/.test(c);
  if (!apart(before) || !apart(after)) return undefined;
  const word = w[0];
  if (POLITE.test(word)) return undefined;
  if (/^[\u4e00-\u9fff]{2,4}$/.test(word) && !CHAT_WORD.test(word)) return word;
  if (/^[A-Za-z][A-Za-z'.-]{1,19}$/.test(word)) return word;
  return undefined;
}

function join(r: Read, plus: number | null, needClean = false): Quick | null {
  if (needClean ? !r.clean : !r.wordsOnly) return null;
  // "+2 大米1袋" is two bags? One? The +N is the count; a quantity in the text is its unit only.
  const qty = plus ?? r.qty ?? 1;
  return { kind: 'join', ...r.what, qty };
}
