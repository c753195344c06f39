import type { Config } from '../../bot/config.ts';
import type { SharedCard } from '../../bot/types.ts';
import { zonedInstant, zonedParts, DAY_MS } from '../../scheduler/clock.ts';
import { WECHAT_EMOJI } from '../../text/keywords.ts';
import { plainSpaces } from '../../text/normalize.ts';
import type { StreakRecord } from './state.ts';
import type { Keyword } from '../../bot/commands.ts';

// What earns what. Pure functions: the handlers decide nothing the tests cannot reach here.

export interface PointsRules {
  checkin: number;
  /** Extra points on those days of a streak, e.g. day 7 → 10. */
  streakBonus: ReadonlyArray<{ day: number; points: number }>;
  share: number;
  shareDailyCap: number;
  invite: number;
  inviteFirstOrder: number;
  perYuan: number;
}

export function rulesFrom(config: Config): PointsRules {
  return {
    checkin: config.POINTS_CHECKIN, streakBonus: config.POINTS_STREAK_BONUS, share: config.POINTS_SHARE,
    shareDailyCap: config.POINTS_SHARE_DAILY_CAP, invite: config.POINTS_INVITE,
    inviteFirstOrder: config.POINTS_INVITE_FIRST_ORDER, perYuan: config.POINTS_PER_YUAN,
  };
}

// ---------------------------------------------------------------------------------------
// Check-in

/** 签到 in /help, beside what counts as one (isCheckinText). */
export const checkinKeyword = (points: number): Keyword => ({ text: '签到（或 打卡）', summary: `在群里每天签到 +${points} 分，连续签到有奖励` });

const CHECKIN_WORD = /签到|打卡/;
const CHECKIN_WORDS = /签到|打卡/g;
const DECORATION = /[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]/gu;
/** A question or a complaint about checking in is not a check-in ("怎么签到", "签到不了"). */
const NOT_A_CHECKIN = /吗|么|呢|吧|怎|如何|什么|啥|哪|几|谁|为何|能否|可以|是不是|不|没|别|忘|求|教|问|规则|奖励/;
/** "签到啦", "今日打卡", "早安签到": a few words around the keyword, no more. */
const MAX_EXTRA_CHARS = 4;

/** True for `签到` / `打卡` alone or with a few words; false for questions and sentences. */
export function isCheckinText(text: string): boolean {
  if (/[?？]/.test(text)) return false;
  const bare = text.replace(WECHAT_EMOJI, '').replace(DECORATION, '');
  if (!CHECKIN_WORD.test(bare)) return false;
  const extra = bare.replace(CHECKIN_WORDS, '');
  return extra.length <= MAX_EXTRA_CHARS && !NOT_A_CHECKIN.test(extra);
}

/** Asking how checking in works ("怎么签到", "签到怎么弄", "打卡规则"): answered with the rules. */
const HOW_TO = /怎么|怎样|怎麼|如何|咋|哪里|在哪|规则|奖励|有什么用|有啥用|多少分|几分/;
/** Longer sentences that merely mention it ("…记得来签到哦") are chat, not a question to the bot. */
const MAX_QUESTION_CHARS = 12;
/** A complaint or chat ("我签到了怎么没加分", "今天怎么没人签到"), not a how-to: not answered with the rules. */
const NOT_HOW_TO = /没|为什么|了怎么|不见|不对|错/;

/** True for a short question about how 签到 / 打卡 works. */
export function isCheckinQuestion(text: string): boolean {
  const bare = text.replace(WECHAT_EMOJI, '').replace(DECORATION, '');
  return CHECKIN_WORD.test(bare) && HOW_TO.test(bare) && !NOT_HOW_TO.test(bare) && bare.length <= MAX_QUESTION_CHARS;
}

/** How checking in works, with the configured points and streak bonuses. */
export function checkinHowTo(rules: PointsRules): string {
  const bonuses = [...rules.streakBonus].filter((b) => b.points > 0).sort((a, b) => a.day - b.day);
  const streak = bonuses.length > 0
    ? `连续签到 ${bonuses.map((b) => `${b.day} 天再奖 ${b.points} 分`).join('，')}`
    : '';
  return `每天在群里发「签到」就行，每次 +${rules.checkin} 分${streak ? `；${streak}` : ''}。发「我的积分」可以查积分～`;
}

export interface CheckinOutcome {
  streak: number;
  base: number;
  bonus: number;
}

/** A check-in on `day`: the streak it makes and what it earns. null = already checked in that day. */
export function checkinOutcome(prev: StreakRecord | undefined, day: string, rules: PointsRules): CheckinOutcome | null {
  if (prev && dayNumber(day) <= dayNumber(prev.lastDay)) return null;
  const streak = prev && dayNumber(day) - dayNumber(prev.lastDay) === 1 ? prev.streak + 1 : 1;
  const bonus = rules.streakBonus.filter((b) => b.day === streak).reduce((s, b) => s + b.points, 0);
  return { streak, base: rules.checkin, bonus };
}

