import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../store/schema.ts';
import { tempDir } from '../../tests/helpers.ts';
import { applyVersion, emptyBook } from './diff.ts';
import { buildPickList, byRoomThenName, writePickList } from './export.ts';
import { ordersOf } from './orders.ts';
import { parseJielong, type JielongEntry } from './parse.ts';
import type { JielongRecord } from './state.ts';

const catalog: Product[] = [
  { id: 'oil', name: '冷榨亚麻籽油', aliases: ['冷榨油'], price: 39.9, unit: '瓶', onSale: true },
  { id: 'rice', name: '东北大米', aliases: ['大米'], price: 69, unit: '袋', onSale: true },
];

/** A 接龙 whose title names the oil: lines without a product are oil. */
function recordOf(text: string): JielongRecord {
  const jielong = parseJielong(text, { catalog })!;
  const { book } = applyVersion(emptyBook<JielongEntry>(), jielong.entries, { id: 'owner', name: '老赵', isOwner: true });
  return {
    id: 'jl-1', group: { id: 'g', name: '幸福里1群' }, header: '#接龙', title: jielong.title, status: 'open', openedAt: 0, openedBy: 'owner',
    offer: [{ name: '冷榨亚麻籽油', productId: 'oil', price: 39.9, unit: '瓶', stock: null, perPerson: null }], book, pendingConfirm: [],
  };
}

const record = recordOf(['#接龙', '周六冷榨油团购', '1. 12-101 陈姐 冷榨油1瓶 大米1袋', '2. 3-501 王阿姨 3瓶', '3. 小美 要一点', '4. 3-1201 小张 两瓶'].join('\n'));
const orders = ordersOf(record, catalog);

describe('pick list', () => {
  it('orders delivery by building and room, with amounts from the catalog', () => {
    const pick = buildPickList(orders);
    expect(pick.delivery.map((r) => [r.room, r.name, r.product, r.qty, r.amount])).toEqual([
      ['3-501', '王阿姨', '冷榨亚麻籽油', 3, 119.7],
      ['3-1201', '小张', '冷榨亚麻籽油', 2, 79.8],
      ['12-101', '陈姐', '冷榨亚麻籽油', 1, 39.9],
      ['12-101', '陈姐', '东北大米', 1, 69],
      // The 接龙 offers the oil: a line naming no product is for the oil, its quantity unread.
      ['', '小美', '冷榨亚麻籽油', null, null],
    ]);
    expect(pick.delivery.at(-1)!.note).toBe('数量未写明；原文：小美 要一点');
  });

  it('totals each product, counting people and unread quantities', () => {
    const { totals } = buildPickList(orders);
    expect(totals).toContainEqual({ product: '冷榨亚麻籽油', qty: 6, unit: '瓶', price: 39.9, amount: 239.4, people: 4, unread: 1 });
    expect(totals).toContainEqual({ product: '东北大米', qty: 1, unit: '袋', price: 69, amount: 69, people: 1, unread: 0 });
    expect(totals).toHaveLength(2);
  });

  it('sorts rooms by their numbers', () => {
    const rooms = ['3栋2单元501', '12-101', null, '3-501', '5号楼1201', '3-1201'].map((room) => ({ room, name: 'x' }));
    expect(rooms.sort(byRoomThenName).map((r) => r.room)).toEqual(['3栋2单元501', '3-501', '3-1201', '5号楼1201', '12-101', null]);
  });

  it('writes an .xlsx with both sheets and a .csv Excel can read', async () => {
    const dir = tempDir();
    const pick = buildPickList(orders);
    const { xlsx, csv } = await writePickList(pick, dir, 'jielong-1', '周六冷榨油团购');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const delivery = book.getWorksheet('按楼栋配送')!;
    expect(delivery.getRow(1).values).toEqual([undefined, '楼栋房号', '姓名', '商品', '数量', '单位', '金额（元）', '备注']);
    expect(delivery.getRow(2).values).toEqual([undefined, '3-501', '王阿姨', '冷榨亚麻籽油', 3, '瓶', 119.7, '']);
    expect(delivery.rowCount).toBe(1 + pick.delivery.length);
    expect(book.getWorksheet('商品汇总')!.rowCount).toBe(1 + pick.totals.length);
    const text = readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\n')[1]).toBe('3-501,王阿姨,冷榨亚麻籽油,3,瓶,119.7,');
  });
});
