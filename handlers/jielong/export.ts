import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Product } from '../../store/schema.ts';
import { itemAmount, round2 } from './amount.ts';

// The pick list the owner delivers from: one sheet by building and room, one of totals per
// product. Built from the order book's active lines; facts (prices) come from the catalog.

export interface PickItem {
  product: string | null;
  productId?: string;
  qty: number | null;
  unit: string | null;
}

export interface PickEntry {
  raw: string;
  name: string | null;
  room: string | null;
  items: PickItem[];
  flags: string[];
}

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

export function buildPickList(entries: PickEntry[], catalog: Product[]): PickList {
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const delivery: DeliveryRow[] = [];
  for (const entry of [...entries].sort(byRoomThenName)) {
    const items = entry.items.length ? entry.items : [{ product: null, qty: null, unit: null }];
    for (const item of items) {
      const product = item.productId ? byId.get(item.productId) : undefined;
      delivery.push({
        room: entry.room ?? '',
        name: entry.name ?? '',
        product: product?.name ?? item.product ?? UNKNOWN_PRODUCT,
        qty: item.qty,
        unit: item.unit ?? product?.unit ?? '',
        amount: itemAmount(product?.price, item.qty),
        note: noteFor(entry, item),
      });
    }
  }
  return { delivery, totals: totalsOf(delivery, catalog) };
}

function totalsOf(rows: DeliveryRow[], catalog: Product[]): TotalRow[] {
  const byName = new Map(catalog.map((p) => [p.name, p]));
  const totals = new Map<string, TotalRow & { who: Set<string> }>();
  for (const r of rows) {
    const key = `${r.product}|${r.unit}`;
    let t = totals.get(key);
    if (!t) {
      const price = byName.get(r.product)?.price ?? null;
      t = { product: r.product, qty: 0, unit: r.unit, price, amount: price === null ? null : 0, people: 0, unread: 0, who: new Set() };
      totals.set(key, t);
    }
    if (r.qty === null) t.unread++;
    else t.qty = round2(t.qty + r.qty);
    if (t.amount !== null) t.amount = r.amount === null ? t.amount : round2(t.amount + r.amount);
    t.who.add(`${r.room}|${r.name}`);
    t.people = t.who.size;
  }
  return [...totals.values()].map(({ who: _who, ...t }) => t).sort((a, b) => a.product.localeCompare(b.product, 'zh-CN'));
}

function noteFor(entry: PickEntry, item: PickItem): string {
  const notes: string[] = [];
  if (item.qty === null) notes.push('数量未写明');
  if (!item.productId && !item.product) notes.push('商品未识别');
  if (entry.flags.length) notes.push(`原文：${entry.raw.trim()}`);
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
