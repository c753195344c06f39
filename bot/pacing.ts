import type { QuietHours } from './config.ts';
import type { SendPurpose } from '../store/schema.ts';
import type { Destination } from './types.ts';
import { dayKey, HOUR_MS, minuteOfDay, nextMinuteOfDay, zonedInstant, zonedParts } from '../scheduler/clock.ts';

// When may the next message to a chat go out? Pure rules, so they are tested on a virtual
// clock. Real WeChat accounts get restricted for sending too fast or too many unsolicited
// DMs: these limits protect the shop's account.

export interface PacingPolicy {
  /** Minimum time between two sends to the same chat. */
  minGapMs: number;
  /** At most this many posts per group in any 60 s window. */
  groupPerMinute: number;
  /** Minimum time between a fan-out post (`spread`: the same post going to many groups, such
   * as previews and broadcasts) and the account's previous group post, so it leaves one
   * group at a time. 0 or absent = none. */
  groupsGapMs?: number;
  /** DMs wait while the local time is inside this window; null = no quiet hours. */
  quietHours: QuietHours;
  /** Unsolicited DMs per local day for the whole account. */
  dmDailyCap: number;
  tz: string;
}

export interface SendHistory {
  lastSentAt(chat: string): number | undefined;
  /** Send times to the chat within the last minute before `at`, oldest first. */
  sentInLastMinute(chat: string, at: number): number[];
  unsolicitedDmsOn(day: string): number;
  /** The last post to any group. */
  lastGroupPostAt?(): number | undefined;
}

export interface PendingSend {
  to: Destination;
  notBefore: number;
  purpose: SendPurpose;
  spread?: boolean;
}

export function chatKey(to: Destination): string {
  return to.kind === 'group' ? `group:${to.group.id}` : `dm:${to.member.id}`;
}

/** The earliest instant ≥ now at which the message may be sent; Infinity if never (cap 0). */
export function earliestSend(item: PendingSend, history: SendHistory, policy: PacingPolicy, now: number): number {
  const chat = chatKey(item.to);
  let t = Math.max(now, item.notBefore);
  const last = history.lastSentAt(chat);
  if (last !== undefined) t = Math.max(t, last + policy.minGapMs);
  if (item.to.kind === 'group') {
    const lastAny = policy.groupsGapMs && item.spread ? history.lastGroupPostAt?.() : undefined;
    if (lastAny !== undefined) t = Math.max(t, lastAny + policy.groupsGapMs!);
    const recent = history.sentInLastMinute(chat, t);
    if (recent.length >= policy.groupPerMinute) {
      const oldestThatMustExpire = recent[recent.length - policy.groupPerMinute]!;
      t = Math.max(t, oldestThatMustExpire + 60_000);
    }
    return t;
  }
  // An answer to what the member just said goes at once, whatever the hour.
  if (item.purpose === 'reply') return t;
  const capped = item.purpose === 'unsolicited';
  if (capped && policy.dmDailyCap === 0) return Infinity;
  // The cap moves a DM to tomorrow and quiet hours move it to the morning; apply both
  // until neither moves it (two rounds suffice, four is a safe bound).
  for (let round = 0; round < 4; round++) {
    const before = t;
    if (capped && history.unsolicitedDmsOn(localDayKey(t, policy.tz)) >= policy.dmDailyCap) {
      t = localNextMinuteOfDay(t + 1, 0, policy.tz);
    }
    if (inQuietHours(t, policy)) t = localNextMinuteOfDay(t, policy.quietHours!.end, policy.tz);
    if (t === before) break;
  }
  return t;
}

export function inQuietHours(at: number, policy: Pick<PacingPolicy, 'quietHours' | 'tz'>): boolean {
  const q = policy.quietHours;
  if (!q || q.start === q.end) return false;
  const m = localMinuteOfDay(at, policy.tz);
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s … at most 10 min. */
export function retryDelay(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

// The calendar arithmetic above, cached per local day. scheduler/clock.ts answers every
// question with an Intl formatting call (~10 µs); earliestSend asks several per waiting DM, and
// nextWakeAt asks for every waiting chat at every wake-up: with 10,000 DMs waiting that was most
// of a second per call. A day's bounds are worked out once; within a day that has no offset
// change (every day in Asia/Shanghai), day key, minute of day and "next 08:00" are arithmetic.
// A day with a DST change is answered by scheduler/clock.ts itself, as before.

interface LocalDay {
  /** First instant of the day, and of the next day. */
  start: number;
  end: number;
  key: string;
  /** The offset is the same all day: minute of day is (at - start) / 1 min. */
  regular: boolean;
}

const MINUTE_MS = 60_000;
/** A few days per zone: today, tomorrow, and a day or two a test or replay jumped across. */
const DAYS_KEPT = 8;
const dayCache = new Map<string, LocalDay[]>();

function localDay(at: number, tz: string): LocalDay {
  let days = dayCache.get(tz);
  if (!days) dayCache.set(tz, (days = []));
  for (const d of days) if (at >= d.start && at < d.end) return d;
  const day = computeDay(at, tz);
  days.unshift(day);
  if (days.length > DAYS_KEPT) days.pop();
  return day;
}

function computeDay(at: number, tz: string): LocalDay {
  const p = zonedParts(at, tz);
  const key = dayKey(at, tz);
  const start = zonedInstant(tz, p.year, p.month, p.day);
  const n = zonedParts(start + 26 * HOUR_MS, tz);
  const end = zonedInstant(tz, n.year, n.month, n.day);
  // Regular: 24 hours long, starting at 00:00 local, with `at` inside it, and the same minute of
  // day by arithmetic as by the zone at both ends. Anything else is left to scheduler/clock.ts.
  const regular = end - start === 24 * HOUR_MS && at >= start && at < end && start % MINUTE_MS === 0
    && minuteOfDay(start, tz) === 0 && dayKey(start, tz) === key && dayKey(end - 1, tz) === key
    && minuteOfDay(end - 1, tz) === 24 * 60 - 1;
  return regular ? { start, end, key, regular } : { start: at, end: at + 1, key, regular: false };
}

/** dayKey(at, tz), cached per day. */
export function localDayKey(at: number, tz: string): string {
  const d = localDay(at, tz);
  return d.regular ? d.key : dayKey(at, tz);
}

/** minuteOfDay(at, tz), cached per day. */
export function localMinuteOfDay(at: number, tz: string): number {
  const d = localDay(at, tz);
  return d.regular ? Math.floor((at - d.start) / MINUTE_MS) : minuteOfDay(at, tz);
}

/** nextMinuteOfDay(at, minute, tz), cached per day. */
export function localNextMinuteOfDay(at: number, minute: number, tz: string): number {
  const d = localDay(at, tz);
  if (d.regular) {
    const today = d.start + minute * MINUTE_MS;
    if (today >= at) return today;
    const next = localDay(d.end, tz);
    if (next.regular) return next.start + minute * MINUTE_MS;
  }
  return nextMinuteOfDay(at, minute, tz);
}
