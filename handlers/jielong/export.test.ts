import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createLinli, linliFeatures } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import type { Product } from '../../store/schema.ts';
import { closeAfterTest, closeShopsAfterEach, group1, groupText, member, RecordingChannel, T0, tempDir, testConfig } from '../../tests/helpers.ts';
import { itemAmount } from './amount.ts';
import { applyVersion, emptyBook } from './diff.ts';
import { buildPickList, byRoomThenName, writePickList, type OrderMarks, type OrderMarksOf, type PickList, type PickOrder } from './export.ts';
import { jielongFeature } from './feature.ts';
import { ordersOf, sumAmounts, type Order } from './orders.ts';
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
const orders: PickOrder[] = ordersOf(record, catalog).map((order) => ({ jielongId: record.id, order }));

/** An order as orders.ts makes it: items [product, qty, price], amounts from them. */
function order(lineId: number, room: string | null, name: string | null, items: Array<[string, number | null, number | null]> = [['苹果', 1, 10]]): PickOrder {
  const its = items.map(([product, qty, price]) => ({ product, qty, unit: '份', price, amount: itemAmount(price ?? undefined, qty) }));
  return { jielongId: 'jl-1', order: { lineId, authorId: name ? `wxid_${name}` : null, name, room, raw: `${room ?? ''} ${name ?? ''}`, flags: [], items: its, amount: sumAmounts(its) } };
}

/** The rows of a sheet after its header, as values. */
async function sheetRows(xlsx: string, sheet: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx);
  const ws = book.getWorksheet(sheet)!;
  // A cell never written reads back as undefined; in the sheet it is as empty as ''.
  return ws.getRows(2, ws.rowCount - 1)!.map((r) => Array.from({ length: ws.columnCount }, (_, i) => r.getCell(i + 1).value ?? ''));
}

