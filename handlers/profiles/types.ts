// The shape of the `profiles` collection: one record per member, derived from the behaviour
// log as it is written (never by re-reading it), plus owner tags and the weekly snapshot
// /分层 compares against.

export const STAGES = ['新人', '活跃', '高潜', '忠实', 'KOC', '沉默', '流失风险'] as const;
export type Stage = (typeof STAGES)[number];

/** One 接龙 order as it stands now (sign-up, edits and the close all land on the same key). */
export interface ProfileOrder {
  at: number;
  amount: number;
  /** Product names, and catalog ids where known, of what was ordered. */
  products: string[];
  categories: string[];
}

/**
 * Orders folded out of a profile's `orders` once older than the horizon (past.ts): what the
 * readers need of them, no more. Readers start their all-time figures from here.
 */
export interface PastOrders {
  /** How many orders were folded. */
  count: number;
  /** Their amounts, summed in the order they were placed (the readers' own running sum). */
  spend: number;
  /** The latest of them (of equal times the first placed), and what it was for. */
  lastAt: number;
  lastProducts: string[];
  /** Product name → in how many of them; category → in how many of them (as boughtCounts counts). */
  products: Record<string, number>;
  categories: Record<string, number>;
}

/**
 * What the log says one member did. Their name and the groups they are in now are the member
 * registry's (store/members.ts memberName, inShopGroup): kept there from every event already,
 * so a profile does not keep a second copy to drift from it.
 */
export interface Profile {
  id: string;
  firstSeenAt: number;
  /** First time the member joined one of the shop's groups (the clock for 新人). */
  joinedAt?: number;
  inviter?: string;
  /** Anything the member did: a message, share, check-in, order or question. */
  lastActiveAt: number;
  lastMessageAt?: number;
  lastOrderAt?: number;
  firstOrderAt?: number;
  /**
   * By 接龙 id, in the order they were placed: the orders of the last FOLD_HORIZON_DAYS or so
   * (past.ts), and those of 接龙 still open; older ones are folded into `past`.
   */
  orders: Record<string, ProfileOrder>;
  /** What the orders folded out of `orders` add up to (past.ts); absent while none are. */
  past?: PastOrders;
  /** Product id (or name) → how many times asked about. */
  asked: Record<string, number>;
  askedCategories: Record<string, number>;
  questions: number;
  checkins: number;
  lastCheckinAt?: number;
  shares: number;
  /** Members this one brought into a group. */
  invitees: string[];
  /** How many of those invitees have since ordered. */
  inviteesWhoOrdered: number;
  /** Live-stream reservations (`预约`). */
  reservations: number;
  /** After-sales cases the member opened (handlers/fulfilment); absent while none. */
  cases?: number;
  /** Tags the owner set with /标签. */
  ownerTags: string[];
  /** Recall DMs sent (epoch ms), newest last. */
  recalls: number[];
  /** The last recall text, as files written before recall kept its texts itself hold it (read, no longer written). */
  lastRecallText?: string;
  /** Last time the member was picked by a recall run, contacted or held back as control. */
  lastRecallPickAt?: number;
  optedOut: boolean;
  optedOutAt?: number;
  /** Open measurement window: activity before `until` is credited to recall run `run`. */
  watch?: { run: string; until: number };
}

export interface StageSnapshot {
  at: number;
  counts: Partial<Record<Stage, number>>;
  stageOf: Record<string, Stage>;
}

export interface ProfilesState {
  members: Record<string, Profile>;
  /** The last weekly snapshot of stages (for /分层's movement). */
  snapshot?: StageSnapshot;
}

export function emptyProfiles(): ProfilesState {
  return { members: {} };
}

/**
 * A record keyed by data (接龙 ids, product ids, categories): made in dictionary mode from the
 * start. A plain `{}` gets a new hidden class for every key order it is filled in, and with
 * 100,000 members each filling theirs in their own order that is hundreds of thousands of
 * hidden classes for the engine to build and the collector to trace.
 */
export function keyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Every field is present from the start, the optional ones as undefined (which JSON leaves
 * out, so state.json is unchanged): profiles then share one hidden class whatever order their
 * fields are filled in, and the reducer's field reads and writes stay on the engine's fast path.
 */
export function newProfile(id: string, at: number): Profile {
  return {
    id, firstSeenAt: at, joinedAt: undefined, inviter: undefined, lastActiveAt: at, lastMessageAt: undefined,
    lastOrderAt: undefined, firstOrderAt: undefined, orders: keyed(), asked: keyed(), askedCategories: keyed(), questions: 0, checkins: 0,
    lastCheckinAt: undefined, shares: 0, invitees: [], inviteesWhoOrdered: 0, reservations: 0, ownerTags: [], recalls: [],
    lastRecallText: undefined, lastRecallPickAt: undefined, optedOut: false, optedOutAt: undefined, watch: undefined, past: undefined,
  };
}

/** The thresholds stages and RFM scores are computed with (stage.ts; set from the config, rules.ts). */
export interface StageRules {
  newDays: number;
  silentDays: number;
  lapsedDays: number;
  /** Orders within `windowDays` that make a regular (忠实) buyer. */
  loyalOrders: number;
  /** Invitees who ordered that make a KOC. */
  kocBuyers: number;
  /** Questions + check-ins + reservations that make an engaged (高潜) member… */
  engagedActions: number;
  /** …who has at most this many orders. */
  engagedMaxOrders: number;
  windowDays: number;
  /** Ascending day limits for recency scores 5,4,3,2 (older scores 1). */
  recencyDays: number[];
  /** Ascending order counts (within the window) for frequency scores 2,3,4,5. */
  frequencyOrders: number[];
  /** Ascending spend (yuan, within the window) for monetary scores 2,3,4,5. */
  monetaryYuan: number[];
}
