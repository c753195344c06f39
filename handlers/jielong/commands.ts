import { join } from 'node:path';
import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import { dayKey } from '../../scheduler/clock.ts';
import { closeRecord } from './close.ts';
import { buildPickList, writePickList, type OrderMarksOf } from './export.ts';
import { OPEN_EXAMPLE, OPEN_USAGE, parseOpenArgs } from './open-args.ts';
import { ordersOf } from './orders.ts';
import { openJielong } from './open.ts';
import { cancelOpen, confirmOpen, holdOpen } from './open-pending.ts';
import { findTargets, siblingsOf } from './records.ts';
import { summaryText, totalsText } from './texts.ts';
import type { JielongRecord } from './state.ts';

// The owner's /接龙 command: 开 (open, posted in WeChat's own 接龙 format; from a DM only
// after the owner's 确认), 关 (close), 汇总 (totals), 导出 (the pick list as files, to the
// owner's DM).

const USAGE = '/接龙 开|关|汇总|导出 …';
const HELP = [
  `用法：`,
  `${OPEN_USAGE}`,
  `  例如：${OPEN_EXAMPLE}`,
  `  在群里发：只在这个群开；私信我发：发到所有群，我先给你看一遍，回复“确认”才开`,
  `/接龙 关 [标题] — 截单，并在群里公布汇总`,
  `/接龙 汇总 [标题] — 各商品的数量和人数`,
  `/接龙 导出 [标题] — 配货单（Excel 和 CSV）私信发给你`,
].join('\n');

/** orderMarks: what the pick list shows of each order from outside the 接龙 (取货号, paid, collected). */
export function jielongCommand(orderMarks?: OrderMarksOf): Command {
  return {
    name: '接龙', aliases: ['jielong'], ownerOnly: true, usage: USAGE,
    summary: '开接龙、截单、汇总、导出配货单',
    run: (ctx, args) => runJielong(ctx, args, orderMarks),
  };
}

async function runJielong(ctx: Ctx, args: string, orderMarks: OrderMarksOf | undefined): Promise<void> {
  const [verb = '', ...rest] = args.split(/\s+/);
  const arg = rest.join(' ').trim();
  if (verb === '开' || verb === '开团' || verb === '新建') return open(ctx, arg);
  if (verb === '关' || verb === '截单' || verb === '结束') return close(ctx, arg);
  if (verb === '汇总' || verb === '统计') return summary(ctx, arg);
  if (verb === '导出' || verb === '配货单') return exportPickList(ctx, arg, orderMarks);
  if (verb === '确认' || verb === '确定') return confirmOpen(ctx);
  if (verb === '取消') return cancelOpen(ctx);
  ctx.reply(verb ? `没有“/接龙 ${verb}”这个用法。\n${HELP}` : HELP);
}

/** In a group it opens there at once; from a DM (every group) it is shown back for 确认 first. */
function open(ctx: Ctx, args: string): void {
  const { store, config } = ctx.services;
  const request = parseOpenArgs(args, store.data.catalog, ctx.now, config.TZ);
  if ('error' in request) {
    ctx.reply(`${request.error}\n格式：${OPEN_USAGE}\n例如：${OPEN_EXAMPLE}`);
    return;
  }
  if (ctx.group) openJielong(ctx, request, [ctx.group]);
  else holdOpen(ctx, args, request);
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

async function exportPickList(ctx: Ctx, title: string, orderMarks: OrderMarksOf | undefined): Promise<void> {
  const records = targets(ctx, title, false, '导出');
  if (!records) return;
  const { store, config } = ctx.services;
  const orders = records.flatMap((r) => ordersOf(r, store.data.catalog).map((order) => ({ jielongId: r.id, order })));
  const first = records[0]!;
  const pick = buildPickList(orders, orderMarks);
  const name = `${dayKey(ctx.now, config.TZ)}-${safeName(first.title)}-配货单`;
  const files = await writePickList(pick, join(store.dir, 'exports'), `${name}-${records.map((r) => r.id).join('_')}`, first.title);
  const owner = ctx.member;
  const where = records.map((r) => r.group.name).join('、');
  ctx.dm(owner, `「${first.title}」配货单（${where}）：${pick.total.people}人，${pick.delivery.length}行。Excel 里“按楼栋配送”一页按楼栋房号排好了，“商品汇总”一页是各商品总数。`);
  ctx.dm(owner, `${name}.xlsx`, { file: { path: files.xlsx, name: `${name}.xlsx` } });
  ctx.dm(owner, `${name}.csv`, { file: { path: files.csv, name: `${name}.csv` } });
  if (ctx.group) ctx.reply('配货单已经私信发给你了～');
}

/** A title as a file name: no path separators or characters Windows refuses. */
function safeName(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '接龙';
}
