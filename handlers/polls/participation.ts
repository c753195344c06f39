import { readEntry } from '../../store/log-kinds.ts';
// Declares the vote entry's reader, for callers that load this module alone.
import './entries.ts';
import type { LogEntry } from '../../store/log.ts';
import { dayKey, zonedParts, DAY_MS } from '../../scheduler/clock.ts';
import type { VoteEntry } from './entries.ts';

// Who takes part in polls, per day, week (Monday first) or month in the shop's zone, counted
// from the behaviour log's `vote` entries: a member who changes their vote voted once.

export type PollPeriod = 'day' | 'week' | 'month';

export interface PollParticipation {
  /** `2026-11-23` (a day, or a week's Monday) or `2026-11` (a month). */
  period: string;
  /** Members who voted at least once (ids, sorted). */
  voters: string[];
  /** Votes counted once per member and poll. */
  votes: number;
  /** Polls voted in. */
  polls: number;
  /** Votes that replaced an earlier one. */
  changes: number;
}

export interface ParticipationOptions {
  tz: string;
  period: PollPeriod;
  /** Only entries at or after / before these instants. */
  from?: number;
  to?: number;
  /** Only this group's polls. */
  groupId?: string;
}

/** Poll participation per period, oldest period first; unreadable entries are skipped. */
export function pollParticipation(entries: Iterable<LogEntry>, opts: ParticipationOptions): PollParticipation[] {
  const periods = new Map<string, { voters: Set<string>; votes: Set<string>; polls: Set<number>; changes: number }>();
  for (const raw of entries) {
    const read = readEntry('vote', raw);
    if (!read || 'problem' in read) continue;
    const v: VoteEntry = read.value;
    if ((opts.from !== undefined && v.at < opts.from) || (opts.to !== undefined && v.at >= opts.to)) continue;
    if (opts.groupId !== undefined && v.group.id !== opts.groupId) continue;
    const key = periodKey(v.at, opts.tz, opts.period);
    let p = periods.get(key);
    if (!p) periods.set(key, (p = { voters: new Set(), votes: new Set(), polls: new Set(), changes: 0 }));
    p.voters.add(v.member.id);
    p.votes.add(`${v.poll}|${v.member.id}`);
    p.polls.add(v.poll);
    if (v.replaced !== undefined) p.changes++;
  }
  return [...periods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([period, p]) => ({
    period, voters: [...p.voters].sort(), votes: p.votes.size, polls: p.polls.size, changes: p.changes,
  }));
}

export function periodKey(at: number, tz: string, period: PollPeriod): string {
  if (period === 'day') return dayKey(at, tz);
  if (period === 'month') return dayKey(at, tz).slice(0, 7);
  // The Monday of the week: step back from the day by its weekday (Sunday is the 7th day).
  // Calendar arithmetic on the local date (as UTC noon), so no zone offset can shift the day.
  const p = zonedParts(at, tz);
  const back = (p.weekday + 6) % 7;
  const noon = Date.UTC(p.year, p.month - 1, p.day, 12) - back * DAY_MS;
  const d = new Date(noon);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}
