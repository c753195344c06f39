import type { GroupRef, MemberRef } from '../../bot/types.ts';

// The shape of the points data. The ledger is the truth and lives in its own append-only
// journal (points.jsonl: it only grows, so state.json never rewrites it); balances, streaks,
// rewards and redemptions are the `points` collection in state.json, kept beside it so a
// check-in costs a lookup, not a scan.

export type MovementKind = 'checkin' | 'streak' | 'share' | 'invite' | 'referral' | 'purchase' | 'adjust' | 'redeem' | 'koc' | 'showcase';

/** One point movement. Append-only: entries are never changed or removed. */
export interface LedgerEntry {
  /** Idempotency key (`checkin:<member>:<day>`, `invite:<inviter>:<invitee>` …): posted at most once. */
  key: string;
  member: string;
  /** Non-zero whole points; negative for spending and deductions. */
  amount: number;
  kind: MovementKind;
  /** Why, in the words the member reads (`签到`, `邀请小李入群` …). */
  reason: string;
  /** The behaviour-log event that caused it. */
  source: string;
  at: number;
  /** Who made a manual adjustment (the owner's id). */
  by?: string;
  /** What was redeemed (the reward's id), so a redemption can be rebuilt from the ledger. */
  ref?: string;
}

export interface StreakRecord {
  /** The last calendar day (`YYYY-MM-DD`, shop time zone) the member checked in. */
  lastDay: string;
  streak: number;
  /** The day a repeated check-in was last answered: the bot says "already done" once a day. */
  repeatToldDay?: string;
}

/** A newcomer brought in by a member: the inviter earns again on the first 接龙 order. */
export interface Referral {
  inviter: string;
  at: number;
  source: string;
}

export interface Reward {
  id: string;
  name: string;
  cost: number;
  stock: number;
  active: boolean;
  createdAt: number;
  redeemed: number;
}

export interface Redemption {
  id: string;
  rewardId: string;
  reward: string;
  member: MemberRef;
  cost: number;
  at: number;
  /** The ledger key of the deduction. */
  key: string;
  group?: GroupRef;
}

/** Check-in answers waiting to be posted in one group (one message a minute at most). */
export interface CheckinReplies {
  pending: Array<{ member: string; line: string }>;
  dueAt?: number;
  lastPostAt?: number;
}

export interface PointsState {
  /** Always the ledger sum per member (checked at start-up). */
  balances: Record<string, number>;
  /** Deductions refused for want of points, by key (so a replay is refused too). */
  declined: Record<string, number>;
  streaks: Record<string, StreakRecord>;
  /** By invitee id. */
  referrals: Record<string, Referral>;
  rewards: Reward[];
  redemptions: Redemption[];
  /** By group id. */
  checkinReplies: Record<string, CheckinReplies>;
}

export function emptyPoints(): PointsState {
  return { balances: {}, declined: {}, streaks: {}, referrals: {}, rewards: [], redemptions: [], checkinReplies: {} };
}

/** A collection written by an older version may lack parts added since: fill them in. */
export function completePoints(points: Partial<PointsState> | undefined): PointsState {
  return { ...emptyPoints(), ...(points ?? {}) };
}

declare module '../../store/schema.ts' {
  interface Slices {
    /** Points: the ledger's balances, streaks, rewards and redemptions (the ledger is points.jsonl). */
    points: PointsState;
  }
}
