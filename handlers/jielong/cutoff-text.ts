import { parseNumber } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';

// A cut-off written in the organiser's text: 今晚9点截单, 截止周五20:00, 明天中午12点前截单,
// 截单时间：明天12:00. Pure: the phrase and the time in words parseWhen reads.

export interface CutoffText {
  /** As written, so the owner can see what was understood. */
  phrase: string;
  /** The time part only ("今晚9点", "周五20:00"), for parseWhen. */
  when: string;
}

const DAY = '(?:大后天|后天|明天|明日|明晚|明早|今天|今日|今晚|今早|今夜|(?:下个?|本|这)?(?:周|星期|礼拜)[一二三四五六日天1-7]|\\d{1,2}[-/.月]\\d{1,2}[日号]?|(?:本月|这个月)?\\d{1,2}[号日])';
/** Lunar days (腊月二十三) are found, so the owner hears of them, though no time is worked out. */
const LUNAR = '(?:正|腊|冬|[一二三四五六七八九十]{1,2})月(?:初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|[一二三四五六七八九])';
const PERIOD = '(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|晚|下班)';
const CLOCK = '(?:\\d{1,2}|[一二两三四五六七八九十]{1,3})(?:[:：]\\d{2}|[点时](?:半|\\d{1,2}分?|[一二三四五六七八九十]{1,3}分?)?)';
const WHEN = `(?:(?:${DAY}\\s*)?(?:${PERIOD}\\s*)?${CLOCK}|${DAY}\\s*${PERIOD}?|${LUNAR})`;
const KEYWORD = '(?:截单|截止接龙|截止|截至|截团|结束接龙|停止接龙|结束|停单|关团|前报|前下单|前接龙)';
const FORMS = [
  // 今晚9点截单, 明天中午12点前截单, 周五20:00截止, 本周四截单, 晚上10点前报
  // …明早6点出发前截止: a few words may stand between the time and 前.
  new RegExp(`(?<when>${WHEN})\\s*(?:[\\u4e00-\\u9fff]{0,4}?之?前|为止)?\\s*${KEYWORD}`),
  // 截止周五20:00, 截单时间：明天12:00, 截至周五下班前（17:30）
  new RegExp(`${KEYWORD}(?:时间|日期)?\\s*(?:到|至|于|是|为)?\\s*[:：]?\\s*(?<when>${WHEN})(?:\\s*前)?(?:\\s*[（(]\\s*(?<clock>${CLOCK})\\s*[)）])?`),
];

/** The first cut-off phrase in the lines, or null. */
export function findCutoff(lines: string[]): CutoffText | null {
  for (const line of lines) {
    // A cut-off is said near the start of a line; a pasted essay is not searched end to end.
    const text = toHalfWidth(line.slice(0, 200));
    for (const re of FORMS) {
      const m = re.exec(text);
      if (!m) continue;
      const g = m.groups!;
      return { phrase: line.slice(m.index, m.index + m[0].length).trim(), when: whenOf(g.when!.trim(), g.clock) };
    }
  }
  return null;
}

/** Default hours for a day written without a clock time: the owner is told what was read. */
const PERIOD_HOUR: Record<string, string> = { 早上: '8点', 早晨: '8点', 上午: '10点', 中午: '12点', 下午: '17点', 傍晚: '18点', 下班: '下午5点半', 晚上: '21点', 晚: '21点', 夜里: '22点', 凌晨: '1点' };

/** The time in words parseWhen reads: 本周四 → 周四, a day alone → that evening. */
function whenOf(when: string, clock: string | undefined): string {
  let w = when.replace(/^(?:本|这)(?=周|星期|礼拜)/, '');
  if (clock) return `${w.replace(new RegExp(`${PERIOD}$`), '')} ${clock}`;
  if (new RegExp(`${CLOCK}$`).test(w)) return afternoonIfBare(w);
  const period = new RegExp(`${PERIOD}$`).exec(w)?.[0];
  if (period) w = w.slice(0, -period.length);
  return `${w}${period === '下班' ? '' : period === '晚' ? '晚上' : (period ?? '晚上')}${PERIOD_HOUR[period ?? '晚上'] ?? '20点'}`;
}

/** "三点截单" with no part of the day means the afternoon: nobody closes a group buy at 3 a.m. */
function afternoonIfBare(when: string): string {
  if (new RegExp(PERIOD).test(when) || /晚|夜|早/.test(when)) return when;
  const clock = new RegExp(`${CLOCK}$`).exec(when);
  if (!clock) return when;
  const hour = parseNumber(/^(?:\d{1,2}|[一二两三四五六七八九十]{1,3})/.exec(clock[0])![0]) ?? 0;
  return hour >= 1 && hour <= 6 && !clock[0].includes(':') ? `${when.slice(0, clock.index)}下午${clock[0]}` : when;
}
