import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';

// The fulfilment slice of state.json: every order of a closed 接龙 from the cut-off to the
// doorstep (payment, arrival, pick-up), the after-sales cases, the groups' pick-up points, and
// the questions the bot is waiting on. Orders settled long ago move to fulfilment-archive.jsonl
// (archive.ts). Money is whole fen throughout.

declare module '../../store/schema.ts' {
  interface Slices {
    fulfilment: FulfilmentState;
  }
}

export interface Who {
  id: string;
  name: string;
}

/** One product of an order and how much of it has been collected. */
export interface FulfilmentItem {
  product: string;
  qty: number | null;
  unit: string | null;
  amountFen: number | null;
  collected: number;
}

export type OrderChange =
  | 'paid' | 'pay-claimed' | 'arrived' | 'collected' | 'partly-collected' | 'cancelled' | 'refunded' | 'reminded-pay' | 'reminded-pickup';

export interface HistoryLine {
  at: number;
  /** The member who made the change, or `system` (a reminder, the cut-off). */
  by: string;
  change: OrderChange | 'opened' | 'case';
  note?: string;
}

/** One order of a closed 接龙, by its pick-up number. */
export interface FulfilmentOrder {
  no: string;
  jielong: string;
  /** Records opened together in several groups share it: one arrival, one pick list. */
  batch?: string;
  title: string;
  group: { id: string; name: string };
  lineId: number;
  member: Who | null;
  name: string | null;
  room: string | null;
  items: FulfilmentItem[];
  /** What the order costs; null when a price is unknown. */
  dueFen: number | null;
  paid: boolean;
  /** What has been received (the owner's figure). */
  paidFen: number;
  refundedFen: number;
  /** The resident said they paid and the owner has not confirmed yet. */
  claim?: { at: number; amountFen?: number };
  arrivedAt?: number;
  /** The 接龙 closed at. */
  closedAt: number;
  /** Cancelled after the cut-off, or refunded in full: no longer a purchase. */
  ended?: 'cancelled' | 'refunded';
  history: HistoryLine[];
}

export type CaseOutcome = 'refund' | 'reissue' | 'points' | 'reject';

/** An after-sales case (售后): a resident's report about one order and the owner's answer. */
export interface AfterSalesCase {
  no: number;
  order: string;
  member: Who;
  text: string;
  kind: string;
  at: number;
  where: 'group' | 'dm';
  outcome?: { kind: CaseOutcome; at: number; by: string; fen?: number; points?: number; reason?: string };
}

/** A question the bot asked a resident ("which order?"), answered by their next message. */
export interface PendingAsk {
  kind: 'pay' | 'collect' | 'problem';
  nos: string[];
  at: number;
  /** What they said first (a problem's text, a claimed amount). */
  text?: string;
  amountFen?: number;
  qty?: number;
  partial?: boolean;
}

export interface FulfilmentState {
  nextNo: number;
  nextCase: number;
  orders: Record<string, FulfilmentOrder>;
  cases: Record<string, AfterSalesCase>;
  /** Pick-up point (自提点) per group id. */
  places: Record<string, string>;
  /** Said "已付" while the 接龙 was still open: applied to their order at the cut-off (by jielong, member id). */
  earlyClaims: Record<string, { at: number; amountFen?: number }>;
  asks: Record<string, PendingAsk>;
}

export const fulfilmentSlice = defineSlice<FulfilmentState>({
  key: 'fulfilment',
  version: 1,
  initial: () => ({ nextNo: 101, nextCase: 1, orders: {}, cases: {}, places: {}, earlyClaims: {}, asks: {} }),
  shape: z.looseObject({
    nextNo: z.number().int(), nextCase: z.number().int(),
    orders: z.record(z.string(), z.looseObject({})), cases: z.record(z.string(), z.looseObject({})),
    places: z.record(z.string(), z.string()), earlyClaims: z.record(z.string(), z.looseObject({})), asks: z.record(z.string(), z.looseObject({})),
  }),
});
