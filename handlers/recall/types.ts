import type { Stage } from '../profiles/types.ts';

// The `recall` collection: each run's contacted and control (held-back) members, and what
// each did in the measurement window after it, so /召回 报告 compares the two honestly.

export interface RecallTarget {
  id: string;
  name: string;
  stage: Stage;
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
}

export interface RecallState {
  runs: Record<string, RecallRun>;
  /** The run waiting for the owner's /召回 确认 (approve mode). */
  pending?: string;
}

export function emptyRecall(): RecallState {
  return { runs: {} };
}
