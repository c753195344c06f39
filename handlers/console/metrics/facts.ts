import { readEntry } from '../../../store/log-kinds.ts';
import type { LogEntry } from '../../../store/log.ts';
import { toFen } from '../../../text/money.ts';
// The 接龙 entries' reader is declared there (handlers/jielong/entries.ts), the orders' after the
// cut-off in handlers/fulfilment/entries.ts: importing the indexes declares them.
import { boughtOf, type JielongClosed, type ProductNames } from '../../jielong/index.ts';
import '../../fulfilment/index.ts';
import type { OrderEntry } from '../../fulfilment/index.ts';
import { amountAfter } from '../../profiles/index.ts';
import type { MetricsInput } from './types.ts';

// One pass over the behaviour log into compact facts per member (orders, first join, activity
// times, reservations) and per live stream; every metric reads these, never the log. Owners are
// no members: nothing of theirs is kept. See docs/console-metrics.md for what each fact means.

/** One order: what one member ordered in one closed 接龙 (all their lines), after refunds and cancels. */
export interface OrderFact {
  member: string;
  jielong: string;
  /** When it was placed: the member's first sign-up (or edit) in that 接龙, else the close. */
  at: number;
  /** What it is worth now, in fen. */
  fen: number;
  /** False when none of its lines had an amount (not counted in 客单价's divisor). */
  priced: boolean;
  /** Product names, each once (the catalog's name as logged, else the line's own). */
  products: readonly string[];
  /** The live stream whose 接龙 it was in. */
  stream: number | undefined;
}

export interface MemberFacts {
  id: string;
  /** The first entry naming them (as actor, joiner, inviter, on a roster or an order). */
  firstSeenAt: number;
  /** Their first join (the earliest `join` entry). */
  joinedAt: number | undefined;
  /** That first join names an inviter who is neither an owner nor themself. */
  invited: boolean;
  /** Activity times, ascending: messages, shares, app cards, check-ins, questions, reservations, 接龙 lines. */
  activity: number[];
  /** Stream reservation times, ascending. */
  reserves: number[];
  /** Sign-ups and edits of 接龙 lines, and the placing of their counted orders: times ascending. */
  orderActs: number[];
  /** Counted orders, by time placed. */
  orders: OrderFact[];
}

export interface StreamFacts {
  no: number;
  /** The title its 接龙 carried, if it had one. */
  title: string | undefined;
  reserved: Set<string>;
  reminded: Set<string>;
  /** The first and last time the log mentions it (reservations, reminders, its 接龙's close). */
  first: number;
  last: number;
}

export interface Facts {
  members: Map<string, MemberFacts>;
  /** Every counted order, by time placed. */
  orders: OrderFact[];
  streams: Map<number, StreamFacts>;
}

/** No catalog: an item is named as the log names it (the catalog's name when it was matched). */
const AS_LOGGED: ProductNames = { nameOf: () => undefined, categoryOf: () => undefined };

type Rec = Record<string, unknown>;
const NONE: readonly OrderEntry[] = [];

