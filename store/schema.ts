import type { Destination, GroupRef, MemberRef, OutboundFile } from '../bot/types.ts';
import type { OrderBook } from '../handlers/jielong/diff.ts';
import type { JielongEntry } from '../handlers/jielong/parse.ts';
import type { PendingOpen } from '../handlers/jielong/open-preview.ts';
import { emptyWecomState, type WecomState } from '../bot/channels/wecom/state.ts';
import { emptyPoints, type PointsState } from '../handlers/points/state.ts';
import { emptyBroadcasts, type BroadcastsState } from '../handlers/broadcasts/state.ts';
import { emptyStreams, type StreamsState } from '../handlers/streams/state.ts';
import { emptyProfiles, type ProfilesState } from '../handlers/profiles/types.ts';
import { emptyRecall, type RecallState } from '../handlers/recall/types.ts';
import { DAY_MS } from '../scheduler/clock.ts';
import { profileNamesToRegistry } from './migrate-profile-names.ts';

// The shape of state.json, the small mutable state. The behaviour log is not here: it is
// an append-only file of its own (store/log.ts).

export const SCHEMA_VERSION = 2;

/** How long sent messages and finished due items are kept (for idempotency and /状态). */
export const FINISHED_RETENTION_MS = 30 * DAY_MS;

export interface MemberRecord {
  id: string;
  name: string;
  /** Group nickname per group id, when the member set one. */
  aliases: Record<string, string>;
  /** Groups the member is in now. */
  groups: string[];
  /** Every group the member has ever been seen in (re-joining is not new). */
  groupsEver: string[];
  /**
   * The event that first put the member in one of the shop's groups. Absent for members
   * placed by setup or import, and for those already in a group before this was recorded.
   * (Tells a newcomer from someone re-joining after trackMembership has run.)
   */
  firstGroupEvent?: string;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Building-room (3-501) from the member's own 接龙 lines: where their orders go. */
  room?: string;
  /**
   * The member's number, given once on first sight (store/members.ts) and written beside the
   * id wherever the behaviour log names the member, so the profile builder finds the member
   * by array slot instead of hashing the id again. Members stored before numbers existed get
   * theirs when next seen.
   */
  no?: number;
}

export interface GroupRecord {
  id: string;
  name: string;
  firstSeenAt: number;
}

/** A question the owner answered once, so the bot can answer it again word for word. */
export interface FaqPair {
  q: string;
  a: string;
}

/**
 * One product. The catalog is replaced, never changed in place (edits build a new array
 * of new objects), so readers such as the question index can cache by identity.
 */
export interface Product {
  id: string;
  name: string;
  aliases: string[];
  category?: string;
  price?: number;
  unit?: string;
  spec?: string;
  origin?: string;
  /** null = unlimited; absent = not known. */
  stock?: number | null;
  onSale: boolean;
  description?: string;
  /** Certifications as the owner names them (中国有机产品认证, 绿色食品 …). */
  certifications?: string[];
  /** How to keep it (冷藏, 开封后一个月内吃完 …). */
  storage?: string;
  /** How to eat or use it. */
  usage?: string;
  faq?: FaqPair[];
}

/** Which catalog file was loaded last, so a restart keeps the owner's chat edits. */
export interface CatalogSource {
  file: string;
  /** sha256 of the file's bytes when it was loaded. */
  hash: string;
  loadedAt: number;
}

/**
 * Why a message is sent, which decides the DM rules: a `reply` answers what the member
 * just said and goes at once; a `requested` DM (a reminder they asked for) waits out quiet
 * hours; an `unsolicited` DM (recall, follow-up) also counts against the daily cap.
 */
export type SendPurpose = 'reply' | 'requested' | 'unsolicited';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxItem {
  /** Idempotency key: a key already in the outbox is never queued or sent again. */
  key: string;
  to: Destination;
  text: string;
  mentions: MemberRef[];
  purpose: SendPurpose;
  createdAt: number;
  /** Earliest send time: a scheduled time or a retry's backoff. */
  notBefore: number;
  state: OutboxState;
  attempts: number;
  sentAt?: number;
  lastError?: string;
  file?: OutboundFile;
  /** The same post going to many groups: paced across groups too (bot/pacing.ts). */
  spread?: boolean;
}

export type DueState = 'pending' | 'done' | 'skipped' | 'failed';

export interface DueItem {
  id: string;
  dueAt: number;
  kind: string;
  payload: unknown;
  state: DueState;
  createdAt: number;
  finishedAt?: number;
  error?: string;
}

