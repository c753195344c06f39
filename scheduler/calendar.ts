import chineseDays from 'chinese-days';

// The package is CommonJS behind a UMD wrapper: Node's ESM loader sees only its default export.
const { getLunarFestivals, getSolarTermDate, isWorkday } = chineseDays;

// The Chinese calendar a shop lives by, from chinese-days: which days people work (国庆 off, a
// 调休 Saturday on) and when the festivals fall (lunar ones move every year). A recurring job
// may carry a day rule; the scheduler asks it of each day a slot falls on.
//
// chinese-days knows the State Council's holidays for the years it has published (each release
// adds the next year, usually in November); for a year it does not know yet, a 工作日 is Monday
// to Friday. Keep the package up to date.

/** Which days a recurring job runs on, beside its cron pattern. */
export type DayRule = 'workday' | 'restday' | `festival:${string}`;

/** A calendar date, as the shop's clock reads it. */
export interface Ymd {
  y: number;
  mo: number;
  d: number;
}

/** Festivals owners name, each with the words they type for it. */
const FESTIVALS: ReadonlyArray<{ name: string; words: readonly string[]; on: (year: number) => Ymd | undefined }> = [
  { name: '元旦', words: ['元旦', '新年'], on: (y) => ({ y, mo: 1, d: 1 }) },
  { name: '除夕', words: ['除夕', '大年三十', '年三十', '大年夜'], on: (y) => lunar(y, '除夕') },
  { name: '春节', words: ['春节', '大年初一', '过年'], on: (y) => lunar(y, '春节') },
  { name: '元宵节', words: ['元宵节', '元宵'], on: (y) => lunar(y, '元宵节') },
  { name: '情人节', words: ['情人节'], on: (y) => ({ y, mo: 2, d: 14 }) },
  { name: '妇女节', words: ['妇女节', '三八节', '女神节'], on: (y) => ({ y, mo: 3, d: 8 }) },
  { name: '清明节', words: ['清明节', '清明'], on: (y) => term(y, 4, 'pure_brightness') },
  { name: '劳动节', words: ['劳动节', '五一'], on: (y) => ({ y, mo: 5, d: 1 }) },
  { name: '母亲节', words: ['母亲节'], on: (y) => nthSunday(y, 5, 2) },
  { name: '儿童节', words: ['儿童节', '六一'], on: (y) => ({ y, mo: 6, d: 1 }) },
  { name: '端午节', words: ['端午节', '端午'], on: (y) => lunar(y, '端午节') },
  { name: '父亲节', words: ['父亲节'], on: (y) => nthSunday(y, 6, 3) },
  { name: '七夕', words: ['七夕节', '七夕', '乞巧节'], on: (y) => lunar(y, '乞巧节') },
  { name: '教师节', words: ['教师节'], on: (y) => ({ y, mo: 9, d: 10 }) },
  { name: '中秋节', words: ['中秋节', '中秋', '八月十五'], on: (y) => lunar(y, '中秋节') },
  { name: '国庆节', words: ['国庆节', '国庆'], on: (y) => ({ y, mo: 10, d: 1 }) },
  { name: '重阳节', words: ['重阳节', '重阳', '九九重阳'], on: (y) => lunar(y, '重阳节') },
  { name: '冬至', words: ['冬至'], on: (y) => term(y, 12, 'the_winter_solstice') },
  { name: '腊八节', words: ['腊八节', '腊八'], on: (y) => lunar(y, '腊八节') },
  { name: '平安夜', words: ['平安夜'], on: (y) => ({ y, mo: 12, d: 24 }) },
  { name: '圣诞节', words: ['圣诞节', '圣诞'], on: (y) => ({ y, mo: 12, d: 25 }) },
];

/** The festival a word names (中秋 → 中秋节), longest word first so 中秋节 is not read as 中秋 + 节. */
export function festivalNamed(text: string): { name: string; word: string } | undefined {
  let best: { name: string; word: string } | undefined;
  for (const f of FESTIVALS) {
    for (const word of f.words) if (text.startsWith(word) && (!best || word.length > best.word.length)) best = { name: f.name, word };
  }
  return best;
}

/** The festivals owners can name, for a usage line. */
export const FESTIVAL_NAMES = FESTIVALS.map((f) => f.name);

/** The day a festival falls on in a year (the lunar calendar's solar day for lunar ones). */
export function festivalDay(name: string, year: number): Ymd | undefined {
  return FESTIVALS.find((f) => f.name === name)?.on(year);
}

/** Whether a job with this rule runs on the day. */
export function dayMatches(rule: DayRule, day: Ymd): boolean {
  if (rule === 'workday') return isWorkday(iso(day));
  if (rule === 'restday') return !isWorkday(iso(day));
  const on = festivalDay(rule.slice('festival:'.length), day.y);
  return on !== undefined && on.mo === day.mo && on.d === day.d;
}

/**
 * The nearest day after (direction 1) or before (-1) `day` that the rule allows: a festival
 * straight from its date this year or the next (or last), other rules a day at a time.
 */
export function nearestDay(rule: DayRule, day: Ymd, direction: 1 | -1): Ymd | undefined {
  if (rule.startsWith('festival:')) {
    const name = rule.slice('festival:'.length);
    for (const y of [day.y, day.y + direction]) {
      const on = festivalDay(name, y);
      if (on && Math.sign(compare(on, day)) === direction) return on;
    }
    return undefined;
  }
  let d = day;
  // Holidays are at most a couple of weeks long: a month of days always holds a match.
  for (let i = 0; i < 31; i++) {
    d = addDays(d, direction);
    if (dayMatches(rule, d)) return d;
  }
  return undefined;
}

function compare(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.mo - b.mo || a.d - b.d;
}

function addDays(day: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(day.y, day.mo - 1, day.d + n));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function isDayRule(v: unknown): v is DayRule {
  return v === 'workday' || v === 'restday' || (typeof v === 'string' && v.startsWith('festival:') && festivalDay(v.slice(9), 2026) !== undefined);
}

// Lunar festivals per year are read once: the library walks every day of the range.
const lunarYears = new Map<number, Map<string, Ymd>>();

function lunar(year: number, name: string): Ymd | undefined {
  let days = lunarYears.get(year);
  if (!days) {
    days = new Map();
    for (const { date, name: names } of getLunarFestivals(`${year}-01-01`, `${year}-12-31`)) {
      for (const n of names) if (!days.has(n)) days.set(n, fromIso(date));
    }
    lunarYears.set(year, days);
  }
  return days.get(name);
}

function term(year: number, month: number, key: Parameters<typeof getSolarTermDate>[2]): Ymd {
  return fromIso(getSolarTermDate(year, month, key));
}

function nthSunday(y: number, mo: number, n: number): Ymd {
  const first = new Date(Date.UTC(y, mo - 1, 1)).getUTCDay();
  return { y, mo, d: 1 + ((7 - first) % 7) + (n - 1) * 7 };
}

const iso = (day: Ymd) => `${day.y}-${String(day.mo).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;

function fromIso(date: string): Ymd {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return { y, mo, d };
}
