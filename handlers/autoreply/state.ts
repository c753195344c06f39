import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';

/** One of the owner's quick answers: the words residents ask it by, and what the bot says. */
export interface AutoReplyRule {
  no: number;
  /** As the owner typed them, in order. */
  keywords: string[];
  answer: string;
  createdAt: number;
  createdBy: string;
  updatedAt?: number;
  /** Answers given in the groups and by DM (the owner's own tries not counted), for /自动回复 列表. */
  used: number;
  lastUsedAt?: number;
}

export interface AutoReplyState {
  /** By number, as a string key; numbers are never reused (store.nextId). */
  rules: Record<string, AutoReplyRule>;
}

export const emptyAutoReply = (): AutoReplyState => ({ rules: {} });

/** The counter rule numbers are drawn from. */
export const RULE_SEQ = 'autoreply';

declare module '../../store/schema.ts' {
  interface Slices {
    /** The owner's quick answers to shop-wide questions (/自动回复). */
    autoreply: AutoReplyState;
  }
}

export const autoreplySlice = defineSlice<AutoReplyState>({
  key: 'autoreply', version: 1, initial: emptyAutoReply,
  shape: z.looseObject({ rules: z.record(z.string(), z.looseObject({ no: z.number(), keywords: z.array(z.string()), answer: z.string() })) }),
});

/** The rules, by number. */
export function rulesOf(state: AutoReplyState): AutoReplyRule[] {
  return Object.values(state.rules).sort((a, b) => a.no - b.no);
}
