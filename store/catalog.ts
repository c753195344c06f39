import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { z } from 'zod';
import { readCatalogCsv } from './catalog-csv.ts';
import { CatalogFileError } from './errors.ts';
import type { Product, State } from './schema.ts';

// The catalog file an owner ships or keeps: a JSON array of products, or a CSV sheet
// (store/catalog-csv.ts). Unknown fields are kept out; a bad file is reported with the
// product and field at fault, in words the owner can act on.

const text = z.string().trim().min(1);

const productSchema = z.object({
  id: text.optional(),
  name: text,
  aliases: z.array(z.string().trim()).default([]).transform((a) => a.filter(Boolean)),
  category: text.optional(),
  price: z.number().nonnegative().optional(),
  unit: text.optional(),
  spec: text.optional(),
  origin: text.optional(),
  stock: z.number().int().nonnegative().nullable().optional(),
  onSale: z.boolean().default(true),
  description: text.optional(),
  certifications: z.array(z.string().trim()).optional().transform((a) => a?.filter(Boolean)),
  storage: text.optional(),
  usage: text.optional(),
  faq: z.array(z.object({ q: text, a: text })).optional(),
});

/** Field names as the owner reads them in an error message. */
export const FIELD_LABELS: Record<string, string> = {
  id: '编号', name: '名称', aliases: '别名', category: '分类', price: '价格', unit: '单位', spec: '规格',
  origin: '产地', stock: '库存', onSale: '在售', description: '介绍', certifications: '认证',
  storage: '保存', usage: '吃法', faq: '问答',
};

/**
 * Validates products read from a file. `where(i)` names the i-th product for errors
 * (JSON: 第 3 项; CSV: 第 4 行).
 */
export function parseCatalog(json: unknown, source: string, where: (i: number) => string = (i) => `第 ${i + 1} 项`): Product[] {
  if (!Array.isArray(json)) throw new CatalogFileError(source, '应是一个商品列表（JSON 数组）');
  const result = z.array(productSchema).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [index, field, ...rest] = issue.path;
    const label = field === undefined ? '内容' : `「${FIELD_LABELS[String(field)] ?? String(field)}」${rest.length ? `（${rest.join('.')}）` : ''}`;
    throw new CatalogFileError(source, `${where(Number(index ?? 0))}的${label}有误：${issue.message}`);
  }
  const products = result.data.map((p, i) => stripUndefined({ ...p, id: p.id ?? `p${i + 1}` }) as Product);
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  products.forEach((p, i) => {
    if (ids.has(p.id)) throw new CatalogFileError(source, `${where(i)}的编号“${p.id}”和${where(ids.get(p.id)!)}重复了`);
    if (names.has(p.name)) throw new CatalogFileError(source, `${where(i)}的名称“${p.name}”和${where(names.get(p.name)!)}重复了`);
    ids.set(p.id, i);
    names.set(p.name, i);
  });
  return products;
}

/** Reads a catalog file: `.csv` as a sheet, anything else as JSON. */
export function loadCatalogFile(file: string): Product[] {
  return parseCatalogBytes(readCatalogBytes(file), file);
}

function readCatalogBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new CatalogFileError(file, `无法读取（${(err as Error).message}）`);
  }
}

function parseCatalogBytes(bytes: Buffer, file: string): Product[] {
  if (extname(file).toLowerCase() === '.csv') {
    const { rows, lineOf } = readCatalogCsv(bytes, file);
    return parseCatalog(rows, file, (i) => `第 ${lineOf(i)} 行`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CatalogFileError(file, `不是有效的 JSON（${(err as Error).message}）`);
  }
  return parseCatalog(json, file);
}

/**
 * Loads CATALOG_FILE at start-up when it is new or has changed since it was last loaded;
 * otherwise keeps the catalog as the owner has edited it in chat since. Returns whether
 * the file was (re)loaded.
 */
export function syncCatalogFile(state: State, file: string, now: number): boolean {
  const path = resolve(file);
  const bytes = readCatalogBytes(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const last = state.catalogSource;
  if (last && last.file === path && last.hash === hash) return false;
  state.catalog = parseCatalogBytes(bytes, file);
  state.catalogSource = { file: path, hash, loadedAt: now };
  return true;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
