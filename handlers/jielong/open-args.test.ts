import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import { parseOpenArgs } from './open-args.ts';

const catalog = loadCatalogFile('store/catalog.example.json');
const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const open = (args: string) => parseOpenArgs(args, catalog, NOW, 'Asia/Shanghai');

describe('/接龙 开 arguments', () => {
  it('reads products with price, stock and per-person limits, and the cut-off', () => {
    expect(open('周末团 亚麻籽油 限量50 每人限购3，大米 65元/袋 库存20 截止 明晚8点')).toEqual({
      title: '周末团',
      offer: [
        { name: '冷榨亚麻籽油', productId: 'flaxseed-oil', price: 39.9, unit: '瓶', stock: 50, perPerson: 3 },
        { name: '东北大米', productId: 'northeast-rice', price: 65, unit: '袋', stock: 20, perPerson: null },
      ],
      cutoffAt: Date.parse('2026-11-22T20:00:00+08:00'),
    });
  });

  it('takes the product from the title when none is named', () => {
    expect(open('周六亚麻油团购')).toEqual({
      title: '周六亚麻油团购',
      offer: [{ name: '冷榨亚麻籽油', productId: 'flaxseed-oil', price: 39.9, unit: '瓶', stock: null, perPerson: null }],
    });
    expect(open('邻居拼单')).toEqual({ title: '邻居拼单', offer: [] });
  });

  it('keeps a product the catalog does not know, as written', () => {
    expect(open('水果团 砂糖橘 25元/箱 限购2')).toMatchObject({ offer: [{ name: '砂糖橘', price: 25, unit: '箱', stock: null, perPerson: 2 }] });
  });

  it('refuses what it cannot read, saying why', () => {
    expect(open('')).toHaveProperty('error');
    expect(open('周末团 限量50')).toMatchObject({ error: expect.stringContaining('要写在商品名后面') });
    expect(open('周末团 大米 限量0')).toMatchObject({ error: expect.stringContaining('正整数') });
    expect(open('周末团 截止 上辈子')).toMatchObject({ error: expect.stringContaining('截止时间') });
  });
});
