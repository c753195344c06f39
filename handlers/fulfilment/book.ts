import type { Services } from '../../bot/context.ts';
import type { MemberRef } from '../../bot/types.ts';
import { loggedMember } from '../../store/members.ts';
import { toFen } from '../../text/money.ts';
import type { JielongClosed } from '../jielong/index.ts';
import type { OrderEntry, OrderEntryChange } from './entries.ts';
import type { FulfilmentOrder, FulfilmentState, HistoryLine } from './state.ts';

// The order book after the cut-off: orders are made from the close (the final word on each
// line), and every change is written three ways at once: on the order, in its history, and as
// an `order` behaviour event naming who made it.

export function stateOf(services: Services): FulfilmentState {
  return services.store.data.fulfilment;
}

/** The close's orders as fulfilment orders, each with a pick-up number (once per order). */
export function ordersFromClose(services: Services, entry: JielongClosed, batch: string | undefined): FulfilmentOrder[] {
  const state = stateOf(services);
  const made: FulfilmentOrder[] = [];
  for (const o of entry.orders) {
    if (findByLine(state, entry.jielong, o.lineId)) continue;
    const items = (o.items ?? []).map((i) => ({
      product: i.product ?? '（未识别商品）', qty: i.qty ?? null, unit: i.unit ?? null,
      amountFen: typeof i.amount === 'number' ? toFen(i.amount) : null, collected: 0,
    }));
    const dueFen = items.length && items.every((i) => i.amountFen !== null) ? items.reduce((s, i) => s + i.amountFen!, 0) : null;
    const no = String(state.nextNo++);
    const order: FulfilmentOrder = {
      no, jielong: entry.jielong, title: entry.title, group: entry.group ?? { id: '', name: '' }, lineId: o.lineId,
      member: o.member ? { id: o.member.id, name: o.member.name ?? o.name ?? o.member.id } : null,
      name: o.name ?? null, room: o.room ?? null, items, dueFen, paid: dueFen === 0, paidFen: 0, refundedFen: 0,
      closedAt: entry.at, history: [{ at: entry.at, by: 'system', change: 'opened' }],
      ...(batch ? { batch } : {}),
    };
    state.orders[no] = order;
    made.push(order);
  }
  if (made.length) services.store.changed();
  return made;
}

function findByLine(state: FulfilmentState, jielong: string, lineId: number): FulfilmentOrder | undefined {
  return Object.values(state.orders).find((o) => o.jielong === jielong && o.lineId === lineId);
}

export interface ChangeDetails {
  note?: string;
  fen?: number;
  full?: boolean;
  points?: number;
  case?: number;
  outcome?: OrderEntry['outcome'];
}

/**
 * Records a change already made to `order`: its history line and its behaviour event. `by` is
 * the member who made it, or null for the bot itself.
 */
export function recordChange(services: Services, order: FulfilmentOrder, change: OrderEntryChange, by: MemberRef | null, details: ChangeDetails = {}): void {
  const { store, clock } = services;
  const at = clock.now();
  const line: HistoryLine = { at, by: by?.id ?? 'system', change: change === 'case-opened' || change === 'case-answered' ? 'case' : change };
  const note = details.note;
  if (note) line.note = note;
  order.history.push(line);
  store.changed();
  const entry: OrderEntry = {
    kind: 'order', id: `order:${order.no}:${order.history.length}`, at, change,
    by: by ? loggedMember(store.data, by.id, by.name, at) : null,
    jielong: order.jielong, lineId: order.lineId, no: order.no,
    member: order.member ? loggedMember(store.data, order.member.id, order.member.name, at) : null,
    ...(order.group.id ? { group: order.group } : {}),
    ...(details.fen !== undefined ? { fen: details.fen } : {}),
    ...(details.full !== undefined ? { full: details.full } : {}),
    ...(change === 'refunded' || change === 'cancelled' ? { orderFen: order.dueFen ?? 0 } : {}),
    ...(details.points !== undefined ? { points: details.points } : {}),
    ...(details.case !== undefined ? { case: details.case } : {}),
    ...(details.outcome !== undefined ? { outcome: details.outcome } : {}),
  };
  store.log.append(entry);
}
