import { parseChineseInteger } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';

// A birthday as people write it: 3-15, 3月15日, 3.15, 03/15, 三月十五, 1990年3月15日,
// 农历八月十五, 腊月初八. Only the month and day are kept (a birth year is nobody's business
// here). Pure functions, no state.

export interface BirthDate {
  month: number;
  day: number;
  /** A lunar (农历) birthday: the DM goes on that lunar date's solar day each year. */
  lunar: boolean;
}

export interface DateMatch extends BirthDate {
  /** Offsets in the text that was scanned, end exclusive. */
  start: number;
  end: number;
}

const SOLAR_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the month and day make a date (2-29 does; a lunar month has at most 30 days). */
export function isValidDate(d: { month: number; day: number; lunar: boolean }): boolean {
  if (!Number.isInteger(d.month) || !Number.isInteger(d.day) || d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= (d.lunar ? 30 : SOLAR_DAYS[d.month - 1]!);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const LUNAR_MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const LUNAR_TENS = ['初', '十', '廿', '三十'];

/** 农历八月十五, 腊月初八 as the lunar calendar names them. */
export function dateText(d: BirthDate): string {
  if (!d.lunar) return `${d.month}月${d.day}日`;
  return `农历${LUNAR_MONTHS[d.month - 1]}月${lunarDayText(d.day)}`;
}

function lunarDayText(day: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (day <= 10) return `初${digits[day]}`;
  if (day < 20) return `十${digits[day - 10]}`;
  if (day === 20) return '二十';
  if (day < 30) return `${LUNAR_TENS[2]}${digits[day - 20]}`;
  return '三十';
}

// The lunar markers: a word (农历, 阴历 …), a month only the lunar calendar has (正月, 冬月,
// 腊月), or a day only it has (初八, 廿三). Solar words (阳历, 公历, 新历) say the opposite.
const LUNAR_WORD = /(?:农历|阴历|老历|旧历|夏历)/;
const SOLAR_WORD = /(?:阳历|公历|新历|国历)/;

const YEAR = String.raw`(?:(?:19|20)\d{2}|\d{2})\s*(?:年|[-/.．])\s*`;
const CN_YEAR = String.raw`(?:[一二三四五六七八九〇零]{2,4}年)`;
// Any one or two digits: 13月45日 is found, so that it can be refused rather than missed.
const AR_MONTH = String.raw`(\d{1,2})`;
const AR_DAY = String.raw`(\d{1,2})(?!\d)`;
const CN_MONTH = String.raw`(正|冬|腊|十[一二]|十|[一二三四五六七八九])`;
const CN_DAY = String.raw`(初十|初[一二三四五六七八九]|三十一?|卅|廿[一二三四五六七八九]|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])`;
const DAY_END = String.raw`(?:\s*(?:日|号|號))?`;

// Tried in this order at each place in the text.
const FORMS: Array<{ re: RegExp; read(m: RegExpExecArray): { month: number; day: number; lunarOnly: boolean } | null }> = [
  // 3月15日, 1990年3月15号, 3月十五, 03月15
  {
    re: new RegExp(String.raw`(?:${YEAR})?${AR_MONTH}\s*月\s*(?:${AR_DAY}|${CN_DAY})${DAY_END}`, 'y'),
    read: (m) => ({ month: Number(m[1]), day: m[2] ? Number(m[2]) : cnDay(m[3]!), lunarOnly: !m[2] && isLunarDay(m[3]!) }),
  },
  // 3-15, 3.15, 03/15, 1990-03-15, 1990.3.15
  {
    re: new RegExp(String.raw`(?:${YEAR})?${AR_MONTH}\s*[-/.．·]\s*${AR_DAY}${DAY_END}(?![\d.]|\s*[元块%])`, 'y'),
    read: (m) => ({ month: Number(m[1]), day: Number(m[2]), lunarOnly: false }),
  },
  // 三月十五, 腊月初八, 一九九零年三月十五日, 十二月一号, 正月十五
  {
    re: new RegExp(String.raw`(?:${CN_YEAR})?${CN_MONTH}\s*月\s*(?:${CN_DAY}|${AR_DAY})${DAY_END}`, 'y'),
    read: (m) => {
      const month = cnMonth(m[1]!);
      const day = m[2] ? cnDay(m[2]) : Number(m[3]);
      return { month, day, lunarOnly: ['正', '冬', '腊'].includes(m[1]!) || (m[2] !== undefined && isLunarDay(m[2])) };
    },
  },
];

function cnMonth(s: string): number {
  if (s === '正') return 1;
  if (s === '冬') return 11;
  if (s === '腊') return 12;
  return parseChineseInteger(s) ?? 0;
}

function cnDay(s: string): number {
  if (s.startsWith('初')) return parseChineseInteger(s.slice(1)) ?? 0;
  if (s === '卅') return 30;
  if (s.startsWith('廿')) return 20 + (parseChineseInteger(s.slice(1)) ?? 0);
  return parseChineseInteger(s) ?? 0;
}

function isLunarDay(s: string): boolean {
  return s.startsWith('初') || s.startsWith('廿') || s === '卅';
}

// Days people name instead of a date (我生日是元旦, 我生日是中秋). 除夕 is the lunar year's last
// day: 腊月三十, which in a year of a 29-day 腊月 falls on the 廿九 (calendar.ts).
const NAMED: Array<[RegExp, BirthDate]> = [
  [/元旦/g, { month: 1, day: 1, lunar: false }],
  [/情人节/g, { month: 2, day: 14, lunar: false }],
  [/妇女节|女神节/g, { month: 3, day: 8, lunar: false }],
  [/劳动节|五一节/g, { month: 5, day: 1, lunar: false }],
  [/儿童节|六一节/g, { month: 6, day: 1, lunar: false }],
  [/国庆节?/g, { month: 10, day: 1, lunar: false }],
  [/平安夜/g, { month: 12, day: 24, lunar: false }],
  [/圣诞节?/g, { month: 12, day: 25, lunar: false }],
  [/春节|大年初一/g, { month: 1, day: 1, lunar: true }],
  [/元宵节?/g, { month: 1, day: 15, lunar: true }],
  [/端午节?/g, { month: 5, day: 5, lunar: true }],
  [/七夕节?/g, { month: 7, day: 7, lunar: true }],
  [/中秋节?/g, { month: 8, day: 15, lunar: true }],
  [/重阳节?/g, { month: 9, day: 9, lunar: true }],
  [/除夕/g, { month: 12, day: 30, lunar: true }],
];

/**
 * Every date in a text, left to right, valid or not (13月45日 is found, and isValidDate says
 * no). A 农历 or 阳历 word up to a few characters before a date decides its calendar.
 */
export function findDates(raw: string): DateMatch[] {
  const text = toHalfWidth(raw);
  const found: DateMatch[] = [];
  let i = 0;
  while (i < text.length) {
    // A date starts at a digit or a Chinese numeral not in the middle of a number.
    const prev = text[i - 1] ?? '';
    if (!/[\d一二两三四五六七八九十正冬腊〇零]/.test(text[i]!) || /[\d.]/.test(prev)) {
      i++;
      continue;
    }
    let hit: DateMatch | undefined;
    for (const form of FORMS) {
      form.re.lastIndex = i;
      const m = form.re.exec(text);
      if (!m) continue;
      const read = form.read(m);
      if (!read) continue;
      const before = text.slice(Math.max(0, i - 8), i);
      const lunarWord = LUNAR_WORD.test(before) && !SOLAR_WORD.test(before.slice(before.search(LUNAR_WORD)));
      hit = { month: read.month, day: read.day, lunar: read.lunarOnly || lunarWord, start: i, end: i + m[0].length };
      break;
    }
    if (hit) {
      found.push(hit);
      i = hit.end;
    } else i++;
  }
  for (const [re, date] of NAMED) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!found.some((f) => f.start < end && start < f.end)) found.push({ ...date, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The one date a text gives, when it gives exactly one (the same date twice counts once). */
export function oneDate(text: string): DateMatch | undefined {
  const all = findDates(text);
  if (all.length === 0) return undefined;
  const first = all[0]!;
  return all.every((d) => d.month === first.month && d.day === first.day && d.lunar === first.lunar) ? first : undefined;
}

/** Whether a solar birthday falls on this day: 2-29 goes on 2-28 in a year without a 2-29. */
export function solarFallsOn(b: { month: number; day: number }, y: number, m: number, d: number): boolean {
  if (b.month === m && b.day === d) return true;
  return b.month === 2 && b.day === 29 && m === 2 && d === 28 && !isLeapYear(y);
}