async function written(pick: PickList) {
  const files = await writePickList(pick, tempDir(), 'jielong-1', '周六团');
  const csv = readFileSync(files.csv, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  return { delivery: await sheetRows(files.xlsx, '按楼栋配送'), totals: await sheetRows(files.xlsx, '商品汇总'), csv };
}

describe('pick list', () => {
  it('orders delivery by building and room, with amounts from the catalog', () => {
    const pick = buildPickList(orders);
    expect(pick.total).toEqual({ orders: 4, people: 4, amountFen: 30840, unknownAmounts: 1 });
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

  it('sorts rooms by building, unit and room number, in every form room.ts normalises to', () => {
    const rooms = ['3-2-501', '12-101', null, '3-501', '5-1201', '3-1201', '3栋', 'B-1203', '3单元501', '1701', '3-2-101', '3栋2单元', '2-1', '3-10-101']
      .map((room) => ({ room, name: 'x' }));
    expect(rooms.sort(byRoomThenName).map((r) => r.room)).toEqual([
      '2-1', '3栋', '3-501', '3-1201', '3栋2单元', '3-2-101', '3-2-501', '3-10-101', '5-1201', '12-101',
      // A lettered building after the numbered ones; then rooms without a building; no room last.
      'B-1203', '1701', '3单元501', null,
    ]);
  });

  it('reads a room not yet normalised (3栋501, 3号楼501) as room.ts would', () => {
    const rooms = ['12-101', '3号楼1201', '3-5-501', '3栋501', '3栋2单元501', '5号楼1201', 'x'].map((room) => ({ room, name: 'x' }));
    expect(rooms.sort(byRoomThenName).map((r) => r.room)).toEqual(['3栋501', '3号楼1201', '3栋2单元501', '3-5-501', '5号楼1201', '12-101', 'x']);
  });

  it('ICU on this Node sorts Chinese by pinyin', () => {
    const zh = new Intl.Collator('zh-CN');
    expect(['张', '王', '李', '蔡'].sort(zh.compare)).toEqual(['蔡', '李', '王', '张']);
  });

  it('sorts by building and room, then those without a room by name in pinyin, Latin names under their letter', () => {
    const names: Array<[string | null, string | null]> = [
      [null, '张三'], ['12-101', '陈姐'], [null, 'lily'], [null, '王阿姨'], ['3-1201', '小张'], [null, 'Amy王'], [null, '蔡姐'],
      [null, '李四'], ['3-501', '王阿姨'], [null, null], [null, '阿强'], [null, 'Bob'], [null, '😀小红'], [null, 'zoe'], [null, '赵六'],
      ['3-501', '蔡姐'],
    ];
    const pick = buildPickList(names.map(([room, name], i) => order(i + 1, room, name)));
    expect(pick.delivery.map((r) => `${r.room} ${r.name}`.trim())).toEqual([
      '3-501 蔡姐', '3-501 王阿姨', '3-1201 小张', '12-101 陈姐',
      '阿强', 'Amy王', 'Bob', '蔡姐', '李四', 'lily', '王阿姨', '张三', '赵六', 'zoe', '😀小红', '',
    ]);
  });

  it('writes an .xlsx with both sheets and a .csv Excel can read; without marks their columns are empty', async () => {
    const dir = tempDir();
    const pick = buildPickList(orders);
    const { xlsx, csv } = await writePickList(pick, dir, 'jielong-1', '周六冷榨油团购');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const delivery = book.getWorksheet('按楼栋配送')!;
    expect(delivery.getRow(1).values).toEqual([undefined, '楼栋房号', '姓名', '取货号', '商品', '数量', '单位', '金额（元）', '状态', '提醒', '备注']);
    expect(delivery.getRow(2).values).toEqual([undefined, '3-501', '王阿姨', '', '冷榨亚麻籽油', 3, '瓶', 119.7, '', '', '']);
    expect(delivery.rowCount).toBe(1 + pick.delivery.length + 1);
    expect(book.getWorksheet('商品汇总')!.rowCount).toBe(1 + pick.totals.length + 1);
    const text = readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\n')[1]).toBe('3-501,王阿姨,,冷榨亚麻籽油,3,瓶,119.7,,,');
    expect(text).not.toContain('undefined');
  });
});

describe('order marks', () => {
  const marks: Record<number, OrderMarks> = {
    1: { pickupNo: 'A03', state: '已付款', uncollected: true },
    2: { pickupNo: 'A01', state: '待付款', unpaid: true, uncollected: true },
    4: { pickupNo: 'A02', state: '已取货' },
  };
  const asked: string[] = [];
  const marksOf: OrderMarksOf = (jielongId, o) => {
    asked.push(`${jielongId}:${o.lineId}`);
    return marks[o.lineId];
  };

  it('shows each order\'s pick-up number, state and reminders on each of its rows, in the .xlsx and the .csv', async () => {
    const pick = buildPickList(orders, marksOf);
    expect(asked.sort()).toEqual(['jl-1:1', 'jl-1:2', 'jl-1:3', 'jl-1:4']);
    const { delivery, csv } = await written(pick);
    expect(delivery.map((r) => [r[0], r[1], r[2], r[3], r[7], r[8]])).toEqual([
      ['3-501', '王阿姨', 'A01', '冷榨亚麻籽油', '待付款', '未付、未取'],
      ['3-1201', '小张', 'A02', '冷榨亚麻籽油', '已取货', ''],
      ['12-101', '陈姐', 'A03', '冷榨亚麻籽油', '已付款', '未取'],
      ['12-101', '陈姐', 'A03', '东北大米', '已付款', '未取'],
      // No marks for this order: empty, not "undefined".
      ['', '小美', '', '冷榨亚麻籽油', '', ''],
      ['合计', '4人', '', '4单', '', ''],
    ]);
    expect(csv.slice(1, 6)).toEqual([
      '3-501,王阿姨,A01,冷榨亚麻籽油,3,瓶,119.7,待付款,未付、未取,',
      '3-1201,小张,A02,冷榨亚麻籽油,2,瓶,79.8,已取货,,',
      '12-101,陈姐,A03,冷榨亚麻籽油,1,瓶,39.9,已付款,未取,',
      '12-101,陈姐,A03,东北大米,1,袋,69,已付款,未取,',
      ',小美,,冷榨亚麻籽油,,瓶,,,,数量未写明；原文：小美 要一点',
    ]);
    expect(csv.join('\n')).not.toContain('undefined');
  });

  it('keeps orders of several 接龙 apart: the marks are asked per 接龙', () => {
    const two = [order(1, '3-501', '王阿姨'), { ...order(1, '5-201', '小张'), jielongId: 'jl-2' }];
    const seen: string[] = [];
    const pick = buildPickList(two, (id, o) => (seen.push(`${id}:${o.lineId}`), { pickupNo: id === 'jl-1' ? 'A1' : 'B1' }));
    expect(seen).toEqual(['jl-1:1', 'jl-2:1']);
    expect(pick.delivery.map((r) => [r.room, r.pickupNo])).toEqual([['3-501', 'A1'], ['5-201', 'B1']]);
  });
});

describe('grand total', () => {
  it('sums to the fen: 19.9×3 + 0.1 + 0.2 is 60, on both sheets and in the .csv', async () => {
    const list = [
      order(1, '3-501', '王阿姨', [['坚果', 3, 19.9], ['纸巾', 1, 0.1]]),
      order(2, '5-201', '小张', [['纸巾', 2, 0.1]]),
      order(3, null, '陈姐', [['糖', 1, 0.2]]),
    ];
    // What adding the yuan as floats would have written.
    expect(59.7 + 0.1 + 0.2).not.toBe(60);
    const pick = buildPickList(list);
    expect(pick.total).toEqual({ orders: 3, people: 3, amountFen: 6020, unknownAmounts: 0 });
    const { delivery, totals, csv } = await written(pick);
    expect(delivery.at(-1)).toEqual(['合计', '3人', '', '3单', '', '', 60.2, '', '', '']);
    expect(totals).toEqual([
      ['坚果', 3, '份', 19.9, 59.7, 1, 0],
      ['糖', 1, '份', 0.2, 0.2, 1, 0],
      ['纸巾', 3, '份', 0.1, 0.3, 2, 0],
      ['合计', '', '', '', 60.2, 3, 0],
    ]);
    expect(csv.at(-1)).toBe('合计,3人,,3单,,,60.2,,,');
  });

  it('0.1 + 0.2 is 0.3', async () => {
    const { delivery } = await written(buildPickList([order(1, '3-501', '王阿姨', [['纸巾', 1, 0.1]]), order(2, '3-502', '小张', [['纸巾', 1, 0.2]])]));
    expect(delivery.at(-1)![6]).toBe(0.3);
  });

  it('counts a person once across their orders', () => {
    const again = order(2, '3-501', '王阿姨');
    expect(buildPickList([order(1, '3-501', '王阿姨'), again, order(3, null, '小张')]).total).toMatchObject({ orders: 3, people: 2 });
  });

  it('says how many rows have no amount instead of a wrong total', async () => {
    const list = [
      order(1, '3-501', '王阿姨', [['坚果', 3, 19.9]]),
      order(2, '5-201', '小张', [['坚果', null, 19.9]]),
      order(3, null, '陈姐', [['没标价的', 2, null]]),
    ];
    const pick = buildPickList(list);
    expect(pick.total).toEqual({ orders: 3, people: 3, amountFen: 5970, unknownAmounts: 2 });
    const { delivery, totals, csv } = await written(pick);
    expect(delivery.at(-1)).toEqual(['合计', '3人', '', '3单', '', '', 59.7, '', '', '另有2行金额未知，未计入合计']);
    expect(totals.at(-1)).toEqual(['合计（另有2行金额未知，未计入合计）', '', '', '', 59.7, 3, 1]);
    expect(totals.find((r) => r[0] === '没标价的')).toEqual(['没标价的', 2, '份', '', '', 1, 0]);
    expect(csv.at(-1)).toBe('合计,3人,,3单,,,59.7,,,另有2行金额未知，未计入合计');
  });

  it('an empty list totals 0', async () => {
    const { delivery, totals } = await written(buildPickList([]));
    expect(delivery).toEqual([['合计', '0人', '', '0单', '', '', 0, '', '', '']]);
    expect(totals).toEqual([['合计', '', '', '', 0, 0, 0]]);
  });
});

describe('/接龙 导出 with order marks from another feature', () => {
  closeShopsAfterEach();
  const owner = member('老赵', 'wxid_laozhao');
  const wang = member('王阿姨');
  const zhang = member('小张');

  it('shows the marks jielongFeature was given in the files it sends the owner', async () => {
    const clock = new ManualClock(T0);
    const config = testConfig({ OWNER_IDS: owner.id });
    const asked: string[] = [];
    const orderMarks: OrderMarksOf = (jielongId, o) => {
      asked.push(jielongId);
      return o.authorId === wang.id ? { pickupNo: '7', state: '已付款', uncollected: true } : { pickupNo: '8', state: '待付款', unpaid: true };
    };
    const features = linliFeatures().map((f) => (f.name === 'jielong' ? jielongFeature({ orderMarks }) : f));
    const linli = await createLinli({ config, clock, log: silentLogger(), features });
    closeAfterTest(linli);
    linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
    const channel = new RecordingChannel(clock);
    linli.attach(channel);
    const say = async (from: typeof wang, text: string, minutes: number) => {
      const t = T0 + minutes * 60_000;
      await linli.engine.advanceTo(t, clock);
      await linli.handle(groupText(from, text, t, group1));
      await linli.engine.advanceTo(t + 1000, clock);
    };
    await say(owner, '/接龙 开 苹果团 苹果', 1);
    await say(wang, '接龙 3-501 苹果2箱', 2);
    await say(zhang, '接龙 12-101 苹果1箱', 3);
    await say(owner, '/接龙 导出', 4);
    await linli.engine.advanceTo(T0 + 10 * 60_000, clock);
    const files = channel.sent.filter((m) => m.file).map((m) => m.file!.path);
    expect(files).toHaveLength(2);
    const id = Object.keys(linli.services.store.data.jielong)[0];
    expect(new Set(asked)).toEqual(new Set([id]));
    const rows = await sheetRows(files[0]!, '按楼栋配送');
    expect(rows).toEqual([
      ['3-501', '王阿姨', '7', '红富士苹果', 2, '箱', 99.8, '已付款', '未取', ''],
      ['12-101', '小张', '8', '红富士苹果', 1, '箱', 49.9, '待付款', '未付', ''],
      ['合计', '2人', '', '2单', '', '', 149.7, '', '', ''],
    ]);
    const csv = readFileSync(files[1]!, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(csv[1]).toBe('3-501,王阿姨,7,红富士苹果,2,箱,99.8,已付款,未取,');
  });
});