function idOf(who: unknown): string | undefined {
  const id = (who as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

const ascending = (a: number, b: number) => a - b;

function sortIfNeeded(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    if (a[i]! < a[i - 1]!) {
      a.sort(ascending);
      return;
    }
  }
}

export function readFacts(input: MetricsInput): Facts {
  const owners = new Set(input.ownerIds);
  const members = new Map<string, MemberFacts>();
  /** Every id seen, an owner's as null: one lookup an entry. */
  const byId = new Map<string, MemberFacts | null>();
  for (const id of owners) byId.set(id, null);
  const streams = new Map<number, StreamFacts>();
  /** 接龙 id → its last close (the final word). */
  const closes = new Map<string, JielongClosed>();
  /** 接龙 → line → the cancels and refunds after the cut-off, in log order. */
  const changes = new Map<string, Map<number, OrderEntry[]>>();
  /** 接龙 → member → their first sign-up or edit in it. */
  const placed = new Map<string, Map<string, number>>();

  const memberOf = (id: string | undefined, at: number): MemberFacts | undefined => {
    if (id === undefined) return undefined;
    let m = byId.get(id);
    if (m === null) return undefined;
    if (m === undefined) {
      m = { id, firstSeenAt: at, joinedAt: undefined, invited: false, activity: [], reserves: [], orderActs: [], orders: [] };
      members.set(id, m);
      byId.set(id, m);
    } else if (at < m.firstSeenAt) {
      m.firstSeenAt = at;
    }
    return m;
  };
  const streamOf = (no: unknown, at: number): StreamFacts | undefined => {
    if (typeof no !== 'number' || !Number.isFinite(no)) return undefined;
    let s = streams.get(no);
    if (s === undefined) {
      s = { no, title: undefined, reserved: new Set(), reminded: new Set(), first: at, last: at };
      streams.set(no, s);
    } else {
      if (at < s.first) s.first = at;
      if (at > s.last) s.last = at;
    }
    return s;
  };

  for (const entry of input.entries) {
    const at = entry['at'];
    if (typeof at !== 'number' || !Number.isFinite(at)) continue;
    switch (entry['kind']) {
      case 'text':
      case 'share':
      case 'app':
        memberOf(idOf(entry['from']), at)?.activity.push(at);
        break;
      case 'points':
        // Only what the member did: an owner's adjustment or a purchase's points are not activity.
        if (entry['movement'] === 'checkin') memberOf(idOf(entry['member']), at)?.activity.push(at);
        break;
      case 'question':
        memberOf(idOf(entry['member']), at)?.activity.push(at);
        break;
      case 'stream': {
        const change = entry['change'];
        if (change !== 'reserve' && change !== 'reminder') break;
        const id = idOf(entry['member']);
        const s = streamOf(entry['stream'], at);
        if (change === 'reserve') {
          const m = memberOf(id, at);
          if (!m) break;
          m.activity.push(at);
          m.reserves.push(at);
          s?.reserved.add(m.id);
        } else if (id !== undefined && !owners.has(id)) {
          s?.reminded.add(id);
        }
        break;
      }
      case 'join': {
        const id = idOf(entry['member']);
        const m = memberOf(id, at);
        if (!m) break;
        const inviter = idOf(entry['inviter']);
        if (inviter !== undefined) memberOf(inviter, at);
        if (m.joinedAt === undefined || at < m.joinedAt) {
          m.joinedAt = at;
          m.invited = inviter !== undefined && inviter !== id && !owners.has(inviter);
        }
        break;
      }
      case 'roster':
      case 'leave':
        memberOf(idOf(entry['member']), at);
        break;
      case 'jielong': {
        const read = readEntry('jielong', entry);
        if (!read || !('value' in read)) break;
        const e = read.value;
        const m = memberOf(idOf(e.member), at);
        if (!m) break;
        m.activity.push(at);
        if (e.change === 'signup' || e.change === 'edit') {
          m.orderActs.push(at);
          let first = placed.get(e.jielong);
          if (!first) placed.set(e.jielong, (first = new Map()));
          const before = first.get(m.id);
          if (before === undefined || at < before) first.set(m.id, at);
        }
        break;
      }
      case 'jielong-closed': {
        const read = readEntry('jielong-closed', entry);
        if (!read || !('value' in read)) break;
        const e = read.value;
        closes.set(e.jielong, e);
        const s = streamOf(e.stream, at);
        if (s) s.title = e.title;
        break;
      }
      case 'order': {
        // Only a cancel or a refund changes what an order counts for (payments, pick-ups, cases do not).
        const change = entry['change'];
        if (change !== 'cancelled' && change !== 'refunded') break;
        const read = readEntry('order', entry);
        if (!read || !('value' in read)) break;
        const e = read.value;
        let lines = changes.get(e.jielong);
        if (!lines) changes.set(e.jielong, (lines = new Map()));
        const list = lines.get(e.lineId);
        if (list) list.push(e);
        else lines.set(e.lineId, [e]);
        break;
      }
      default:
        break;
    }
  }

  const orders: OrderFact[] = [];
  for (const close of closes.values()) {
    const changed = changes.get(close.jielong);
    const first = placed.get(close.jielong);
    // One order per member: their lines summed.
    const byMember = new Map<string, { yuanLines: number[]; priced: boolean; products: string[] }>();
    for (const line of close.orders) {
      const id = idOf(line.member);
      if (id === undefined || owners.has(id)) continue;
      let amount: number | null = line.amount ?? 0;
      // Cancelled, refunded in full, or refunded down to nothing: no longer an order.
      for (const change of changed?.get(line.lineId) ?? NONE) if (amount !== null) amount = amountAfter(amount, change as unknown as Rec);
      if (amount === null) continue;
      let o = byMember.get(id);
      if (!o) byMember.set(id, (o = { yuanLines: [], priced: false, products: [] }));
      o.yuanLines.push(amount);
      if (line.amount !== null && line.amount !== undefined) o.priced = true;
      if (line.items?.length) for (const name of boughtOf(line.items, AS_LOGGED).products) if (!o.products.includes(name)) o.products.push(name);
    }
    for (const [id, o] of byMember) {
      const at = first?.get(id) ?? close.at;
      let fen = 0;
      for (const yuan of o.yuanLines) fen += toFen(yuan);
      const order: OrderFact = { member: id, jielong: close.jielong, at, fen, priced: o.priced, products: o.products, stream: typeof close.stream === 'number' ? close.stream : undefined };
      const m = memberOf(id, at)!;
      m.orders.push(order);
      m.orderActs.push(at);
      orders.push(order);
    }
  }
  orders.sort((a, b) => a.at - b.at);
  for (const m of members.values()) {
    sortIfNeeded(m.activity);
    sortIfNeeded(m.reserves);
    sortIfNeeded(m.orderActs);
    if (m.orders.length > 1) m.orders.sort((a, b) => a.at - b.at);
  }
  return { members, orders, streams };
}

/** The first index whose value is ≥ x (a.length when none is). */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > x. */
export function upperBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a sorted list of times has one in [lo, hi). */
export function anyIn(a: readonly number[], lo: number, hi: number): boolean {
  const i = lowerBound(a, lo);
  return i < a.length && a[i]! < hi;
}

/** Whether a sorted list of times has one in (lo, hi]. */
export function anyAfter(a: readonly number[], lo: number, hi: number): boolean {
  const i = upperBound(a, lo);
  return i < a.length && a[i]! <= hi;
}

/** The orders (sorted by time) placed in [lo, hi). */
export function ordersIn(orders: readonly OrderFact[], lo: number, hi: number): OrderFact[] {
  let a = 0;
  let b = orders.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (orders[mid]!.at < lo) a = mid + 1;
    else b = mid;
  }
  const out: OrderFact[] = [];
  for (let i = a; i < orders.length && orders[i]!.at < hi; i++) out.push(orders[i]!);
  return out;
}

/** n ÷ d, or null when there is nothing to divide by. */
export const share = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** Whole fen of n ÷ d, or null. */
export const perFen = (n: number, d: number): number | null => (d > 0 ? Math.round(n / d) : null);

/** A log entry's time, if it has one. */
export function timeOf(entry: LogEntry): number | undefined {
  const at = entry['at'];
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}
