import { z } from 'zod';
import type { GroupRef } from '../../bot/types.ts';
import { defineSlice } from '../../store/slices.ts';

// The 体验官 programme's slice of state.json: who the 体验官 are and their codes, the newcomers
// who may still say who brought them, who was credited to whom, the orders credited, the
// months' 晒单 picks and the recent 晒单 to pick from.

/** How a newcomer was credited: the code they said, the 体验官's name they said, or the join's inviter. */
export type Via = 'code' | 'name' | 'inviter';

export interface Koc {
  id: string;
  name: string;
  code: string;
  since: number;
  /** Removed with /体验官 删除: the code no longer works, nothing more is credited. */
  removedAt?: number;
}

/** A member who first joined one of the groups: they may say who brought them for KOC_CLAIM_DAYS. */
export interface Newcomer {
  at: number;
  group: GroupRef;
  /** A resident (not the owner or the bot) who invited them: that join is already an invite of theirs. */
  inviter?: string;
}

export interface KocReferral {
  koc: string;
  at: number;
  via: Via;
  source: string;
}

/** One order line of a referred member, credited to their 体验官 at the 接龙's close. */
export interface KocOrder {
  koc: string;
  member: string;
  at: number;
  /** Yuan, after refunds; 0 for an order without a price. */
  amount: number;
  /** Cancelled or refunded in full: no longer counted. */
  gone?: boolean;
}

/** The owner's pick of a month's best 晒单 (by `YYYY-MM`). */
export interface Showcase {
  member: string;
  name: string;
  reason: string;
  at: number;
  /** Members picked before in the month, replaced by the owner. */
  replaced?: string[];
}

/** A 晒单 the points feature recognised (a photo with 晒单 words). */
export interface Shaidan {
  member: string;
  name: string;
  group: GroupRef;
  at: number;
  source: string;
}

export interface KocState {
  /** By member id. */
  kocs: Record<string, Koc>;
  /** By member id; dropped once past the claim window. */
  newcomers: Record<string, Newcomer>;
  /** By the referred member's id. */
  referrals: Record<string, KocReferral>;
  /** By `<jielong>:<lineId>`. */
  orders: Record<string, KocOrder>;
  /** By month `YYYY-MM`. */
  showcases: Record<string, Showcase>;
  /** The newest 晒单, oldest first (a few weeks, at most SHAIDAN_KEPT). */
  shaidan: Shaidan[];
}

export const emptyKoc = (): KocState => ({ kocs: {}, newcomers: {}, referrals: {}, orders: {}, showcases: {}, shaidan: [] });

declare module '../../store/schema.ts' {
  interface Slices {
    /** The 体验官 programme (/体验官, /晒单 精选). */
    koc: KocState;
  }
}

const recordOf = z.record(z.string(), z.looseObject({})).optional();

export const kocSlice = defineSlice<KocState>({
  key: 'koc', version: 1, initial: emptyKoc, complete: (s) => ({ ...emptyKoc(), ...s }),
  shape: z.looseObject({
    kocs: recordOf, newcomers: recordOf, referrals: recordOf, orders: recordOf, showcases: recordOf,
    shaidan: z.array(z.looseObject({})).optional(),
  }),
});
