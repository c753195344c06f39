import { OPT_OUT_LINE } from '../profiles/index.ts';
import type { JielongOffer } from '../jielong/index.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { NEWCOMER_MARGIN_MS, type StreamFigures } from './figures.ts';
import type { Stream } from './state.ts';
import { moneyText, yuan } from '../../text/money.ts';

// What residents read about a stream. Pure functions of the stream and the time.

function offerLine(o: JielongOffer): string {
  return o.price !== undefined ? `· ${o.name} ${yuan(o.price, o.unit ?? '份')}` : `· ${o.name}`;
}

/** The owner's one-line view of an offer: "亚麻籽油 39元、核桃油（没有价格）". */
export function offerSummary(offer: JielongOffer[]): string {
  return offer.map((o) => (o.price !== undefined ? `${o.name} ${yuan(o.price)}` : `${o.name}（没有价格）`)).join('、');
}

/** Said instead of the lead times when the shop has previews turned off. */
export const PREVIEWS_OFF = '预告设成了不发（STREAM_PREVIEW_LEADS=off）。';

/** "24小时", "10分钟": a lead time as the owner reads it. */
export function leadWords(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`;
}

export function previewText(stream: Stream, lead: number, now: number, tz: string): string {
  const lines = [`【直播预告】${stream.title}`, `${formatWhen(stream.startAt, now, tz)} 开播（还有${leadWords(lead)}）`];
  if (stream.offer.length) lines.push('本场好物：', ...stream.offer.map(offerLine));
  if (stream.link) lines.push(`直播间：${stream.link}`);
  lines.push('回复“预约”，开播前提醒你～');
  return lines.join('\n');
}

/**
 * Where to watch when the stream has no link: "快来直播间" would leave people nowhere to go.
 * No link is promised for later (nothing posts one if the owner adds it on air).
 */
const WATCH_IN_CHANNELS = '打开微信「视频号」，找到团长的视频号就能看直播～';

export function startText(stream: Stream): string {
  return stream.link ? `「${stream.title}」开播了！快来直播间～\n${stream.link}` : `「${stream.title}」开播了！${WATCH_IN_CHANNELS}`;
}

export function reminderText(stream: Stream, now: number, tz: string): string {
  const link = stream.link ? `\n直播间：${stream.link}` : `\n到时${WATCH_IN_CHANNELS}`;
  return `你预约的直播「${stream.title}」${formatWhen(stream.startAt, now, tz)} 开始，马上就到啦～${link}`;
}

/** To the owner, once per stream, when it is about to be announced or start without a link. */
export function noLinkText(stream: Stream): string {
  return `第${stream.no}场直播「${stream.title}」还没有直播链接，发 /直播 改 ${stream.no} 链接 <网址> 补上`;
}

export function endText(stream: Stream): string {
  return stream.offer.length
    ? `「${stream.title}」直播结束啦，谢谢大家捧场！直播价接龙现在开始，照下面的格式接龙就行👇`
    : `「${stream.title}」直播结束啦，谢谢大家捧场！`;
}

export function cancelText(stream: Stream, now: number, tz: string): string {
  return `抱歉，原定${formatWhen(stream.startAt, now, tz)}的直播「${stream.title}」取消了，新时间定了再通知大家。`;
}

export function confirmText(stream: Stream, count: number, now: number, tz: string): string {
  return `已为${count > 1 ? `这${count}位` : '你'}预约「${stream.title}」（${formatWhen(stream.startAt, now, tz)}），开播前会私信提醒～`;
}

export const NO_STREAM_TEXT = '最近还没有安排直播，有新直播会第一时间在群里通知大家～';

export function liveNowText(stream: Stream): string {
  return stream.link ? `「${stream.title}」正在直播，直接来看吧～\n${stream.link}` : `「${stream.title}」正在直播，${WATCH_IN_CHANNELS}`;
}

/** The answer to "when is the next stream?" (the stream from nextStream), for whoever asks. */
export function nextStreamAnswer(stream: Stream | undefined, now: number, tz: string, asker?: string): string {
  if (!stream) return NO_STREAM_TEXT;
  if (stream.status === 'live') return liveNowText(stream);
  const reserved = asker !== undefined && stream.reservations.some((r) => r.member.id === asker);
  return `下一场直播：${streamLine(stream, now, tz)}。${reserved ? '你已经预约了，开播前会私信提醒你～' : '回复“预约”，开播前私信提醒你～'}`;
}

const RESERVE_MEANS = '预约就是在群里或私信我发“预约”，开播前我会私信提醒你。';

/** The answer to "怎么预约？": what 预约 does, and the stream it would be for. */
export function reserveHowToText(stream: Stream | undefined, now: number, tz: string, asker?: string): string {
  if (!stream) return `${RESERVE_MEANS}${NO_STREAM_TEXT}`;
  if (stream.status === 'live') return `${RESERVE_MEANS}现在${liveNowText(stream)}`;
  const reserved = asker !== undefined && stream.reservations.some((r) => r.member.id === asker);
  return `${RESERVE_MEANS}下一场直播：${streamLine(stream, now, tz)}，${reserved ? '你已经预约了～' : '现在回复“预约”就行～'}`;
}

/** The owner runs the stream: a reservation (and its reminder) would only skew the figures. */
export const OWNER_RESERVES_TEXT = '你是团长，开播前不用预约～';

/** One line for /直播 列表 and {下场直播}. */
export function streamLine(stream: Stream, now: number, tz: string): string {
  return `${formatWhen(stream.startAt, now, tz)}「${stream.title}」`;
}

/** The owner's /直播 数据 answer. */
export function figuresText(stream: Stream, f: StreamFigures, opened: boolean, now: number, tz: string): string {
  // Members, not DMs: someone reminded again after a move is one person.
  const reminders = [`已私信 ${f.reminders.sent} 人`];
  if (f.reminders.waiting) reminders.push(`待发 ${f.reminders.waiting} 人`);
  if (f.reminders.failed) reminders.push(`发送失败 ${f.reminders.failed} 人`);
  if (f.reminders.queued) reminders.push(`另有 ${f.reminders.queued} 人已排队发送（发送记录已清理，不确定是否送达）`);
  const lines = [
    `第 ${stream.no} 场直播「${stream.title}」的数据：`,
    `预约：${f.reservations} 人`,
    `开播提醒：${reminders.join('，')}`,
  ];
  if (!opened) lines.push(stream.status === 'ended' ? '下单：这场没有商品，没开接龙' : '下单：直播结束后开接龙，之后再来看');
  else {
    lines.push(`下单：${f.orders} 单，${f.buyers} 人，合计 ${moneyText(f.amount)} 元`);
    lines.push(f.conversion === null
      ? '转化：没有人预约，算不出转化率'
      : `转化：${f.orders} 单 ÷ ${f.reservations} 人预约 = ${f.conversion}%（预约的人里有 ${f.reserversWhoOrdered} 人下单）`);
  }
  const margin = leadWords(NEWCOMER_MARGIN_MS / 60_000);
  lines.push(`新入群：${f.newcomers} 人（${formatWhen(f.window.from, now, tz)} 到 ${formatWhen(f.window.to, now, tz)}，即开播前${margin}到结束后${margin}）`);
  return lines.join('\n');
}

/**
 * The DM to a reserver who did not order. `open`: the stream's 接龙 still takes orders (its
 * cut-off, or null without one); undefined when it is closed. The perk is for ordering from
 * that 接龙, so once it has closed the perk is left out (a stream without products keeps it).
 * Only what is there is promised: no “回放” without a link, no 👇 pointing at nothing. Null
 * when there is nothing to give (no link, no usable perk, nothing open).
 */
export function missedText(stream: Stream, open: number | null | undefined, now: number, tz: string): string | null {
  const perk = stream.perk && (open !== undefined || stream.offer.length === 0) ? stream.perk : undefined;
  if (!stream.link && !perk && open === undefined) return null;
  const lines = [stream.link ? `错过直播「${stream.title}」了？回放在这里：${stream.link}` : `错过直播「${stream.title}」了？没关系～`];
  if (perk) lines.push(`给你留了专属福利：${perk}`);
  if (open !== undefined) lines.push(`直播价接龙还开着${open !== null ? `，${formatWhen(open, now, tz)}截止` : ''}，回群里接龙就行～`);
  lines.push(OPT_OUT_LINE);
  return lines.join('\n');
}

/** 21 h → 21小时, 24 h → 一天, 30 min → 30分钟: how long after the end the missed-it DM goes. */
export function afterWords(ms: number): string {
  return ms % 3_600_000 === 0 ? hoursWords(ms / 3_600_000) : leadWords(Math.round(ms / 60_000));
}

/** The owner's confirmation of a perk, saying when (and whether) it reaches those who missed it. `delay`: missedDelay. */
export function perkNote(perk: string, delay: number | null): string {
  if (delay === null) return `专属福利：${perk}。回访私信关着（STREAM_MISSED_DM_HOURS=0），福利不会私信出去。`;
  return `专属福利：${perk}。结束${afterWords(delay)}后私信给预约了没下单的人。`;
}

/** 24 → 一天, 48 → 2天, 6 → 6小时. */
export function hoursWords(hours: number): string {
  return hours === 24 ? '一天' : hours % 24 === 0 ? `${hours / 24}天` : `${hours}小时`;
}

export function movedText(stream: Stream, from: number, now: number, tz: string): string {
  return `「${stream.title}」改时间啦：原定${formatWhen(from, now, tz)}，改到${formatWhen(stream.startAt, now, tz)}。已经预约的不用再约，开播前照样私信提醒～`;
}
