import { z } from 'zod';
import type { GroupRef } from '../../bot/types.ts';
import { defineSlice } from '../../store/slices.ts';
import type { OrderBook } from './diff.ts';
import type { JielongEntry } from './parse.ts';

// The 接龙 feature's slices of state.json: the order book of every 接龙 still open or closed
// within the week (older ones are archived, handlers/jielong/archive.ts), and the DM-sent
// /接龙 开 waiting for its owner's 确认.

declare module '../../store/schema.ts' {
  interface Slices {
    jielong: Record<string, JielongRecord>;
    /**
     * A /接龙 开 sent by DM (every group), waiting for that owner's 确认, by owner id. Kept
     * here, not in memory, so a restart between the preview and the 确认 loses nothing.
     */
    jielongPending: Record<string, PendingOpen>;
  }
}

/** What a /接龙 开 asks for: the title, what it offers, and when it closes. */
export interface OpenRequest {
  title: string;
  offer: JielongOffer[];
  cutoffAt?: number;
}

/** A /接龙 开 sent by DM, shown to its owner and waiting for 确认. */
export interface PendingOpen {
  /** What was typed after `/接龙 开`, given back when it expired so it can be sent again. */
  args: string;
  request: OpenRequest;
  /** The groups it was shown going to; a group where the title opened since is skipped then. */
  groups: GroupRef[];
  at: number;
  expiresAt: number;
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

const records = z.record(z.string(), z.looseObject({}));

export const jielongSlice = defineSlice<Record<string, JielongRecord>>({ key: 'jielong', version: 1, initial: () => ({}), shape: records });
export const jielongPendingSlice = defineSlice<Record<string, PendingOpen>>({ key: 'jielongPending', version: 1, initial: () => ({}), shape: records });
