import { normalName, plainSpaces, toHalfWidth } from '../../text/normalize.ts';
import { parseFen } from '../../text/money.ts';
import type { FulfilmentOrder, FulfilmentState } from './state.ts';
import { isLive, orderLine, whoText } from './status.ts';
import { inScope, titlesOf } from './lists.ts';

// How the owner and staff name orders in /收款, /核销, /订单: by pick-up number, by room, or by
// name, optionally after the 接龙's title, several at once, with an amount or a quantity after
// one. A name that fits two people is a question, never a guess.

export interface Target {
  /** As typed. */
  text: string;
  /** An amount written after it (/收款 王阿姨 23.8). */
  fen?: number;
  /** A quantity written after it (/核销 101 1箱). */
  qty?: number;
}

export interface ParsedTargets {
  /** The orders in scope: those of the named 接龙, or all. */
  title?: string;
  targets: Target[];
  /** `确认` was typed: take an amount that differs from what is owed. */
  confirmed: boolean;
}

const NO = /^[#＃]?(\d{3,6})号?$/;
const ROOM = /^[A-Za-z]?\d{1,3}\s*(?:[-—–_#栋幢座]|号楼|号)\s*(?:\d{1,2}\s*(?:[-—–_]|单元)\s*)?\d{2,4}\s*[室号]?$/;
const QTY = /^[×x*]?\s*(\d{1,3})\s*(?:个|份|箱|盒|袋|瓶|斤|件|包|只|桶|罐|提|板|把|束|颗)?$/;
const MONEY_MARK = /[元块¥￥.]/;

/** "3栋501", "3-501", "B座1203" → "3-501", "B-1203": rooms compared by their numbers. */
export function roomKey(room: string): string {
  return (toHalfWidth(room).toUpperCase().match(/[A-Z]|\d+/g) ?? []).join('-');
}

export function isOrderNo(token: string): boolean {
  return NO.test(toHalfWidth(token));
}

/**
 * Reads the words after /收款 or /核销. `titles` are the 接龙 in scope: a first word that
 * names one of them is the title. A bare number right after a target is an amount when
 * `amounts` (/收款) and a quantity otherwise (/核销), unless it is an order number in scope.
 */
export function parseTargets(args: string, titles: readonly string[], orders: Record<string, unknown>, amounts: boolean): ParsedTargets {
  const tokens = plainSpaces(toHalfWidth(args)).split(/[\s,，、;；]+/).map((t) => t.replace(/^@/, '')).filter(Boolean);
  const out: ParsedTargets = { targets: [], confirmed: false };
  const first = tokens[0];
  if (first && !isOrderNo(first) && !ROOM.test(first)) {
    const title = titleFor(first, titles);
    if (title) {
      out.title = title;
      tokens.shift();
    }
  }
  for (const token of tokens) {
    if (token === '确认' || token === '确定') {
      out.confirmed = true;
      continue;
    }
    const last = out.targets[out.targets.length - 1];
    const isNo = isOrderNo(token) && orders[NO.exec(token)![1]!] !== undefined;
    if (last && !isNo) {
      if (amounts && last.fen === undefined) {
        const fen = parseFen(token);
        if (fen !== null && (MONEY_MARK.test(token) || /^\d+$/.test(token))) {
          last.fen = fen;
          continue;
        }
      }
      const qty = QTY.exec(token);
      if (!amounts && qty && last.qty === undefined) {
        last.qty = Number(qty[1]);
        continue;
      }
    }
    out.targets.push({ text: token });
  }
  return out;
}

/** The title a word names: the one it equals, else the one title containing it (or contained in it). */
export function titleFor(word: string, titles: readonly string[]): string | undefined {
  const w = normalName(word);
  const exact = titles.find((t) => normalName(t) === w);
  if (exact) return exact;
  const near = [...new Set(titles.filter((t) => w.length >= 2 && (normalName(t).includes(w) || w.includes(normalName(t)))))];
  return near.length === 1 ? near[0] : undefined;
}

export type Resolved = { orders: FulfilmentOrder[] } | { question: string } | { unknown: string };

/**
 * The orders a target names among `candidates`: one number, one room, or one person's name.
 * Orders of two different people are a question naming them by pick-up number.
 */
export function resolveTarget(target: string, candidates: readonly FulfilmentOrder[]): Resolved {
  const t = toHalfWidth(target).trim();
  const no = NO.exec(t);
  if (no) {
    const hit = candidates.filter((o) => o.no === no[1]);
    return hit.length ? { orders: hit } : { unknown: target };
  }
  const key = roomKey(t);
  let hits = /\d/.test(t) ? candidates.filter((o) => o.room !== null && roomKey(o.room) === key) : [];
  if (!hits.length) {
    const name = normalName(t);
    hits = candidates.filter((o) => [o.name, o.member?.name].some((n) => n && normalName(n) === name));
  }
  if (!hits.length) return { unknown: target };
  const people = new Set(hits.map(personOf));
  if (people.size > 1) {
    return { question: `“${target}”对得上${people.size}位：\n${hits.map(orderLine).join('\n')}\n请用取货号再发一次。` };
  }
  return { orders: hits };
}

/** One person behind orders: their account when known, else room and name as written. */
export function personOf(o: FulfilmentOrder): string {
  return o.member?.id ?? `${o.room ?? ''}|${whoText(o)}`;
}

/** Each target typed, with the orders it names. */
export interface Named {
  target: Target;
  orders: FulfilmentOrder[];
}

/**
 * The orders the words after /收款 or /核销 name, among live orders: all of them, or a short
 * answer (the usage line, a question, what was not found) when any target is unclear — then
 * nothing is to be recorded at all. `titled` are the orders whose 接龙 titles may lead.
 */
export function namedOrders(state: FulfilmentState, args: string, how: { amounts: boolean; titled: (o: FulfilmentOrder) => boolean; usage: string }): (ParsedTargets & { named: Named[] }) | { reply: string } {
  const live = Object.values(state.orders).filter(isLive);
  const parsed = parseTargets(args, titlesOf(live.filter(how.titled)), state.orders, how.amounts);
  if (!parsed.targets.length) return { reply: how.usage };
  const scope = inScope(state, parsed.title, isLive);
  const named: Named[] = [];
  const unknown: string[] = [];
  for (const target of parsed.targets) {
    const found = resolveTarget(target.text, scope);
    if ('question' in found) return { reply: found.question };
    if ('unknown' in found) unknown.push(target.text);
    else named.push({ target, orders: found.orders });
  }
  if (unknown.length) {
    return { reply: `没找到${unknown.map((u) => `“${u}”`).join('、')}的订单${parsed.title ? `（「${parsed.title}」里）` : ''}，这次什么都没记。\n${how.usage}` };
  }
  return { ...parsed, named };
}
