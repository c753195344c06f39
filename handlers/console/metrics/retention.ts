import { DAY_MS } from '../../../scheduler/clock.ts';
import { anyIn, lowerBound, share, type Facts, type MemberFacts } from './facts.ts';
import type { Metrics } from './types.ts';

export type Arrival = 'invited' | 'stream' | 'other';
export const ARRIVALS: readonly Arrival[] = ['invited', 'stream', 'other'];

/** Within how many days of joining a first reservation makes a stream arrival. */
export const STREAM_ARRIVAL_DAYS = 7;

/**
 * How a member arrived: invited (their first join names a member as inviter); else stream (the
 * first thing they did from their first join on, within STREAM_ARRIVAL_DAYS days, was a stream
 * reservation); else other.
 */
export function arrivalOf(m: MemberFacts): Arrival {
  if (m.invited) return 'invited';
  const joined = m.joinedAt;
  if (joined === undefined) return 'other';
  const first = m.activity[lowerBound(m.activity, joined)];
  if (first === undefined || first >= joined + STREAM_ARRIVAL_DAYS * DAY_MS) return 'other';
  const r = m.reserves[lowerBound(m.reserves, first)];
  return r === first ? 'stream' : 'other';
}

/**
 * Of the members whose first join is in the range, by arrival: 7-day retention = any activity in
 * their second week [join + 7 d, join + 14 d), 30-day = in their second month [join + 30 d,
 * join + 60 d); each rate over the members whose window is over by the range's end.
 */
export function retention(facts: Facts, from: number, to: number): Metrics['retention'] {
  const rows = ARRIVALS.map((arrival) => ({ arrival, members: 0, measured7: 0, measured30: 0, d7: 0, d30: 0, rate7: null as number | null, rate30: null as number | null }));
  for (const m of facts.members.values()) {
    const j = m.joinedAt;
    if (j === undefined || j < from || j >= to) continue;
    const row = rows[ARRIVALS.indexOf(arrivalOf(m))]!;
    row.members++;
    if (j + 14 * DAY_MS <= to) {
      row.measured7++;
      if (anyIn(m.activity, j + 7 * DAY_MS, j + 14 * DAY_MS)) row.d7++;
    }
    if (j + 60 * DAY_MS <= to) {
      row.measured30++;
      if (anyIn(m.activity, j + 30 * DAY_MS, j + 60 * DAY_MS)) row.d30++;
    }
  }
  for (const r of rows) {
    r.rate7 = share(r.d7, r.measured7);
    r.rate30 = share(r.d30, r.measured30);
  }
  return rows;
}
