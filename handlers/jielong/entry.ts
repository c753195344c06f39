import type { Product } from '../../store/schema.ts';
import { addFlag, catalogTerms, findCatalogSpans, matchCatalog, type CatalogTerm } from './catalog-terms.ts';
import { findQuantities, MAX_BARE_COUNT, UNIT_PATTERN, type QuantityMatch } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { PHONE, readRoom } from './room.ts';
import { resolveListed, withoutAsides } from './offer-names.ts';
import { overlaps, Work, type Span } from './work.ts';

// One 接龙 entry (the text after its list marker): person, room, phone and items.

export type { JielongEntry, JielongFlag, JielongItem } from './entry-types.ts';
import type { JielongEntry, JielongFlag, JielongItem } from './entry-types.ts';

export interface ParseOptions {
  catalog?: Product[];
  /** Names the 接龙 already offers (an owner's /接龙 开): entries naming them or their tails take these names. */
  offer?: string[];
}

/**
 * One entry's text (after its marker): person, room, phone and items. Exported so the
 * handler can read a short message such as "+2 3-501" or "大米2袋" the same way.
 */
export function parseEntryText(raw: string, index = 1, opts: ParseOptions = {}): JielongEntry {
  return parseEntry(raw.trim(), index, catalogTerms(opts.catalog ?? []));
}

/**
 * No real sign-up line is longer: past this the text is kept as written but not read, so one
 * pasted essay cannot hold up every group (the readers below are not all linear in length).
 */
export const MAX_ENTRY_CHARS = 200;

export function parseEntry(raw: string, index: number, terms: CatalogTerm[], offerTerms: CatalogTerm[] = []): JielongEntry {
  if (!raw) return { index, name: null, room: null, items: [], raw, flags: ['empty'] };
  if (raw.length > MAX_ENTRY_CHARS) return { ...parseEntry(raw.slice(0, MAX_ENTRY_CHARS), index, terms, offerTerms), raw, flags: ['unparsed'] };
  const work = new Work(toHalfWidth(raw));
  const phone = work.take(PHONE)?.text.replace(/\D/g, '');
  // A remark in brackets ("（其中2盒帮楼上带）", "(放门口就行)") orders nothing: it stays in the note.
  work.blankAll(REMARK, true);
  // The room first (it guards itself against dates, times and prices): "1号，101室" is a room,
  // though 1号 alone would be a date. Then times and dates, so they are never quantities.
  const room = readRoom(work);
  const named = [...terms, ...offerTerms];
  // An offered "10斤装" is a product, not a pack size to blank.
  const offeredSpans = findCatalogSpans(work.text, offerTerms);
  for (const re of NOT_QUANTITIES) work.blankAll(re, false, offeredSpans);
  const protectedSpans = [...findCatalogSpans(work.text, named), ...nicknameDigits(work.text, room !== null)];
  // Counts are read around product names, never inside them (千张半斤, 三只松鼠2袋).
  const quantities = findQuantities(masked(work.text, protectedSpans));
  const offered = offerTerms.map((t) => t.product.name);
  const isProduct = (word: string) => findCatalogSpans(word, named).length > 0 || (offered.length > 0 && resolveListed(cleanProduct(word) ?? '', offered) !== undefined);
  const read = readItems(work, quantities, room !== null, isProduct);
  // A product named without a quantity is still an item ("苹果、香蕉2斤"), unread.
  for (const p of read.pending) {
    for (const w of productWords(p, isProduct)) {
      if (!isProduct(w.text)) continue;
      work.use(w);
      read.items.push({ product: cleanProduct(w.text), qty: null, unit: null });
    }
  }
  if (read.items.length === 0) read.items.push({ product: null, qty: null, unit: null });
  const unread = read.items.some((i) => i.qty === null);

  const entry: JielongEntry = { index, name: read.name, room: room?.normal ?? null, items: read.items, raw, flags: [] };
  if (room) entry.roomRaw = room.raw;
  if (phone) entry.phone = phone;
  if (unread) entry.flags.push('no-quantity');
  matchCatalog(entry, terms);
  const note = leftover(toHalfWidth(raw), work.used);
  if (note) {
    entry.note = note;
    entry.flags.push('unparsed');
  }
  return entry;
}

