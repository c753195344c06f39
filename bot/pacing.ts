import type { QuietHours } from './config.ts';
import type { SendPurpose } from '../store/schema.ts';
import type { Destination } from './types.ts';
import { dayKey, minuteOfDay, nextMinuteOfDay } from '../scheduler/clock.ts';

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
    if (capped && history.unsolicitedDmsOn(dayKey(t, policy.tz)) >= policy.dmDailyCap) {
      t = nextMinuteOfDay(t + 1, 0, policy.tz);
    }
    if (inQuietHours(t, policy)) t = nextMinuteOfDay(t, policy.quietHours!.end, policy.tz);
    if (t === before) break;
  }
  return t;
}

export function inQuietHours(at: number, policy: Pick<PacingPolicy, 'quietHours' | 'tz'>): boolean {
  const q = policy.quietHours;
  if (!q || q.start === q.end) return false;
  const m = minuteOfDay(at, policy.tz);
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s … at most 10 min. */
export function retryDelay(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}
