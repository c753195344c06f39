import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import { nextCronSlot } from '../../scheduler/recurring.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { NEW_EXAMPLE, NEW_USAGE, parseNewBroadcast } from './args.ts';
import { shopGroups } from '../../store/members.ts';
import type { Placeholders } from './placeholders.ts';
import { BROADCAST_JOB, broadcastJobId, type Broadcast } from './state.ts';

// The owner's /定时: scheduled posts into the groups, once or on a repeating schedule.

const HELP = [
  '用法：',
  `${NEW_USAGE}`,
  `  例如：${NEW_EXAMPLE}`,
  '  时间可以写：每天 8:00、每周三 19:00、每周一三五 晚上7点、工作日 7:30、每月1号 10:00、cron（0 8 * * *），或一次性的“周六 20:00”',
  '/定时 列表 — 看所有定时消息',
  '/定时 删除 <编号>',
  '/定时 暂停 <编号>，/定时 恢复 <编号>',
].join('\n');

export function broadcastCommand(placeholders: Placeholders): Command {
  return {
    name: '定时', aliases: ['broadcast'], ownerOnly: true, usage: '/定时 新建|列表|删除|暂停|恢复 …',
    summary: '定时在群里发消息（每天、每周、每月或一次）',
    run(ctx, args) {
      const [verb = '', ...rest] = args.split(/\s+/);
      const arg = args.slice(verb.length).trim();
      if (verb === '新建' || verb === '添加' || verb === '新增') return create(ctx, arg, placeholders);
      if (verb === '') return void ctx.reply(HELP);
      if (verb === '列表' || verb === '查看') return list(ctx);
      if (verb === '删除' || verb === '取消') return withItem(ctx, rest[0], verb, (item) => remove(ctx, item));
      if (verb === '暂停') return withItem(ctx, rest[0], verb, (item) => setPaused(ctx, item, true));
      if (verb === '恢复') return withItem(ctx, rest[0], verb, (item) => setPaused(ctx, item, false));
      ctx.reply(`没有“/定时 ${verb}”这个用法。\n${HELP}`);
    },
  };
}

function create(ctx: Ctx, args: string, placeholders: Placeholders): void {
  const { store, scheduler, config } = ctx.services;
  const request = parseNewBroadcast(args, shopGroups(store.data), ctx.now, config.TZ);
  if ('error' in request) {
    ctx.reply(request.error);
    return;
  }
  const no = store.nextId('broadcast');
  const item: Broadcast = {
    no, schedule: request.schedule, groups: request.groups, text: request.text, paused: false,
    createdAt: ctx.now, createdBy: ctx.member.id, sent: 0,
  };
  store.data.broadcasts.items[no] = item;
  store.changed();
  if (item.schedule.kind === 'cron') scheduler.every(broadcastJobId(no), item.schedule.pattern, BROADCAST_JOB, { no }, item.schedule.days);
  else scheduler.at(item.schedule.at, BROADCAST_JOB, { no }, broadcastJobId(no));
  const lines = [`好的，定时 #${no} 已设好：${describe(ctx, item)}`];
  const next = nextOf(ctx, item);
  if (item.schedule.kind === 'cron' && next !== undefined) lines.push(`下一次：${formatWhen(next, ctx.now, config.TZ)}`);
  lines.push(`内容：${item.text}`);
  const unknown = placeholders.unknown(item.text);
  if (unknown.length) lines.push(`注意：${unknown.map((n) => `{${n}}`).join('、')} 我不认识，会原样发出。能自动填的有：${placeholders.names().map((n) => `{${n}}`).join('、')}`);
  lines.push(`不对的话发 /定时 删除 ${no}`);
  ctx.reply(lines.join('\n'));
}

function list(ctx: Ctx): void {
  const items = Object.values(ctx.services.store.data.broadcasts.items).sort((a, b) => a.no - b.no);
  if (items.length === 0) {
    ctx.reply(`还没有定时消息。\n例如：${NEW_EXAMPLE}`);
    return;
  }
  ctx.reply(['定时消息：', ...items.map((item) => {
    const state = item.paused ? '（已暂停）' : item.schedule.kind === 'once' && item.sent > 0 ? '（已发出）' : '';
    return `#${item.no} ${describe(ctx, item)}${state}：${preview(item.text)}`;
  })].join('\n'));
}

function withItem(ctx: Ctx, word: string | undefined, verb: string, act: (item: Broadcast) => void): void {
  const no = Number(word?.replace(/^#/, ''));
  const item = Number.isInteger(no) ? ctx.services.store.data.broadcasts.items[no] : undefined;
  if (!item) {
    ctx.reply(word ? `没有编号为 ${word} 的定时消息。发 /定时 列表 看看编号。` : `请写上编号，比如：/定时 ${verb} 1`);
    return;
  }
  act(item);
}

function remove(ctx: Ctx, item: Broadcast): void {
  const { store, scheduler } = ctx.services;
  scheduler.cancel(broadcastJobId(item.no));
  delete store.data.broadcasts.items[item.no];
  store.changed();
  ctx.reply(`定时 #${item.no} 已删除，以后不会再发。`);
}

function setPaused(ctx: Ctx, item: Broadcast, paused: boolean): void {
  if (item.paused === paused) {
    ctx.reply(`定时 #${item.no} 本来就${paused ? '暂停着' : '在运行'}。`);
    return;
  }
  item.paused = paused;
  ctx.services.store.changed();
  if (item.schedule.kind === 'cron') ctx.services.scheduler.setPaused(broadcastJobId(item.no), paused);
  if (paused) {
    ctx.reply(`定时 #${item.no} 已暂停，要继续发 /定时 恢复 ${item.no}`);
    return;
  }
  const next = nextOf(ctx, item);
  const when = next !== undefined && next > ctx.now ? `，下一次${formatWhen(next, ctx.now, ctx.services.config.TZ)}` : '';
  // A one-off whose time passed while paused will not go out: say so.
  const late = item.schedule.kind === 'once' && item.schedule.at <= ctx.now && item.sent === 0 ? '。它的时间在暂停期间已经过了，不会再发；需要的话请重新新建' : '';
  ctx.reply(`定时 #${item.no} 已恢复${when}${late}。`);
}

function describe(ctx: Ctx, item: Broadcast): string {
  const where = item.groups ? item.groups.map((g) => g.name).join('、') : '全部群';
  const when = item.schedule.kind === 'cron'
    // The label only: a raw cron pattern the owner typed is in its label already ("按 cron「…」").
    ? item.schedule.label
    : formatWhen(item.schedule.at, ctx.now, ctx.services.config.TZ);
  return `${when} 发到${where}`;
}

function nextOf(ctx: Ctx, item: Broadcast): number | undefined {
  if (item.schedule.kind === 'once') return item.schedule.at;
  return nextCronSlot(item.schedule, ctx.now, ctx.services.config.TZ);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 30 ? `${flat.slice(0, 30)}…` : flat;
}
