import { XMLParser } from 'fast-xml-parser';
import type { JielongLine } from '../types.ts';

// WeChat's own 接龙 tool sends an app message (`<appmsg><type>53</type>`). Its `<title>`
// holds the whole list as text; `<extinfo><solitaire_info>` holds, usually as CDATA, a
// second XML document describing it:
//
//   <solitaire>
//     <tt>0-86</tt>          header: "start-length" into the title text (or the text itself)
//     <ex>…</ex> <tl>…</tl>  example and tail, same encoding
//     <s>.</s>               the separator after each list number
//     <au>wxid_…</au>        the creator
//     <hrt>1</hrt>           1 when the list has a header
//     <content>
//       <s>3</s>             number of items
//       <i><u>wxid_…</u><h>0</h><s>.</s><t>1687786648</t><r>91-43</r></i>   one per line:
//       …                    author, unix seconds, and the line as "start-length" into
//     </content>             the title (<r>) or as text (<c>)
//   </solitaire>
//
// This shape was learnt from WeChat's Android client (GroupSolitatireHelp, which writes and
// reads exactly these tags) and a public sample of such a message; the tests use messages
// built the same way. Offsets count UTF-16 code units, as Java and JavaScript strings do.
// WeCom's 接龙 (msgtype 213) carries the same <solitaire> document beside its text
// (wecom/solitaire.ts reads it with parseSolitaireInfo). Either way the channel hands the
// 接龙 over as a `jielong` event (bot/types.ts): no handler sees this XML.

export interface SolitaireAuthor {
  /** The list number of the line (1-based, in list order). */
  line: number;
  /** WeChat user name (wxid_…) of whoever added the line. */
  userId: string;
  /** When the line was added, epoch milliseconds. */
  at?: number;
  /** The line's text as WeChat recorded it, without its number. */
  content?: string;
}

export interface SolitaireMessage {
  /** The 接龙 as text, ready for parseJielong. */
  text: string;
  authors: SolitaireAuthor[];
  /** Who started the 接龙, when recorded. */
  creator?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value a string: a title of "123" or a user id of digits must stay text.
  parseTagValue: false,
  // Offsets in <r> count from the title's very first character, spaces included.
  trimValues: false,
  processEntities: true,
});

/**
 * The text and per-line authors of a WeChat 接龙 app message, or null when the XML is not
 * one (not type 53, no title, or not XML at all). Never throws.
 */
export function parseSolitaireXml(xml: string): SolitaireMessage | null {
  if (typeof xml !== 'string') return null;
  const doc = parseXml(xml);
  const appmsg = child(doc, 'msg', 'appmsg') ?? child(doc, 'appmsg');
  if (!appmsg || text(appmsg['type'])?.trim() !== '53') return null;
  const title = text(appmsg['title']);
  if (title === undefined) return null;
  return { text: title, ...readInfo(readSolitaire(child(appmsg, 'extinfo')?.['solitaire_info']), title) };
}

/**
 * The per-line authors (and creator) of a 接龙 whose text is `text`, from a <solitaire>
 * document given on its own (XML text); no authors when it is not one. Never throws.
 */
export function parseSolitaireInfo(info: string, text: string): Omit<SolitaireMessage, 'text'> {
  return readInfo(typeof info === 'string' ? readSolitaire(info) : null, text);
}

/** The authors as a `jielong` event hands them over: each line's number and its author's id. */
export function jielongLines(authors: SolitaireAuthor[]): JielongLine[] {
  return authors.map((a) => ({ line: a.line, authorId: a.userId }));
}

function readInfo(solitaire: Node | null, title: string): Omit<SolitaireMessage, 'text'> {
  if (!solitaire) return { authors: [] };
  const creator = text(solitaire['au'])?.trim();
  const authors = readAuthors(child(solitaire, 'content'), title);
  return creator ? { authors, creator } : { authors };
}

/**
 * Parses an XML document; null instead of an exception. Group messages arrive as
 * "wxid_sender:\n<?xml …", so anything before the first tag is dropped.
 */
function parseXml(xml: string): Node | null {
  const at = xml.indexOf('<');
  if (at < 0) return null;
  try {
    const doc: unknown = parser.parse(xml.slice(at));
    return isNode(doc) ? doc : null;
  } catch {
    return null;
  }
}

/** solitaire_info is CDATA or escaped text (an XML string to parse again) or inline XML. */
function readSolitaire(info: unknown): Node | null {
  if (typeof info === 'string') return child(parseXml(info), 'solitaire');
  if (isNode(info)) {
    const inner = info['solitaire'];
    if (isNode(inner)) return inner;
    const cdata = text(info);
    return cdata ? child(parseXml(cdata), 'solitaire') : null;
  }
  return null;
}

function readAuthors(content: Node | null, title: string): SolitaireAuthor[] {
  if (!content) return [];
  const items = asArray(content['i']).filter(isNode);
  const lines = items.map((item, i) => {
    const range = readRange(text(item['r']), title);
    const c = text(item['c']);
    const t = Number(text(item['t']));
    return {
      order: range?.start ?? Number.MAX_SAFE_INTEGER, i,
      userId: text(item['u'])?.trim() ?? '',
      at: Number.isFinite(t) && t > 0 ? t * 1000 : undefined,
      content: (c ?? range?.text)?.trim(),
    };
  });
  // WeChat sorts the items before numbering them: when every line has its place in the
  // text, list order is text order; otherwise the document order is the best there is.
  if (lines.every((l) => l.order !== Number.MAX_SAFE_INTEGER)) lines.sort((a, b) => a.order - b.order || a.i - b.i);
  return lines.map((l, n) => {
    const author: SolitaireAuthor = { line: n + 1, userId: l.userId };
    if (l.at !== undefined) author.at = l.at;
    if (l.content !== undefined) author.content = l.content;
    return author;
  });
}

/** "91-43" → the 43 characters of the title from offset 91; null when out of range. */
function readRange(value: string | undefined, title: string): { start: number; text: string } | null {
  const m = /^(\d+)-(\d+)$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const start = Number(m[1]);
  const end = start + Number(m[2]);
  return end <= title.length ? { start, text: title.slice(start, end) } : null;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Follows a path of single child elements; the first one when a tag repeats. */
function child(node: Node | null | undefined, ...path: string[]): Node | null {
  let current: unknown = node;
  for (const key of path) {
    if (!isNode(current)) return null;
    current = asArray(current[key])[0];
  }
  return isNode(current) ? current : null;
}

/** An element's text: a string as is, an element with mixed content by its #text. */
function text(value: unknown): string | undefined {
  const first = asArray(value)[0];
  if (typeof first === 'string') return first;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  if (isNode(first) && typeof first['#text'] === 'string') return first['#text'];
  if (isNode(first) && Object.keys(first).length === 0) return '';
  return undefined;
}
