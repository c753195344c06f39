import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { fenText, toFen } from '../../text/money.ts';
import type { Order, OrderItem } from './orders.ts';
import { readRoom } from './room.ts';
import { productTotals } from './texts.ts';
import { Work } from './work.ts';

// The pick list the owner delivers from: one sheet by building and room, one of totals per
// product, written as .xlsx and as .csv.

/**
 * What another feature knows of an order once the 接龙 is closed (its pick-up number, whether it
 * is paid and collected). Passed in from outside: the 接龙 feature knows nothing of that feature.
 */
export interface OrderMarks {
  pickupNo?: string;
  state?: string;
  unpaid?: boolean;
  uncollected?: boolean;
}

/** The marks of one order of a 接龙 (undefined: none yet, e.g. while the 接龙 is open). */
export type OrderMarksOf = (jielongId: string, order: Order) => OrderMarks | undefined;

/** An order and the 接龙 it belongs to: line ids and marks are per 接龙, and a pick list may span several. */
export interface PickOrder {
  jielongId: string;
  order: Order;
}

export interface DeliveryRow {
  room: string;
  name: string;
  /** From the order's marks ('' without them), repeated on each of its rows so a filter keeps them together. */
  pickupNo: string;
  product: string;
  qty: number | null;
  unit: string;
  /** qty × catalog price, when both are known. */
  amount: number | null;
  state: string;
  /** "未付、未取". */
  reminder: string;
  note: string;
}

export interface TotalRow {
  product: string;
  qty: number;
  unit: string;
  price: number | null;
  /** The known amounts of its lines; null when none is known. */
  amount: number | null;
  people: number;
  /** Lines of this product whose quantity could not be read (not in qty). */
  unread: number;
}

/** The 合计 of both sheets. */
export interface PickTotal {
  orders: number;
  people: number;
  /** The delivery rows' known amounts, summed in whole fen. */
  amountFen: number;
  /** Delivery rows whose amount is unknown (not in amountFen). */
  unknownAmounts: number;
}

export interface PickList {
  delivery: DeliveryRow[];
  totals: TotalRow[];
  total: PickTotal;
}

const UNKNOWN_PRODUCT = '（未识别商品）';

// Once: a Collator is costly to make, and sorting compares hundreds of times.
const COLLATOR = new Intl.Collator('zh-CN', { numeric: true });

/** The pick list of the orders of one or more 接龙 (see orders.ts: products, prices and limits already applied). */
export function buildPickList(orders: PickOrder[], marksOf?: OrderMarksOf): PickList {
  const delivery: DeliveryRow[] = [];
  for (const { jielongId, order } of [...orders].sort((a, b) => byRoomThenName(a.order, b.order))) {
    const marks = marksOf?.(jielongId, order);
    for (const item of order.items) {
      delivery.push({
        room: order.room ?? '',
        name: order.name ?? '',
        pickupNo: marks?.pickupNo ?? '',
        product: item.product ?? UNKNOWN_PRODUCT,
        qty: item.qty,
        unit: item.unit ?? '',
        amount: item.amount,
        state: marks?.state ?? '',
        reminder: reminderOf(marks),
        note: noteFor(order, item),
      });
    }
  }
  const known = delivery.filter((r) => r.amount !== null);
  const total: PickTotal = {
    orders: orders.length,
    people: new Set(orders.map(personOf)).size,
    amountFen: known.reduce((s, r) => s + toFen(r.amount!), 0),
    unknownAmounts: delivery.length - known.length,
  };
  return { delivery, totals: totalsOf(orders.map((o) => o.order)), total };
}

function reminderOf(marks: OrderMarks | undefined): string {
  return [marks?.unpaid && '未付', marks?.uncollected && '未取'].filter(Boolean).join('、');
}

/** As productTotals counts people (texts.ts), with the 接龙 in the key: line ids repeat across 接龙. */
function personOf({ jielongId, order }: PickOrder): string {
  return order.authorId ?? `${jielongId}|${order.room}|${order.name}|${order.lineId}`;
}

