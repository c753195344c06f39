import { XMLParser, XMLValidator } from 'fast-xml-parser';

// WeCom callbacks are small flat XML documents (<xml><Tag>value</Tag>…</xml>), values often
// in CDATA. Parsed with a real parser; anything that is not well-formed XML is refused.

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Ids and times stay strings: "00123" must not become 123.
  parseTagValue: false,
  // Content is read exactly as sent (a 接龙's line offsets count every character).
  trimValues: false,
  processEntities: true,
  isArray: (name) => name === 'Item',
});

/** The <xml> root of a WeCom document, or null when the text is not well-formed XML. */
export function readXml(text: string): XmlNode | null {
  // No DTDs: a callback never has one, and entity tricks have no business here.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  if (XMLValidator.validate(text) !== true) return null;
  try {
    const doc: unknown = parser.parse(text);
    const root = isNode(doc) ? doc['xml'] : undefined;
    return isNode(root) ? root : null;
  } catch {
    return null;
  }
}

/**
 * The <Encrypt> text of a callback envelope, found without an XML parser: the signature is
 * checked over it before any parser sees a byte that an unknown sender chose. Undefined
 * unless there is exactly one <Encrypt> holding base64.
 */
export function envelopeCiphertext(body: string): string | undefined {
  const open = body.indexOf('<Encrypt>');
  if (open < 0 || body.indexOf('<Encrypt>', open + 1) >= 0) return undefined;
  const close = body.indexOf('</Encrypt>', open);
  if (close < 0) return undefined;
  let inner = body.slice(open + '<Encrypt>'.length, close).trim();
  if (inner.startsWith('<![CDATA[') && inner.endsWith(']]>')) inner = inner.slice('<![CDATA['.length, -']]>'.length).trim();
  return /^[A-Za-z0-9+/]+={0,2}$/.test(inner) ? inner : undefined;
}

/** A child element's text ('' for an empty element), trimmed unless `exact`. */
export function field(node: XmlNode, name: string, exact = false): string | undefined {
  const value = node[name];
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (isNode(value) && typeof value['#text'] === 'string') text = value['#text'];
  else if (value === '' || (isNode(value) && Object.keys(value).length === 0)) text = '';
  if (text === undefined) return undefined;
  return exact ? text : text.trim();
}

/** <List><Item>a</Item><Item>b</Item></List> → ['a', 'b']; older events sent "a,b" as text. */
export function items(node: XmlNode, name: string): string[] {
  const value = node[name];
  if (isNode(value) && Array.isArray(value['Item'])) {
    return value['Item'].map((i) => (typeof i === 'string' ? i : isNode(i) && typeof i['#text'] === 'string' ? i['#text'] : '')).map((s) => s.trim()).filter(Boolean);
  }
  const text = field(node, name);
  return text ? text.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