const REMARK = /[（(【\[][^）)】\]]*[）)】\]]/g;

// Never quantities: times and time ranges, dates, prices, percentages, pack specs.
const METRIC = '(?:ml|mL|ML|l|L|g|G|kg|Kg|KG|斤|克|千克|公斤|毫升|升|cm|mm)';
const NOT_QUANTITIES: RegExp[] = [
  /\d{4}\s*年/g,
  /第\s*\d+\s*[批期次天个位名]?/g,
  /\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}[日号]?/g,
  /\d{1,2}月\d{1,2}[日号]?/g,
  // 3号 / 5日 (a day), but not 5号楼 or 3号2单元 (a building)
  /(?<!\d)\d{1,2}\s*[号日](?!\s*楼|\d|\s*\d+\s*单元)/g,
  /(?<![\d.])\d{1,2}\/\d{1,2}(?![\d/])/g,
  /\d{1,2}[:：]\d{2}(?:\s*[-~～—–至到]\s*\d{1,2}[:：]\d{2})?/g,
  /(?<![\d\-.])\d{1,2}(?:\.\d{1,2})?\s*[-~～—–至到]\s*\d{1,2}(?:\.\d{1,2})?(?![\d\-.])\s*(?:点|时|号)?/g,
  /\d{1,2}\s*[点時时](?:\s*\d{1,2}\s*分?|半|一刻)?/g,
  /[¥￥]\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:元|块钱|rmb|RMB)/g,
  /\d+(?:\.\d+)?\s*%/g,
  new RegExp(`\\d+(?:\\.\\d+)?\\s*${METRIC}\\s*(?:[*×xX/]\\s*\\d+\\s*${UNIT_PATTERN}|\\*\\s*\\d+)`, 'g'),
  new RegExp(`\\d+\\s*(?:${UNIT_PATTERN}|${METRIC})?\\s*装`, 'g'),
  new RegExp(`\\d+\\s*${UNIT_PATTERN}\\s*/\\s*${UNIT_PATTERN}`, 'g'),
  /\d+(?:\.\d+)?\s*(?:ml|mL|ML|L|g|kg|Kg|KG|cm|mm)(?![A-Za-z])/g,
];

// ---------------------------------------------------------------- items

const SEPARATORS = /[，,、；;\n]/;
const WORD_SPLIT = /\s+/;
// Words that introduce an order rather than name a product: 我要两份 → no product.
const FILLER = /^(?:我要|我也要|要|买|订|来|需要|一共|共|合计|再来|加)+/;

interface ReadItems {
  name: string | null;
  items: JielongItem[];
  /** Pieces without a quantity that no 各 claimed: remarks, or catalog products. */
  pending: Piece[];
}

interface Piece extends Span {
  text: string;
}

/** Trimmed non-empty piece of the working text, with its offsets. */
function piece(text: string, start: number, end: number): Piece | null {
  const slice = text.slice(start, end);
  const lead = slice.length - slice.trimStart().length;
  const t = slice.trim();
  return t ? { text: t, start: start + lead, end: start + lead + t.length } : null;
}

function words(p: Piece | null): Piece[] {
  if (!p) return [];
  const out: Piece[] = [];
  for (const m of p.text.matchAll(/\S+/g)) out.push({ text: m[0], start: p.start + m.index, end: p.start + m.index + m[0].length });
  return out;
}

function segmentsOf(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || SEPARATORS.test(text[i]!)) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

/**
 * Pairs quantities with the products around them, segment by segment (segments are split
 * on ，、；). Within a segment the product is the text before its quantity ("大米x2 油1桶"),
 * or the text glued right after it when nothing is before ("五斤西瓜"). 各 gives its
 * quantity to every product named before it, including earlier segments without one.
 * The person's name is the first word of the first segment (see nameRule).
 */
