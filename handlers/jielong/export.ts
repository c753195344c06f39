import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { round2 } from '../../text/money.ts';
import type { Order, OrderItem } from './orders.ts';
import { productTotals } from './texts.ts';

// The pick list the owner delivers from: one sheet by building and room, one of totals per
// product, written as .xlsx and as .csv.

export interface DeliveryRow {
  room: string;
  name: string;
  product: string;
  qty: number | null;
  unit: string;
  /** qty × catalog price, when both are known. */
  amount: number | null;
  note: string;
}

export interface TotalRow {
  product: string;
  qty: number;
  unit: string;
  price: number | null;
  amount: number | null;
  people: number;
  /** Lines of this product whose quantity could not be read (not in qty). */
  unread: number;
}

export interface PickList {
  delivery: DeliveryRow[];
  totals: TotalRow[];
}

const UNKNOWN_PRODUCT = '（未识别商品）';

/** The pick list of a 接龙's orders (see orders.ts: products, prices and limits already applied). */
export function buildPickList(orders: Order[]): PickList {
  const delivery: DeliveryRow[] = [];
  for (const order of [...orders].sort(byRoomThenName)) {
    for (const item of order.items) {
      delivery.push({
        room: order.room ?? '',
        name: order.name ?? '',
        product: item.product ?? UNKNOWN_PRODUCT,
        qty: item.qty,
        unit: item.unit ?? '',
        amount: item.amount,
        note: noteFor(order, item),
      });
    }
  }
  return { delivery, totals: totalsOf(orders) };
}

function totalsOf(orders: Order[]): TotalRow[] {
  const prices = new Map<string, number | null>();
  for (const o of orders) for (const i of o.items) prices.set(`${i.product ?? UNKNOWN_PRODUCT}|${i.unit ?? ''}`, i.price);
  return productTotals(orders.map((o) => ({ ...o, items: o.items.map((i) => ({ ...i, product: i.product ?? UNKNOWN_PRODUCT })) })))
    .map((t) => {
      const price = prices.get(`${t.product}|${t.unit}`) ?? null;
      return { ...t, price, amount: price === null ? null : round2(price * t.qty) };
    })
    .sort((a, b) => a.product.localeCompare(b.product, 'zh-CN'));
}

function noteFor(order: Order, item: OrderItem): string {
  const notes: string[] = [];
  if (item.qty === null) notes.push('数量未写明');
  if (!item.product) notes.push('商品未识别');
  if (item.asked !== undefined) notes.push(`原要${item.asked}，按限购登记${item.qty}`);
  if (order.flags.length) notes.push(`原文：${order.raw.trim()}`);
  return notes.join('；');
}

/** Rooms sort by their numbers (3-501 before 3-1201 before 12-101); no room comes last. */
export function byRoomThenName(a: { room: string | null; name: string | null }, b: { room: string | null; name: string | null }): number {
  const ra = roomNumbers(a.room);
  const rb = roomNumbers(b.room);
  if (!ra.length !== !rb.length) return ra.length ? -1 : 1;
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const d = (ra[i] ?? -1) - (rb[i] ?? -1);
    if (d !== 0) return d;
  }
  return (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN');
}

function roomNumbers(room: string | null): number[] {
  return room ? [...room.matchAll(/\d+/g)].map((m) => Number(m[0])) : [];
}

/** Writes `<name>.xlsx` (two sheets) and `<name>.csv` (the delivery sheet) into dir. */
export async function writePickList(pick: PickList, dir: string, name: string, title: string): Promise<{ xlsx: string; csv: string }> {
  mkdirSync(dir, { recursive: true });
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli';
  book.title = title;
  const delivery = book.addWorksheet('按楼栋配送');
  delivery.columns = [
    { header: '楼栋房号', key: 'room', width: 14 },
    { header: '姓名', key: 'name', width: 14 },
    { header: '商品', key: 'product', width: 20 },
    { header: '数量', key: 'qty', width: 8 },
    { header: '单位', key: 'unit', width: 6 },
    { header: '金额（元）', key: 'amount', width: 12 },
    { header: '备注', key: 'note', width: 40 },
  ];
  delivery.addRows(pick.delivery);
  const totals = book.addWorksheet('商品汇总');
  totals.columns = [
    { header: '商品', key: 'product', width: 20 },
    { header: '数量', key: 'qty', width: 8 },
    { header: '单位', key: 'unit', width: 6 },
    { header: '单价（元）', key: 'price', width: 12 },
    { header: '金额（元）', key: 'amount', width: 12 },
    { header: '人数', key: 'people', width: 8 },
    { header: '数量未写明', key: 'unread', width: 12 },
  ];
  totals.addRows(pick.totals);
  for (const sheet of [delivery, totals]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const xlsx = join(dir, `${name}.xlsx`);
  const csv = join(dir, `${name}.csv`);
  await book.xlsx.writeFile(xlsx);
  // A BOM so that Excel on an owner's PC opens the Chinese text correctly.
  await book.csv.writeFile(csv, { sheetName: '按楼栋配送', formatterOptions: { writeBOM: true } });
  return { xlsx, csv };
}