function totalsOf(orders: Order[]): TotalRow[] {
  const prices = new Map<string, number | null>();
  // In fen, so the product amounts add up to the delivery sheet's total exactly.
  const fen = new Map<string, number>();
  for (const o of orders) {
    for (const i of o.items) {
      const key = `${i.product ?? UNKNOWN_PRODUCT}|${i.unit ?? ''}`;
      prices.set(key, i.price);
      if (i.amount !== null) fen.set(key, (fen.get(key) ?? 0) + toFen(i.amount));
    }
  }
  return productTotals(orders.map((o) => ({ ...o, items: o.items.map((i) => ({ ...i, product: i.product ?? UNKNOWN_PRODUCT })) })))
    .map((t) => {
      const key = `${t.product}|${t.unit}`;
      const sum = fen.get(key);
      return { ...t, price: prices.get(key) ?? null, amount: sum === undefined ? null : yuanOf(sum) };
    })
    .sort((a, b) => COLLATOR.compare(a.product, b.product));
}

/** Fen back to yuan as a number for a cell: 30 → 0.3, never 0.30000000000000004. */
function yuanOf(fen: number): number {
  return Number(fenText(fen));
}

function noteFor(order: Order, item: OrderItem): string {
  const notes: string[] = [];
  if (item.qty === null) notes.push('数量未写明');
  if (!item.product) notes.push('商品未识别');
  if (item.asked !== undefined) notes.push(`原要${item.asked}，按限购登记${item.qty}`);
  if (order.flags.length) notes.push(`原文：${order.raw.trim()}`);
  return notes.join('；');
}

/**
 * Rooms by building, unit and room number (3-501 before 3-1201 before 3-2-501 before 12-101);
 * then rooms without a building; no room last, by name in pinyin order.
 */
export function byRoomThenName(a: { room: string | null; name: string | null }, b: { room: string | null; name: string | null }): number {
  const ka = roomKey(a.room);
  const kb = roomKey(b.room);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d !== 0) return d;
  }
  if (ka[0] === UNREAD_ROOM) {
    const d = COLLATOR.compare(a.room!, b.room!);
    if (d !== 0) return d;
  }
  return byName(a.name, b.name);
}

const NUMBERED = 0;
const LETTERED = 1;
const NO_BUILDING = 2;
const UNREAD_ROOM = 3;
const NO_ROOM = 4;

/** [kind, building, unit, room]; a part not written is -1, so "3栋" comes before "3-101". */
function roomKey(room: string | null): number[] {
  if (!room) return [NO_ROOM];
  const parts = roomParts(room) ?? roomParts(readRoom(new Work(room))?.normal ?? '');
  if (!parts) return [UNREAD_ROOM];
  const { building, unit, no } = parts;
  const num = (s: string | undefined) => (s === undefined ? -1 : Number(s));
  if (building === undefined) return [NO_BUILDING, -1, num(unit), num(no)];
  return /^\d+$/.test(building)
    ? [NUMBERED, Number(building), num(unit), num(no)]
    : [LETTERED, building.charCodeAt(0), num(unit), num(no)];
}

/**
 * The parts of a room as room.ts normalises it: 3-501, 3-2-501, B-1203, 3栋, 3栋2单元, 3单元501,
 * 3单元, 1701. Rooms on the list are normalised already; anything else is read again by readRoom.
 */
function roomParts(room: string): { building?: string; unit?: string; no?: string } | null {
  let m = /^(\d+|[A-Z])-(?:(\d+)-)?(\d+)$/.exec(room);
  if (m) return { building: m[1], unit: m[2], no: m[3] };
  m = /^(\d+|[A-Z])栋(?:(\d+)单元)?$/.exec(room);
  if (m) return { building: m[1], unit: m[2] };
  m = /^(\d+)单元(\d+)?$/.exec(room);
  if (m) return { unit: m[1], no: m[2] };
  m = /^(\d+)$/.exec(room);
  return m ? { no: m[1] } : null;
}

