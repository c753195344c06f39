import type { Destination, GroupRef, MemberRef, OutboundFile } from '../bot/types.ts';
import { DAY_MS } from '../scheduler/clock.ts';
import { declaredSlices } from './slices.ts';

// The shape of state.json, the small mutable state: the shop's shared collections (members,
// groups, catalog), the outbox's and scheduler's records, and one slice per feature that keeps
// state. A feature declares its slice (store/slices.ts) and its type, here, by augmentation:
//   declare module '../../store/schema.ts' { interface Slices { points: PointsState } }
// so this file imports no feature. The behaviour log is not here: it is an append-only file of
// its own (store/log.ts).

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
  /** The days it runs on beside its pattern (scheduler/calendar.ts DayRule: 工作日, a festival). */
  days?: string;
}

/** The features' slices of state.json, by key: each feature adds its own (see above). */
export interface Slices {}

/** What the store itself keeps: shared by every feature. */
export interface CoreState {
  schemaVersion: number;
  members: Record<string, MemberRecord>;
  groups: Record<string, GroupRecord>;
  catalog: Product[];
  /** In memory: the waiting messages and 30 days of finished ones. On disk they are in
   * outbox.jsonl; state.json holds only a message whose lines could not be written (bot/outbox.ts). */
  outbox: OutboxItem[];
  /** In memory: pending items and 30 days of finished ones; state.json holds the pending ones,
   * due.jsonl the finished (scheduler/scheduler.ts). */
  due: DueItem[];
  cron: Record<string, CronJob>;
  /** Unsolicited DMs sent per local day (`YYYY-MM-DD` → count). */
  dmSentPerDay: Record<string, number>;
  /** Counters that make ids unique across restarts. */
  seq: Record<string, number>;
  catalogSource?: CatalogSource;
  /**
   * How many entries each checked journal (points.jsonl) held when state.json was last written
   * (store/db.ts). The journal is written first, so one found shorter at start-up lost lines.
   * Absent in files written before it was recorded.
   */
  journals?: Record<string, number>;
  /** Each slice's version as last written (store/slices.ts). Absent in files from before. */
  versions?: Record<string, number>;
}

export type State = CoreState & Slices;

/** A new shop: the shared collections empty, and every declared slice at its initial value. */
export function emptyState(): State {
  const core: CoreState = {
    schemaVersion: SCHEMA_VERSION, members: {}, groups: {}, catalog: [], outbox: [], due: [], cron: {}, dmSentPerDay: {}, seq: {},
  };
  const declared = declaredSlices();
  const slices = Object.fromEntries(declared.map((s) => [s.key, s.initial()]));
  // A new shop's slices are each at the version this code writes: nothing to migrate later.
  core.versions = Object.fromEntries(declared.map((s) => [s.key, s.version]));
  return { ...core, ...slices } as State;
}

/**
 * Migrations of the shared collections from version N (the key) to N + 1. A slice migrates
 * itself (store/slices.ts); missing collections are filled from emptyState() anyway.
 */
export const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 2 moved profile names into the member registry: that step is the profiles slice's own now.
  1: (old) => old,
};
