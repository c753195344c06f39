import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import { addFaq, addProduct, editProduct, fieldOf } from './edit.ts';
import { findProduct } from './find.ts';

const catalog = loadCatalogFile(new URL('../../store/catalog.example.json', import.meta.url).pathname);
const frozen = JSON.stringify(catalog);

describe('catalog edits', () => {
  it('return a new catalog with a new product, leaving the old one as it was', () => {
    const r = editProduct(catalog, 'flaxseed-oil', 'price', '42.5');
    if ('error' in r) throw new Error(r.error);
    expect(r.product.price).toBe(42.5);
    expect(r.catalog).not.toBe(catalog);
    expect(r.catalog.find((p) => p.id === 'flaxseed-oil')).toBe(r.product);
    expect(r.catalog.filter((p) => p.id !== 'flaxseed-oil')).toEqual(catalog.filter((p) => p.id !== 'flaxseed-oil'));
    expect(JSON.stringify(catalog)).toBe(frozen);
  });

  it('read each field as the owner writes it', () => {
    const edit = (field: string, value: string) => {
      const r = editProduct(catalog, 'flaxseed-oil', fieldOf(field)!, value);
      return 'error' in r ? r.error : r.product;
    };
    expect(edit('价格', '45/桶')).toMatchObject({ price: 45, unit: '桶' });
    expect(edit('库存', '不限')).toMatchObject({ stock: null });
    expect(edit('库存', '12')).toMatchObject({ stock: 12 });
    expect(edit('在售', '否')).toMatchObject({ onSale: false });
    expect(edit('别名', '亚麻油 胡麻油、亚麻子油')).toMatchObject({ aliases: ['亚麻油', '胡麻油', '亚麻子油'] });
    expect(edit('认证', '有机、绿色食品')).toMatchObject({ certifications: ['有机', '绿色食品'] });
    expect(edit('产地', '无')).not.toHaveProperty('origin');
    expect(edit('价格', '很贵')).toBe('价格要写数字，比如 39.9 或 39.9/瓶');
    expect(edit('库存', '-3')).toBe('库存要写整数，或“不限”');
    expect(edit('在售', '也许')).toBe('在售写“是”或“否”');
    expect(edit('名称', '无')).toBe('名称不能清空');
  });

  it('keep each name and alias to one product', () => {
    expect(editProduct(catalog, 'flaxseed-oil', 'aliases', '大米')).toEqual({ error: '“大米”已经是「东北大米」的名字或别名了，换一个吧' });
    expect(addProduct(catalog, '苹果', 10, '斤', 'x')).toEqual({ error: '“苹果”已经是「红富士苹果」的名字或别名了，换一个吧' });
    const added = addProduct(catalog, '赣南脐橙', 59.9, '箱', 'u1');
    expect(added).toMatchObject({ product: { id: 'u1', name: '赣南脐橙', price: 59.9, unit: '箱', stock: null, onSale: true, aliases: [] } });
  });

  it('FAQ: a question asked again replaces its answer', () => {
    const once = addFaq(catalog, 'flaxseed-oil', { q: '能炒菜吗', a: '不建议' });
    if ('error' in once) throw new Error(once.error);
    const twice = addFaq(once.catalog, 'flaxseed-oil', { q: '能炒菜吗？'.replace('？', ''), a: '凉拌最好' });
    if ('error' in twice) throw new Error(twice.error);
    expect(twice.product.faq).toEqual([{ q: '是冷榨的吗', a: expect.any(String) }, { q: '能炒菜吗', a: '凉拌最好' }]);
  });

  it('find a product by name, id or alias, and offer candidates rather than guess', () => {
    expect(findProduct(catalog, '亚麻油')).toMatchObject({ product: { id: 'flaxseed-oil' } });
    expect(findProduct(catalog, 'fuji-apple')).toMatchObject({ product: { id: 'fuji-apple' } });
    expect(findProduct(catalog, '富士苹果')).toMatchObject({ product: { id: 'fuji-apple' } });
    expect(findProduct(catalog, '米')).toMatchObject({ candidates: [{ id: 'organic-millet' }, { id: 'northeast-rice' }] });
    expect(findProduct(catalog, '榴莲')).toEqual({ none: true });
  });
});
