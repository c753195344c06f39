// Reading numbers and quantities as residents write them (in a 接龙, a question, a time): Arabic
// or Chinese numerals, halves (一斤半, 两个半, 半斤), multipliers (x2 ×2 *2) and +1. Pure
// functions, no state.

import { toHalfWidth } from './normalize.ts';

/** Units a quantity may carry. Longer ones first so 公斤 wins over 斤 and 毫升 over 升. */
export const UNITS = [
  '公斤', '千克', '毫升',
  '份', '件', '个', '斤', '克', '箱', '包', '瓶', '盒', '袋', '串', '只', '条', '提', '桶', '罐', '支',
  '根', '颗', '把', '块', '板', '杯', '套', '张', '本', '打', '听', '盆', '捆', '扎', '对', '双', '卷',
  '片', '碗', '筐', '篮', '升', '粒', '斗', '株', '棵', '头', '枚', '束', '组', '人',
] as const;

export const UNIT_PATTERN = `(?:${UNITS.join('|')})`;
/**
 * A number without a unit is a count only when small: "小米29 大米69" repeats prices, "米粒77"
 * is a nickname. Above this, a bare number is never a quantity.
 */
export const MAX_BARE_COUNT = 20;

export const CN_DIGIT_CHARS = '零〇一二两三四五六七八九十百千万';

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_POWERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A Chinese integer (一 十五 二十 一百零五 两千 三万): null when it is not a well-formed
 * numeral, so "三两" (a name ending in 三 before 两瓶) is not read as a number.
 */
export function parseChineseInteger(text: string): number | null {
  if (!text) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastPower = Infinity;
  let afterZero = false;
  for (const ch of text) {
    const value = CN_DIGITS[ch];
    if (value !== undefined) {
      // Two digits in a row (一二, 三两) are not one number; 零 is the only filler allowed.
      if (digit !== null) return null;
      if (value === 0) afterZero = true;
      else digit = value;
      continue;
    }
    const power = CN_POWERS[ch];
    if (power !== undefined) {
      if (power >= lastPower) return null; // 十百 is not a number
      // 十五 = 15: a bare 十 means one ten; a bare 百/千 needs its digit.
      if (digit === null && power !== 10) return null;
      section += (digit ?? 1) * power;
      digit = null;
      lastPower = power;
      afterZero = false;
      continue;
    }
    if (ch === '万') {
      if (total > 0) return null;
      total = (section + (digit ?? 0)) * 10000;
      if (total === 0) return null;
      section = 0;
      digit = null;
      lastPower = Infinity;
      afterZero = false;
      continue;
    }
    return null;
  }
  // Spoken shorthand: 一百五 is 150 and 两千三 is 2300 (without 零 the last digit is one place down).
  if (digit !== null && !afterZero && lastPower >= 100 && lastPower !== Infinity) digit *= lastPower / 10;
  return total + section + (digit ?? 0);
}

/** An Arabic (with decimals, full-width allowed) or Chinese number; null otherwise. */
export function parseNumber(text: string): number | null {
  const t = toHalfWidth(text.trim());
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return parseChineseInteger(t);
}

export interface Quantity {
  qty: number;
  unit: string | null;
}

const AR = '\\d+(?:\\.\\d+)?';
const CN = `[${CN_DIGIT_CHARS}]+`;

const MULTIPLIER = new RegExp(`^[xX×*＊]\\s*(${AR}|${CN})\\s*(${UNIT_PATTERN})?$`);
const PLUS = new RegExp(`^[+＋]\\s*(\\d+)\\s*(${UNIT_PATTERN})?$`);
const WITH_UNIT = new RegExp(`^各?\\s*(${AR}|${CN}|半)\\s*(${UNIT_PATTERN})(半)?$`);

/**
 * Reads one quantity phrase as a whole: "3瓶", "两瓶", "一斤半" (1.5), "两个半" (2.5),
 * "半斤" (0.5), "1.5斤", "x2", "×2", "*2", "+1", "十五份", "各一斤", a bare "2".
 * Anything else, including "三两" or "1.2.3", is null: this never guesses.
 */
