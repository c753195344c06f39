import { parseNumber } from '../text/numerals.ts';
import { toHalfWidth } from '../text/normalize.ts';
import { zonedInstant, zonedParts, DAY_MS } from './clock.ts';

// The times owners type: 明晚8点, 周六 20:00, 11-29 20:00, 今天18:00, 下周三晚上7点半.
// chrono-node's Chinese parser was tried and misreads both the zone and 明晚, so this is a
// small grammar of our own: an optional day, an optional part of the day, a time.

export type When = { at: number } | { error: string };

const EXAMPLES = '比如“今晚8点”“明天18:00”“周六 20:00”“11-29 20:00”';
const WEEKDAY: Record<string, number> = { 日: 0, 天: 0, 七: 0, '7': 0, 一: 1, '1': 1, 二: 2, '2': 2, 三: 3, '3': 3, 四: 4, '4': 4, 五: 5, '5': 5, 六: 6, '6': 6 };

const DAY = new RegExp(
  [
    '(?<rel>大后天|后天|明天|明日|明晚|明早|今天|今日|今晚|今早|今夜|明夜)',
    '(?<next>下个?)?(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7])',
    '(?:(?<y>\\d{4})[-/.年])?(?<mo>\\d{1,2})[-/.月](?<d>\\d{1,2})(?!\\d)[日号]?',
  ].map((p) => `(?:${p})`).join('|'),
);
const PERIOD = /^(早上|早晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|晚)/;
const TIME = /^(?<h>\d{1,2}|[一二两三四五六七八九十]{1,3})(?:(?:[:：](?<m>\d{2}))|(?:[点时](?:(?<half>半)|(?<m2>\d{1,2})分?|(?<cm>[一二三四五六七八九十]{1,3})分?)?))$/;

/** Reads an owner's time; a past time, or one without a clock time, is an error with an example. */
export function parseWhen(input: string, now: number, tz: string): When {
  // Spaces separate the parts ("12/1 9:00" is not 12/19:00), so they stay until a part is read.
  let text = toHalfWidth(input).trim().replace(/\s+/g, ' ').replace(/^(\d{4}-\d{1,2}-\d{1,2})T/, '$1 ');
  if (!text) return { error: `没有写时间，${EXAMPLES}。` };
  const today = zonedParts(now, tz);
  let day = { y: today.year, mo: today.month, d: today.day };
  let explicitDay = false;
  let evening = false;
  let weekday: { wd: number; next: boolean } | undefined;

  const dm = DAY.exec(text);
  if (dm && dm.index === 0) {
    text = text.slice(dm[0].length).trimStart();
    explicitDay = true;
    const g = dm.groups!;
    if (g.rel) {
      const offset = { 今天: 0, 今日: 0, 今晚: 0, 今早: 0, 今夜: 0, 明天: 1, 明日: 1, 明晚: 1, 明早: 1, 明夜: 1, 后天: 2, 大后天: 3 }[g.rel]!;
      day = shiftDays(day, offset, tz);
      evening = /晚|夜/.test(g.rel);
    } else if (g.wd) {
      weekday = { wd: WEEKDAY[g.wd]!, next: Boolean(g.next) };
    } else {
      let y = g.y ? Number(g.y) : today.year;
      const mo = Number(g.mo);
      const d = Number(g.d);
      if (mo < 1 || mo > 12 || d < 1 || d > 31) return { error: `“${input.trim()}”里的日期不对，${EXAMPLES}。` };
      // "1-5" typed in December means next January.
      if (!g.y && zonedInstant(tz, y, mo, d, 23, 59) < now - 30 * DAY_MS) y++;
      day = { y, mo, d };
    }
  }
  const pm = PERIOD.exec(text);
  let period = '';
  if (pm) {
    period = pm[1]!;
    text = text.slice(period.length).trimStart();
  }
  const tm = TIME.exec(text);
  if (!tm) return { error: `没看懂“${input.trim()}”这个时间，${EXAMPLES}。` };
  const t = tm.groups!;
  let hour = readNumber(t.h!);
  const minute = t.half ? 30 : t.m ? Number(t.m) : t.m2 ? Number(t.m2) : t.cm ? readNumber(t.cm) : 0;
  if ((evening || /下午|傍晚|晚上|夜里|晚/.test(period)) && hour < 12) hour += 12;
  if (period === '中午' && hour < 6) hour += 12;
  if (hour > 23 || minute > 59 || Number.isNaN(hour) || Number.isNaN(minute)) {
    return { error: `“${input.trim()}”不是有效的钟点，${EXAMPLES}。` };
  }

  if (weekday) {
    const ahead = (weekday.wd - today.weekday + 7) % 7;
    // 下周三: the Wednesday of next week (weeks start on Monday).
    const toNextWeek = weekday.next ? 7 - ((today.weekday + 6) % 7) + ((weekday.wd + 6) % 7) : ahead;
    day = shiftDays(day, toNextWeek, tz);
    const at = zonedInstant(tz, day.y, day.mo, day.d, hour, minute);
    if (at <= now && !weekday.next) {
      const later = shiftDays(day, 7, tz);
      return { at: zonedInstant(tz, later.y, later.mo, later.d, hour, minute) };
    }
    return { at };
  }
  let at = zonedInstant(tz, day.y, day.mo, day.d, hour, minute);
  if (at <= now) {
    if (explicitDay) return { error: `${formatWhen(at, now, tz)}已经过去了，请写一个以后的时间。` };
    const next = shiftDays(day, 1, tz);
    at = zonedInstant(tz, next.y, next.mo, next.d, hour, minute);
  }
  return { at };
}

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "今天 18:00", "明天 08:30", "11月29日（周六）20:00": how the bot writes a time back. */
export function formatWhen(at: number, now: number, tz: string): string {
  const p = zonedParts(at, tz);
  const today = zonedParts(now, tz);
  for (const [offset, word] of [[0, '今天'], [1, '明天'], [2, '后天']] as const) {
    const d = shiftDays({ y: today.year, mo: today.month, d: today.day }, offset, tz);
    if (d.y === p.year && d.mo === p.month && d.d === p.day) return `${word} ${clockOf(p)}`;
  }
  return formatDate(at, now, tz);
}

/**
 * "11月29日（周六）20:00" (with the year when it is not `now`'s): for texts read later than
 * they are written, where 今天/明天 would be wrong by then.
 */
export function formatDate(at: number, now: number, tz: string): string {
  const p = zonedParts(at, tz);
  const year = p.year === zonedParts(now, tz).year ? '' : `${p.year}年`;
  return `${year}${p.month}月${p.day}日（${WEEKDAY_NAMES[p.weekday]}）${clockOf(p)}`;
}

function clockOf(p: { hour: number; minute: number }): string {
  return `${p.hour}:${String(p.minute).padStart(2, '0')}`;
}

function shiftDays(day: { y: number; mo: number; d: number }, n: number, tz: string): { y: number; mo: number; d: number } {
  // Noon avoids any daylight-saving edge turning a day shift into the wrong date.
  const p = zonedParts(zonedInstant(tz, day.y, day.mo, day.d, 12) + n * DAY_MS, tz);
  return { y: p.year, mo: p.month, d: p.day };
}

function readNumber(s: string): number {
  return parseNumber(s) ?? NaN;
}
