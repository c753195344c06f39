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

// Money that is kept (payments, refunds, what an order owes) is kept in whole fen: 0.1 + 0.2
// yuan must be 30 fen, not 30.000000000000004.

/** Yuan as whole fen: 23.8 → 2380. */
export function toFen(yuanAmount: number): number {
  return Math.round(yuanAmount * 100);
}

/** Whole fen as the bot writes yuan: 2380 → "23.8". */
export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** "23.8元" from fen. */
export function fenYuan(fen: number): string {
  return `${fenText(fen)}元`;
}

/**
 * An amount as typed ("23.8", "23.80元", "¥23.8", "二十三块八", "23块5"), in fen; null when it is
 * not an amount of money or has more than two decimals.
 */
export function parseFen(text: string): number | null {
  const t = toHalfWidth(text).trim().replace(/^[¥￥]\s*/, '').replace(/\s*(?:元|块钱?|rmb)$/i, '');
  const plain = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (plain) return Number(plain[1]) * 100 + Number((plain[2] ?? '').padEnd(2, '0'));
  // 23块5 / 23元5角 / 二十三块八: yuan, then one digit of jiao.
  const spoken = new RegExp(`^([\\d${CN_DIGIT_CHARS}]+)\\s*(?:元|块)\\s*([\\d${CN_DIGIT_CHARS}])?\\s*(?:角|毛)?$`).exec(toHalfWidth(text).trim());
  if (!spoken) return null;
  const yuanPart = /^\d+$/.test(spoken[1]!) ? Number(spoken[1]) : parseChineseInteger(spoken[1]!);
  const jiaoText = spoken[2];
  const jiao = jiaoText === undefined ? 0 : /^\d$/.test(jiaoText) ? Number(jiaoText) : parseChineseInteger(jiaoText);
  if (yuanPart === null || jiao === null) return null;
  return yuanPart * 100 + jiao * 10;
}