/** The streak a member still holds on `day`: it lapses once a whole day is missed. */
export function currentStreak(record: StreakRecord | undefined, day: string): number {
  if (!record) return 0;
  return dayNumber(day) - dayNumber(record.lastDay) <= 1 ? record.streak : 0;
}

/** `YYYY-MM-DD` → days since the epoch, so consecutive days differ by exactly one. */
export function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

// ---------------------------------------------------------------------------------------
// Shares

/** Query parameters WeChat and trackers add to the same page: they do not make it a new link. */
const TRACKING = /^(utm_.*|from|scene|isappinstalled|clicktime|enterid|sessionid|subscene|ascene|devicetype|version|nettype|lang|exportkey|pass_ticket|wx_header|sharer_.*|share_.*|shareid|spm|chksm|key|uin)$/i;

/** The same page however it was shared: scheme and host lower-cased, no fragment, no trackers, sorted query. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw.trim();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return raw.trim();
  url.hash = '';
  const kept = [...url.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

/**
 * What makes two shares "the same" for one member: the normalised URL, or for a card
 * without one (a mini-program) its type and title. null for a card that is not a share.
 */
export function shareIdentity(card: SharedCard): string | null {
  if (card.type === 'photo') return null;
  if (card.url) return normalizeUrl(card.url);
  const title = card.title.trim();
  return title ? `${card.type}:${title}` : null;
}

export type ShareDecision = 'award' | 'repeat' | 'cap';

/** A share earns unless that member shared the same thing before or reached the day's cap. */
export function shareDecision(alreadyShared: boolean, earnedThatDay: number, cap: number): ShareDecision {
  if (alreadyShared) return 'repeat';
  return earnedThatDay < cap ? 'award' : 'cap';
}

/** A photo is a show-off of a purchase (晒单) when it or a message beside it says so. */
export function mentionsShaidan(text: string | undefined): boolean {
  return !!text && /晒单|晒一?晒/.test(text);
}

// ---------------------------------------------------------------------------------------
// Invites and purchases

export interface InviteFacts {
  inviterId: string;
  inviteeId: string;
  /** The join put the invitee in one of the shop's groups for the first time. */
  newcomer: boolean;
  inviterIsOwner: boolean;
  inviterIsBot: boolean;
}

/** Only a resident bringing someone who was never in any of the shop's groups earns. */
export function inviteEarns(f: InviteFacts): boolean {
  return f.newcomer && !f.inviterIsOwner && !f.inviterIsBot && f.inviterId !== f.inviteeId;
}

/** 1 point per yuan (as configured), rounded down; a price like 19.9 × 3 is not 59.699…. */
export function purchasePoints(amount: number | null, perYuan: number): number {
  if (amount === null || !Number.isFinite(amount) || amount <= 0) return 0;
  return Math.floor(Math.round(amount * perYuan * 1e6) / 1e6);
}

// ---------------------------------------------------------------------------------------
// Owner adjustments

export type AdjustParse =
  | { ok: true; who: string; amount: number; reason: string }
  | { ok: false; problem: 'who' | 'amount' | 'reason' };

const MAX_ADJUST = 100_000;

/** `@王阿姨 +20 帮忙搬货`, `王阿姨 -20 重复领取`, `@王阿姨 加20分 原因`. */
export function parseAdjust(args: string): AdjustParse {
  const text = plainSpaces(args).trim();
  // The amount is the first number set off by a space or a sign, so a name may hold digits (3栋王阿姨).
  const m = /^(.+?)(?:\s+([+＋\-－]|加|减|扣)?|([+＋\-－]|加|减|扣))\s*(\d+)\s*分?(?:\s+|$)([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, problem: text ? 'amount' : 'who' };
  const [, whoRaw = '', spacedSign, joinedSign, digits = '', reasonRaw = ''] = m;
  const sign = spacedSign ?? joinedSign ?? '';
  const who = whoRaw.replace(/^[@＠]/, '').trim();
  if (!who) return { ok: false, problem: 'who' };
  const size = Number(digits);
  if (!Number.isSafeInteger(size) || size === 0 || size > MAX_ADJUST) return { ok: false, problem: 'amount' };
  const reason = reasonRaw.trim();
  if (!reason) return { ok: false, problem: 'reason' };
  const negative = sign === '-' || sign === '－' || sign === '减' || sign === '扣';
  return { ok: true, who, amount: negative ? -size : size, reason };
}

// ---------------------------------------------------------------------------------------
// Calendar

/** The calendar day `at` falls in, as [start, next day's start), in the shop's time zone. */
export function dayBounds(at: number, tz: string): [number, number] {
  const p = zonedParts(at, tz);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return [zonedInstant(tz, p.year, p.month, p.day), zonedInstant(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate())];
}

/** Monday 00:00 of the week `at` falls in, in the shop's time zone: "this week" for ranks. */
export function weekStart(at: number, tz: string): number {
  const p = zonedParts(at, tz);
  const back = (p.weekday + 6) % 7;
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - back));
  return zonedInstant(tz, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
}
