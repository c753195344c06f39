import { catalogTerms, type CatalogTerm } from './catalog-terms.ts';
import { parseEntry, type JielongEntry, type ParseOptions } from './entry.ts';
import { toHalfWidth } from './numerals.ts';

export type { JielongEntry, JielongFlag, JielongItem, ParseOptions } from './entry.ts';
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
  const terms = catalogTerms(opts.catalog ?? []);
  return { header, ...readBody(inline, lines.slice(headerAt + 1), terms) };
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
      for (const part of splitInline(marker)) raws.push({ index: part.index, lines: [part.body] });
    } else if (last) last.lines.push(text);
    else return null;
  }
  const terms = catalogTerms(opts.catalog ?? []);
  return raws.map((r) => parseEntry(r.lines.join('\n').trim(), r.index, terms));
}

// ---------------------------------------------------------------- lines → sections

/** `1.` `1、` `1)` `1：` `（1）` `(1)` `①` `⑴` `⒈` at the start of a line. */
const MARKER = /^\s*(?:(\d{1,4})\s*([.．、)）:：,，])|[（(]\s*(\d{1,3})\s*[)）]|([\u2460-\u2473\u2474-\u2487\u2488-\u249B\u3251-\u325F\u32B1-\u32BF]))\s*/;
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

const INLINE_MARKER = /(?:^|\s)(\d{1,4})\s*[.．、](?!\d)\s*/g;

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
