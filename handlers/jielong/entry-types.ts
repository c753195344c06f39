// What one line of a 接龙 says: the shapes the entry reader (entry.ts) and the catalog matching
// (catalog-terms.ts) share, apart from both so neither imports the other for them.

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
