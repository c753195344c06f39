import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import { withMemberNo } from '../../store/members.ts';
import { withoutTrailing } from '../../text/keywords.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { confirmText, liveNowText, NO_STREAM_TEXT, OWNER_RESERVES_TEXT, reserveHowToText, streamLine } from './texts.ts';
import { nextStream, STREAM_JOB, type Stream } from './state.ts';
import { sendReminder } from './timeline.ts';
import type { Keyword } from '../../bot/commands.ts';

// `预约` (or 预约直播, 预约 2) in a group or by DM: a reservation for the next stream, or
// the one named. Group confirmations are batched: one post per group per minute.

/** 预约 in /help, beside what reserves (RESERVE). */
export const RESERVE_KEYWORD: Keyword = { text: '预约', summary: '预约下一场直播，开播前私信提醒你' };

const RESERVE = /^(?:我也?要)?(?:预约|预约直播|直播预约)\s*(?:第\s*)?#?(\d+)?\s*(?:场|号)?(?:一下)?$/;
/** What people add after the word: 预约～, 预约！, 预约了, 预约👍, 预约[强]. */
const TRAILING = { symbols: true, particles: '啦了呀哈吖' };

/** The stream number asked for (undefined: the next one), or null when the text is not a reservation. */
export function parseReserve(text: string): { no: number | undefined } | null {
  const t = toHalfWidth(text).trim();
  // "预约?" asks how; the time question has its own answer.
  if (t.endsWith('?')) return null;
  const m = RESERVE.exec(withoutTrailing(t, TRAILING));
  return m ? { no: m[1] ? Number(m[1]) : undefined } : null;
}
const CONFIRM_AFTER_MS = 60_000;

const HOW_TO = /^(?:请问)?(?:怎么|如何|怎样|咋)(?:才能|可以)?预约(?:直播)?$|^预约(?:直播)?(?:是什么|是啥|是什么意思|是啥意思|啥意思|什么意思|怎么弄|怎么搞|怎么用|有什么用|有啥用)$/;
const QUESTION_TRAILING = /[\s?!。.~～呀啊呢吖]+$/u;

/** "预约？", "怎么预约", "预约是什么意思": asking what 预约 is, not reserving. */
export function asksHowToReserve(text: string): boolean {
  const t = toHalfWidth(text).trim();
  if (/^预约(?:直播)?\s*\?+$/.test(t)) return true;
  return HOW_TO.test(t.replace(QUESTION_TRAILING, ''));
}

export const reserveHandler: Handler = async (ctx, next) => {
  const asked = parseReserve(ctx.text);
  if (asked) return reserve(ctx, asked.no);
  if (asksHowToReserve(ctx.text)) {
    const { store, config } = ctx.services;
    ctx.reply(reserveHowToText(nextStream(Object.values(store.data.streams.items), ctx.now), ctx.now, config.TZ, ctx.member.id));
    return;
  }
  return next();
};

function reserve(ctx: Ctx, no: number | undefined): void {
  const { store, config, scheduler } = ctx.services;
  const items = store.data.streams.items;
  const stream = no !== undefined ? items[no] : nextStream(Object.values(items), ctx.now);
  if (!stream || stream.status === 'cancelled' || stream.status === 'ended') {
    const gone = stream ? `第 ${no} 场直播${stream.status === 'ended' ? '已经结束了' : '取消了'}` : `没有找到第 ${no} 场直播`;
    ctx.reply(no !== undefined ? `${gone}，发“预约”就是预约最近的一场。` : NO_STREAM_TEXT);
    return;
  }
  if (stream.status === 'live') {
    ctx.reply(liveNowText(stream));
    return;
  }
  if (ctx.isOwner) {
    ctx.reply(OWNER_RESERVES_TEXT);
    return;
  }
  if (stream.reservations.some((r) => r.member.id === ctx.member.id)) {
    // Their confirmation is still gathered for this minute: an "already" now would arrive
    // before the "已为你预约" it refers to.
    if (Object.values(stream.pendingConfirm).some((waiting) => waiting.some((m) => m.id === ctx.member.id))) return;
    ctx.reply(`你已经预约过${streamLine(stream, ctx.now, config.TZ)}啦，开播前会私信提醒你～`);
    return;
  }
  stream.reservations.push({ member: ctx.member, at: ctx.now, ...(ctx.group ? { group: ctx.group } : {}) });
  store.log.append({
    kind: 'stream', change: 'reserve', id: `stream-reserve:${stream.no}:${ctx.member.id}`, stream: stream.no,
    member: withMemberNo(ctx.member, ctx.record), group: ctx.group ?? null, at: ctx.now,
  });
  // The reminders already went out: this reserver gets theirs now, so the promise holds.
  if (ctx.now >= stream.startAt - config.STREAM_REMINDER_MINUTES * 60_000) sendReminder(ctx.services, stream, ctx.member);
  if (!ctx.group) {
    ctx.reply(confirmText(stream, 1, ctx.now, config.TZ));
  } else {
    const waiting = (stream.pendingConfirm[ctx.group.id] ??= []);
    waiting.push(ctx.member);
    // The first of a batch schedules the one confirmation; the rest join it.
    if (waiting.length === 1) scheduler.at(ctx.now + CONFIRM_AFTER_MS, STREAM_JOB, { no: stream.no, step: 'confirm', group: ctx.group });
  }
  store.changed();
}
