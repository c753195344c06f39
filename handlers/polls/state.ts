import { z } from 'zod';
import type { GroupRef } from '../../bot/types.ts';
import { defineSlice } from '../../store/slices.ts';

// The polls slice: every poll with each member's current vote (a new vote replaces the old, so
// the map holds the truth and the behaviour log holds the history), the acknowledgements
// waiting to be gathered per group, and an owner's /投票 新建 sent by DM waiting for a group.

/** A member's current vote: the option's number (1-based), when, and their name then. */
export interface PollVote {
  option: number;
  at: number;
  name: string;
}

export interface Poll {
  no: number;
  group: GroupRef;
  question: string;
  /** The options as the owner typed them; option N is options[N - 1]. */
  options: string[];
  status: 'open' | 'closed';
  createdAt: number;
  createdBy: string;
  closesAt?: number;
  closedAt?: number;
  closedBy?: 'owner' | 'cutoff';
  /** By member id. */
  votes: Record<string, PollVote>;
  /** The 接龙 opened from the winner (/投票 开团). */
  jielong?: string;
}

/** Acknowledgements of votes not yet posted in a group (gathered, see acks.ts). */
export interface PollAcks {
  /** One per member: their latest vote since the last post, and whether it changed an earlier one. */
  pending: Array<{ member: string; name: string; option: number; changed: boolean }>;
  dueAt?: number;
  lastPostAt?: number;
}

export interface PollsState {
  /** By number, as a string key. */
  items: Record<string, Poll>;
  /** By group id. */
  acks: Record<string, PollAcks>;
  /** By owner id: a /投票 新建 sent by DM, waiting for the owner to say which group. */
  pending: Record<string, { args: string; at: number }>;
}

export const emptyPolls = (): PollsState => ({ items: {}, acks: {}, pending: {} });

export const POLL_CUTOFF_JOB = 'poll-cutoff';
export const pollCutoffId = (no: number) => `${POLL_CUTOFF_JOB}:${no}`;

declare module '../../store/schema.ts' {
  interface Slices {
    /** Polls (/投票). */
    polls: PollsState;
  }
}

export const pollsSlice = defineSlice<PollsState>({
  key: 'polls', version: 1, initial: emptyPolls,
  shape: z.looseObject({
    items: z.record(z.string(), z.looseObject({})).optional(),
    acks: z.record(z.string(), z.looseObject({})).optional(),
    pending: z.record(z.string(), z.looseObject({})).optional(),
  }),
  complete: (s) => ({ ...emptyPolls(), ...s }),
});
