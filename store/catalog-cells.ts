// How an owner writes a product's values, in a spreadsheet cell or a chat command: one
// reader per kind of value, shared by both.

/** Price, optionally with its unit: 39.9, 39.9元, ¥39.9/瓶. */
export function readPrice(value: string): { price: number; unit?: string } | undefined {
  const m = /^[¥￥]?\s*(\d+(?:\.\d{1,2})?)\s*元?\s*(?:[/／每]\s*(\S{1,6}))?$/.exec(value.trim());
  if (!m) return undefined;
  return m[2] ? { price: Number(m[1]), unit: m[2] } : { price: Number(m[1]) };
}

/** Stock: a whole number, or 不限 (null = unlimited); undefined when unreadable. */
export function readStock(value: string): number | null | undefined {
  const v = value.trim();
  if (/^(不限|无限|充足|unlimited|∞)$/i.test(v)) return null;
  return /^\d{1,7}$/.test(v) ? Number(v) : undefined;
}

/** On sale: 是/否 and their synonyms; undefined when unreadable. */
export function readOnSale(value: string): boolean | undefined {
  const v = value.trim();
  if (/^(是|在售|上架|有|true|yes|y|1)$/i.test(v)) return true;
  if (/^(否|不|下架|停售|没有|false|no|n|0)$/i.test(v)) return false;
  return undefined;
}

/** Several values in one cell or argument: 亚麻籽油、亚麻油 (also , ; | and spaces in chat). */
export function splitList(value: string, separators = /[|｜、,，;；\n]+/): string[] {
  return [...new Set(value.split(separators).map((s) => s.trim()).filter(Boolean))];
}
