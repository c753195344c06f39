import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Product } from './schema.ts';

// The catalog file an owner ships or keeps: a JSON array of products. Unknown fields are
// kept out; a bad file is reported with the product and field at fault.

const productSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  category: z.string().optional(),
  price: z.number().nonnegative().optional(),
  unit: z.string().optional(),
  spec: z.string().optional(),
  origin: z.string().optional(),
  stock: z.number().int().nonnegative().nullable().optional(),
  onSale: z.boolean().default(true),
  description: z.string().optional(),
});

export function parseCatalog(json: unknown, source: string): Product[] {
  const result = z.array(productSchema).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${source}: 商品目录第 ${Number(issue.path[0] ?? 0) + 1} 项的 ${issue.path.slice(1).join('.') || '内容'} 有误：${issue.message}`);
  }
  return result.data.map((p, i) => ({ ...p, id: p.id ?? `p${i + 1}` }));
}

export function loadCatalogFile(file: string): Product[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: 无法读取商品目录（${(err as Error).message}）`);
  }
  return parseCatalog(json, file);
}
