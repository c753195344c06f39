import type { GroupRef, MemberRef } from '../../bot/types.ts';
import type { JielongOffer } from '../../store/schema.ts';

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
  | { step: 'confirm'; group: GroupRef };

export function stepId(no: number, s: Exclude<StreamStep, { step: 'confirm' }>): string {
  if (s.step === 'preview') return `stream-${no}-preview-${s.lead}`;
  return `stream-${no}-${s.step}`;
}
