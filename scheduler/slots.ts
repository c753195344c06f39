import { Cron } from 'croner';
import { dayMatches, nearestDay, type DayRule, type Ymd } from './calendar.ts';
import { zonedInstant, zonedParts } from './clock.ts';

// When a recurring job runs: its cron pattern in the shop's zone (croner does the arithmetic,
// jumping straight to the next match instead of testing minute by minute), and, when it has one,
// its day rule (工作日 by the Chinese calendar, a festival), which skips whole days.

export interface Recurrence {
  /** A 5-field cron pattern. */
  pattern: string;
  days?: DayRule;
}

// A Cron built without a function is never started: it is only a calculator.
const crons = new Map<string, Cron>();

function cronOf(pattern: string, tz: string): Cron {
  const key = `${tz} ${pattern}`;
  let cron = crons.get(key);
  if (!cron) {
    if (crons.size >= 1_000) crons.clear();
    cron = new Cron(pattern, { timezone: tz });
    crons.set(key, cron);
  }
  return cron;
}

/** Whether croner reads a 5-field pattern (the seconds field is not offered to owners). */
export function isValidPattern(pattern: string): boolean {
  if (pattern.trim().split(/\s+/).length !== 5) return false;
  try {
    new Cron(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is known of a recurrence: the slot after `after` is `next` (none in between), and the
 * last slot at or before `upTo` is `prev`. The scheduler asks again after every event with a
 * slightly later time; croner's arithmetic in a named zone costs tens of microseconds a call, so
 * a known answer is reused until time passes the slot.
 */
interface Known {
  after?: number;
  next?: number | null;
  upTo?: number;
  prev?: number | null;
}

const known = new Map<string, Known>();

function knownOf(rule: Recurrence, tz: string): Known {
  const key = `${tz} ${rule.pattern} ${rule.days ?? ''}`;
  let k = known.get(key);
  if (!k) {
    if (known.size >= 1_000) known.clear();
    k = {};
    known.set(key, k);
  }
  return k;
}

/** The first slot in (from, to], or undefined. */
export function firstSlot(rule: Recurrence, from: number, to: number, tz: string): number | undefined {
  const next = nextKnown(knownOf(rule, tz), rule, from, tz);
  return next !== null && next <= to ? next : undefined;
}

/** The slot after `from` (null: none), from what is known when it can be. */
function nextKnown(k: Known, rule: Recurrence, from: number, tz: string): number | null {
  const reuse = k.after !== undefined && k.next !== undefined && k.after <= from && (k.next === null || from < k.next);
  if (!reuse) {
    k.after = from;
    k.next = slotAfter(rule, from, tz) ?? null;
  }
  return k.next!;
}

/** The last slot in (from, to], or undefined. */
export function lastSlot(rule: Recurrence, from: number, to: number, tz: string): number | undefined {
  const k = knownOf(rule, tz);
  // Time moved on but not past the next slot: the last one is still the last one.
  if (k.upTo !== undefined && k.prev !== undefined && to > k.upTo) {
    const next = nextKnown(k, rule, k.upTo, tz);
    if (next === null || next > to) k.upTo = to;
  }
  const reuse = k.upTo !== undefined && k.prev !== undefined && to <= k.upTo && (k.prev === null || k.prev <= to);
  if (!reuse) {
    k.upTo = to;
    k.prev = slotAtOrBefore(rule, to, tz) ?? null;
  }
  return k.prev !== null && k.prev! > from ? k.prev! : undefined;
}

/** The first slot strictly after `from`. */
function slotAfter(rule: Recurrence, from: number, tz: string): number | undefined {
  const cron = cronOf(rule.pattern, tz);
  // nextRun is strictly after the instant it is given, to the second.
  let next = cron.nextRun(new Date(from));
  while (next) {
    const at = next.getTime();
    const day = dayOf(at, tz);
    if (!rule.days || dayMatches(rule.days, day)) return at;
    const allowed = nearestDay(rule.days, day, 1);
    if (!allowed) return undefined;
    next = cron.nextRun(new Date(midnight(allowed, tz) - 1_000));
  }
  return undefined;
}

/** The last slot at or before `to`. */
function slotAtOrBefore(rule: Recurrence, to: number, tz: string): number | undefined {
  const cron = cronOf(rule.pattern, tz);
  // previousRuns is strictly before its reference: one millisecond past `to` includes `to`.
  let prev = cron.previousRuns(1, new Date(to + 1))[0];
  while (prev) {
    const at = prev.getTime();
    const day = dayOf(at, tz);
    if (!rule.days || dayMatches(rule.days, day)) return at;
    const allowed = nearestDay(rule.days, day, -1);
    if (!allowed) return undefined;
    prev = cron.previousRuns(1, new Date(midnight(allowed, tz) + 24 * 3600_000))[0];
  }
  return undefined;
}

function dayOf(at: number, tz: string): Ymd {
  const p = zonedParts(at, tz);
  return { y: p.year, mo: p.month, d: p.day };
}

/** The start of a day in the zone. */
function midnight(day: Ymd, tz: string): number {
  return zonedInstant(tz, day.y, day.mo, day.d);
}
