import type { Product } from '../../store/schema.ts';
import { findQuantities, toHalfWidth, UNIT_PATTERN, type QuantityMatch } from './numerals.ts';

// Reading a WeChat 接龙 (group sign-up list) into its parts. Pure functions: no store, no
// clock. Everything read is also kept as written (`raw`), and whatever could not be read
// is flagged rather than guessed.
//
// Conventions (also in the report and the tests):
// - `raw` is the entry's text after its list marker, continuation lines joined by "\n".
// - `room` is normalised to ASCII digits joined by '-': building-room "3-501",
//   building-unit-room "3-2-501"; a building alone is "3栋", a building and unit "3栋2单元",
//   a bare room number "1701". `roomRaw` keeps the text as written.
// - An entry with no quantity (a plain sign-up) has one item with qty null and the flag
//   'no-quantity': the order book decides what that means, the parser never does.
// - A reply quoting a 接龙 (WeChat's 「…」 quote and a "- - - -" line) is not a new
//   version: parseJielong returns null; splitQuotedReply gives both parts to the handler.

export type JielongHeader = '#接龙' | '#接龍' | '#Group Note';

/**
 * What could not be read for sure, per entry:
 * - 'empty': a marker with nothing after it (an unfilled slot).
 * - 'no-quantity': no quantity was written; qty is null.
 * - 'unparsed': some text was not read as name, room, product or quantity (see `note`).
 * - 'ambiguous-product': the catalog matched more than one product in one item.
 * - 'unknown-product': a catalog was given and an item's product is not in it.
 */
export type JielongFlag = 'empty' | 'no-quantity' | 'unparsed' | 'ambiguous-product' | 'unknown-product';

export interface JielongItem {
  /** The catalog's name when matched, else the product as written, else null (not named). */
  product: string | null;
  productId?: string;
  /** The product as written, when a catalog match replaced it by the canonical name. */
  productRaw?: string;
  qty: number | null;
  unit: string | null;
}

export interface JielongEntry {
  /** The number written before the entry (1. 1、 （1） ①). */
  index: number;
  name: string | null;
  room: string | null;
  roomRaw?: string;
  phone?: string;
  items: JielongItem[];
  /** Text that was not read as anything (times, remarks …), when there is some. */
  note?: string;
  raw: string;
  flags: JielongFlag[];
}

export interface Jielong {
  header: JielongHeader;
  title: string;
  description: string[];
  example: string | null;
  entries: JielongEntry[];
  tail: string[];
}

export interface ParseOptions {
  catalog?: Product[];
}

const HEADER = /[#＃]\s*(接龙|接龍|group\s*note)/i;
// WeChat's quote: the quoted message, then a line of spaced dashes, then the reply.
const QUOTE_SEPARATOR = /^\s*-(?:\s+-){3,}\s*$/;

/** True when the text carries a 接龙 header and is not a reply quoting one. */
export function isJielong(text: string): boolean {
  return typeof text === 'string' && HEADER.test(text) && splitQuotedReply(text) === null;
}

/**
 * A reply that quotes another message: `「name：…」` (or any text) above a `- - - -` line.
 * Returns the quoted part and the reply below it, or null when the text is not a quote.
 */
export function splitQuotedReply(text: string): { quoted: string; reply: string } | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = lines.findIndex((l) => QUOTE_SEPARATOR.test(l));
  if (at < 0) return null;
  return { quoted: lines.slice(0, at).join('\n'), reply: lines.slice(at + 1).join('\n').trim() };
}

/** The 接龙 in a text, or null when the text is not one (or only quotes one). Never throws. */
export function parseJielong(text: string, opts: ParseOptions = {}): Jielong | null {
  if (typeof text !== 'string' || !isJielong(text)) return null;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const headerAt = lines.findIndex((l) => HEADER.test(l));
  const headerLine = lines[headerAt]!;
  const m = HEADER.exec(headerLine)!;
  const header = headerName(m[1]!);
  // Words or @mentions before the header on its line are not part of the 接龙.
  const inline = headerLine.slice(m.index + m[0].length).trim();
  const terms = catalogTerms(opts.catalog ?? []);
  return { header, ...readBody(inline, lines.slice(headerAt + 1), terms) };
}

