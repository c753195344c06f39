import type { Services } from '../../bot/context.ts';
import { loggedMember } from '../../store/members.ts';
import type { JielongRecord } from './state.ts';
import { postConfirm } from './confirm.ts';
import { ordersOf } from './orders.ts';
import { siblingsOf } from './records.ts';
import { closingText } from './texts.ts';
import type { JielongClosed } from './entries.ts';

// Closing a 接龙, by the owner or at its cut-off: confirmations still waiting go out first,
// then the final totals; the close is a behaviour event carrying every order (points and
// segments read purchases from it).

export const CUTOFF_JOB = 'jielong-cutoff';

export function closeRecord(services: Services, record: JielongRecord, by: 'owner' | 'cutoff'): void {
  if (record.status !== 'open') return;
  const { store, clock } = services;
  const now = clock.now();
  postConfirm(services, record, `jielong-close-confirm:${record.id}`);
  record.status = 'closed';
  record.closedAt = now;
  store.changed();
  const orders = ordersOf(record, store.data.catalog);
  const entry: JielongClosed = {
    kind: 'jielong-closed', id: `jielong-closed:${record.id}`, at: now, by, jielong: record.id, group: record.group, title: record.title,
    ...(record.stream !== undefined ? { stream: record.stream } : {}),
    orders: orders.map((o) => ({
      lineId: o.lineId, member: o.authorId ? loggedMember(store.data, o.authorId, o.name, now) : null,
      name: o.name, room: o.room, amount: o.amount, items: o.items,
    })),
  };
  store.log.append(entry);
  const text = closingText(record, orders, siblingsOf(store, record));
  services.outbox.enqueue({ key: `jielong-closed:${record.id}`, to: { kind: 'group', group: record.group }, text });
}

export function scheduleCutoff(services: Services, record: JielongRecord): void {
  if (record.cutoffAt === undefined) return;
  services.scheduler.at(record.cutoffAt, CUTOFF_JOB, { id: record.id }, `${CUTOFF_JOB}:${record.id}`);
}

export function cutoffJob(services: Services) {
  return (payload: unknown) => {
    const record = services.store.data.jielong[(payload as { id: string }).id];
    if (record) closeRecord(services, record, 'cutoff');
  };
}
