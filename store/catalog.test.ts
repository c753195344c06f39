import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/helpers.ts';
import { loadCatalogFile, syncCatalogFile } from './catalog.ts';
import { CatalogFileError } from './errors.ts';
import { emptyState } from './schema.ts';

const EXAMPLE_JSON = new URL('./catalog.example.json', import.meta.url).pathname;
const EXAMPLE_CSV = new URL('./catalog.example.csv', import.meta.url).pathname;

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir('linli-catalog-'), name);
  writeFileSync(path, content);
  return path;
}

describe('catalog files', () => {
  it('the shipped CSV example reads as the same catalog as the JSON example', () => {
    const json = loadCatalogFile(EXAMPLE_JSON);
    expect(loadCatalogFile(EXAMPLE_CSV)).toEqual(json);
    expect(json.find((p) => p.id === 'organic-millet')).toMatchObject({
      certifications: ['中国有机产品认证'], storage: expect.any(String), usage: expect.any(String),
      faq: [{ q: '有机证书能看吗', a: expect.any(String) }],
    });
    expect(json.find((p) => p.id === 'northeast-rice')!.stock).toBeNull();
  });

  it('reads English headers, prices with units, 不限, 下架, lists and several FAQ lines in one cell', () => {
    const csv = [
      'name,aliases,price,stock,onSale,certifications,faq,备注',
      '赣南脐橙,脐橙|橙子,¥59.9/箱,不限,是,地理标志产品,"甜吗|很甜\n能放几天|常温一周",自留',
      '金枕榴莲,榴莲,168,0,下架,,,',
    ].join('\n');
    expect(loadCatalogFile(file('c.csv', csv))).toEqual([
      { id: 'p1', name: '赣南脐橙', aliases: ['脐橙', '橙子'], price: 59.9, unit: '箱', stock: null, onSale: true, certifications: ['地理标志产品'], faq: [{ q: '甜吗', a: '很甜' }, { q: '能放几天', a: '常温一周' }] },
      { id: 'p2', name: '金枕榴莲', aliases: ['榴莲'], price: 168, stock: 0, onSale: false },
    ]);
  });

  it('reads a CSV saved by Excel as GBK, with or without a BOM in UTF-8', () => {
    const gbk = Buffer.from([
      // "名称,价格\n土鸡蛋,32" in GBK
      0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xbc, 0xdb, 0xb8, 0xf1, 0x0a, 0xcd, 0xc1, 0xbc, 0xa6, 0xb5, 0xb0, 0x2c, 0x33, 0x32,
    ]);
    expect(loadCatalogFile(file('gbk.csv', gbk))).toEqual([{ id: 'p1', name: '土鸡蛋', aliases: [], price: 32, onSale: true }]);
    expect(loadCatalogFile(file('bom.csv', '\uFEFF名称,价格\n土鸡蛋,32'))[0]!.name).toBe('土鸡蛋');
  });

  it('says which file, row and column is wrong, in words the owner can act on', () => {
    const bad = (name: string, content: string) => {
      try {
        loadCatalogFile(file(name, content));
      } catch (err) {
        expect(err).toBeInstanceOf(CatalogFileError);
        return (err as Error).message.replace(/^.*\n\s*问题：/s, '');
      }
      throw new Error('expected an error');
    };
    expect(bad('a.csv', '名称,价格\n土鸡蛋,32\n苹果,很便宜')).toBe('第 3 行的「价格」有误：读到“很便宜”，应是数字，如 39.9 或 39.9/瓶');
    expect(bad('b.csv', '名称,库存\n土鸡蛋,很多')).toBe('第 2 行的「库存」有误：读到“很多”，应是整数，或“不限”');
    expect(bad('c.csv', '名称,在售\n土鸡蛋,也许')).toBe('第 2 行的「在售」有误：读到“也许”，应是“是”或“否”');
    expect(bad('d.csv', '品种,价格\n土鸡蛋,32')).toBe('表头里没有“名称”列（读到：品种, 价格）');
    expect(bad('e.csv', '名称,问答\n土鸡蛋,新鲜吗')).toBe('第 2 行的「问答」有误：“新鲜吗”应写成 问题|答案（多条用换行分开）');
    expect(bad('f.csv', '名称,价格\n土鸡蛋,32\n土鸡蛋,30')).toBe('第 3 行的名称“土鸡蛋”和第 2 行重复了');
    expect(bad('g.json', '[{"name":"土鸡蛋","price":-1}]')).toMatch(/^第 1 项的「价格」有误/);
    expect(bad('h.json', '{"name":"土鸡蛋"}')).toBe('应是一个商品列表（JSON 数组）');
    expect(bad('i.json', '[{"name":"土鸡蛋"')).toMatch(/^不是有效的 JSON/);
  });

  it('CATALOG_FILE is loaded when new or changed; unchanged, the owner’s chat edits are kept', () => {
    const path = file('shop.csv', '名称,价格\n土鸡蛋,32');
    const state = emptyState();
    expect(syncCatalogFile(state, path, 1)).toBe(true);
    expect(state.catalog.map((p) => p.price)).toEqual([32]);
    // The owner changes the price in chat, then the bot restarts with the same file.
    state.catalog = [{ ...state.catalog[0]!, price: 30 }];
    expect(syncCatalogFile(state, path, 2)).toBe(false);
    expect(state.catalog.map((p) => p.price)).toEqual([30]);
    // The sheet is edited: it wins.
    writeFileSync(path, '名称,价格\n土鸡蛋,35\n红富士苹果,49.9');
    expect(syncCatalogFile(state, path, 3)).toBe(true);
    expect(state.catalog.map((p) => [p.name, p.price])).toEqual([['土鸡蛋', 35], ['红富士苹果', 49.9]]);
    expect(state.catalogSource).toMatchObject({ loadedAt: 3 });
  });
});
