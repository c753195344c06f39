import type { Services } from '../../bot/context.ts';
import type { Config } from '../../bot/config.ts';
import { inQuietHours } from '../../bot/pacing.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';
import type { Store } from '../../store/db.ts';
import type { JielongRecord } from '../jielong/index.ts';
import { ordersOf } from '../jielong/index.ts';
import { hasOptedOut } from '../profiles/index.ts';
import { buyersOf } from './figures.ts';
import { sendKey, type Stream } from './state.ts';
import { missedText } from './texts.ts';
import { findRecord } from '../jielong/index.ts';
import { settleReminders } from './reminded.ts';

// After the end, while the stream's 接龙 still takes orders: one DM to each reserver who did not
// order from it, with the replay link (if there is one), the perk and the 接龙's cut-off.
// Unsolicited (daily cap, quiet hours), never to those who said 退订; the key is per stream and
// member, so nobody gets it twice.

/** The missed-it DM goes at least this long before the 接龙's cut-off (at most half its life). */
export const MISSED_BEFORE_CUTOFF_MS = 3 * HOUR_MS;

/**
 * When the missed-it DM goes: STREAM_MISSED_DM_HOURS after the end, unless the stream's 接龙
 * closes before then. The DM is there to bring people to the perk and the stream's prices, which
 * only the open 接龙 sells; sent at or after the cut-off (as it was with both at 24 h) it offers
 * nothing anyone can use. So then it goes earlier, MISSED_BEFORE_CUTOFF_MS before the cut-off
 * (half the 接龙's life for a short one), rather than not at all: a reserver who missed the show
 * still has hours to order. Quiet hours would hold an unsolicited DM till the morning, maybe past
 * the cut-off, so a time inside them moves back to the evening before (never before the end).
 * `cutoffAt` undefined: no 接龙 (no products), nothing to catch, the configured delay stands.
 */
export function missedDmAt(endedAt: number, cutoffAt: number | undefined, config: Pick<Config, 'STREAM_MISSED_DM_HOURS' | 'DM_QUIET_HOURS' | 'TZ'>): number {
  const planned = endedAt + config.STREAM_MISSED_DM_HOURS * HOUR_MS;
  if (cutoffAt === undefined) return planned;
  const latest = cutoffAt - Math.min(MISSED_BEFORE_CUTOFF_MS, (cutoffAt - endedAt) / 2);
  const at = Math.min(planned, latest);
  const policy = { quietHours: config.DM_QUIET_HOURS, tz: config.TZ };
  if (!inQuietHours(at, policy)) return at;
  // Held till the morning is fine if the morning still comes before `latest`.
  let morning = at;
  while (inQuietHours(morning, policy) && morning - at < DAY_MS) morning += QUIET_STEP_MS;
  if (morning <= latest) return at;
  for (let t = at; t >= endedAt; t -= QUIET_STEP_MS) if (!inQuietHours(t, policy)) return t;
  return at;
}

const QUIET_STEP_MS = 15 * 60_000;

/** The delay after the end the owner is told about (as if the show ends as planned). */
export function missedDelay(stream: Stream, config: Pick<Config, 'STREAM_MISSED_DM_HOURS' | 'STREAM_JIELONG_CUTOFF_HOURS' | 'DM_QUIET_HOURS' | 'TZ'>): number | null {
  if (config.STREAM_MISSED_DM_HOURS <= 0) return null;
  const cutoff = stream.offer.length ? stream.endAt + config.STREAM_JIELONG_CUTOFF_HOURS * HOUR_MS : undefined;
  return missedDmAt(stream.endAt, cutoff, config) - stream.endAt;
}

/** The 接龙 a stream opened (it keeps their ids, so no walk over every 接龙), with their active orders. */
export function streamOrders(store: Store, stream: Stream): Array<{ record: JielongRecord; orders: ReturnType<typeof ordersOf> }> {
  return stream.jielong.flatMap((id) => {
    const record = findRecord(store, id);
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
    log.info({ stream: stream.no }, 'missed-stream DM skipped: no link, and no open 接龙 for the perk');
    return;
  }
  const buyers = buyersOf(orders);
  for (const { member } of stream.reservations) {
    if (buyers.has(member.id) || hasOptedOut(store.data, member.id) || services.isOwner(member)) continue;
    const queued = outbox.enqueue({ key: sendKey(stream, 'missed', member.id), to: { kind: 'dm', member }, text, purpose: 'unsolicited' });
    if (queued) store.log.append({ kind: 'stream', change: 'missed', id: `stream-missed:${stream.no}:${member.id}`, stream: stream.no, member, at: now });
  }
}
