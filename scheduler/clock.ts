import type { Clock } from '../bot/types.ts';

// Clocks and calendar arithmetic in the shop's time zone. Handlers never read the wall
// clock: production injects systemClock, replay and tests a ManualClock, the sandbox an
// OffsetClock that the page can fast-forward.

/** Fixed lengths of time. A DAY_MS is 24 hours, not a calendar day: calendar days in the shop's
 * zone (DST, midnight) go through dayKey / zonedParts below. */
export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told: replay and tests. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    if (t < this.t) throw new Error(`clock cannot go back: ${new Date(t).toISOString()} < ${new Date(this.t).toISOString()}`);
    this.t = t;
  }
  advance(ms: number): void {
    this.set(this.t + ms);
  }
}

/** Wall-clock time plus an offset that only grows: the sandbox's 快进. */
export class OffsetClock implements Clock {
  private offset = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number {
    return this.base.now() + this.offset;
  }
  set(t: number): void {
    this.offset = Math.max(this.offset, t - this.base.now());
  }
  advance(ms: number): void {
    this.offset += Math.max(0, ms);
  }
}

/** A clock whose time can be moved forward by the engine while it steps through due work. */
export interface SettableClock extends Clock {
  set(t: number): void;
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Time zones change their offset only at quarter-hour instants (every zone in the tz database
 * since 1970), so one Intl lookup per zone and quarter hour serves every instant in it: the
 * formatter costs microseconds, and the scheduler and pacing ask many times a minute.
 */
const BLOCK_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at that instant, in minutes (Asia/Shanghai: 480). */
export function offsetMinutes(at: number, tz: string): number {
  const block = Math.floor(at / BLOCK_MS);
  let known = offsets.get(tz);
  if (!known) offsets.set(tz, (known = new Map()));
  let off = known.get(block);
  if (off === undefined) {
    off = lookUpOffset(block * BLOCK_MS, tz);
    if (known.size >= 100_000) known.clear();
    known.set(block, off);
  }
  return off;
}

function lookUpOffset(at: number, tz: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(at))) parts[p.type] = p.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

export function zonedParts(at: number, tz: string): ZonedParts {
  const local = new Date(at + offsetMinutes(at, tz) * 60_000);
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
  };
}

/** The calendar day in the zone, `YYYY-MM-DD`: what a "day" means for caps and check-ins. */
export function dayKey(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function minuteOfDay(at: number, tz: string): number {
  const p = zonedParts(at, tz);
  return p.hour * 60 + p.minute;
}

/** The instant of a wall-clock time in the zone (handles the zone's offset on that day). */
export function zonedInstant(tz: string, y: number, mo: number, d: number, h = 0, mi = 0): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - offsetMinutes(guess, tz) * 60_000;
  return guess - offsetMinutes(first, tz) * 60_000;
}

/** The next instant (≥ at) whose local time of day is `minute` minutes past midnight. */
export function nextMinuteOfDay(at: number, minute: number, tz: string): number {
  const p = zonedParts(at, tz);
  const today = zonedInstant(tz, p.year, p.month, p.day, Math.floor(minute / 60), minute % 60);
  if (today >= at) return today;
  const tomorrow = zonedParts(today + 26 * HOUR_MS, tz);
  return zonedInstant(tz, tomorrow.year, tomorrow.month, tomorrow.day, Math.floor(minute / 60), minute % 60);
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-21T09:00:00+08:00. */
export function formatIso(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  const off = offsetMinutes(at, tz);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