/**
 * "小屿77 9-1603 家庭装1箱", "米粒77 6栋312": a number over MAX_BARE_COUNT glued to the end of the
 * first word is part of the nickname when the line says who and what some other way.
 */
function nicknameDigits(text: string, hasRoom: boolean): Span[] {
  const m = /^\s*[\p{L}·]+?(\d{2,3})(?=\s|$)/u.exec(text);
  if (m && Number(m[1]) > MAX_BARE_COUNT) {
    const end = m.index + m[0].length;
    if (hasRoom || findQuantities(text.slice(end)).length > 0) return [{ start: end - m[1]!.length, end }];
  }
  // "一只喵 小份1份", "一条小咸鱼 英语真题2套": a nickname that starts like a count, standing
  // first and apart, when the line's count comes later.
  const q = /^(\s*)(?:一|两)[\u4e00-\u9fff]{2,5}(?=\s)/.exec(text);
  if (q && findQuantities(q[0]).length > 0 && findQuantities(text.slice(q[0].length)).length > 0) {
    return [{ start: q[1]!.length, end: q[0].length }];
  }
  return [];
}


function readItems(work: Work, quantities: QuantityMatch[], hasRoom: boolean, isProduct: (word: string) => boolean = () => false): ReadItems {
  const text = work.text;
  const items: JielongItem[] = [];
  let name: string | null = null;
  let pending: Piece[] = [];
  const segments = segmentsOf(text);
  segments.forEach((seg, si) => {
    const qs = quantities.filter((q) => q.start >= seg.start && q.end <= seg.end);
    let cursor = seg.start;
    if (si === 0) {
      const taken = nameRule(text, seg, qs[0], hasRoom, quantities[0]?.each ?? false, isProduct);
      if (taken) {
        name = taken.text.replace(/\s+/g, ' ').replace(/^@+/, '').replace(/[:：]+$/, '') || null;
        work.use(taken);
        cursor = taken.end;
      }
    }
    qs.forEach((q, qi) => {
      work.use(q);
      const before = piece(text, cursor, q.start);
      const nextStart = qs[qi + 1]?.start ?? seg.end;
      let product = before;
      cursor = q.end;
      if (!before && text[q.end] && !/\s/.test(text[q.end]!)) {
        // Nothing before: the product is glued after the quantity (五斤西瓜).
        product = piece(text, q.end, nextStart);
        if (product) cursor = nextStart;
      }
      const names = q.each ? [...pending, ...words(product)] : product ? productWords(product, isProduct) : [];
      if (q.each) pending = [];
      if (names.length === 0) items.push({ product: null, qty: q.qty, unit: q.unit });
      names.forEach((n, ni) => {
        work.use(n);
        // "150码 校服 长裤 各1": a word that cleans to nothing (a size) orders nothing.
        if (cleanProduct(n.text) === null && names.length > 1) return;
        // "小炒黄牛肉 米饭x2": the count is the last product's; the ones before it have none.
        const counted = q.each || ni === names.length - 1;
        items.push({ product: cleanProduct(n.text), qty: counted ? q.qty : null, unit: counted ? q.unit : null });
      });
    });
    const rest = piece(text, cursor, seg.end);
    if (rest && qs.length === 0) pending.push(rest);
  });
  return { name, items, pending };
}

/**
 * The products in a piece of text: itself, unless it holds several words of which some name
 * what is sold ("黄焖鸡 米饭" → both; "已返校 水" → 水, the rest stays a note).
 */
function productWords(p: Piece, isProduct: (word: string) => boolean): Piece[] {
  const ws = words(p);
  if (ws.length < 2) return [p];
  const products = ws.filter((w) => isProduct(w.text));
  return products.length > 0 ? products : [p];
}

