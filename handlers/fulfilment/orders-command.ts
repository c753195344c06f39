import type { Command } from '../../bot/commands.ts';
import type { Ctx } from '../../bot/context.ts';
import { fenYuan } from '../../text/money.ts';
import { refundOrder } from './after-sales.ts';
import { recordChange, stateOf } from './book.ts';
import { resolveTarget } from './find.ts';
import { historyText } from './history-text.ts';
import type { FulfilmentOrder } from './state.ts';
import { dueText, isLive, itemsText, stateOf as orderState, whoText } from './status.ts';

// /订单: one order (or one person's) with its state and history; the owner may cancel an unpaid
// order after the cut-off, or refund one outside an after-sales case.

const USAGE = '/订单 取货号|房号|名字';

export const orderCommand: Command = {
  name: '订单', ownerOnly: true, staff: true, usage: USAGE, summary: '查一单的状态和经过',
  more: [{ usage: '/订单 取消 取货号 [理由] | /订单 退款 取货号 [金额]', summary: '截单后取消未付款的订单，或退款', ownerOnly: true }],
  run(ctx, args) {
    const m = /^(取消|退款)\s*(\S+)?\s*([\s\S]*)$/.exec(args);
    if (m) {
      if (!ctx.isOwner) return void ctx.reply('取消和退款只有团长可以操作。');
      return change(ctx, m[1] as '取消' | '退款', m[2] ?? '', (m[3] ?? '').trim());
    }
    if (!args) return void ctx.reply(`${USAGE}\n例如：/订单 101`);
    const found = resolveTarget(args, Object.values(stateOf(ctx.services).orders));
    if ('question' in found) return void ctx.reply(found.question);
    if ('unknown' in found) return void ctx.reply(`没找到“${args}”的订单。${USAGE}`);
    ctx.reply(found.orders.slice(-5).map((o) => cardOf(ctx, o)).join('\n\n'));
  },
};

function cardOf(ctx: Ctx, o: FulfilmentOrder): string {
  return [
    `${o.no}｜${whoText(o)}「${o.title}」（${o.group.name}）`,
    `${itemsText(o.items)} ${dueText(o)}，${orderState(o)}${o.paidFen ? `，已收${fenYuan(o.paidFen)}` : ''}${o.refundedFen ? `，已退${fenYuan(o.refundedFen)}` : ''}`,
    ...historyText(ctx.services, o),
  ].join('\n');
}

function change(ctx: Ctx, verb: '取消' | '退款', no: string, rest: string): void {
  const order = stateOf(ctx.services).orders[no.replace(/^#/, '')];
  if (!order) return void ctx.reply(`没有取货号 ${no || '（没写）'} 的订单。用法：/订单 ${verb} 取货号`);
  if (!isLive(order)) return void ctx.reply(`${order.no} 已经${orderState(order).replace(/^已/, '')}了。`);
  if (verb === '退款') {
    const done = refundOrder(ctx.services, order, rest, ctx.member);
    if ('problem' in done) return void ctx.reply(done.problem.replace('{再发}', `/订单 退款 ${order.no} 10`));
    return void ctx.reply(`${order.no} ${whoText(order)}：已记退款${fenYuan(done.fen)}${done.full ? '（全额）' : ''}。`);
  }
  if (order.paidFen > 0) return void ctx.reply(`${order.no} 已经收了${fenYuan(order.paidFen)}，先退款：/订单 退款 ${order.no}`);
  order.ended = 'cancelled';
  recordChange(ctx.services, order, 'cancelled', ctx.member, { fen: order.dueFen ?? 0, ...(rest ? { note: rest } : {}) });
  if (order.member) {
    ctx.services.outbox.enqueue({
      key: `order-cancelled:${order.no}`, to: { kind: 'dm', member: order.member }, purpose: 'requested',
      text: `你在「${order.title}」的订单（${itemsText(order.items)}）团长帮你取消了${rest ? `：${rest}` : '。'}有疑问可以直接找团长～`,
    });
  }
  ctx.reply(`${order.no} ${whoText(order)} 已取消，不算入销售${order.member ? '，已告诉TA' : ''}。`);
}
