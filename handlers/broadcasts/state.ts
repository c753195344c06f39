import type { GroupRef } from '../../bot/types.ts';
import type { Schedule } from '../../scheduler/recurring.ts';
import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';

/** A post the owner scheduled: once, or on a cron pattern, to some groups or all of them. */
export interface Broadcast {
  no: number;
  schedule: Schedule;
  /** null = every group the bot is in when it sends. */
  groups: GroupRef[] | null;
  /** As typed, placeholders such as {接龙汇总} included; filled at send time. */
  text: string;
  paused: boolean;
  createdAt: number;
  createdBy: string;
  /** Slots that went out, for /定时 列表. */
  sent: number;
  lastSentAt?: number;
}

export interface BroadcastsState {
  /** By number, as a string key. */
  items: Record<string, Broadcast>;
}

export const emptyBroadcasts = (): BroadcastsState => ({ items: {} });

/** The scheduler id of a broadcast: the cron job or the one-off item. */
export const broadcastJobId = (no: number) => `broadcast-${no}`;
export const BROADCAST_JOB = 'broadcast';

declare module '../../store/schema.ts' {
  interface Slices {
    /** Scheduled posts (/定时). */
    broadcasts: BroadcastsState;
  }
}

export const broadcastsSlice = defineSlice<BroadcastsState>({
  key: 'broadcasts', version: 1, initial: emptyBroadcasts,
  shape: z.looseObject({ items: z.record(z.string(), z.looseObject({})).optional() }),
});
