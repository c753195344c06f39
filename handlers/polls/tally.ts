import type { Poll } from './state.ts';

// Counting a poll: each member's current vote once (a changed vote counts for the new option only).

export interface Tally {
  /** Votes per option, index 0 for option 1. */
  counts: number[];
  voters: number;
  /** The options with the most votes (1-based), several on a tie; none before any vote. */
  leaders: number[];
}

export function tally(poll: Pick<Poll, 'options' | 'votes'>): Tally {
  const counts = poll.options.map(() => 0);
  let voters = 0;
  for (const v of Object.values(poll.votes)) {
    if (v.option < 1 || v.option > counts.length) continue;
    counts[v.option - 1]!++;
    voters++;
  }
  const top = Math.max(0, ...counts);
  const leaders = top === 0 ? [] : counts.flatMap((c, i) => (c === top ? [i + 1] : []));
  return { counts, voters, leaders };
}
