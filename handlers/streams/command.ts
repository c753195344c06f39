import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { shopGroups } from '../../store/members.ts';
import { NEW_EXAMPLE, NEW_USAGE, parseNewStream } from './args.ts';
import { EDIT_USAGE, parseEdit } from './edit-args.ts';
import { applyEdit } from './edit.ts';
import { afterWords, cancelText, figuresText, hoursWords, leadWords, missedText, offerSummary, perkNote, PREVIEWS_OFF, previewText, reminderText, startText, streamLine } from './texts.ts';
import { HOUR_MS } from '../../scheduler/clock.ts';
import { endStream, groupsOf, leadsAhead, post, scheduleStream, withdrawStream } from './timeline.ts';
import type { Stream } from './state.ts';
import { reminderOutcomes, settleReminders } from './reminded.ts';
import { streamFigures } from './figures.ts';
import { missedDmAt, streamOrders, missedDelay } from './missed.ts';

// The owner's /直播: announce a stream, see them, preview the texts, cancel, end it.

const HELP = [
  '用法：',
  NEW_USAGE,
  `  例如：${NEW_EXAMPLE}`,
  '/直播 列表 — 看安排好的直播',
  '/直播 预览 <编号> — 看预告、提醒、开播和错过直播私信的文字，发到哪些群',
  EDIT_USAGE,
  '/直播 取消 <编号>',
  '/直播 数据 <编号> — 预约、提醒、下单、转化和新入群',
  '/直播 结束 [编号] — 提前（或按时）结束，并开直播价接龙',
].join('\n');

const STATUS: Record<Stream['status'], string> = { planned: '', live: '（直播中）', ended: '（已结束）', cancelled: '（已取消）' };

export const streamCommand: Command = {
  name: '直播', aliases: ['live'], ownerOnly: true, usage: '/直播 新建|列表|预览|改|取消|结束|数据 …',
  summary: '安排直播：预告、预约提醒、开播通知、结束后开接龙',
  run(ctx, args) {
    const [verb = '', ...rest] = args.split(/\s+/);
    const arg = args.slice(verb.length).trim();
    if (verb === '新建' || verb === '添加') return create(ctx, arg);
    if (verb === '列表' || verb === '查看') return list(ctx);
    if (verb === '预览') return withStream(ctx, rest[0], verb, (s) => preview(ctx, s));
    if (verb === '取消') return withStream(ctx, rest[0], verb, (s) => cancel(ctx, s));
    if (verb === '改' || verb === '修改') return edit(ctx, arg);
    if (verb === '数据') return withStream(ctx, rest[0], verb, (s) => figures(ctx, s));
    if (verb === '结束') return withStream(ctx, rest[0] ?? currentNo(ctx), verb, (s) => end(ctx, s));
    ctx.reply(verb ? `没有“/直播 ${verb}”这个用法。\n${HELP}` : HELP);
  },
};

function create(ctx: Ctx, args: string): void {
  const { store, config } = ctx.services;
  const request = parseNewStream(args, store.data.catalog, shopGroups(store.data), ctx.now, config.TZ);
  if ('error' in request) {
    ctx.reply(request.error);
    return;
  }
  const no = store.nextId('stream');
  const stream: Stream = {
    no, title: request.title, startAt: request.startAt,
    endAt: request.startAt + (request.durationMin ?? config.STREAM_DURATION_MINUTES) * 60_000,
    offer: request.offer, groups: request.groups, status: 'planned', createdAt: ctx.now,
    reservations: [], previewsSent: [], pendingConfirm: {}, jielong: [],
    ...(request.link ? { link: request.link } : {}),
    ...(request.perk ? { perk: request.perk } : {}),
  };
  store.data.streams.items[no] = stream;
  store.changed();
  scheduleStream(ctx.services, stream);
  const leads = leadsAhead(config.STREAM_PREVIEW_LEADS, stream.startAt, ctx.now);
  const lines = [
    `好的，第 ${no} 场直播已安排：${streamLine(stream, ctx.now, config.TZ)}`,
    `发到：${stream.groups ? stream.groups.map((g) => g.name).join('、') : '全部群'}`,
    stream.offer.length ? `商品：${offerSummary(stream.offer)}` : '没有写商品：结束后不会自动开接龙。',
    ...(stream.link ? [] : [`没有直播链接：有了就发 /直播 改 ${no} 链接 <网址> 补上。`]),
    ...(stream.perk ? [perkNote(stream.perk, missedDelay(stream, config))] : []),
    leads.length ? `预告会在开播前 ${leads.map(leadWords).join('、')} 发出。` : config.STREAM_PREVIEW_LEADS.length ? '离开播太近，不发预告了。' : PREVIEWS_OFF,
    `发 /直播 预览 ${no} 看看文字；要改就发 /直播 改 ${no}，不办了就 /直播 取消 ${no}`,
  ];
  ctx.reply(lines.join('\n'));
}

function list(ctx: Ctx): void {
  const { store, config } = ctx.services;
  const items = Object.values(store.data.streams.items).sort((a, b) => a.startAt - b.startAt);
  if (items.length === 0) {
    ctx.reply(`还没有安排直播。\n例如：${NEW_EXAMPLE}`);
    return;
  }
  ctx.reply(['直播安排：', ...items.map((s) => `#${s.no} ${streamLine(s, ctx.now, config.TZ)} 预约${s.reservations.length}人${STATUS[s.status]}`)].join('\n'));
}

