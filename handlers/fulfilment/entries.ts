import { defineEntry } from '../../store/log-kinds.ts';
import type { LoggedMember as LoggedPerson } from '../../store/members.ts';

// The behaviour-log entry of every change to an order after its cut-off, and its one reader:
// points (refunds take back purchase points; a case answered with points gives them) and
// profiles (a cancelled or refunded order stops counting; cases show on the member's card)
// follow it through it.

export type OrderEntryChange =
  | 'paid' | 'pay-claimed' | 'arrived' | 'collected' | 'partly-collected' | 'cancelled' | 'refunded'
  | 'reminded-pay' | 'reminded-pickup' | 'case-opened' | 'case-answered';

export interface OrderEntry {
  kind: 'order';
  id?: string;
  at: number;
  change: OrderEntryChange;
  /** Who made the change: a member, or null for the bot's own (a reminder). */
  by: LoggedPerson | null;
  jielong: string;
  lineId: number;
  /** The pick-up number. */
  no: string;
  member: LoggedPerson | null;
  group?: { id: string; name: string };
  /** paid: received; refunded: given back (this time); cancelled: what the order was worth. */
  fen?: number;
  /** refunded, cancelled: what the whole order was worth (a refund's points are taken back against it). */
  orderFen?: number;
  /** refunded: nothing of the order is left to count. */
  full?: boolean;
  /** case-answered with points: how many were given. */
  points?: number;
  case?: number;
  outcome?: 'refund' | 'reissue' | 'points' | 'reject';
}

type Rec = Record<string, unknown>;
const CHANGES: ReadonlySet<unknown> = new Set<OrderEntryChange>([
  'paid', 'pay-claimed', 'arrived', 'collected', 'partly-collected', 'cancelled', 'refunded',
  'reminded-pay', 'reminded-pickup', 'case-opened', 'case-answered',
]);
const isPerson = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as Rec).id === 'string' && (v as Rec).id !== '';
const optInt = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v));

/** Reads an `order` entry: what is wrong with it, or nothing. */
export function orderProblem(v: Rec): string | undefined {
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'at 不是时间';
  if (!CHANGES.has(v.change)) return 'change 不对';
  if (typeof v.jielong !== 'string' || v.jielong === '') return '没有 jielong';
  if (typeof v.lineId !== 'number' || typeof v.no !== 'string') return '没有 lineId 或 no';
  if (!(v.member === null || isPerson(v.member))) return 'member 不对';
  if (!(v.by === null || isPerson(v.by))) return 'by 不对';
  if (!optInt(v.fen) || !optInt(v.orderFen) || !optInt(v.points) || !optInt(v.case)) return 'fen、points 或 case 不是整数';
  return undefined;
}

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    order: OrderEntry;
  }
}

defineEntry('order', orderProblem);
