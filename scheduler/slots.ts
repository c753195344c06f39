import { Cron } from 'croner';
import { dayMatches, type DayRule } from './calendar.ts';
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
    if (!rule.days || dayMatches(rule.days, dayOf(at, tz))) return at;
    next = cron.nextRun(new Date(dayStart(at, tz, 1) - 1_000));
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
    if (!rule.days || dayMatches(rule.days, dayOf(at, tz))) return at;
    prev = cron.previousRuns(1, new Date(dayStart(at, tz, 0)))[0];
  }
  return undefined;
}

function dayOf(at: number, tz: string): { y: number; mo: number; d: number } {
  const p = zonedParts(at, tz);
  return { y: p.year, mo: p.month, d: p.day };
}

/** Midnight in the zone of the day `at` falls on, plus `days` days. */
function dayStart(at: number, tz: string, days: number): number {
  const p = zonedParts(at, tz);
  return zonedInstant(tz, p.year, p.month, p.day + days);
}
