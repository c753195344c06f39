// How long a message may still go out after it waited for the account to come back
// (bot/outage.ts). Sent late, some messages are worse than none: a reminder that a stream is
// about to start, after it started; a check-in reply hours after the check-in. Others stay
// worth sending however late: the totals of a 接龙 that closed are still the list everyone goes by.
//
// Most rows judge only messages that waited through an outage: quiet hours and the daily DM cap
// hold messages on purpose (a reminder for a 22:30 stream goes at 08:00; see
// handlers/streams/streams.test.ts), and that stays as it is. The rows marked `always` are the unsolicited
// DMs (follow-ups, recall, the missed-stream DM): they have a shelf life of their own, and the
// outbox drops them once it is over whatever held them (bot/outbox.ts, expiredWaiting), so a
// DM the daily cap held back never goes out days late.

import type { OutboxItem, State } from '../store/schema.ts';
import type { MemberRef } from './types.ts';
import { DAY_MS, HOUR_MS } from '../scheduler/clock.ts';

/** Why a message is not worth sending any more: what it was, and the rule that ran out. */
export interface TooLate {
  /** What the owner is told it was (messages are counted by this). */
  label: string;
  why: string;
}

export interface ExpiryContext {
  /** `recall` is optional: without it a recall DM's run is taken to have started when it was queued. */
  data: Pick<State, 'streams' | 'jielong'> & Partial<Pick<State, 'recall'>>;
  /** SCHEDULER_MISSED_WINDOW_MINUTES, in ms. */
  missedWindowMs: number;
  isOwner(member: MemberRef): boolean;
}

const MINUTE = HOUR_MS / 60;

/** A follow-up ("用得还顺手吗？") asks about an order of a few days ago: later than this it is odd. */
export const FOLLOWUP_FRESH_MS = 2 * DAY_MS;
/** A recall DM belongs to its run (its measurement window starts then): a day, or not at all. */
export const RECALL_FRESH_MS = DAY_MS;
/** A birthday DM goes out on the day or not at all (queued at BIRTHDAY_HOUR, at most 23:00). */
export const BIRTHDAY_FRESH_MS = 12 * HOUR_MS;
/** The missed-stream DM without a 接龙 to point at (just the replay link): two days. */
export const MISSED_STREAM_FRESH_MS = 2 * DAY_MS;

interface Rule {
  /** Which messages, by outbox key (the key families are listed in docs/architecture.md → Outbox keys). */
  key: RegExp;
  label: string;
  why: string;
  /** Applies to every waiting message, not only after an outage (the unsolicited DMs). */
  always?: true;
  /** The last instant the message is worth sending; undefined = no limit. */
  until(item: OutboxItem, match: RegExpExecArray, ctx: ExpiryContext): number | undefined;
}

const streamOf = (ctx: ExpiryContext, match: RegExpExecArray) => ctx.data.streams.items[Number(match[1])];

