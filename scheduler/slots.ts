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

/** The first slot in (from, to], or undefined. */
export function firstSlot(rule: Recurrence, from: number, to: number, tz: string): number | undefined {
  const cron = cronOf(rule.pattern, tz);
  // nextRun is strictly after the instant it is given, to the second.
  let next = cron.nextRun(new Date(from));
  while (next && next.getTime() <= to) {
    const at = next.getTime();
    const day = dayOf(at, tz);
    if (!rule.days || dayMatches(rule.days, day)) return at;
    const allowed = nearestDay(rule.days, day, 1);
    if (!allowed) return undefined;
    next = cron.nextRun(new Date(midnight(allowed, tz) - 1_000));
  }
  return undefined;
}

/** The last slot in (from, to], or undefined. */
export function lastSlot(rule: Recurrence, from: number, to: number, tz: string): number | undefined {
  const cron = cronOf(rule.pattern, tz);
  // previousRuns is strictly before its reference: one millisecond past `to` includes `to`.
  let prev = cron.previousRuns(1, new Date(to + 1))[0];
  while (prev && prev.getTime() > from) {
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