/**
 * Which word of the first segment is the person. Before the first quantity:
 * - no words: no name ("295-909 6份", "295-909 五斤西瓜").
 * - two or more words: the first is the name, the rest the product ("张三 大米x2").
 * - one word: the name when there is no room ("钟予馨2箱", "王霞 1箱") or when it stands
 *   apart from the quantity ("3-501 王阿姨 2瓶"); with a room and glued to the quantity it
 *   is the product ("295-909 消毒药三瓶"), since the room already says who it is.
 * A segment without a quantity gives its first word ("Alice alice123", "3-501 王阿姨，2瓶"),
 * unless a room is there and the next quantity is 各, which makes the word a product.
 */
function nameRule(text: string, seg: Span, q: QuantityMatch | undefined, hasRoom: boolean, firstIsEach: boolean, isProduct: (word: string) => boolean): Piece | null {
  const before = piece(text, seg.start, q ? q.start : seg.end);
  const ws = words(before);
  if (ws.length === 0) return null;
  // "豆沙粽 十个", "15-201 礼盒 一盒": a word naming what is sold is the product, not a person.
  if (isProduct(ws[0]!.text)) return null;
  const name = wholeName(text, ws, isProduct);
  if (!q) return hasRoom && ws.length === 1 && firstIsEach ? null : name;
  // With a room, 各 names products only: "295-909 苹果 香蕉 各1斤".
  if (q.each && hasRoom) return null;
  if (ws.length >= 2) return name;
  const glued = ws[0]!.end === q.start;
  return !hasRoom || !glued ? name : null;
}

const LATIN = /^[A-Za-z][A-Za-z'.]{0,14}$/;
/** One character after a Latin name that is a word of the order, not a surname ("David Zhang 带1个朋友"). */
const NOT_A_SURNAME = /^[带要买和加送给来去不也再]$/;
const SIZE_WORD = /^(?:X{0,3}S|M|X{0,3}L|\d?XL)$/i;
/** One CJK character, or a short CJK word with a ·number (屿·77): the rest of a spaced nickname. */
const NICK_TAIL = /^[\u4e00-\u9fff]{1,3}(?:·\d{1,3})?$/;

/**
 * The person's whole nickname from its first word: "林俊杰 - Jackie", "Catherine chen",
 * "Sunny 王", "安娜 Anna", "小 屿·77", "林 小北". Words that name a product, carry a count or
 * are a size (XL) end it.
 */
function wholeName(text: string, ws: Piece[], isProduct: (word: string) => boolean): Piece {
  let last = 0;
  const latin = (i: number) => ws.slice(0, i + 1).every((w) => LATIN.test(w.text));
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i]!.text;
    const prev = ws[last]!.text;
    if (isProduct(w) || SIZE_WORD.test(w)) break;
    if (/^[-–—·]$/.test(w) && ws[i + 1] && !isProduct(ws[i + 1]!.text)) {
      last = i + 1;
      i++;
      continue;
    }
    const joins =
      (latin(last) && LATIN.test(w)) ||
      (latin(last) && /^[\u4e00-\u9fff]$/.test(w) && !NOT_A_SURNAME.test(w)) ||
      (/^[\u4e00-\u9fff]{1,4}$/.test(prev) && last === 0 && LATIN.test(w)) ||
      // "林 小北 凝珠*1": not when the word is the last before the count ("尘 消毒液两瓶").
      (/^[\u4e00-\u9fff]$/.test(prev) && last === 0 && NICK_TAIL.test(w) && (w.includes('·') || i < ws.length - 1));
    if (!joins) break;
    last = i;
  }
  const first = ws[0]!;
  const end = ws[last]!;
  return { start: first.start, end: end.end, text: text.slice(first.start, end.end) };
}

function masked(text: string, spans: Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

function cleanProduct(text: string): string | null {
  const t = withoutAsides(text).replace(FILLER, '').replace(/^[\s:：\-+*]+|[\s:：\-+*]+$/g, '');
  return t || null;
}

/** The text no reader used, in pieces joined by spaces; empty when everything was read. */
function leftover(text: string, used: Span[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += used.some((s) => i >= s.start && i < s.end) ? ' ' : text[i];
  return out.split(/[\s，,、；;。]+/).filter((w) => w && !/^[+\-*#~～:：()（）]+$/.test(w)).join(' ');
}
