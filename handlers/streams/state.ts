import type { GroupRef, MemberRef } from '../../bot/types.ts';
import type { JielongOffer } from '../jielong/index.ts';
import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';

/** A live stream the owner announced: what it sells, who reserved, how far it has got. */
export interface Stream {
  no: number;
  title: string;
  startAt: number;
  /** Planned end; /直播 结束 may end it earlier or later. */
  endAt: number;
  /** The products, with the stream price where the owner gave one, else the catalog's. */
  offer: JielongOffer[];
  link?: string;
  /** null = every group the bot is in when each post goes out. */
  groups: GroupRef[] | null;
  status: 'planned' | 'live' | 'ended' | 'cancelled';
  createdAt: number;
  reservations: Array<{ member: MemberRef; at: number; group?: GroupRef }>;
  /** Lead times (minutes) whose preview went out. */
  previewsSent: number[];
  /** Group reservations waiting for the batched confirmation, per group id. */
  pendingConfirm: Record<string, MemberRef[]>;
  endedAt?: number;
  /** The 接龙 records opened at the end. */
  jielong: string[];
  /** How many times the time was changed (/直播 改): steps and posts of an earlier time are
   * told apart by it. Absent = never. */
  rev?: number;
  /** An offer the owner adds for those who missed it (/直播 新建 … 福利:… or /直播 改 N 福利 …). */
  perk?: string;
  /** Who was sent the start reminder, per member id: when the latest one was queued, its outbox
   * key, and what became of it once known. Kept here because the outbox forgets finished
   * messages after FINISHED_RETENTION_MS; /直播 数据 counts members, not DMs. Absent on streams
   * from before it was kept: those are read from the outbox. */
  reminded?: Record<string, RemindedMember>;
}

export interface RemindedMember {
  at: number;
  key: string;
  /** Copied from the outbox once final (settleReminders); absent while waiting or unknown. */
  state?: 'sent' | 'failed';
}

export interface StreamsState {
  items: Record<string, Stream>;
}

export const emptyStreams = (): StreamsState => ({ items: {} });

export const STREAM_JOB = 'stream';

/** One step of a stream's timeline; the scheduler id is derived so a cancel can withdraw it
 * (a group's batched confirmation gets a fresh id each time: there may be many). */
export type StreamStep =
  | { step: 'preview'; lead: number }
  | { step: 'reminder' }
  | { step: 'start' }
  | { step: 'end' }
  | { step: 'missed' }
  | { step: 'settle' }
  | { step: 'confirm'; group: GroupRef };

export function stepId(stream: Pick<Stream, 'no' | 'rev'>, s: Exclude<StreamStep, { step: 'confirm' }>): string {
  const base = `stream-${stream.no}${stream.rev ? `-r${stream.rev}` : ''}`;
  if (s.step === 'preview') return `${base}-preview-${s.lead}`;
  return `${base}-${s.step}`;
}

/** Outbox key of one of the stream's posts or DMs; a moved stream's posts are new messages. */
export function sendKey(stream: Pick<Stream, 'no' | 'rev'>, what: string, to: string): string {
  return `stream:${stream.no}:${what}${stream.rev ? `@r${stream.rev}` : ''}:${to}`;
}

export const reminderPrefix = (no: number) => `stream:${no}:reminder`;

/** The stream a reservation (or a "when?") is for: the next one not yet over. */
export function nextStream(streams: Stream[], now: number): Stream | undefined {
  return streams
    .filter((s) => (s.status === 'planned' && s.startAt > now) || s.status === 'live')
    .sort((a, b) => a.startAt - b.startAt)[0];
}

declare module '../../store/schema.ts' {
  interface Slices {
    /** Live streams (/直播) and their reservations. */
    streams: StreamsState;
  }
}

export const streamsSlice = defineSlice<StreamsState>({
  key: 'streams', version: 1, initial: emptyStreams,
  shape: z.looseObject({ items: z.record(z.string(), z.looseObject({})).optional() }),
});
