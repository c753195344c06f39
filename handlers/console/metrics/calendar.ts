import { dayKey, zonedInstant, zonedParts } from '../../../scheduler/clock.ts';

// Months and weeks in the shop's time zone, as instants: a metric compares an entry's time with
// these bounds instead of asking the zone for every entry.

/** A calendar period: `key` is `YYYY-MM` (a month) or the Monday's `YYYY-MM-DD` (a week); [start, end). */
export interface Period {
  key: string;
  start: number;
  end: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The start of the month `at` falls in, plus `add` months. */
export function monthStartOf(at: number, tz: string, add = 0): number {
  const p = zonedParts(at, tz);
  return zonedInstant(tz, p.year, p.month + add, 1);
}

/** Midnight of the Monday of the week `at` falls in, plus `add` weeks. */
export function weekStartOf(at: number, tz: string, add = 0): number {
  const p = zonedParts(at, tz);
  // Days back to Monday (weekday 0 is Sunday); Date.UTC inside zonedInstant carries day overflow.
  return zonedInstant(tz, p.year, p.month, p.day - ((p.weekday + 6) % 7) + 7 * add);
}

/** `YYYY-MM` of an instant. */
export function monthKey(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.year}-${pad(p.month)}`;
}

/** Every month [from, to) touches, each whole, oldest first; none for an empty range. */
export function monthsTouched(from: number, to: number, tz: string): Period[] {
  const out: Period[] = [];
  if (!(from < to)) return out;
  const first = zonedParts(from, tz);
  for (let i = 0; ; i++) {
    const start = zonedInstant(tz, first.year, first.month + i, 1);
    if (start >= to) break;
    const end = zonedInstant(tz, first.year, first.month + i + 1, 1);
    out.push({ key: monthKey(start, tz), start, end });
  }
  return out;
}

/** Every week (Monday to Monday) [from, to) touches, each whole, oldest first; none for an empty range. */
export function weeksTouched(from: number, to: number, tz: string): Period[] {
  const out: Period[] = [];
  if (!(from < to)) return out;
  for (let i = 0; ; i++) {
    const start = weekStartOf(from, tz, i);
    if (start >= to) break;
    const end = weekStartOf(from, tz, i + 1);
    out.push({ key: dayKey(start, tz), start, end });
  }
  return out;
}

/** The calendar day of an instant, `YYYY-MM-DD`. */
export function dayText(at: number, tz: string): string {
  return dayKey(at, tz);
}
