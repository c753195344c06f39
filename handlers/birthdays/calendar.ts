import chineseDays from 'chinese-days';
import { isLeapYear, solarFallsOn, type BirthDate } from './dates.ts';

// When a birthday falls: a solar one on its month and day (2-29 on 2-28 in other years), a lunar
// one on the solar day whose lunar date it is (chinese-days knows the lunar calendar). A lunar
// 三十 in a month of 29 days goes on the 廿九, as 2-29 goes on 2-28; a leap month (闰月) repeats
// a month's dates, and only the first, ordinary one counts, as families keep it.

const { getLunarDate, getSolarDateFromLunar } = chineseDays;

/** A calendar day in the shop's zone. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (d: Day) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

export function plusDays(d: Day, n: number): Day {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The lunar date of a solar day (month, day, whether a leap month, lunar year). */
export function lunarOf(d: Day): { year: number; month: number; day: number; leap: boolean } {
  const l = getLunarDate(isoDay(d));
  return { year: l.lunarYear, month: l.lunarMon, day: l.lunarDay, leap: l.isLeap };
}

/** Whether the birthday is on this day. */
export function fallsOn(b: BirthDate, d: Day): boolean {
  if (!b.lunar) return solarFallsOn(b, d.year, d.month, d.day);
  const l = lunarOf(d);
  if (l.leap || l.month !== b.month) return false;
  if (l.day === b.day) return true;
  // 三十 in a short month: its last day, the 廿九, when the next day starts a new month.
  return b.day === 30 && l.day === 29 && lunarOf(plusDays(d, 1)).day === 1;
}

/**
 * Which year's greeting this day's is: the solar year, or for a lunar birthday the lunar year
 * (a 腊月 birthday can fall twice in one solar year, in January and December).
 */
export function greetingYear(b: BirthDate, d: Day): string {
  return b.lunar ? `农${lunarOf(d).year}` : String(d.year);
}

/** The next day (on or after `from`) the birthday falls on. */
export function nextOccurrence(b: BirthDate, from: Day): Day {
  if (!b.lunar) {
    for (const year of [from.year, from.year + 1, from.year + 2]) {
      const day = b.month === 2 && b.day === 29 && !isLeapYear(year) ? 28 : b.day;
      const candidate = { year, month: b.month, day };
      if (isoDay(candidate) >= isoDay(from)) return candidate;
    }
  }
  const lunarYear = lunarOf(from).year;
  for (const year of [lunarYear - 1, lunarYear, lunarYear + 1]) {
    const solar = solarOfLunar(year, b);
    if (solar && isoDay(solar) >= isoDay(from)) return solar;
  }
  return from;
}

function solarOfLunar(year: number, b: BirthDate): Day | undefined {
  let iso: string;
  try {
    iso = getSolarDateFromLunar(`${year}-${pad(b.month)}-${pad(b.day)}`).date;
  } catch {
    return undefined;
  }
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const solar = { year: y, month: m, day: d };
  // A 三十 the month does not have rolls over into the next month's 初一: one day back.
  return fallsOn(b, solar) ? solar : plusDays(solar, -1);
}

/** Days from one calendar day to another. */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