export function readQuantity(text: string): Quantity | null {
  const t = toHalfWidth(text.trim());
  let m = MULTIPLIER.exec(t) ?? PLUS.exec(t);
  if (m) {
    const qty = parseNumber(m[1]!);
    return qty === null ? null : { qty, unit: m[2] ?? null };
  }
  m = WITH_UNIT.exec(t);
  if (m) {
    const base = m[1] === '半' ? 0.5 : parseNumber(m[1]!);
    if (base === null) return null;
    // 半斤半 is not a thing; a trailing 半 only follows a whole number.
    if (m[3] && m[1] === '半') return null;
    return { qty: m[3] ? base + 0.5 : base, unit: m[2]! };
  }
  const bare = parseNumber(t.replace(/^各\s*/, ''));
  return bare === null ? null : { qty: bare, unit: null };
}

export interface QuantityMatch extends Quantity {
  /** Offsets in the scanned text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  /** 各 before the number: the quantity applies to each product named before it. */
  each: boolean;
}

// One scanner for every quantity form. Digits right after a Latin letter (gt7, alice123)
// are never a quantity; a bare number (no unit) is only read when it stands alone and
// has at most two digits and no Chinese character right after it (3号, 2楼 are not
// quantities), since longer bare numbers are rooms, years or codes.
const SCAN = new RegExp(
  [
    `(?<![A-Za-z])[xX×*＊]\\s*(?:${AR}|${CN})(?:\\s*${UNIT_PATTERN})?`,
    `[+＋]\\s*\\d+(?:\\s*${UNIT_PATTERN})?`,
    `(?:各\\s*)?(?:(?<![A-Za-z\\d.·])${AR}|${CN}|半)\\s*${UNIT_PATTERN}半?`,
    // A number after · or a letter is part of a nickname (小 屿·77, gt7).
    `(?:各\\s*)?(?<![A-Za-z\\d.·])\\d{1,2}(?:\\.\\d+)?(?![A-Za-z\\d.%\\u4e00-\\u9fff])`,
  ].join('|'),
  'g',
);

/**
 * Every quantity in a text, left to right. The text should already have times, phone
 * numbers, rooms and pack specs blanked out (parse.ts does this).
 */
export function findQuantities(text: string): QuantityMatch[] {
  const found: QuantityMatch[] = [];
  for (const m of text.matchAll(SCAN)) {
    const read = readWithNumeralSuffix(m[0]);
    if (!read) continue;
    const start = m.index + read.skip;
    found.push({
      qty: read.qty, unit: read.unit, start, end: m.index + m[0].length,
      each: m[0].slice(read.skip).startsWith('各'),
    });
  }
  return found;
}

/**
 * The scanner grabs every numeral character before a unit, so "张三两瓶" yields "三两瓶".
 * Drop leading characters until the rest reads as a quantity ("两瓶"); `skip` says how many.
 */
function readWithNumeralSuffix(match: string): (Quantity & { skip: number }) | null {
  for (let skip = 0; skip < match.length; skip++) {
    const read = readQuantity(match.slice(skip));
    if (read && read.qty > 0) return { ...read, skip };
    if (!CN_DIGIT_CHARS.includes(match[skip]!)) return null;
  }
  return null;
}

const ARABIC = /\d+(?:\.\d+)?/g;
const CHINESE = new RegExp(`[${CN_DIGIT_CHARS}]{2,}`, 'g');

/** Numbers written in a text: Arabic, and Chinese numerals of two characters or more (三十, 一百二). */
export function numbersIn(text: string): Set<string> {
  const t = toHalfWidth(text);
  const out = new Set<string>();
  for (const m of t.matchAll(ARABIC)) out.add(String(Number(m[0])));
  for (const m of t.matchAll(CHINESE)) {
    const v = parseChineseInteger(m[0]);
    if (v !== null) out.add(String(v));
  }
  return out;
}

/** ① ⑴ ⒈ ㉑ ㊱ …: the number a circled or bracketed digit stands for (list markers, menu numbers). */
export function circledNumber(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x2460 && c <= 0x2473) return c - 0x2460 + 1;
  if (c >= 0x2474 && c <= 0x2487) return c - 0x2474 + 1;
  if (c >= 0x2488 && c <= 0x249b) return c - 0x2488 + 1;
  if (c >= 0x3251 && c <= 0x325f) return c - 0x3251 + 21;
  return c - 0x32b1 + 36;
}
