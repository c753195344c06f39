import { toHalfWidth } from '../text/normalize.ts';
import { festivalNamed, type DayRule } from './calendar.ts';
import { DAY_MS } from './clock.ts';
import { firstSlot, isValidPattern } from './slots.ts';
import { parseWhen } from './when.ts';

// The schedules owners type for repeated posts: 每天 8:00, 每周三 19:00, 每周一三五 晚上7点,
// 工作日 8:00 (the Chinese calendar's: 国庆 off, a 调休 Saturday on), 休息日 10:00, 每月1号 10:00,
// a festival by name (中秋节 10:00, every year on its day), plain 5-field cron, or one time
// (parseWhen's forms). Recurring forms become a cron pattern and maybe a day rule, shown back to
// the owner in words.

export type Schedule =
  | { kind: 'cron'; pattern: string; label: string; days?: DayRule }
  | { kind: 'once'; at: number };

export const SCHEDULE_EXAMPLES = '比如“每天 8:00”“工作日 7:30”“每周三 19:00”“每月1号 10:00”“中秋节 10:00”“周六 20:00”，或 cron 如“0 8 * * *”';

const WD: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, '7': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6 };
const WD_NAME = ['日', '一', '二', '三', '四', '五', '六'];
const PREFIX = /^(?:(?<daily>每天|每日|天天)|(?<workday>(?:每个?)?工作日)|(?<restday>(?:每个?)?(?:休息日|节假日|假日))|(?:每个?(?:周|星期|礼拜)(?<wds>[一二三四五六日天1-7、,，和]+))|(?:每个?月\s*(?<md>\d{1,2})\s*[号日])|(?:每年\s*)?(?<festival>[\u4e00-\u9fa5]{2,4}?)(?=\s*(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|晚)?\s*\d))\s*/;
const CLOCK = /^(?<period>早上|早晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|晚)?\s*(?<h>\d{1,2})(?:[:：](?<m>\d{2})|[点时](?:(?<half>半)|(?<m2>\d{1,2})分?)?)$/;

/** Reads a schedule; `now` and `tz` are for one-off times. */
export function parseSchedule(input: string, now: number, tz: string): Schedule | { error: string } {
  const text = toHalfWidth(input).trim().replace(/\s+/g, ' ');
  if (!text) return { error: `没有写时间，${SCHEDULE_EXAMPLES}。` };
  if (/^[\d*/,\-]+( [\d*/,\-]+){4}$/.test(text)) {
    if (!isValidPattern(text)) return { error: `“${text}”不是有效的 cron 写法，${SCHEDULE_EXAMPLES}。` };
    return { kind: 'cron', pattern: text, label: `按 cron「${text}」` };
  }
  const pm = PREFIX.exec(text);
  // A word before the clock that is not a festival is a one-off day (明天 8:00): parseWhen's.
  const festival = pm?.groups!.festival !== undefined ? festivalNamed(pm.groups!.festival) : undefined;
  if (!pm || (pm.groups!.festival !== undefined && festival?.word !== pm.groups!.festival)) {
    const once = parseWhen(text, now, tz);
    if ('at' in once) return { kind: 'once', at: once.at };
    // A past time is read correctly and only needs a later one; anything else gets every form.
    return { error: once.error.includes('过去') ? once.error : `没看懂“${text}”这个时间，${SCHEDULE_EXAMPLES}。` };
  }
  const clock = readClock(text.slice(pm[0].length));
  if (!clock) return { error: `“${text}”里缺少或看不懂钟点，${SCHEDULE_EXAMPLES}。` };
  const { h, m } = clock;
  const at = `${h}:${String(m).padStart(2, '0')}`;
  const g = pm.groups!;
  if (g.daily) return { kind: 'cron', pattern: `${m} ${h} * * *`, label: `每天 ${at}` };
  if (g.workday) return { kind: 'cron', pattern: `${m} ${h} * * *`, days: 'workday', label: `工作日 ${at}（按国家法定节假日和调休）` };
  if (g.restday) return { kind: 'cron', pattern: `${m} ${h} * * *`, days: 'restday', label: `休息日 ${at}（周末和法定节假日，调休上班的周末不算）` };
  if (festival) return { kind: 'cron', pattern: `${m} ${h} * * *`, days: `festival:${festival.name}`, label: `每年${festival.name} ${at}` };
  if (g.wds) {
    const days = [...new Set([...g.wds].filter((c) => c in WD).map((c) => WD[c]!))].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
    if (days.length === 0) return { error: `“${text}”里没看懂是周几，${SCHEDULE_EXAMPLES}。` };
    return { kind: 'cron', pattern: `${m} ${h} * * ${days.join(',')}`, label: `每周${days.map((d) => WD_NAME[d]).join('、')} ${at}` };
  }
  const day = Number(g.md);
  if (day < 1 || day > 31) return { error: `每月没有${day}号，请写 1 到 31 之间的日子。` };
  // Months without that day are skipped, as cron does: say so rather than surprise the owner.
  const note = day > 28 ? '（没有这一天的月份不发）' : '';
  return { kind: 'cron', pattern: `${m} ${h} ${day} * *`, label: `每月${day}号 ${at}${note}` };
}

function readClock(s: string): { h: number; m: number } | undefined {
  const c = CLOCK.exec(s.trim());
  if (!c) return undefined;
  const g = c.groups!;
  let h = Number(g.h);
  const m = g.half ? 30 : Number(g.m ?? g.m2 ?? 0);
  if (g.period && /下午|傍晚|晚上|夜里|晚/.test(g.period) && h < 12) h += 12;
  if (g.period === '中午' && h < 6) h += 12;
  if (h > 23 || m > 59) return undefined;
  return { h, m };
}

/** The next slot of a recurring schedule after `from`, within a year and a bit; shown to the owner. */
export function nextCronSlot(schedule: { pattern: string; days?: DayRule }, from: number, tz: string): number | undefined {
  return firstSlot(schedule, from, from + 400 * DAY_MS, tz);
}
