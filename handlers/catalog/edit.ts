import type { FaqPair, Product } from '../../store/schema.ts';
import { readOnSale, readPrice, readStock, splitList } from '../../store/catalog-cells.ts';
import { normalName } from '../../text/normalize.ts';

// Catalog edits as pure functions: each returns a new catalog array with a new product
// object (the catalog is never changed in place), or the reason in words for the owner.

export type EditResult = { catalog: Product[]; product: Product } | { error: string };

type Patch = Partial<Omit<Product, 'id'>>;
type FieldReader = (value: string) => Patch | string;

const CLEAR = /^(无|没有|空|清空|删除|删掉|-)$/;
/** In chat, spaces separate values too (亚麻油 胡麻油). */
const CHAT_LIST = /[|｜、,，;；\s]+/;

const text = (field: 'category' | 'spec' | 'origin' | 'description' | 'storage' | 'usage'): FieldReader =>
  (v) => (CLEAR.test(v) ? { [field]: undefined } : { [field]: v });
const list = (field: 'aliases' | 'certifications'): FieldReader =>
  (v) => (CLEAR.test(v) ? { [field]: field === 'aliases' ? [] : undefined } : { [field]: splitList(v, CHAT_LIST) });

const FIELDS: Record<string, { label: string; read: FieldReader }> = {
  price: { label: '价格', read: (v) => readPrice(v) ?? '价格要写数字，比如 39.9 或 39.9/瓶' },
  unit: { label: '单位', read: (v) => (/^\S{1,6}$/.test(v) ? { unit: v } : '单位写一个词就行，比如 瓶、袋、斤') },
  stock: {
    label: '库存',
    read: (v) => {
      const stock = readStock(v);
      return stock === undefined ? '库存要写整数，或“不限”' : { stock };
    },
  },
  origin: { label: '产地', read: text('origin') },
  spec: { label: '规格', read: text('spec') },
  category: { label: '分类', read: text('category') },
  description: { label: '介绍', read: text('description') },
  storage: { label: '保存', read: text('storage') },
  usage: { label: '吃法', read: text('usage') },
  aliases: { label: '别名', read: list('aliases') },
  certifications: { label: '认证', read: list('certifications') },
  name: { label: '名称', read: (v) => (CLEAR.test(v) ? '名称不能清空' : { name: v }) },
  onSale: {
    label: '在售',
    read: (v) => {
      const onSale = readOnSale(v);
      return onSale === undefined ? '在售写“是”或“否”' : { onSale };
    },
  },
};

/** The words an owner may use for a field. */
const FIELD_WORDS: Record<string, string> = {
  价格: 'price', 价钱: 'price', 单价: 'price', 售价: 'price', 单位: 'unit', 库存: 'stock', 数量: 'stock',
  产地: 'origin', 规格: 'spec', 分类: 'category', 类别: 'category', 介绍: 'description', 描述: 'description',
  说明: 'description', 保存: 'storage', 储存: 'storage', 保存方法: 'storage', 吃法: 'usage', 用法: 'usage',
  做法: 'usage', 别名: 'aliases', 认证: 'certifications', 名称: 'name', 名字: 'name', 在售: 'onSale', 上架: 'onSale',
};

export const FIELD_LIST = '价格 单位 库存 产地 规格 分类 别名 介绍 认证 保存 吃法 名称 在售';

export function fieldOf(word: string): string | undefined {
  return FIELD_WORDS[word] ?? (word in FIELDS ? word : undefined);
}

export function fieldLabel(field: string): string {
  return FIELDS[field]?.label ?? field;
}

export function editProduct(catalog: readonly Product[], id: string, field: string, value: string): EditResult {
  const spec = FIELDS[field];
  if (!spec) return { error: `不认识“${field}”这一项，可以改：${FIELD_LIST}` };
  const patch = spec.read(value.trim());
  if (typeof patch === 'string') return { error: patch };
  return replace(catalog, id, patch);
}

export function addProduct(catalog: readonly Product[], name: string, price: number, unit: string | undefined, id: string): EditResult {
  const clash = nameClash(catalog, name, undefined);
  if (clash) return { error: clash };
  const product: Product = { id, name, aliases: [], price, ...(unit ? { unit } : {}), stock: null, onSale: true };
  return { catalog: [...catalog, product], product };
}

/** Adds a FAQ pair; the same question asked again replaces its answer. */
export function addFaq(catalog: readonly Product[], id: string, pair: FaqPair): EditResult {
  const product = catalog.find((p) => p.id === id);
  if (!product) return { error: '找不到这个商品' };
  const faq = (product.faq ?? []).filter((f) => normalName(f.q) !== normalName(pair.q));
  return replace(catalog, id, { faq: [...faq, pair] });
}

/** Drops the FAQ pair with this question. */
export function removeFaq(catalog: readonly Product[], id: string, q: string): EditResult {
  const product = catalog.find((p) => p.id === id);
  if (!product) return { error: '找不到这个商品' };
  const faq = (product.faq ?? []).filter((f) => normalName(f.q) !== normalName(q));
  if (faq.length === (product.faq ?? []).length) return { error: `「${product.name}」没有“${q}”这条问答` };
  return replace(catalog, id, { faq });
}

function replace(catalog: readonly Product[], id: string, patch: Patch): EditResult {
  const old = catalog.find((p) => p.id === id);
  if (!old) return { error: '找不到这个商品' };
  const names = [...(patch.name !== undefined ? [patch.name] : []), ...(patch.aliases ?? [])];
  for (const n of names) {
    const clash = nameClash(catalog, n, id);
    if (clash) return { error: clash };
  }
  const product = { ...old, ...patch } as Product;
  for (const k of Object.keys(product) as Array<keyof Product>) if (product[k] === undefined) delete product[k];
  return { catalog: catalog.map((p) => (p.id === id ? product : p)), product };
}

/** A name or alias may belong to one product only: 接龙 lines and questions are matched by it. */
function nameClash(catalog: readonly Product[], name: string, self: string | undefined): string | undefined {
  const key = normalName(name);
  const other = catalog.find((p) => p.id !== self && [p.name, ...p.aliases].some((n) => normalName(n) === key));
  return other ? `“${name}”已经是「${other.name}」的名字或别名了，换一个吧` : undefined;
}