function headerName(word: string): JielongHeader {
  if (word === '接龍') return '#接龍';
  if (word === '接龙') return '#接龙';
  return '#Group Note';
}

// ---------------------------------------------------------------- lines → sections

/** `1.` `1、` `1)` `1：` `（1）` `(1)` `①` `⑴` `⒈` at the start of a line. */
const MARKER = /^\s*(?:(\d{1,3})\s*([.．、)）:：,，])|[（(]\s*(\d{1,3})\s*[)）]|([\u2460-\u2473\u2474-\u2487\u2488-\u249B\u3251-\u325F\u32B1-\u32BF]))\s*/;
const EXAMPLE_START = /^(?:例如|例子|举例|格式如|格式|例)(?:\s|[:：,，.。、]|$)/;
const INLINE_EXAMPLE = /\s(?:例如|例子|格式|例)(?:\s|[:：])/;

function circledNumber(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x2460 && c <= 0x2473) return c - 0x2460 + 1;
  if (c >= 0x2474 && c <= 0x2487) return c - 0x2474 + 1;
  if (c >= 0x2488 && c <= 0x249b) return c - 0x2488 + 1;
  if (c >= 0x3251 && c <= 0x325f) return c - 0x3251 + 21;
  return c - 0x32b1 + 36;
}

interface Marker {
  index: number;
  body: string;
}

/** A line without its list marker, whatever the numbering: what stays the same when a list is renumbered. */
export function withoutMarker(line: string): string {
  const m = MARKER.exec(toHalfWidth(line));
  return m ? line.slice(m[0].length) : line;
}

/**
 * The list marker at the start of a line. "1.295-909" is entry 1, but "2.5斤" after the
 * list is not entry 2 unless 2 is the number expected next: a digit right after a dot is
 * only a marker when the numbering says so. "10:30" is never a marker.
 */
function readMarker(line: string, expected: number): Marker | null {
  const m = MARKER.exec(toHalfWidth(line));
  if (!m) return null;
  const body = line.slice(m[0].length);
  if (m[4]) return { index: circledNumber(m[4]), body };
  const index = Number(m[1] ?? m[3]);
  const digitNext = /^\d/.test(body);
  if (m[2] && digitNext && /[:,]/.test(toHalfWidth(m[2]))) return null;
  if (m[2] && digitNext && index !== expected) return null;
  return { index, body };
}

const INLINE_MARKER = /(?:^|\s)(\d{1,3})\s*[.．、](?!\d)\s*/g;

/** "1. 2. 倪彩霞 gt7 3. 莓心": one line holding several entries, split on the next numbers. */
function splitInline(first: Marker): Marker[] {
  const out: Marker[] = [];
  let current = first;
  for (;;) {
    const next = current.index + 1;
    // Most lines hold one entry: skip the scan when the next number is not even there.
    if (!current.body.includes(String(next))) break;
    const m = [...current.body.matchAll(INLINE_MARKER)].find((x) => Number(x[1]) === next);
    if (!m) break;
    out.push({ index: current.index, body: current.body.slice(0, m.index) });
    current = { index: next, body: current.body.slice(m.index + m[0].length) };
  }
  out.push(current);
  return out;
}

interface RawEntry {
  index: number;
  lines: string[];
}

type Section = Omit<Jielong, 'header'>;

/**
 * One pass over the lines after the header: title, description and the 例 block before
 * the list; numbered entries and their continuation lines; tail lines after a blank line.
 */
