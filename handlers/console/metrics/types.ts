import type { LogEntry } from '../../../store/log.ts';
import type { KocState } from '../../koc/index.ts';
import type { StageRules } from '../../profiles/index.ts';

// The shop's numbers (the owner's console, `npm run report`, `/数据`): what they are computed
// from and what they are. Money is whole fen; a rate is a share in [0, 1] (null when there is
// nothing to divide by); a month is `YYYY-MM` and a week starts on Monday (`YYYY-MM-DD`), both in
// the shop's time zone.

/** A recall run as the metrics need it: who was DM'd, who was held back, and when. */
export interface RecallRunInput {
  id: string;
  /** When the DMs went (or the run was decided): the start of its measurement window. */
  at: number;
  /** How long a comeback or an order counts for the run after `at`. */
  windowDays: number;
  contacted: readonly string[];
  control: readonly string[];
}

export interface MetricsInput {
  /** The behaviour log, oldest first (events.jsonl as written). */
  entries: readonly LogEntry[];
  recallRuns: readonly RecallRunInput[];
  tz: string;
  /** Not members: their orders and joins count for nothing. */
  ownerIds: readonly string[];
  /** The lifecycle-stage thresholds (profiles' `stageRulesFrom(config)`); absent: the defaults. */
  stageRules?: StageRules;
  /** Live streams' titles by number, as the streams slice keeps them (the log names a stream only by number). */
  streamTitles?: Readonly<Record<number, string>>;
  /** The owner's quick answers (/自动回复) as the autoreply slice keeps them now: each rule's keywords by number (the log names a rule only by number). */
  autoreplyRules?: ReadonlyArray<{ no: number; keywords: readonly string[] }>;
  /** The 体验官 programme's slice (who the 体验官 are, the newcomers and orders credited to them); absent: no 体验官 figures. */
  koc?: KocState;
}

/** [from, to): epoch ms. */
export interface MetricsRange {
  from: number;
  to: number;
}

export interface Rate {
  rate: number | null;
}

export interface Metrics {
  range: { from: string; to: string };
  summary: {
    /** Members known by the end of the range (in a group or ordered). */
    members: number;
    newMembers: number;
    buyers: number;
    orders: number;
    salesFen: number;
    /** 客单价: sales ÷ orders. */
    avgOrderFen: number | null;
    /** Of the members at the end of the range, the share with no activity in its last 30 days. */
    silentShare: number | null;
  };
  /** 月复购率: of the members who ordered in the month before, those who ordered again in this one. */
  repurchase: Array<{ month: string; buyers: number; repeat: number; rate: number | null }>;
  /** New members invited by a member ÷ all new members, per month. */
  referral: Array<{ month: string; newMembers: number; invited: number; share: number | null }>;
  ltv: {
    /** Spend to date (the range's end) per member who has ordered, and per member. */
    perBuyerFen: number | null;
    perMemberFen: number | null;
    /** By the month a member joined: members, their spend to date, per member. */
    cohorts: Array<{ month: string; members: number; spendFen: number; perMemberFen: number | null }>;
  };
  /** Of the buyers of X, those who bought Y (X itself: repurchase) within `days`. Top pairs. */
  followOn: Array<{ product: string; then: string; days: number; buyers: number; again: number; rate: number | null }>;
  /** Per live stream: reservations → reminded → ordered from its 接龙. */
  streams: Array<{ stream: number; title: string; reservations: number; reminded: number; ordered: number; conversion: number | null }>;
  /** Members who joined in the range, by how they came: still active 7 and 30 days on. */
  retention: Array<{
    arrival: 'invited' | 'stream' | 'other';
    members: number;
    /** Of `members`, those whose second week (days 7–13) / second month (days 30–59) is over by the range's end: the rates' denominators. */
    measured7: number;
    measured30: number;
    d7: number;
    d30: number;
    rate7: number | null;
    rate30: number | null;
  }>;
  /** Members per lifecycle stage at the end of each week. */
  stages: Array<{ week: string; counts: Record<string, number> }>;
  weekly: Array<{ week: string; salesFen: number; orders: number; buyers: number }>;
  /** Recall uplift: contacted vs held back, comeback and order rates, difference with a 95% interval. */
  recall: {
    runs: number;
    contacted: { members: number; cameBack: number; ordered: number };
    control: { members: number; cameBack: number; ordered: number };
    comeback: { contacted: number | null; control: number | null; diff: number | null; low: number | null; high: number | null };
    order: { contacted: number | null; control: number | null; diff: number | null; low: number | null; high: number | null };
  };
  /** The community features per month: quick answers, polls, 体验官; and each 体验官 over the range. */
  community: {
    months: Array<{
      month: string;
      /** Quick answers given (/自动回复), and the members who got them. */
      autoreplyAnswers: number;
      autoreplyAskers: number;
      /** The rules answered most (at most 3); `keywords` null when the rule has since been deleted. */
      topRules: Array<{ rule: number; keywords: string[] | null; answers: number; askers: number }>;
      /** Members who voted; votes (once per member and poll); polls voted in; votes that replaced an earlier one. */
      pollVoters: number;
      pollVotes: number;
      polls: number;
      pollChanges: number;
      /** Newcomers credited to a 体验官; those of theirs who ordered; what they ordered, in fen. */
      kocReferrals: number;
      kocBuyers: number;
      kocSalesFen: number;
    }>;
    /** Every current 体验官, in the order they were named: over the range, and per month. */
    koc: Array<{
      koc: string;
      name: string;
      code: string;
      referrals: number;
      buyers: number;
      salesFen: number;
      months: Array<{ month: string; referrals: number; buyers: number; salesFen: number }>;
    }>;
  };
}
