import { z } from 'zod';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { defineSlice } from '../../store/slices.ts';

// Product questions' slice of state.json: the questions waiting for the owner's /答.

declare module '../../store/schema.ts' {
  interface Slices {
    /** Questions waiting for the owner (product Q&A). */
    qa: QaState;
  }
}

/** A resident's question the bot could not answer, waiting for the owner's /答. */
export interface QuestionRecord {
  /** Small number the owner types: /答 3 … */
  no: number;
  member: MemberRef;
  /** Where to answer: the group it was asked in (with an @mention), else by DM. */
  group?: GroupRef;
  text: string;
  productIds: string[];
  askedAt: number;
  status: 'open' | 'answered';
  /** When the owner was told of it (in a batched DM). */
  notifiedAt?: number;
  answer?: string;
  answeredAt?: number;
}

export interface QaState {
  /** By number, as a string key. */
  questions: Record<string, QuestionRecord>;
  /** When the last batched DM listing waiting questions went to the owner. */
  lastDigestAt?: number;
  /** When the next batched DM is scheduled, while one is. */
  digestDueAt?: number;
}

export const qaSlice = defineSlice<QaState>({
  key: 'qa', version: 1, initial: () => ({ questions: {} }),
  shape: z.looseObject({ questions: z.record(z.string(), z.looseObject({})).optional() }),
});