function readBody(inline: string, lines: string[], terms: CatalogTerm[]): Section {
  let title: string | null = null;
  const description: string[] = [];
  let example: string[] | null = null;
  let inExample = false;
  const raws: RawEntry[] = [];
  const tail: string[] = [];
  let afterBlank = false;

  const startEntry = (marker: Marker): void => {
    for (const part of splitInline(marker)) raws.push({ index: part.index, lines: [part.body] });
    afterBlank = false;
  };
  const takeTitle = (text: string): void => {
    const ex = INLINE_EXAMPLE.exec(text);
    title = (ex ? text.slice(0, ex.index) : text).trim();
    if (ex && example === null) {
      example = [text.slice(ex.index).trim()];
      inExample = true;
    }
  };

  // The header line itself may hold the title and even a one-line list.
  if (inline) {
    const first = /(?:^|\s)1\s*[.．、](?!\d)/.exec(inline);
    const list = first ? readMarker(inline.slice(first.index).trim(), 1) : null;
    if (first && first.index > 0) takeTitle(inline.slice(0, first.index));
    if (list) startEntry(list);
    else if (!first) takeTitle(inline);
  }

  for (const line of lines) {
    const text = line.trim();
    if (!text) {
      afterBlank = true;
      inExample = false;
      continue;
    }
    const last = raws[raws.length - 1];
    const marker = readMarker(text, last ? last.index + 1 : 1);
    if (inExample && example !== null) {
      // A bare "例：" takes the next line even when numbered; a numbered example keeps its list.
      const ex: string[] = example;
      const bare = ex.length === 1 && /^(?:例如|例子|举例|格式如|格式|例)\s*[:：]?$/.test(ex[0]!);
      if (!marker || bare || ex.some((l) => MARKER.test(l))) {
        ex.push(text);
        continue;
      }
      inExample = false;
    }
    if (marker) {
      startEntry(marker);
      continue;
    }
    if (raws.length > 0) {
      if (afterBlank) tail.push(text);
      else raws[raws.length - 1]!.lines.push(text);
      continue;
    }
    if (example === null && EXAMPLE_START.test(text)) {
      example = [text];
      inExample = true;
    } else if (title === null) takeTitle(text);
    else description.push(text);
  }

  const entries = raws.map((r) => parseEntry(r.lines.join('\n').trim(), r.index, terms));
  // `example` and `title` are set inside closures, which TypeScript's narrowing cannot see.
  const exampleLines = example as string[] | null;
  return { title: title ?? '', description, example: exampleLines ? exampleLines.join('\n') : null, entries, tail };
}

// ---------------------------------------------------------------- one entry

/**
 * One entry's text (after its marker): person, room, phone and items. Exported so the
 * handler can read a short message such as "+2 3-501" or "大米2袋" the same way.
 */
export function parseEntryText(raw: string, index = 1, opts: ParseOptions = {}): JielongEntry {
  return parseEntry(raw.trim(), index, catalogTerms(opts.catalog ?? []));
}

