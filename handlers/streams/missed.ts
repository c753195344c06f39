import type { Services } from '../../bot/context.ts';
import type { Store } from '../../store/db.ts';
import type { JielongRecord } from '../../store/schema.ts';
import { ordersOf } from '../jielong/orders.ts';
import { hasOptedOut } from '../profiles/opt-out.ts';
import { buyersOf } from './figures.ts';
import { sendKey, type Stream } from './state.ts';
import { missedText } from './texts.ts';
import { settleReminders } from './reminded.ts';

// A day after the end: one DM to each reserver who did not order from the stream's 接龙, with
// the replay link and what is still on offer. Unsolicited (daily cap, quiet hours), never to
// those who said 退订; the key is per stream and member, so nobody gets it twice.

/** The 接龙 a stream opened (it keeps their ids, so no walk over every 接龙), with their active orders. */
export function streamOrders(store: Store, stream: Stream): Array<{ record: JielongRecord; orders: ReturnType<typeof ordersOf> }> {
  return stream.jielong.flatMap((id) => {
    const record = store.data.jielong[id];
    return record ? [{ record, orders: ordersOf(record, store.data.catalog) }] : [];
  });
}

export function missedDms(services: Services, stream: Stream): void {
  if (stream.status !== 'ended') return;
  const { store, clock, config, outbox, log } = services;
  if (settleReminders(stream, store.data.outbox)) store.changed();
  const now = clock.now();
  const orders = streamOrders(store, stream);
  // A 接龙 closing this very minute is as good as closed: no point sending people to it.
  const open = orders.map((o) => o.record).filter((r) => r.status === 'open' && (r.cutoffAt === undefined || r.cutoffAt > now));
  const text = missedText(stream, open[0]?.cutoffAt ?? (open.length ? null : undefined), now, config.TZ);
  if (!text) {
    log.info({ stream: stream.no }, 'missed-stream DM skipped: no link, perk or open 接龙 to offer');
    return;
  }
  const buyers = buyersOf(orders);
  for (const { member } of stream.reservations) {
    if (buyers.has(member.id) || hasOptedOut(store.data, member.id) || services.isOwner(member)) continue;
    const queued = outbox.enqueue({ key: sendKey(stream, 'missed', member.id), to: { kind: 'dm', member }, text, purpose: 'unsolicited' });
    if (queued) store.log.append({ kind: 'stream', change: 'missed', id: `stream-missed:${stream.no}:${member.id}`, stream: stream.no, member, at: now });
  }
}
