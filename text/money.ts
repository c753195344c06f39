// How the bot writes an amount of money, everywhere people read one, and the amounts a text names.

import { CN_DIGIT_CHARS, parseChineseInteger } from './numerals.ts';
import { toHalfWidth } from './normalize.ts';

/** To the fen (two decimals): sums of prices add float noise that nobody should see or store. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** 30, 9.9, 12.35: cents at most, no trailing zeros, never 59.900000000001. */
export function moneyText(n: number): string {
  return String(round2(n));
}

/** "9.9元", or "9.9元/瓶" with a unit. */
export function yuan(n: number, unit?: string | null): string {
  return `${moneyText(n)}元${unit ? `/${unit}` : ''}`;
}

/** Numbers given as money: before 元/块/块钱, or after ¥. */
export function moneyIn(text: string): Set<string> {
  const t = toHalfWidth(text);
  const out = new Set<string>();
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*(?:元|块|rmb)|[¥￥$]\s*(\d+(?:\.\d+)?)/gi)) out.add(String(Number(m[1] ?? m[2])));
  for (const m of t.matchAll(new RegExp(`([${CN_DIGIT_CHARS}]+)\\s*(?:元|块)`, 'g'))) {
    const v = parseChineseInteger(m[1]!);
    out.add(v === null ? 'NaN' : String(v));
  }
  return out;
}