export interface CronJob {
  id: string;
  /** A 5-field cron pattern, read in the configured time zone. */
  pattern: string;
  kind: string;
  payload: unknown;
  paused: boolean;
  createdAt: number;
  /** The last minute slot that was run or deliberately skipped. */
  lastSlotAt: number;
}

/** A product on offer in a 接龙, with the limits the owner set. */
export interface JielongOffer {
  name: string;
  productId?: string;
  /** Price for this 接龙 (the catalog's, or a stream price). */
  price?: number;
  unit?: string;
  /** Total available in this 接龙; null = unlimited. */
  stock: number | null;
  /** Most one member may order; null = no limit. */
  perPerson: number | null;
}

/** One 接龙 in one group: its order book and what is waiting to be confirmed. */
export interface JielongRecord {
  id: string;
  group: GroupRef;
  header: string;
  title: string;
  status: 'open' | 'closed';
  openedAt: number;
  /** Who posted the first version (a resident, or the owner). */
  openedBy: string;
  closedAt?: number;
  /** Records opened together in several groups share this id: one stock, one pick list. */
  batch?: string;
  /** When it closes on its own (set by the owner's /接龙 开 … 截止 …). */
  cutoffAt?: number;
  /** The live stream (its number) whose end opened this 接龙: its orders count for that stream. */
  stream?: number;
  /** The 例 line residents copy the format from: typed alone, it is a copy, not an order. */
  example?: string;
  /** What an owner-opened 接龙 offers, with its limits; empty for one a resident started. */
  offer?: JielongOffer[];
  book: OrderBook<JielongEntry>;
  /** Confirmation lines not yet posted (one consolidated message per minute at most). */
  pendingConfirm: Array<{ change: 'signup' | 'edit' | 'cancel'; text: string }>;
  /** When the scheduled confirmation will post (set while one is waiting). */
  confirmDueAt?: number;
  lastConfirmAt?: number;
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

export interface State {
  schemaVersion: number;
  members: Record<string, MemberRecord>;
  groups: Record<string, GroupRecord>;
  catalog: Product[];
  /** In memory: the waiting messages and 30 days of finished ones. On disk state.json holds the
   * waiting ones; finished ones are in outbox.jsonl (bot/outbox.ts, bot/outbox-history.ts). */
  outbox: OutboxItem[];
  due: DueItem[];
  cron: Record<string, CronJob>;
  jielong: Record<string, JielongRecord>;
  /**
   * A /接龙 开 sent by DM (every group), waiting for that owner's 确认, by owner id. Kept
   * here, not in memory, so a restart between the preview and the 确认 loses nothing.
   */
  jielongPending: Record<string, PendingOpen>;
  /** Points: the ledger, balances, streaks, rewards and redemptions (handlers/points/state.ts). */
  points: PointsState;
  /** Unsolicited DMs sent per local day (`YYYY-MM-DD` → count). */
  dmSentPerDay: Record<string, number>;
  /** Counters that make ids unique across restarts. */
  seq: Record<string, number>;
  /** The WeCom channel's routing memory (bot/channels/wecom/state.ts). */
  wecom: WecomState;
  /** Questions waiting for the owner (product Q&A). */
  qa: QaState;
  catalogSource?: CatalogSource;
  /** Scheduled posts (/定时). */
  broadcasts: BroadcastsState;
  /** Live streams (/直播) and their reservations. */
  streams: StreamsState;
  /** Member profiles derived from the behaviour log (handlers/profiles). */
  profiles: ProfilesState;
  /** Recall runs and their measurement (handlers/recall). */
  recall: RecallState;
  /**
   * How many entries each checked journal (points.jsonl) held when state.json was last written
   * (store/db.ts). The journal is written first, so one found shorter at start-up lost lines.
   * Absent in files written before it was recorded.
   */
  journals?: Record<string, number>;
}

export function emptyState(): State {
  return {
    schemaVersion: SCHEMA_VERSION, members: {}, groups: {}, catalog: [], outbox: [], due: [], cron: {}, jielong: {}, jielongPending: {}, points: emptyPoints(),
    dmSentPerDay: {}, seq: {}, wecom: emptyWecomState(), qa: { questions: {} },
    broadcasts: emptyBroadcasts(), streams: emptyStreams(), profiles: emptyProfiles(), recall: emptyRecall(),
  };
}

/**
 * Migrations from version N (the key) to N + 1. A feature that changes the shape adds one
 * here and bumps SCHEMA_VERSION; missing collections are filled from emptyState() anyway.
 */
export const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  1: profileNamesToRegistry,
};
