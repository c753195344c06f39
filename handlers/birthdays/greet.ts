import type { Services } from '../../bot/context.ts';
import { inQuietHours } from '../../bot/pacing.ts';
import type { MissedJob } from '../../scheduler/scheduler.ts';
import { zonedInstant, zonedParts } from '../../scheduler/clock.ts';
import { inShopGroup, memberName } from '../../store/members.ts';
import { hasOptedOut, OPT_OUT_LINE } from '../profiles/index.ts';
import { fallsOn, greetingYear, isoDay, type Day } from './calendar.ts';
import { BIRTHDAY_JOB, type Birthday } from './state.ts';

// The birthday DM: once a day at BIRTHDAY_HOUR (shop time) everyone whose birthday it is hears
// from the shop, with the owner's perk word for word when there is one. It is a DM nobody asked
// for at that moment, so it goes as 'unsolicited' (daily cap, quiet hours) and never to a member
// who said 退订. Its key is the member and the greeting year: a restart, a caught-up slot or a
// birthday changed after the DM went never sends a second one that year.

export function dayOf(at: number, tz: string): Day {
  const p = zonedParts(at, tz);
  return { year: p.year, month: p.month, day: p.day };
}

/** The DM: a wish, the perk as the owner wrote it (none made up), and how to stop these. */
export function greetingText(name: string, offer: string): string {
  const lines = [`${name}，生日快乐！🎂`, '祝你身体健康、天天开心，新的一岁顺顺利利～'];
  if (offer) lines.push(`团长给你准备了一份生日福利：${offer}`);
  lines.push(OPT_OUT_LINE);
  return lines.join('\n');
}

/** Why a member gets no DM today, or undefined when they get one. */
function skipReason(services: Services, id: string, b: Birthday, day: Day): string | undefined {
  const { store, isOwner } = services;
  if (!fallsOn(b, day)) return 'not today';
  if ((b.greeted ?? []).includes(greetingYear(b, day))) return 'already greeted';
  if (isOwner({ id, name: memberName(store.data, id) })) return 'owner';
  if (hasOptedOut(store.data, id)) return 'opted out';
  // Left every group: a DM from the shop would be unwelcome.
  if (!inShopGroup(store.data, id)) return 'not in a group';
  return undefined;
}

/** Sends the day's birthday DMs (all of them, or one member's); returns how many were queued. */
export function greetDay(services: Services, day: Day, only?: string): number {
  const { store, outbox, config, log } = services;
  const members = store.data.birthdays.members;
  let sent = 0;
  for (const id of only ? [only] : Object.keys(members).sort()) {
    const b = members[id];
    if (!b || skipReason(services, id, b, day)) continue;
    // Held back by the daily cap it would go tomorrow, a birthday wish a day late: not at all.
    if (outbox.unsolicitedDmPlaces().left <= 0) {
      log.info({ member: id, day: isoDay(day) }, 'birthday DM not sent: no DM places left today (DM_DAILY_CAP)');
      continue;
    }
    const year = greetingYear(b, day);
    const name = memberName(store.data, id);
    outbox.enqueue({
      key: `birthday:${year}:${id}`, to: { kind: 'dm', member: { id, name } },
      text: greetingText(name, config.BIRTHDAY_OFFER), purpose: 'unsolicited',
    });
    b.greeted = [...(b.greeted ?? []).filter((y) => y !== year).slice(-4), year];
    store.changed();
    sent++;
  }
  return sent;
}

/** The daily slot. A slot caught up after midnight belongs to a day that is over: nothing late. */
export function birthdayJob(services: Services) {
  return (_payload: unknown, job: { at: number }) => {
    const tz = services.config.TZ;
    const now = services.clock.now();
    const slotDay = dayOf(job.at, tz);
    if (isoDay(slotDay) !== isoDay(dayOf(now, tz))) {
      services.log.info({ slot: isoDay(slotDay) }, 'birthday slot caught up on a later day: not sent late');
      return;
    }
    greetDay(services, slotDay);
  };
}

/** A slot missed beyond the scheduler's window: still the same day, the wishes go now. */
export function birthdayMissed(services: Services) {
  return (job: MissedJob) => {
    if (job.kind !== BIRTHDAY_JOB) return;
    const today = dayOf(services.clock.now(), services.config.TZ);
    if (isoDay(dayOf(job.at, services.config.TZ)) === isoDay(today)) greetDay(services, today);
  };
}

/**
 * A birthday recorded on the day itself after the hour (今天是我生日, or the owner at noon):
 * today's DM has gone for everyone else, so this one goes now, unless it is quiet hours
 * (it would wait until tomorrow morning, a day late).
 */
export function greetIfToday(services: Services, id: string): void {
  const { config, clock } = services;
  const now = clock.now();
  const today = dayOf(now, config.TZ);
  if (now < zonedInstant(config.TZ, today.year, today.month, today.day, config.BIRTHDAY_HOUR)) return;
  if (inQuietHours(now, { quietHours: config.DM_QUIET_HOURS, tz: config.TZ })) return;
  greetDay(services, today, id);
}
