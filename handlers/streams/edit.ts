import type { Services } from '../../bot/context.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { NEW_USAGE } from './args.ts';
import type { StreamEdit } from './edit-args.ts';
import type { Stream } from './state.ts';
import { leadWords, movedText, offerSummary, perkNote, PREVIEWS_OFF, streamLine } from './texts.ts';
import { missedDelay } from './missed.ts';
import { leadsAhead, post, scheduleStream, withdrawStream } from './timeline.ts';

// Applying /直播 改. A new time withdraws every step of the old one and schedules them again
// (reservations stay); if residents already saw a preview, the groups hear of the move.

const ONCE_STARTED: Partial<Record<Stream['status'], string>> = { live: '正在直播', ended: '已经结束' };

/** Changes the stream and returns what to tell the owner. */
export function applyEdit(services: Services, stream: Stream, edit: StreamEdit): string {
  const { store } = services;
  if (stream.status === 'cancelled') return `第 ${stream.no} 场直播已经取消了，改不了。要重新安排请发：${NEW_USAGE}`;
  // Once on air, only what serves those who missed it (the replay link, a perk) still matters.
  const late = ONCE_STARTED[stream.status];
  if (late && edit.field !== 'link' && edit.field !== 'perk') return `第 ${stream.no} 场直播${late}，只能改链接（回放）和福利了。`;

  switch (edit.field) {
    case 'time':
      return move(services, stream, edit.startAt);
    case 'title':
      stream.title = edit.title;
      store.changed();
      return `好的，第 ${stream.no} 场直播改名为「${edit.title}」，之后的预告和提醒都用新名字。`;
    case 'offer':
      stream.offer = edit.offer;
      store.changed();
      return `好的，第 ${stream.no} 场直播的商品改为：${offerSummary(edit.offer)}。结束后按这些开接龙。`;
    case 'link':
      stream.link = edit.link;
      store.changed();
      return `好的，第 ${stream.no} 场直播的链接改为 ${edit.link}${stream.status === 'ended' ? '，没下单的预约者会在回访私信里收到它。' : '。'}`;
    case 'perk':
      if (edit.perk) stream.perk = edit.perk;
      else delete stream.perk;
      store.changed();
      return edit.perk ? `好的，第 ${stream.no} 场直播的${perkNote(edit.perk, missedDelay(stream, services.config))}` : `好的，第 ${stream.no} 场直播的福利去掉了。`;
  }
}

function move(services: Services, stream: Stream, startAt: number): string {
  const { store, config, clock } = services;
  const now = clock.now();
  const tz = config.TZ;
  if (startAt === stream.startAt) return `第 ${stream.no} 场直播本来就是${formatWhen(startAt, now, tz)}，不用改。`;
  withdrawStream(services, stream);
  const from = stream.startAt;
  const told = stream.previewsSent.length > 0;
  stream.rev = (stream.rev ?? 0) + 1;
  stream.endAt = startAt + (stream.endAt - stream.startAt);
  stream.startAt = startAt;
  stream.previewsSent = [];
  store.changed();
  scheduleStream(services, stream);
  if (told) post(services, stream, 'moved', movedText(stream, from, now, tz));
  const leads = leadsAhead(config.STREAM_PREVIEW_LEADS, startAt, now);
  return [
    `好的，第 ${stream.no} 场直播改到${streamLine(stream, now, tz)}（原定${formatWhen(from, now, tz)}）。`,
    leads.length ? `预告按新时间在开播前 ${leads.map(leadWords).join('、')} 发出。` : config.STREAM_PREVIEW_LEADS.length ? '离开播太近，不再发预告了。' : PREVIEWS_OFF,
    stream.reservations.length ? `已预约的 ${stream.reservations.length} 人不用重新预约，提醒按新时间发。` : '',
    told ? '预告已经发过，群里会收到改时间的通知。' : '',
  ].filter(Boolean).join('\n');
}
