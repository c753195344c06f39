import type { Product } from '../../store/schema.ts';
import { yuan } from '../../text/money.ts';

// How the owner sees products in chat: one line each in a list, a card for one.

export const LIST_MAX = 30;

export function priceText(p: Product): string {
  return p.price === undefined ? '未定价' : yuan(p.price, p.unit);
}

export function stockText(p: Product): string {
  return p.stock === null ? '不限' : p.stock === undefined ? '未填' : String(p.stock);
}

export function listLine(p: Product): string {
  return `· ${p.name} ${priceText(p)} 库存${stockText(p)}${p.onSale ? '' : '（已下架）'}`;
}

export function listText(catalog: readonly Product[], category?: string): string {
  const shown = category ? catalog.filter((p) => p.category === category) : catalog;
  if (catalog.length === 0) return '目录里还没有商品。用 /商品 新增 <名> <价格>/<单位> 加一个，比如：/商品 新增 赣南脐橙 59.9/箱';
  if (shown.length === 0) {
    const categories = [...new Set(catalog.map((p) => p.category).filter(Boolean))];
    return `没有“${category}”分类的商品。${categories.length ? `现有分类：${categories.join('、')}` : ''}`;
  }
  const onSale = shown.filter((p) => p.onSale).length;
  const head = `${category ? `「${category}」` : '商品目录'}共 ${shown.length} 款，在售 ${onSale} 款：`;
  const lines = shown.slice(0, LIST_MAX).map(listLine);
  const more = shown.length > LIST_MAX ? [`…还有 ${shown.length - LIST_MAX} 款，发 /商品 列表 <分类> 或 /商品 查 <名> 看看`] : [];
  return [head, ...lines, ...more].join('\n');
}

export function productCard(p: Product): string {
  const line = (label: string, value: string | undefined) => (value ? [`${label}：${value}`] : []);
  return [
    `${p.name}（编号 ${p.id}）${p.onSale ? '' : '【已下架】'}`,
    ...line('别名', p.aliases.join('、')),
    ...line('分类', p.category),
    `价格：${priceText(p)}${p.spec ? `　规格：${p.spec}` : ''}`,
    ...line('产地', p.origin),
    `库存：${stockText(p)}`,
    ...line('介绍', p.description),
    ...line('认证', p.certifications?.join('、')),
    ...line('保存', p.storage),
    ...line('吃法', p.usage),
    ...(p.faq?.length ? [`常见问答 ${p.faq.length} 条：`, ...p.faq.map((f) => `问：${f.q}　答：${f.a}`)] : []),
  ].join('\n');
}

export function candidatesText(typed: string, candidates: readonly Product[]): string {
  return `“${typed}”对得上好几款：${candidates.slice(0, 8).map((p) => p.name).join('、')}。请写全名再发一次。`;
}
