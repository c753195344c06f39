import { zonedInstant, zonedParts } from '../../scheduler/clock.ts';
import { toFen } from '../../text/money.ts';
import type { KocState } from './state.ts';

// What each 体验官 brought, over a span of time: newcomers credited to them, how many of those
// ordered, and what those orders came to (after refunds and cancels). Pure: /体验官 名单 and
// the owner's console read the same figures.

export interface KocFigure {
  koc: string;
  name: string;
  code: string;
  /** Newcomers credited to them in the span. */
  newcomers: number;
  /** Newcomers of theirs (credited at any time) with an order in the span. */
  buyers: number;
  /** What those orders came to, in fen. */
  fen: number;
}

/** The figures of every current 体验官 between `from` (inclusive) and `until` (exclusive), in the order they were named. */
export function kocFigures(state: KocState, from = -Infinity, until = Infinity): KocFigure[] {
  const rows = new Map<string, KocFigure & { who: Set<string> }>();
  for (const k of Object.values(state.kocs).sort((a, b) => a.since - b.since)) {
    if (k.removedAt === undefined) rows.set(k.id, { koc: k.id, name: k.name, code: k.code, newcomers: 0, buyers: 0, fen: 0, who: new Set() });
  }
  for (const r of Object.values(state.referrals)) {
    const row = rows.get(r.koc);
    if (row && r.at >= from && r.at < until) row.newcomers++;
  }
  for (const o of Object.values(state.orders)) {
    const row = rows.get(o.koc);
    if (!row || o.gone || o.at < from || o.at >= until) continue;
    row.who.add(o.member);
    row.fen += toFen(o.amount);
  }
  return [...rows.values()].map(({ who, ...row }) => ({ ...row, buyers: who.size }));
}

/** `YYYY-MM` of the calendar month `at` falls in, in the shop's zone. */
export function monthKey(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** The calendar month `at` falls in: [its first instant, the next month's]. */
export function monthSpan(at: number, tz: string): [number, number] {
  const p = zonedParts(at, tz);
  const from = zonedInstant(tz, p.year, p.month, 1);
  const until = p.month === 12 ? zonedInstant(tz, p.year + 1, 1, 1) : zonedInstant(tz, p.year, p.month + 1, 1);
  return [from, until];
}

/** For the console: each 体验官's figures for the calendar month `at` falls in (shop time). */
export function kocMonthly(state: KocState, at: number, tz: string): KocFigure[] {
  const [from, until] = monthSpan(at, tz);
  return kocFigures(state, from, until);
}