/**
 * Names as a phone's contact list sorts them: by the first letter (a Chinese name's pinyin
 * initial, a Latin one's own letter), so 李四 and lily are both under L; within a letter, the
 * zh-CN collation (pinyin; Chinese before Latin). Names starting with neither come after Z, as
 * WeChat's #; no name last.
 */
function byName(a: string | null, b: string | null): number {
  const d = nameGroup(a) - nameGroup(b);
  return d !== 0 ? d : COLLATOR.compare(a ?? '', b ?? '');
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// CLDR's pinyin collation (ICU, which Node ships in full) places U+FDD0 followed by a letter
// just before the first character whose pinyin starts with that letter: the boundaries its
// alphabetic index uses. No pinyin starts with I, U or V.
const PINYIN_STARTS = [...'ABCDEFGHJKLMNOPQRSTWXYZ'].map((letter) => ({ letter, boundary: `\uFDD0${letter}` }));

function nameGroup(name: string | null): number {
  const first = [...(name ?? '').normalize('NFKC').trim()][0];
  if (first === undefined) return LETTERS.length + 1;
  if (/^[A-Za-z]$/.test(first)) return LETTERS.indexOf(first.toUpperCase());
  if (/^\p{Script=Han}$/u.test(first)) {
    // Characters the table has no pinyin for sort after 帀 (Z), with Z.
    let letter = 'A';
    for (const start of PINYIN_STARTS) {
      if (COLLATOR.compare(start.boundary, first) <= 0) letter = start.letter;
      else break;
    }
    return LETTERS.indexOf(letter);
  }
  return LETTERS.length;
}

/** Writes `<name>.xlsx` (two sheets) and `<name>.csv` (the delivery sheet) into dir. */
export async function writePickList(pick: PickList, dir: string, name: string, title: string): Promise<{ xlsx: string; csv: string }> {
  mkdirSync(dir, { recursive: true });
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli';
  book.title = title;
  const { total } = pick;
  const amount = yuanOf(total.amountFen);
  const unknown = total.unknownAmounts ? `另有${total.unknownAmounts}行金额未知，未计入合计` : '';
  const delivery = book.addWorksheet('按楼栋配送');
  delivery.columns = [
    { header: '楼栋房号', key: 'room', width: 10 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '取货号', key: 'pickupNo', width: 8 },
    { header: '商品', key: 'product', width: 18 },
    { header: '数量', key: 'qty', width: 6 },
    { header: '单位', key: 'unit', width: 6 },
    { header: '金额（元）', key: 'amount', width: 10 },
    { header: '状态', key: 'state', width: 8 },
    { header: '提醒', key: 'reminder', width: 10 },
    { header: '备注', key: 'note', width: 30 },
  ];
  delivery.addRows(pick.delivery);
  delivery.addRow({ room: '合计', name: `${total.people}人`, product: `${total.orders}单`, amount, note: unknown });
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
  // This sheet has no 备注 column: the note rides in the 合计 cell, spilling over the empty 数量.
  totals.addRow({
    product: total.unknownAmounts ? `合计（${unknown}）` : '合计', amount, people: total.people,
    unread: pick.totals.reduce((s, t) => s + t.unread, 0),
  });
  for (const sheet of [delivery, totals]) {
    sheet.getRow(1).font = { bold: true };
    sheet.lastRow!.font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    // Printed, it is one page wide with the header on every page.
    sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  }
  const xlsx = join(dir, `${name}.xlsx`);
  const csv = join(dir, `${name}.csv`);
  await book.xlsx.writeFile(xlsx);
  // A BOM so that Excel on an owner's PC opens the Chinese text correctly.
  await book.csv.writeFile(csv, { sheetName: '按楼栋配送', formatterOptions: { writeBOM: true } });
  return { xlsx, csv };
}
