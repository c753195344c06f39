import type { JielongRecord } from '../jielong/index.ts';
import type { Order } from '../jielong/index.ts';
import type { ReminderOutcome } from './reminded.ts';
import type { Stream } from './state.ts';
import { HOUR_MS } from '../../scheduler/clock.ts';
import { round2 } from '../../text/money.ts';

// What a stream brought: reservations, reminders, orders from its 接龙, conversion and the
// newcomers around it. Pure: the adapter (command.ts) gathers the inputs from the store.

/** Newcomers count from this long before the start to this long after the end (24 h around a
 * 90-minute stream, give or take its length). */
export const NEWCOMER_MARGIN_MS = 12 * HOUR_MS;

export interface StreamFigures {
  reservations: number;
  /** Reminded members (each once, however often reminded) by what became of their latest
   * reminder; `queued`: queued, outcome no longer known. */
  reminders: Record<ReminderOutcome, number>;
  /** Active order lines in the stream's 接龙 (every group), and the amount where priced. */
  orders: number;
  buyers: number;
  amount: number;
  /** Reservers who ordered. */
  reserversWhoOrdered: number;
  /** orders ÷ reservations, in percent (one decimal); null without reservations. */
  conversion: number | null;
  newcomers: number;
  window: { from: number; to: number };
}

export interface FigureInputs {
  stream: Stream;
  /** Orders of each 接龙 the stream opened (any order counts once per line). */
  orders: Array<{ record: JielongRecord; orders: Order[] }>;
  /** One outcome per reminded member (reminded.ts reminderOutcomes). */
  reminders: ReminderOutcome[];
  /** When each member first joined one of the shop's groups (from the profiles). */
  joins: Array<{ id: string; joinedAt: number }>;
  isOwner(id: string): boolean;
}

function newcomerWindow(stream: Stream): { from: number; to: number } {
  return { from: stream.startAt - NEWCOMER_MARGIN_MS, to: (stream.endedAt ?? stream.endAt) + NEWCOMER_MARGIN_MS };
}

/** Who ordered from the stream's 接龙: member ids, or the line's name when nobody is known. */
export function buyersOf(orders: FigureInputs['orders']): Set<string> {
  const out = new Set<string>();
  for (const { orders: list } of orders) for (const o of list) out.add(o.authorId ?? `name:${o.name ?? o.raw}`);
  return out;
}

export function streamFigures(input: FigureInputs): StreamFigures {
  const { stream } = input;
  const all = input.orders.flatMap((r) => r.orders);
  const buyers = buyersOf(input.orders);
  const reservations = stream.reservations.length;
  const window = newcomerWindow(stream);
  const count = (s: ReminderOutcome) => input.reminders.filter((x) => x === s).length;
  return {
    reservations,
    reminders: { sent: count('sent'), waiting: count('waiting'), failed: count('failed'), queued: count('queued') },
    orders: all.length,
    buyers: buyers.size,
    amount: round2(all.reduce((s, o) => s + (o.amount ?? 0), 0)),
    reserversWhoOrdered: stream.reservations.filter((r) => buyers.has(r.member.id)).length,
    conversion: reservations ? Math.round((all.length / reservations) * 1000) / 10 : null,
    newcomers: input.joins.filter((j) => j.joinedAt >= window.from && j.joinedAt <= window.to && !input.isOwner(j.id)).length,
    window,
  };
}
