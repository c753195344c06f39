import { z } from 'zod';
import type { MemberRef } from '../../bot/types.ts';
import { defineSlice } from '../../store/slices.ts';

// The welcome slice of state.json: the owner's texts and switches, and the newcomers waiting
// for their group's next welcome. Waiting joins live here (not only in the scheduler item) so
// a restart between a join and its welcome still welcomes them, once.

/** A newcomer waiting for the group's next welcome. */
export interface PendingJoin {
  member: MemberRef;
  at: number;
  /** The join event, for the log and to tell the same join delivered twice. */
  event: string;
}

/** The newcomers of one group welcomed by one message, and when that message is due. */
export interface WelcomeBatch {
  /** Unique per batch: the scheduler item and the group post are keyed by it. */
  seq: number;
  dueAt: number;
  joins: PendingJoin[];
}

export interface WelcomeState {
  /** The owner's group welcome; absent = the default text. */
  text?: string;
  /** The owner's welcome DM; absent = the default text. */
  dmText?: string;
  /** Welcomes off everywhere (/欢迎语 关). */
  off: boolean;
  /** The welcome DM off (/欢迎语 私信 关); the group welcome goes on. */
  dmOff: boolean;
  /** The owner's per-group choice (true on, false off); absent = by the group's size. */
  groups: Record<string, boolean>;
  /** By group id: the batch waiting to be welcomed. */
  pending: Record<string, WelcomeBatch>;
  /** By group id: when its last welcome went out (the gap counts from there). */
  lastAt: Record<string, number>;
}

export const emptyWelcome = (): WelcomeState => ({ off: false, dmOff: false, groups: {}, pending: {}, lastAt: {} });

export const WELCOME_JOB = 'welcome';
export const welcomeJobId = (groupId: string, seq: number) => `welcome:${groupId}:${seq}`;

declare module '../../store/schema.ts' {
  interface Slices {
    /** Newcomers' welcomes (/欢迎语). */
    welcome: WelcomeState;
  }
}

export const welcomeSlice = defineSlice<WelcomeState>({
  key: 'welcome', version: 1, initial: emptyWelcome,
  shape: z.looseObject({
    text: z.string().optional(), dmText: z.string().optional(),
    off: z.boolean().optional(), dmOff: z.boolean().optional(),
    groups: z.record(z.string(), z.boolean()).optional(),
    pending: z.record(z.string(), z.looseObject({ seq: z.number(), dueAt: z.number(), joins: z.array(z.looseObject({})) })).optional(),
    lastAt: z.record(z.string(), z.number()).optional(),
  }),
  complete: (s) => ({ ...emptyWelcome(), ...s }),
});