/** First match wins. A message no row matches is judged by its purpose (PURPOSE_LIMITS). */
const RULES: Rule[] = [
  // The unsolicited DMs, judged whenever they wait (always), not only after an outage.
  // "错过直播…接龙…截止": it sends people to the stream's 接龙; once that closed it offers nothing.
  {
    key: /^stream:(\d+):missed/, label: '错过直播私信', why: '直播的接龙已经截止', always: true,
    until: (item, m, ctx) => {
      const stream = streamOf(ctx, m);
      // The 接龙 still open when it was queued; none (closed early, or no products): the
      // DM carries only the replay link, worth MISSED_STREAM_FRESH_MS.
      const closes = (stream?.jielong ?? []).map((id) => ctx.data.jielong[id]).filter((r) => r !== undefined)
        .map((r) => (r.status === 'closed' ? r.closedAt ?? 0 : r.cutoffAt ?? Infinity)).filter((t) => t > item.createdAt);
      return closes.length ? Math.max(...closes) : item.createdAt + MISSED_STREAM_FRESH_MS;
    },
  },
  // "生日快乐" is for the day: queued at the greeting hour, it is stale by the evening.
  { key: /^birthday:/, label: '生日祝福', why: '生日当天已经过去', always: true, until: (item) => item.createdAt + BIRTHDAY_FRESH_MS },
  // "欢迎入群…" and "你邀请的新邻居…" belong to the day someone joined.
  { key: /^welcome-dm:/, label: '入群欢迎私信', why: '超过一天', always: true, until: (item) => item.createdAt + DAY_MS },
  { key: /^koc-credit:/, label: '体验官邀请提醒', why: '超过一天', always: true, until: (item) => item.createdAt + DAY_MS },
  // "上次买的…用得还顺手吗？" a few days after the order; a week later it reads like a form letter.
  { key: /^followup:/, label: '回购关怀', why: '超过两天', always: true, until: (item) => item.createdAt + FOLLOWUP_FRESH_MS },
  // A recall run's DMs go the day of the run or not at all: the next run chooses afresh. A run
  // archived (handlers/recall/archive.ts: 9 days after it went out) is no longer in `runs`: its
  // DM was queued as it went out, so createdAt stands in for sentAt and it is long expired too.
  {
    key: /^recall:([^:]+):/, label: '召回私信', why: '召回那一轮已经过去', always: true,
    until: (item, m, ctx) => (ctx.data.recall?.runs[m[1]!]?.sentAt ?? item.createdAt) + RECALL_FRESH_MS,
  },
  // The reminder DM says the stream is about to start ("马上就到啦"). Once it has started the
  // start post in the groups has told everyone, and a late reminder would be wrong.
  {
    key: /^stream:(\d+):reminder/, label: '直播提醒', why: '直播已经开始',
    until: (item, m, ctx) => streamOf(ctx, m)?.startAt ?? item.createdAt + 30 * MINUTE,
  },
  // A preview counts down ("还有2小时"): late by more than a quarter of its lead the count is
  // wrong, and after the start it announces a stream that is already on.
  {
    key: /^stream:(\d+):preview-(\d+)/, label: '直播预告', why: '倒计时已经不对了',
    until: (item, m, ctx) => Math.min(streamOf(ctx, m)?.startAt ?? Infinity, item.createdAt + (Number(m[2]) * MINUTE) / 4),
  },
  // "开播了！快来直播间": worth it in the first half hour; after that the groups have moved on,
  // and after the end it is plainly wrong.
  {
    key: /^stream:(\d+):start/, label: '开播通知', why: '开播已超过半小时',
    until: (item, m, ctx) => {
      const stream = streamOf(ctx, m);
      return Math.min(item.createdAt + 30 * MINUTE, stream ? stream.endedAt ?? stream.endAt : Infinity);
    },
  },
  // The batched "已预约" confirmation in a group is about a stream that has not started; after
  // the start it is noise.
  {
    key: /^stream:(\d+):confirm/, label: '直播预约确认', why: '直播已经开始',
    until: (item, m, ctx) => streamOf(ctx, m)?.startAt ?? item.createdAt + 30 * MINUTE,
  },
  // The owner's "no link yet" DM asks for a link before the start; after it, too late to add one.
  {
    key: /^stream:(\d+):no-link/, label: '缺直播链接提醒', why: '直播已经开始',
    until: (item, m, ctx) => streamOf(ctx, m)?.startAt ?? item.createdAt + 30 * MINUTE,
  },
  // "直播结束啦……直播价接龙现在开始": the 接龙 post after it has a row of its own; the thank-you
  // still reads right for a few hours.
  { key: /^stream:\d+:end/, label: '直播结束', why: '直播结束已超过6小时', until: (item) => item.createdAt + 6 * HOUR_MS },
  // A 接龙 announcement invites orders: only while the 接龙 still takes them.
  {
    key: /^jielong-open:(.+)$/, label: '接龙开团', why: '接龙已经截止',
    until: (_item, m, ctx) => {
      const record = ctx.data.jielong[m[1]!];
      if (!record) return undefined;
      return record.status === 'closed' ? record.closedAt ?? 0 : record.cutoffAt;
    },
  },
  // Totals at the cut-off and sign-up confirmations: late, they are still the list everyone
  // goes by until the goods arrive, about a day.
  {
    key: /^(jielong-closed:|jielong-close-confirm:|job:jielong-confirm:)/, label: '接龙确认和汇总', why: '超过一天',
    until: (item) => item.createdAt + DAY_MS,
  },
  // "签到：…" answers what someone did a moment ago; hours later it is noise (the points are booked anyway).
  { key: /^job:points-checkin-reply:/, label: '签到回复', why: '超过半小时', until: (item) => item.createdAt + 30 * MINUTE },
  // Scheduled posts (/定时, and the generic post job): the same window the scheduler gives a
  // slot it missed while the bot was down (SCHEDULER_MISSED_WINDOW_MINUTES).
  {
    key: /^(broadcast:|job:)/, label: '定时消息', why: '超过了补发时限',
    until: (item, _m, ctx) => item.createdAt + ctx.missedWindowMs,
  },
  // The owner's answer to a resident's question, passed on: still the answer a day later.
  { key: /^qa-answer:/, label: '团长的回答', why: '超过一天', until: (item) => item.createdAt + DAY_MS },
  // Answers to what someone just said (check-ins, commands, product questions, 我的订单, 预约).
  // In a group a late @ cuts into whatever is being said now, in front of everyone: after
  // half an hour the moment has passed. By DM it still answers the question for a couple of
  // hours; the owner still wants an export or a list a day later.
  {
    key: /^reply:/, label: '回复', why: '对方说话已经过去太久',
    until: (item, _m, ctx) => item.createdAt + (item.to.kind === 'group' ? 30 * MINUTE : ctx.isOwner(item.to.member) ? DAY_MS : 2 * HOUR_MS),
  },
  // The owner's notices (question digests, redemptions, recall previews, missed broadcasts)
  // have no clock of their own: quiet hours already decide when they go. They fall through to
  // the purpose limits below, which keep them.
];