function parseEntry(raw: string, index: number, terms: CatalogTerm[]): JielongEntry {
  if (!raw) return { index, name: null, room: null, items: [], raw, flags: ['empty'] };
  const work = new Work(toHalfWidth(raw));
  const phone = work.take(PHONE)?.text.replace(/\D/g, '');
  // Times and dates go first: "7-10" must not be read as a room, nor "2024年" as room 2024.
  for (const re of NOT_QUANTITIES) work.blankAll(re);
  const room = readRoom(work);
  const protectedSpans = findCatalogSpans(work.text, terms);
  const quantities = findQuantities(work.text).filter((q) => !protectedSpans.some((s) => overlaps(s, q)));
  const read = readItems(work, quantities, room !== null);
  // A catalog product named without a quantity is still an item ("苹果、香蕉2斤"), unread.
  for (const p of read.pending) {
    if (findCatalogSpans(p.text, terms).length === 0) continue;
    work.use(p);
    read.items.push({ product: cleanProduct(p.text), qty: null, unit: null });
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

interface Span {
  start: number;
  end: number;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The entry text being read. Spans that have been read (room, phone) or must never be a
 * quantity (times, dates, pack specs) are blanked with spaces of the same length, so every
 * offset still points into the original text.
 */
class Work {
  text: string;
  readonly used: Span[] = [];

  constructor(text: string) {
    this.text = text;
  }

  blank(span: Span, markUsed = true): void {
    this.text = this.text.slice(0, span.start) + ' '.repeat(span.end - span.start) + this.text.slice(span.end);
    if (markUsed) this.used.push(span);
  }

  /** Reads and blanks the first match; `text` is the match as written. */
  take(re: RegExp): (Span & { match: RegExpExecArray; text: string }) | null {
    const m = (re.global ? new RegExp(re.source, re.flags.replace('g', '')) : re).exec(this.text);
    if (!m) return null;
    const span = { start: m.index, end: m.index + m[0].length };
    this.blank(span);
    return { ...span, match: m, text: m[0] };
  }

  /** Blanks every match without counting it as read: it stays in the note. */
  blankAll(re: RegExp): void {
    if (!/\d/.test(this.text)) return; // every such pattern needs a digit
    for (const m of [...this.text.matchAll(re)]) this.blank({ start: m.index, end: m.index + m[0].length }, false);
  }

  use(span: Span): void {
    this.used.push(span);
  }
}

// ---------------------------------------------------------------- person: room, phone

const PHONE = /(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/;

const BUILDING = '(?:栋|幢|号楼|座|#)';
const ROOM_FORMS: Array<{ re: RegExp; normal: (m: RegExpExecArray) => string }> = [
  // 3栋2单元501, 3号2单元501室
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*(?:${BUILDING}|号)\\s*(\\d{1,2})\\s*单元\\s*-?\\s*(\\d{3,4})(?:\\s*[室号])?`), normal: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  // 3栋1701, 5号楼1201, 3#501
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*${BUILDING}\\s*-?\\s*(\\d{3,4})(?:\\s*[室号])?`), normal: (m) => `${m[1]}-${m[2]}` },
  // 3-2-501
  { re: /(?<![\d.:\-/])(\d{1,3})[-—–_](\d{1,2})[-—–_](\d{3,4})(?![\d.:\-/])/, normal: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  // 3-501, 295-909, 7-1102 (a time range such as 7-10 has a short second part)
  { re: /(?<![\d.:\-/])(\d{1,3})[-—–_/](\d{3,4})(?![\d.:\-/])/, normal: (m) => `${m[1]}-${m[2]}` },
  // 3栋2单元 (no room number)
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*${BUILDING}\\s*(\\d{1,2})\\s*单元`), normal: (m) => `${m[1]}栋${m[2]}单元` },
  // 3栋 (building only)
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*(?:栋|幢|号楼|座)`), normal: (m) => `${m[1]}栋` },
  // 1701 standing alone (or 1701室), not followed by a unit
  { re: new RegExp(`(?<![\\dA-Za-z.:\\-/])(\\d{3,4})(?:室|(?![\\dA-Za-z.:\\-/%]|\\s*${UNIT_PATTERN}))`), normal: (m) => m[1]! },
];

function readRoom(work: Work): { normal: string; raw: string } | null {
  for (const form of ROOM_FORMS) {
    const taken = work.take(form.re);
    if (taken) return { normal: form.normal(taken.match), raw: taken.text.trim() };
  }
  return null;
}

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
function readItems(work: Work, quantities: QuantityMatch[], hasRoom: boolean): ReadItems {
  const text = work.text;
  const items: JielongItem[] = [];
  let name: string | null = null;
  let pending: Piece[] = [];
  const segments = segmentsOf(text);
  segments.forEach((seg, si) => {
    const qs = quantities.filter((q) => q.start >= seg.start && q.end <= seg.end);
    let cursor = seg.start;
    if (si === 0) {
      const taken = nameRule(text, seg, qs[0], hasRoom, quantities[0]?.each ?? false);
      if (taken) {
        name = taken.text.replace(/^@+/, '').replace(/[:：]+$/, '') || null;
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
      const names = q.each ? [...pending, ...words(product)] : product ? [product] : [];
      if (q.each) pending = [];
      if (names.length === 0) items.push({ product: null, qty: q.qty, unit: q.unit });
      for (const n of names) {
        work.use(n);
        items.push({ product: cleanProduct(n.text), qty: q.qty, unit: q.unit });
      }
    });
    const rest = piece(text, cursor, seg.end);
    if (rest && qs.length === 0) pending.push(rest);
  });
  return { name, items, pending };
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
function nameRule(text: string, seg: Span, q: QuantityMatch | undefined, hasRoom: boolean, firstIsEach: boolean): Piece | null {
  const before = piece(text, seg.start, q ? q.start : seg.end);
  const ws = words(before);
  if (ws.length === 0) return null;
  if (!q) return hasRoom && ws.length === 1 && firstIsEach ? null : ws[0]!;
  // With a room, 各 names products only: "295-909 苹果 香蕉 各1斤".
  if (q.each && hasRoom) return null;
  if (ws.length >= 2) return ws[0]!;
  const glued = ws[0]!.end === q.start;
  return !hasRoom || !glued ? ws[0]! : null;
}

function cleanProduct(text: string): string | null {
  const t = text.replace(FILLER, '').replace(/^[\s:：\-+*]+|[\s:：\-+*]+$/g, '');
  return t || null;
}

/** The text no reader used, in pieces joined by spaces; empty when everything was read. */
function leftover(text: string, used: Span[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += used.some((s) => i >= s.start && i < s.end) ? ' ' : text[i];
  return out.split(/[\s，,、；;。]+/).filter((w) => w && !/^[+\-*#~～:：()（）]+$/.test(w)).join(' ');
}

// ---------------------------------------------------------------- catalog

interface CatalogTerm {
  term: string;
  product: Product;
}

/** Every name and alias, longest first, so "东北大米" wins over "大米". */
function catalogTerms(catalog: Product[]): CatalogTerm[] {
  const terms: CatalogTerm[] = [];
  for (const product of catalog) {
    for (const term of [product.name, ...(product.aliases ?? [])]) {
      const t = toHalfWidth(term ?? '').trim().toLowerCase();
      if (t) terms.push({ term: t, product });
    }
  }
  return terms.sort((a, b) => b.term.length - a.term.length);
}

/** Longest non-overlapping occurrences of catalog terms in a text. */
function findCatalogSpans(text: string, terms: CatalogTerm[]): Array<Span & { product: Product }> {
  const lower = text.toLowerCase();
  const spans: Array<Span & { product: Product }> = [];
  for (const { term, product } of terms) {
    let from = 0;
    for (let at = lower.indexOf(term, from); at >= 0; at = lower.indexOf(term, from)) {
      const span = { start: at, end: at + term.length, product };
      if (!spans.some((s) => overlaps(s, span))) spans.push(span);
      from = at + 1;
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Replaces each item's product by the catalog product it names, or flags why it cannot. */
function matchCatalog(entry: JielongEntry, terms: CatalogTerm[]): void {
  if (terms.length === 0) return;
  for (const item of entry.items) {
    if (item.product === null) continue;
    const ids = new Map(findCatalogSpans(item.product, terms).map((s) => [s.product.id, s.product]));
    if (ids.size === 1) {
      const product = [...ids.values()][0]!;
      if (product.name !== item.product) item.productRaw = item.product;
      item.product = product.name;
      item.productId = product.id;
    } else addFlag(entry, ids.size > 1 ? 'ambiguous-product' : 'unknown-product');
  }
}

function addFlag(entry: JielongEntry, flag: JielongFlag): void {
  if (!entry.flags.includes(flag)) entry.flags.push(flag);
}
