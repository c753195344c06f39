
import { findCutoff, type CutoffText } from './cutoff-text.ts';
import { MAX_ENTRY_CHARS, parseEntry, type JielongEntry, type ParseOptions } from './entry.ts';
import { circledNumber } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { readEntries } from './listed.ts';
import { readMenuLine, readOfferLine, type OfferText } from './offer-text.ts';

export type { JielongEntry, JielongFlag, JielongItem, ParseOptions } from './entry.ts';
export type { OfferText } from './offer-text.ts';
export type { CutoffText } from './cutoff-text.ts';
export { parseEntryText } from './entry.ts';

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

export interface Jielong {
  header: JielongHeader;
  title: string;
  description: string[];
  /** The products the organiser's text lists before the entries (with prices where written). */
  offer: OfferText[];
  /** A cut-off written in the title, description or tail (今晚9点截单). */
  cutoff: CutoffText | null;
  example: string | null;
  entries: JielongEntry[];
  tail: string[];
}

// Spaces only, never a line break: a header split over two lines is not a header.
const HEADER = /[#＃][ \t\u3000]*(接龙|接龍|group[ \t\u3000]*note)/i;
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
  // Most texts have no "- -" at all: skip splitting a long list into lines.
  if (!text.includes('- -')) return null;
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
  const body = readBody(inline, lines.slice(headerAt + 1));
  const offered = [...new Set([...body.offer.map((o) => o.name), ...(opts.offer ?? [])])];
  const entries = readEntries(body.raws, opts, offered);
  // The cut-off may stand anywhere: title, description, under the 例 line, after the list.
  const cutoff = findCutoff(nearEnds(lines.slice(headerAt)));
  return { header, title: body.title, description: body.description, offer: body.offer, cutoff, example: body.example, entries, tail: body.tail };
}

/** A cut-off is written near the top or under the list: a long list is not searched line by line. */
function nearEnds(lines: string[]): string[] {
  return lines.length > 150 ? [...lines.slice(0, 120), ...lines.slice(-30)] : lines;
}


function headerName(word: string): JielongHeader {
  if (word === '接龍') return '#接龍';
  if (word === '接龙') return '#接龙';
  return '#Group Note';
}

/**
 * The entries in lines appended to a list already read: what a repost adds when it only
 * adds lines at the end. Null when the appended text is anything else (a blank line, a
 * tail, a line continuing the last entry, a quote): the caller then reads the whole text.
 * `lastIndex` is the number of the list's last entry.
 */
export function parseAppendedEntries(appended: string, lastIndex: number, opts: ParseOptions = {}): JielongEntry[] | null {
  if (appended.includes('- -')) return null;
  const raws: RawEntry[] = [];
  for (const line of appended.replace(/\r\n?/g, '\n').split('\n')) {
    const text = line.trim();
    if (!text) return null;
    const last = raws[raws.length - 1];
    const marker = readMarker(text, last ? last.index + 1 : lastIndex + 1);
    if (marker) {
      for (const part of splitInline(marker)) raws.push({ index: part.index, lines: [part.body], source: text });
    } else if (last) last.lines.push(text);
    else return null;
  }
  return readEntries(raws, opts, opts.offer ?? []);
}

// ---------------------------------------------------------------- lines → sections

/** `1.` `1、` `1)` `1：` `（1）` `(1)` `①` `⑴` `⒈` at the start of a line. */
const MARKER = /^\s*(?:(\d{1,4})\s*([.．、)）:：,，])|[（(]\s*(\d{1,3})\s*[)）]|([\u2460-\u2473\u2474-\u2487\u2488-\u249B\u3251-\u325F\u32B1-\u32BF]))\s*/;
/** The words that start the example line (例 3-501 王阿姨 2瓶). */
const EXAMPLE_WORD = '(?:例如|例子|举例|格式如|格式|例)';
const EXAMPLE_START = new RegExp(`^${EXAMPLE_WORD}(?:\\s|[:：,，.。、]|$)`);
const BARE_EXAMPLE = new RegExp(`^${EXAMPLE_WORD}\\s*[:：]?$`);

/** The example line without its 例 / 格式 word: what a resident copying it would type. */
export function exampleBody(line: string): string {
  return line.replace(new RegExp(`^${EXAMPLE_WORD}\\s*[:：]?\\s*`), '');
}
const INLINE_EXAMPLE = /\s(?:例如|例子|格式|例)(?:\s|[:：])/;

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
  // "1. 3-501 …" (a space after the dot) starts an entry whatever came before; "2.5斤" does not.
  // "、" is never a decimal point: "1、3栋412" is entry 1.
  if (m[2] && digitNext && index !== expected && !(index === 1 && (/\s$/.test(m[0]) || m[2] === '、'))) return null;
  // "6.9号星期二晚餐", "12.3周四午餐": a date heading, not entry 6.
  if (/[.．]$/.test(m[0]) && /^\d{1,2}\s*(?:[号日](?!\s*[楼院\d])|星期|周|礼拜)/.test(toHalfWidth(body))) return null;
  return { index, body };
}

const INLINE_MARKER = /(?:^|\s)(\d{1,4})\s*[.．、](?!\d)\s*/g;

