import type { JielongOffer } from '../../store/schema.ts';
import { formatWhen } from '../../scheduler/when.ts';
import type { Stream } from './state.ts';

// What residents read about a stream. Pure functions of the stream and the time.

function offerLine(o: JielongOffer): string {
  return o.price !== undefined ? `· ${o.name} ${o.price}元/${o.unit ?? '份'}` : `· ${o.name}`;
}

export function leadLabel(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '明天这个时候' : `${minutes / 1440}天后`;
  if (minutes % 60 === 0) return `${minutes / 60}小时后`;
  return `${minutes}分钟后`;
}

export function previewText(stream: Stream, lead: number, now: number, tz: string): string {
  const lines = [`【直播预告】${stream.title}`, `${leadLabel(lead)}开播：${formatWhen(stream.startAt, now, tz)}`];
  if (stream.offer.length) lines.push('本场好物：', ...stream.offer.map(offerLine));
  if (stream.link) lines.push(`直播间：${stream.link}`);
  lines.push('回复“预约”，开播前提醒你～');
  return lines.join('\n');
}

export function startText(stream: Stream): string {
  return [`「${stream.title}」开播了！快来直播间～`, ...(stream.link ? [stream.link] : [])].join('\n');
}

export function reminderText(stream: Stream, now: number, tz: string): string {
  const link = stream.link ? `\n直播间：${stream.link}` : '';
  return `你预约的直播「${stream.title}」${formatWhen(stream.startAt, now, tz)}开始，马上就到啦～${link}`;
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

/** One line for /直播 列表 and {下场直播}. */
export function streamLine(stream: Stream, now: number, tz: string): string {
  return `${formatWhen(stream.startAt, now, tz)}「${stream.title}」`;
}
