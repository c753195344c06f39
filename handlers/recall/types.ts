import type { Stage } from '../profiles/index.ts';
import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';

// The `recall` collection: each run's contacted and control (held-back) members, and what
// each did in the measurement window after it, so /召回 报告 compares the two honestly.

export interface RecallTarget {
  id: string;
  name: string;
  stage: Stage;
  /** Why they were picked, for the owner (沉默18天，上次买过亚麻籽油). */
  why?: string;
  /** The reasons to come back the DM names (contacted members only). */
  about?: string[];
  /** The DM text (contacted members only). */
  text?: string;
  /** First activity (message, check-in, order, question) within the window. */
  backAt?: number;
  /** First order within the window. */
  orderedAt?: number;
}

export type RecallRunStatus = 'preview' | 'sent' | 'cancelled';

export interface RecallRun {
  /** The shop-time day of the run, `YYYY-MM-DD`: one run per day. */
  id: string;
  plannedAt: number;
  status: RecallRunStatus;
  /** When the DMs were queued (and the measurement window started). */
  sentAt?: number;
  contacted: Record<string, RecallTarget>;
  control: Record<string, RecallTarget>;
  /** Eligible, but the facts held no reason to come back: not DM'd, not held back, not measured. */
  skipped?: Record<string, RecallTarget>;
  /** Picked, but the day's DM places (DM_DAILY_CAP) went to those ranked higher: not DM'd, not measured, free for the next run. */
  overCap?: Record<string, RecallTarget>;
}

/** How many of a group were measured, came back and ordered (what /召回 报告 sums). */
export interface RecallTally {
  n: number;
  back: number;
  ordered: number;
}

/** The sent runs moved to recall-archive.jsonl, summed: their windows are over, so these never change. */
export interface RecallArchivedTotals {
  /** How many sent runs. */
  runs: number;
  contacted: RecallTally;
  control: RecallTally;
}

export interface RecallState {
  /** The current runs: sent ones still measuring (plus a margin), and previews of the last days. The rest are archived (./archive.ts). */
  runs: Record<string, RecallRun>;
  /** The run waiting for the owner's /召回 确认 (approve mode). */
  pending?: string;
  /** The archived runs' totals, so /召回 报告 reads the same as with every run here. */
  archived?: RecallArchivedTotals;
  /**
   * The texts archived runs sent each member (their textKey), the last SENT_KEPT: a member is
   * never sent a text they were sent before (./run.ts sentTexts).
   */
  sentBefore?: Record<string, string[]>;
}

export function emptyRecall(): RecallState {
  return { runs: {} };
}

declare module '../../store/schema.ts' {
  interface Slices {
    /** Recall runs and their measurement (handlers/recall). */
    recall: RecallState;
  }
}

export const recallSlice = defineSlice<RecallState>({
  key: 'recall', version: 1, initial: emptyRecall,
  shape: z.looseObject({ runs: z.record(z.string(), z.looseObject({})).optional() }),
});
