import type { Services } from '../../bot/context.ts';
import { hasOptedOut } from '../profiles/index.ts';
import { daysBetween, nextOccurrence, type Day } from './calendar.ts';
import { dateText, type BirthDate } from './dates.ts';
import { dayOf, greetIfToday } from './greet.ts';

// Recording a birthday (by the member or the owner) and the words that confirm it.

export type Recorded = 'new' | 'same' | 'changed';

/** Keeps the birthday; a change starts its greetings afresh except this year's, already sent. */
export function recordBirthday(services: Services, member: string, date: BirthDate, by: string): Recorded {
  const { store, clock } = services;
  const old = store.data.birthdays.members[member];
  if (old && old.month === date.month && old.day === date.day && old.lunar === date.lunar) return 'same';
  store.data.birthdays.members[member] = {
    month: date.month, day: date.day, lunar: date.lunar, by, at: clock.now(),
    ...(old?.greeted ? { greeted: old.greeted } : {}),
  };
  store.changed();
  greetIfToday(services, member);
  return old ? 'changed' : 'new';
}

export function forgetBirthday(services: Services, member: string): BirthDate | undefined {
  const b = services.store.data.birthdays.members[member];
  if (!b) return undefined;
  delete services.store.data.birthdays.members[member];
  services.store.changed();
  return b;
}

/** "2月29日" in a year without one, and when a lunar birthday falls next: said plainly. */
export function whenNote(date: BirthDate, today: Day): string {
  if (!date.lunar && date.month === 2 && date.day === 29) return '平年就在2月28日给你送祝福。';
  if (!date.lunar) return '';
  const next = nextOccurrence(date, today);
  return `（下一次是${next.year}年${next.month}月${next.day}日）`;
}

/** What the member hears when they told their own birthday. */
export function confirmOwn(services: Services, member: string, date: BirthDate, recorded: Recorded, relativeDays?: number): string {
  const today = dayOf(services.clock.now(), services.config.TZ);
  const when = dateText(date);
  let text: string;
  if (relativeDays === 0) text = `生日快乐！🎂 记下啦，以后每年${when}都给你送祝福～`;
  else if (relativeDays !== undefined) text = `提前祝你生日快乐！记下啦，以后每年${when}都给你送祝福～`;
  else if (recorded === 'same') text = `早就记着啦，${when}那天给你送祝福～`;
  else if (recorded === 'changed') text = `改好啦，以后${when}那天给你送祝福～`;
  else text = `记下啦，${when}那天给你送祝福～`;
  text += whenNote(date, today);
  if (hasOptedOut(services.store.data, member)) text += '\n你退订过私信，到时候收不到祝福哦；想收的话回复「订阅」。';
  return text;
}

/** What the owner hears when they recorded someone's birthday. */
export function confirmForOwner(services: Services, name: string, member: string, date: BirthDate, recorded: Recorded): string {
  const { config, store, clock } = services;
  const today = dayOf(clock.now(), config.TZ);
  const next = nextOccurrence(date, today);
  const verb = recorded === 'changed' ? '改好了' : recorded === 'same' ? '本来就记着' : '记下了';
  const lines = [`${verb}：${name}的生日 ${dateText(date)}。`];
  const days = daysBetween(today, next);
  const at = `${config.BIRTHDAY_HOUR}点`;
  lines.push(days === 0 ? '就是今天。' : `下一次是${next.month}月${next.day}日（还有${days}天），那天${at}私信送上祝福。`);
  if (!date.lunar && date.month === 2 && date.day === 29) lines.push('平年在2月28日发。');
  if (hasOptedOut(store.data, member)) lines.push(`${name}退订过私信，到时不会发。`);
  return lines.join('');
}