/** Messages no row matches: an answer (purpose 'reply') like the reply row, the rest without limit. */
const PURPOSE_LIMITS: Record<OutboxItem['purpose'], number | undefined> = {
  reply: 2 * HOUR_MS,
  requested: undefined,
  unsolicited: undefined,
};

/** Whether a message that waited for the account is still worth sending at `now`. */
export function tooLate(item: OutboxItem, now: number, ctx: ExpiryContext): TooLate | undefined {
  for (const rule of RULES) {
    const match = rule.key.exec(item.key);
    if (!match) continue;
    const until = rule.until(item, match, ctx);
    return until !== undefined && now >= until ? { label: rule.label, why: rule.why } : undefined;
  }
  const limit = PURPOSE_LIMITS[item.purpose];
  return limit !== undefined && now >= item.createdAt + limit ? { label: '回复', why: '对方说话已经过去太久' } : undefined;
}

/**
 * The rows that hold whatever kept a message waiting (the `always` ones: the unsolicited DMs):
 * whether a waiting message is past its shelf life at `now`. Any other message: undefined.
 */
export function expiredWaiting(item: OutboxItem, now: number, data: ExpiryContext['data']): TooLate | undefined {
  if (item.purpose !== 'unsolicited') return undefined;
  for (const rule of RULES) {
    const match = rule.key.exec(item.key);
    if (!match) continue;
    if (!rule.always) return undefined;
    const until = rule.until(item, match, { data, missedWindowMs: 0, isOwner: () => false });
    return until !== undefined && now >= until ? { label: rule.label, why: rule.why } : undefined;
  }
  return undefined;
}
