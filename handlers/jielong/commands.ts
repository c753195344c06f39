import { join } from 'node:path';
import type { Ctx } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import type { Command } from '../commands.ts';
import { dayKey } from '../../scheduler/clock.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { shopGroups } from '../../store/members.ts';
import { closeRecord, scheduleCutoff } from './close.ts';
import { buildPickList, writePickList } from './export.ts';
import { OPEN_EXAMPLE, OPEN_USAGE, parseOpenArgs } from './open-args.ts';
import { ordersOf } from './orders.ts';
import { createRecord, findTargets, openIn, siblingsOf } from './records.ts';
import { announcement, summaryText, totalsText } from './texts.ts';
import type { JielongRecord } from '../../store/schema.ts';

// The owner's /接龙 command: 开 (open, posted in WeChat's own 接龙 format), 关 (close),
// 汇总 (totals), 导出 (the pick list as files, to the owner's DM).

const USAGE = '/接龙 开|关|汇总|导出 …';
const HELP = [
  `用法：`,
  `${OPEN_USAGE}`,
  `  例如：${OPEN_EXAMPLE}`,
  `/接龙 关 [标题] — 截单，并在群里公布汇总`,
  `/接龙 汇总 [标题] — 各商品的数量和人数`,
  `/接龙 导出 [标题] — 配货单（Excel 和 CSV）私信发给你`,
].join('\n');

export const jielongCommand: Command = {
  name: '接龙', aliases: ['jielong'], ownerOnly: true, usage: USAGE,
  summary: '开接龙、截单、汇总、导出配货单',
  async run(ctx, args) {
    const [verb = '', ...rest] = args.split(/\s+/);
    const arg = rest.join(' ').trim();
    if (verb === '开' || verb === '开团' || verb === '新建') return open(ctx, arg);
    if (verb === '关' || verb === '截单' || verb === '结束') return close(ctx, arg);
    if (verb === '汇总' || verb === '统计') return summary(ctx, arg);
    if (verb === '导出' || verb === '配货单') return exportPickList(ctx, arg);
    ctx.reply(verb ? `没有“/接龙 ${verb}”这个用法。\n${HELP}` : HELP);
  },
};

function open(ctx: Ctx, args: string): void {
  const { store, config } = ctx.services;
  const request = parseOpenArgs(args, store.data.catalog, ctx.now, config.TZ);
  if ('error' in request) {
    ctx.reply(`${request.error}\n格式：${OPEN_USAGE}\n例如：${OPEN_EXAMPLE}`);
    return;
  }
  const groups: GroupRef[] = ctx.group ? [ctx.group] : shopGroups(store.data);
  if (groups.length === 0) {
    ctx.reply('我还没有加入任何群。先把我拉进群，再开接龙吧。');
    return;
  }
  const busy = groups.filter((g) => openIn(store, g.id).some((r) => r.title === request.title));
  const free = groups.filter((g) => !busy.includes(g));
  if (free.length === 0) {
    ctx.reply(`「${request.title}」已经在进行中了。要截单请发 /接龙 关 ${request.title}`);
    return;
  }
  const batch = free.length > 1 ? `batch-${store.nextId('jielong-batch')}` : undefined;
  const records = free.map((group) => createRecord(store, ctx.now, {
    group, header: '#接龙', title: request.title, openedBy: ctx.member.id, offer: request.offer,
    ...(request.cutoffAt !== undefined ? { cutoffAt: request.cutoffAt } : {}),
    ...(batch ? { batch } : {}),
  }));
  for (const record of records) {
    ctx.services.outbox.enqueue({ key: `jielong-open:${record.id}`, to: { kind: 'group', group: record.group }, text: announcement(record, ctx.now, config.TZ) });
    scheduleCutoff(ctx.services, record);
  }
  // In the group the post itself is the answer; from a DM the owner hears where it went.
  const notes: string[] = [];
  if (!ctx.group) notes.push(`已在${free.map((g) => g.name).join('、')}开接龙「${request.title}」。`);
  if (busy.length) notes.push(`${busy.map((g) => g.name).join('、')}里「${request.title}」已经在进行中，没有重复开。`);
  if (request.offer.length === 0) notes.push('没有指定商品：大家写什么就记什么。下次可以写上商品，比如：' + OPEN_EXAMPLE);
  if (!ctx.group && request.cutoffAt !== undefined) notes.push(`${formatWhen(request.cutoffAt, ctx.now, config.TZ)}自动截单。`);
  // Notes are for the owner, not for the group.
  if (notes.length) ctx.dm(ctx.member, notes.join('\n'));
}

function targets(ctx: Ctx, title: string, openOnly: boolean, verb: string): JielongRecord[] | undefined {
  const found = findTargets(ctx.services.store, { ...(ctx.group ? { groupId: ctx.group.id } : {}), title, openOnly, verb });
  if ('question' in found) {
    ctx.reply(found.question);
    return undefined;
  }
  return found.records;
}

function close(ctx: Ctx, title: string): void {
  const records = targets(ctx, title, true, '关');
  if (!records) return;
  for (const record of records) closeRecord(ctx.services, record, 'owner');
  // The group sees the closing post; a DM gets the totals of each group.
  if (!ctx.group) {
    const { catalog } = ctx.services.store.data;
    ctx.reply(records.map((r) => `「${r.title}」（${r.group.name}）已截单，${totalsText(r, ordersOf(r, catalog), siblingsOf(ctx.services.store, r))}`).join('\n\n'));
  }
}

function summary(ctx: Ctx, title: string): void {
  const records = targets(ctx, title, false, '汇总');
  if (!records) return;
  const { store, config } = ctx.services;
  ctx.reply(records.map((r) => {
    const text = summaryText(r, ordersOf(r, store.data.catalog), ctx.now, config.TZ, siblingsOf(store, r));
    return records.length > 1 ? `${r.group.name}：${text}` : text;
  }).join('\n\n'));
}

async function exportPickList(ctx: Ctx, title: string): Promise<void> {
  const records = targets(ctx, title, false, '导出');
  if (!records) return;
  const { store, config } = ctx.services;
  const orders = records.flatMap((r) => ordersOf(r, store.data.catalog));
  const first = records[0]!;
  const pick = buildPickList(orders);
  const name = `${dayKey(ctx.now, config.TZ)}-${safeName(first.title)}-配货单`;
  const files = await writePickList(pick, join(store.dir, 'exports'), `${name}-${records.map((r) => r.id).join('_')}`, first.title);
  const owner = ctx.member;
  const where = records.map((r) => r.group.name).join('、');
  const people = new Set(orders.map((o) => o.authorId ?? `${o.room}|${o.name}|${o.lineId}`)).size;
  ctx.dm(owner, `「${first.title}」配货单（${where}）：${people}人，${pick.delivery.length}行。Excel 里“按楼栋配送”一页按楼栋房号排好了，“商品汇总”一页是各商品总数。`);
  ctx.dm(owner, `${name}.xlsx`, { file: { path: files.xlsx, name: `${name}.xlsx` } });
  ctx.dm(owner, `${name}.csv`, { file: { path: files.csv, name: `${name}.csv` } });
  if (ctx.group) ctx.reply('配货单已经私信发给你了～');
}

/** A title as a file name: no path separators or characters Windows refuses. */
function safeName(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '接龙';
}
