import type { Product } from '../../store/schema.ts';
import { catalogTerms, type CatalogTerm } from './catalog-terms.ts';
import { parseEntry, type JielongEntry, type ParseOptions } from './entry.ts';
import { circledNumber } from '../../text/numerals.ts';
import { resolveListed } from './offer-names.ts';

// Entries read against what the 接龙 lists: products named by their number in the list, their
// size, a part of their name; items nothing lists are remarks in a line that orders something
// listed; with one product listed, a line with only a count orders it.

/** Entries read with the catalog, and with what the 接龙 offers (names kept whole, tails resolved). */
export function readEntries(raws: Array<{ index: number; lines: string[] }>, opts: ParseOptions, offered: string[]): JielongEntry[] {
  const terms = catalogTerms(opts.catalog ?? []);
  const offerTerms = offeredTerms(offered, opts.catalog ?? []);
  return raws.map((r) => {
    const raw = r.lines.join('\n').trim();
    const entry = parseEntry(byListedName(raw, offered), r.index, terms, offerTerms);
    entry.raw = raw;
    nameOffered(entry, offered);
    return entry;
  });
}

/**
 * A line that names products the way the list numbers or sizes them ("2号 1份", "②1份",
 * "10斤×1" for 10斤装), read as if it named them: the line as written stays the entry's raw.
 */
function byListedName(raw: string, offered: string[]): string {
  if (offered.length === 0) return raw;
  // Not a building: "1号，101室", "3号楼", "3号2单元".
  let text = raw.replace(/(?<![\d.\-#])(\d{1,2})\s*号(?![楼院栋单元]|\s*\d+\s*单元|[，,\s]*\d{3,4})|[①-⑳]/g, (m, n: string | undefined) => {
    const i = n !== undefined ? Number(n) : circledNumber(m);
    return offered[i - 1] ? ` ${offered[i - 1]} ` : m;
  });
  for (const name of offered) {
    const size = /^(\d+(?:\.\d+)?\s*(?:斤|公斤|kg|g|克|L|ml))装$/.exec(name);
    if (size) text = text.replace(new RegExp(`(?<![\\d.])${size[1]!.replace('.', '\\.')}(?!\\s*装)`, 'g'), ` ${name} `);
  }
  return text;
}

/** Offered names the catalog does not hold, as terms: "半只" or "10斤装" is a product there, not a count. */
function offeredTerms(offered: string[], catalog: Product[]): CatalogTerm[] {
  const known = new Set(catalog.flatMap((p) => [p.name, ...(p.aliases ?? [])]));
  return catalogTerms(offered.filter((n) => !known.has(n)).map((name): Product => ({ id: '', name, aliases: [], onSale: true })));
}

/** "鸡蛋1盒+1盒": the same product twice in one line is one item of both counts. */
function mergeSameProduct(entry: JielongEntry): void {
  const out: JielongEntry['items'] = [];
  for (const item of entry.items) {
    const same = out.find((o) => o.product !== null && o.product === item.product && o.unit === item.unit && o.qty !== null && item.qty !== null);
    if (same) same.qty = same.qty! + item.qty!;
    else out.push(item);
  }
  entry.items = out;
}

/**
 * Items named by an offered product or its tail (鸡蛋 for 土鸡蛋) take the offered name. In a
 * line that orders something on offer, an item nothing offers ("外加一个彩蛋") is a remark.
 */
function nameOffered(entry: JielongEntry, offered: string[]): void {
  if (offered.length === 0) return;
  let anyOffered = false;
  for (const item of entry.items) {
    // One product on offer: a line with only a count ("3-501 2盒") or only a name orders it.
    if (item.product === null && offered.length === 1) {
      item.product = offered[0]!;
      anyOffered = true;
      continue;
    }
    const name = item.product !== null ? resolveListed(item.productRaw ?? item.product, offered) ?? resolveListed(item.product, offered) : undefined;
    if (name === undefined) continue;
    anyOffered = true;
    if (name !== item.product) {
      item.productRaw ??= item.product!;
      item.product = name;
    }
  }
  if (!anyOffered) return;
  mergeSameProduct(entry);
  const remarks = entry.items.filter((i) => i.product !== null && resolveListed(i.product, offered) === undefined);
  if (remarks.length === 0) return;
  entry.items = entry.items.filter((i) => !remarks.includes(i));
  const note = remarks.map((i) => i.productRaw ?? i.product).join(' ');
  entry.note = entry.note ? `${entry.note} ${note}` : note;
}
