import type { Services } from '../../bot/context.ts';
import type { State } from '../../store/schema.ts';
import { spendOf } from '../profiles/index.ts';
import { orderCount } from '../profiles/index.ts';

// The daily DM cap, planned rather than queued. DM_DAILY_CAP unsolicited DMs go out a day; what
// the follow-up and recall runs would queue beyond that used to wait for tomorrow, and tomorrow's
// for the day after, a backlog growing by the day and going out weeks late. Instead the runs give
// the day's free places (Outbox.unsolicitedDmPlaces) to whom they matter most, buyers who spent
// more and ordered more first, and drop the rest with a log line: nothing waits behind the cap.

/** How much a member's DM matters: spend, then number of orders. Higher first. */
export type DmValue = readonly [spend: number, orders: number];

export function dmValue(data: Pick<State, 'profiles'>, member: string): DmValue {
  const p = data.profiles.members[member];
  if (!p) return [0, 0];
  return [spendOf(p), orderCount(p)];
}

/** > 0: a is worth more than b. */
export function compareValue(a: DmValue, b: DmValue): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * Whether a follow-up to `member` may be queued now. With a place free today, yes. With none,
 * it takes the place of the waiting follow-up worth least, if it is worth more (that one is
 * dropped, with the reason); else it is not sent, and a log line says so. Ties keep the one
 * already waiting, so the day's places go to the best buyers whatever order their jobs run in.
 */
export function claimFollowupPlace(services: Services, key: string, member: string): boolean {
  const { outbox, store, log } = services;
  const places = outbox.unsolicitedDmPlaces();
  if (places.left > 0) return true;
  const mine = dmValue(store.data, member);
  let weakest: { item: ReturnType<typeof outbox.waiting>[number]; value: DmValue } | undefined;
  for (const item of outbox.waiting()) {
    if (!item.key.startsWith('followup:') || item.to.kind !== 'dm') continue;
    const value = dmValue(store.data, item.to.member.id);
    if (!weakest || compareValue(value, weakest.value) < 0) weakest = { item, value };
  }
  if (weakest && compareValue(mine, weakest.value) > 0
    && outbox.drop(weakest.item, '没发：当天的私信名额（DM_DAILY_CAP）给了消费更多的顾客')) {
    log.info({ key, gaveWay: weakest.item.key, day: places.day }, 'follow-up took the place of one worth less (daily DM cap)');
    return true;
  }
  log.info({ key, member, day: places.day, value: mine }, 'follow-up not sent: the day\'s DM places went to buyers worth more (daily DM cap)');
  return false;
}
