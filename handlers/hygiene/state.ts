import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';

// What the owner set (/防广告) and what was flagged: each member is flagged once per kind per
// day, and the record of it is what keeps a restart from flagging them again.

export type FlagKind = 'ad' | 'flood' | 'invite';

export interface Flag {
  /** The number the owner can type: /移出 3. */
  no: number;
  kind: FlagKind;
  at: number;
  member: { id: string; name: string };
  group: { id: string; name: string };
}

export interface Trusted {
  name: string;
  at: number;
  by: string;
}

export interface HygieneState {
  off: boolean;
  /** The owner's own ad words, folded (fold.ts foldWord). */
  words: string[];
  /** Built-in ad words the owner took out. */
  muted: string[];
  /** Members the owner vouched for (/防广告 放行): never flagged for ads. */
  trusted: Record<string, Trusted>;
  /** By `${day}|${memberId}|${kind}`. Kept FLAGS_KEPT_DAYS. */
  flags: Record<string, Flag>;
  lastNo: number;
}

export const emptyHygiene = (): HygieneState => ({ off: false, words: [], muted: [], trusted: {}, flags: {}, lastNo: 0 });

declare module '../../store/schema.ts' {
  interface Slices {
    /** Group hygiene (/防广告, /移出): settings and who was flagged. */
    hygiene: HygieneState;
  }
}

export const hygieneSlice = defineSlice<HygieneState>({
  key: 'hygiene', version: 1, initial: emptyHygiene,
  shape: z.looseObject({
    off: z.boolean(), words: z.array(z.string()), muted: z.array(z.string()),
    trusted: z.record(z.string(), z.looseObject({})), flags: z.record(z.string(), z.looseObject({})), lastNo: z.number(),
  }),
});