function withStream(ctx: Ctx, word: string | undefined, verb: string, act: (s: Stream) => void): void {
  const no = Number(word?.replace(/^#/, ''));
  const stream = Number.isInteger(no) ? ctx.services.store.data.streams.items[no] : undefined;
  if (!stream) {
    ctx.reply(word ? `没有第 ${word} 场直播。发 /直播 列表 看看编号。` : `请写上编号，比如：/直播 ${verb} 1`);
    return;
  }
  act(stream);
}

/** /直播 结束 without a number: the stream on air now, if there is exactly one. */
function currentNo(ctx: Ctx): string | undefined {
  const live = Object.values(ctx.services.store.data.streams.items).filter((s) => s.status === 'live');
  return live.length === 1 ? String(live[0]!.no) : undefined;
}

function preview(ctx: Ctx, stream: Stream): void {
  const { config } = ctx.services;
  const groups = groupsOf(ctx.services, stream).map((g) => g.name).join('、') || '（我还没进任何群）';
  const lead = config.STREAM_PREVIEW_LEADS[0];
  ctx.reply([
    `第 ${stream.no} 场直播${STATUS[stream.status]}，发到：${groups}`,
    `—— 预告 ——\n${lead === undefined ? PREVIEWS_OFF : previewText(stream, lead, stream.startAt - lead * 60_000, config.TZ)}`,
    `—— 开播前${config.STREAM_REMINDER_MINUTES}分钟私信预约的人 ——\n${reminderText(stream, stream.startAt, config.TZ)}`,
    `—— 开播时 ——\n${startText(stream)}`,
    stream.offer.length ? `结束后在这些群开接龙「${stream.title}」，${config.STREAM_JIELONG_CUTOFF_HOURS}小时后截单。` : '没有商品，结束后不开接龙。',
    ...(config.STREAM_MISSED_DM_HOURS > 0 ? [missedPreview(ctx, stream)] : []),
  ].join('\n\n'));
}

/** The missed-it DM as it would read if the show ended as planned. */
function missedPreview(ctx: Ctx, stream: Stream): string {
  const { config } = ctx.services;
  const cutoff = stream.offer.length ? stream.endAt + config.STREAM_JIELONG_CUTOFF_HOURS * HOUR_MS : undefined;
  const sendAt = missedDmAt(stream.endAt, cutoff, config);
  const text = missedText(stream, cutoff !== undefined && cutoff > sendAt ? cutoff : undefined, sendAt, config.TZ);
  return `—— 结束${afterWords(sendAt - stream.endAt)}后私信预约了没下单的人 ——\n${text ?? '没有回放链接，也没有还开着的接龙，这条不发。'}`;
}

function cancel(ctx: Ctx, stream: Stream): void {
  const { store, config } = ctx.services;
  if (stream.status !== 'planned') {
    ctx.reply(`第 ${stream.no} 场直播${STATUS[stream.status]}，不能取消了。`);
    return;
  }
  withdrawStream(ctx.services, stream);
  stream.status = 'cancelled';
  store.changed();
  // Residents who saw a preview hear that it is off; if none went out, nobody needs telling.
  if (stream.previewsSent.length) post(ctx.services, stream, 'cancel', cancelText(stream, ctx.now, config.TZ));
  const told = stream.previewsSent.length ? '已在群里发了取消通知。' : '预告还没发出，群里不会看到。';
  ctx.reply(`第 ${stream.no} 场直播「${stream.title}」已取消，${told}`);
}

function end(ctx: Ctx, stream: Stream): void {
  if (stream.status !== 'live' && stream.status !== 'planned') {
    ctx.reply(`第 ${stream.no} 场直播${STATUS[stream.status]}。`);
    return;
  }
  if (stream.status === 'planned' && stream.startAt > ctx.now) {
    ctx.reply(`第 ${stream.no} 场直播还没开始（${formatWhen(stream.startAt, ctx.now, ctx.services.config.TZ)}），要取消请发 /直播 取消 ${stream.no}`);
    return;
  }
  endStream(ctx.services, stream);
  ctx.reply(stream.jielong.length ? `第 ${stream.no} 场直播已结束，直播价接龙已在群里开了。` : `第 ${stream.no} 场直播已结束。`);
}

function figures(ctx: Ctx, stream: Stream): void {
  const { store, config } = ctx.services;
  if (settleReminders(stream, store.data.outbox)) store.changed();
  const orders = streamOrders(store, stream);
  const f = streamFigures({
    stream, orders,
    reminders: reminderOutcomes(stream, store.data.outbox),
    joins: Object.values(store.data.profiles.members).flatMap((p) => (p.joinedAt !== undefined ? [{ id: p.id, joinedAt: p.joinedAt }] : [])),
    isOwner: (id) => ctx.services.isOwner({ id, name: store.data.members[id]?.name ?? id }),
  });
  ctx.reply(figuresText(stream, f, orders.length > 0, ctx.now, config.TZ));
}

function edit(ctx: Ctx, args: string): void {
  const { store, config } = ctx.services;
  const read = parseEdit(args, store.data.catalog, ctx.now, config.TZ);
  if ('error' in read) {
    ctx.reply(read.error);
    return;
  }
  withStream(ctx, String(read.no), '改', (s) => ctx.reply(applyEdit(ctx.services, s, read.edit)));
}