/** "1. 2. 倪彩霞 gt7 3. 莓心": one line holding several entries, split on the next numbers. */
function splitInline(first: Marker): Marker[] {
  const out: Marker[] = [];
  let current = first;
  for (;;) {
    const next = current.index + 1;
    // Most lines hold one entry: skip the scan when the next number is not even there. A line
    // longer than any list line is not split (splitting rescans the rest each time).
    if (!current.body.includes(String(next)) || current.body.length > MAX_ENTRY_CHARS) break;
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
  /** The line as written, marker and all: what goes back to the description if this is a product list. */
  source: string;
}

type Section = Omit<Jielong, 'header' | 'cutoff' | 'entries'> & { raws: RawEntry[] };

/**
 * One pass over the lines after the header: title, description and the 例 block before
 * the list; numbered entries and their continuation lines; tail lines after a blank line.
 * Then the layout decides which numbered lines were the organiser's product list.
 */
function readBody(inline: string, lines: string[]): Section {
  let title: string | null = null;
  const description: string[] = [];
  let example: string[] | null = null;
  let inExample = false;
  let raws: RawEntry[] = [];
  /** Numbered lines before the 例 line: the organiser's products or menu, not entries. */
  let listed: RawEntry[] = [];
  const tail: string[] = [];
  let afterBlank = false;
  let unnumbered = false;

  const startEntry = (marker: Marker, source: string): void => {
    for (const part of splitInline(marker)) raws.push({ index: part.index, lines: [part.body], source });
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
    if (list) startEntry(list, inline.slice(first!.index).trim());
    else if (!first) takeTitle(inline);
  }

  for (const line of lines) {
    const text = line.trim();
    if (!text) {
      afterBlank = true;
      inExample = false;
      continue;
    }
    // 例 / 格式 starts the example wherever it stands; numbered lines above it were the
    // organiser's products (5.冬瓜汤⏎例 桃子 1份), and the entries start after it.
    if (example === null && EXAMPLE_START.test(text)) {
      listed = listed.concat(raws);
      raws = [];
      example = [text];
      inExample = true;
      afterBlank = false;
      continue;
    }
    const last = raws[raws.length - 1];
    const marker = readMarker(text, last ? last.index + 1 : 1);
    if (inExample && example !== null) {
      // A bare "例：" takes the next line even when numbered; a numbered example keeps its list.
      const ex: string[] = example;
      const bare = ex.length === 1 && BARE_EXAMPLE.test(ex[0]!);
      if (!marker || bare || ex.some((l) => MARKER.test(l))) {
        ex.push(text);
        continue;
      }
      inExample = false;
    }
    if (marker) {
      unnumbered = false;
      startEntry(marker, text);
      continue;
    }
    // After the 例 line, lists are sometimes not numbered: each line that orders is an entry.
    if (example !== null && (raws.length === 0 || unnumbered) && !EXAMPLE_START.test(text) && looksLikeEntry(text)) {
      unnumbered = true;
      startEntry({ index: (raws.at(-1)?.index ?? 0) + 1, body: text }, text);
      continue;
    }
    if (raws.length > 0) {
      if (afterBlank || unnumbered) tail.push(text);
      else raws[raws.length - 1]!.lines.push(text);
      continue;
    }
    if (title === null) takeTitle(text);
    else description.push(text);
  }

  if (listed.length === 0) ({ listed, raws } = productListFirst(raws));
  // `example` and `title` are set inside closures, which TypeScript's narrowing cannot see.
  const titleText = (title as string | null) ?? '';
  const offer: OfferText[] = [];
  // The organiser's products stand in the first lines of the description.
  for (const line of [titleText, ...description.slice(0, 60)]) offer.push(...(readOfferLine(line) ?? []));
  for (const r of listed) offer.push(...(readOfferLine(r.lines[0]!) ?? [readMenuLine(r.lines[0]!)]).filter((o) => o !== null));
  // A product line's own notes (取货时间, 每户限购) are the description's, not an entry's.
  const notes = listed.flatMap((r) => r.lines.slice(1));
  const exampleLines = example as string[] | null;
  return {
    title: titleText, description: [...description, ...new Set(listed.map((r) => r.source)), ...notes], offer,
    example: exampleLines ? exampleLines.join('\n') : null, raws, tail,
  };
}

/** An unnumbered line that orders: a room, or a count with a unit, and no price (a product line). */
function looksLikeEntry(text: string): boolean {
  if (text.length > MAX_ENTRY_CHARS) return false;
  if (readOfferLine(text) !== null || findCutoff([text]) !== null) return false;
  const e = parseEntry(text, 0, []);
  return e.room !== null || e.items.some((i) => i.qty !== null && i.unit !== null);
}

/**
 * Without a 例 line, the first numbered run is the organiser's product list when every line
 * is a product with its price (`1.土鸡蛋 32元/盒`), or when it is a list of dishes that the
 * numbered run after it (starting again at 1) orders from.
 */
function productListFirst(raws: RawEntry[]): { listed: RawEntry[]; raws: RawEntry[] } {
  const restart = raws.findIndex((r, i) => i > 0 && r.index === 1);
  const first = restart < 0 ? raws : raws.slice(0, restart);
  const rest = restart < 0 ? [] : raws.slice(restart);
  if (first.length === 0) return { listed: [], raws };
  // Residents often go on numbering after the products (1–3 products, 4. the first order).
  const priced = first.findIndex((r) => readOfferLine(r.lines.join(' ')) === null);
  if (priced !== 0) return { listed: first.slice(0, priced < 0 ? first.length : priced), raws: [...(priced < 0 ? [] : first.slice(priced)), ...rest] };
  const dishes = first.map((r) => (r.lines.length === 1 ? readMenuLine(r.lines[0]!) : null));
  if (rest.length > 0 && dishes.every((d) => d !== null) && rest.some((r) => dishes.some((d) => r.lines.join(' ').includes(d!.name)))) {
    return { listed: first, raws: rest };
  }
  return { listed: [], raws };
}
