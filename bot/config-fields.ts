import { z } from 'zod';
import { isValidPattern } from '../scheduler/slots.ts';

// The kinds of setting (a number in a range, a yes/no, a list, a cron pattern …) the settings
// are made of: bot/config.ts for the bot's own, handlers/<feature>/config.ts for a feature's.

export type QuietHours = { start: number; end: number } | null;

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const hhmm = /^([01]?\d|2[0-3]):[0-5]\d$/;
export const quietHours = z
  .string()
  .regex(/^\s*(([01]?\d|2[0-3]):[0-5]\d\s*-\s*([01]?\d|2[0-3]):[0-5]\d|off)\s*$/, '形如 22:00-08:00，或 off')
  .transform((v) => parseQuietHours(v));
// Lead times before a stream: "24h,2h,10m" → minutes, longest first.
export const leads = z
  .string()
  .regex(/^\s*(off|\d{1,4}\s*[hm](\s*[,，]\s*\d{1,4}\s*[hm])*)\s*$/i, '形如 24h,2h,10m（h 小时，m 分钟），或 off')
  .transform((v) => parseLeads(v));
export const timeZone = z.string().refine(isTimeZone, '一个 IANA 时区，如 Asia/Shanghai');
export const list = z.string().transform((v) => v.split(/[,，]/).map((s) => s.trim()).filter(Boolean));
export const streakBonus = z
  .string()
  .regex(/^\s*(off|[1-9]\d{0,2}\s*:\s*\d{1,5}(\s*[,，]\s*[1-9]\d{0,2}\s*:\s*\d{1,5})*)\s*$/, '形如 7:10,30:30（连续第几天:奖励几分），或 off')
  .transform((v) => parseStreakBonus(v));
/** "7,14,30,60": ascending positive numbers (RFM score limits). */
export const ascending = z
  .string()
  .regex(/^\s*\d+(\.\d+)?(\s*[,，]\s*\d+(\.\d+)?){3}\s*$/, '四个从小到大的数，用逗号分开，如 7,14,30,60')
  .transform((v) => v.split(/[,，]/).map((s) => Number(s.trim())))
  .refine((a) => a.every((n, i) => i === 0 || n > a[i - 1]!), '四个数要从小到大，如 7,14,30,60');
export const cron = z.string().refine(isValidPattern, '5 段 cron 表达式，如 30 10 * * *（每天 10:30）');
// WeCom's EncodingAESKey: 43 letters and digits (base64 of 32 bytes without the trailing '=').
export const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, '43 位字母和数字（企业微信后台随机生成的 EncodingAESKey）');
/** "chatid=key,chatid=key" → { chatid: key } */
export const pairs = z
  .string()
  .regex(/^\s*([^=,，\s]+=[^=,，\s]+\s*([,，]\s*|$))*$/, '形如 群ID=key,群ID=key')
  .transform((v) => Object.fromEntries(v.split(/[,，]/).map((p) => p.trim()).filter(Boolean).map((p) => p.split('=') as [string, string])));

function parseLeads(v: string): number[] {
  if (/^\s*off\s*$/i.test(v)) return [];
  const minutes = v.split(/[,，]/).map((p) => {
    const m = /(\d+)\s*([hm])/i.exec(p)!;
    return Number(m[1]) * (m[2]!.toLowerCase() === 'h' ? 60 : 1);
  });
  return [...new Set(minutes.filter((n) => n > 0))].sort((a, b) => b - a);
}

/** Quiet hours as minutes of the day; start > end means the window spans midnight. */
export function parseQuietHours(text: string): QuietHours {
  if (text.trim() === 'off') return null;
  const [from, to] = text.split('-').map((s) => s.trim());
  if (!from || !to || !hhmm.test(from) || !hhmm.test(to)) throw new Error(`bad quiet hours: ${text}`);
  return { start: toMinutes(from), end: toMinutes(to) };
}

/** `7:10,30:30` → extra points on those days of a check-in streak, in day order. */
export function parseStreakBonus(text: string): Array<{ day: number; points: number }> {
  if (text.trim() === 'off') return [];
  const bonuses = text.split(/[,，]/).map((part) => {
    const [day, points] = part.split(':').map((s) => Number(s.trim()));
    return { day: day ?? 0, points: points ?? 0 };
  });
  if (bonuses.some((b) => !Number.isInteger(b.day) || b.day < 1 || !Number.isInteger(b.points) || b.points < 0)) {
    throw new Error(`bad streak bonus: ${text}`);
  }
  return bonuses.sort((a, b) => a.day - b.day);
}

function toMinutes(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
