import type { Command } from '../../bot/commands.ts';
import type { Ctx, Services } from '../../bot/context.ts';
import type { MemberRef } from '../../bot/types.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { fenYuan, parseFen } from '../../text/money.ts';
import { recordChange, stateOf } from './book.ts';
import type { AfterSalesCase, FulfilmentOrder } from './state.ts';
import { dueText, isLive, itemsText, stateOf as orderState, whoText } from './status.ts';

// After-sales (售后): a resident's report about an order opens a case; the owner gets one DM
// with the order and answers in one step; the resident hears the outcome. Refunds are recorded
// on the order, points given go through the points ledger (it follows the `order` events).

export const CASE_USAGE = '/售后 编号 退款 [金额] | 补发 | 积分补偿 数量 | 驳回 理由';
const KIND_TEXT: Record<string, string> = { bad: '质量问题', missing: '少发/没收到', wrong: '发错了', other: '售后' };

/** Opens a case for the order (one open case per order) and tells the owner. */
export function openCase(services: Services, order: FulfilmentOrder, member: MemberRef, text: string, kind: string, where: 'group' | 'dm'): { c: AfterSalesCase; opened: boolean } {
  const state = stateOf(services);
  const open = Object.values(state.cases).find((c) => c.order === order.no && !c.outcome);
  if (open) return { c: open, opened: false };
  const c: AfterSalesCase = { no: state.nextCase++, order: order.no, member: { id: member.id, name: member.name }, text: text.slice(0, 200), kind, at: services.clock.now(), where };
  state.cases[String(c.no)] = c;
  recordChange(services, order, 'case-opened', member, { case: c.no, note: c.text });
  for (const owner of ownerRefs(services)) {
    services.outbox.enqueue({
      key: `case:${c.no}:${owner.id}`, to: { kind: 'dm', member: owner }, purpose: 'requested',
      text: [
        `售后 ${c.no}｜${whoText(order)}（${KIND_TEXT[kind] ?? '售后'}）`,
        `「${order.title}」${itemsText(order.items)} ${dueText(order)}，取货号 ${order.no}，${orderState(order)}`,
        `说：${c.text}`,
        `一步处理：/售后 ${c.no} 退款 [金额]｜/售后 ${c.no} 补发｜/售后 ${c.no} 积分补偿 20｜/售后 ${c.no} 驳回 理由`,
      ].join('\n'),
    });
  }
  return { c, opened: true };
}

export const caseCommand: Command = {
  name: '售后', ownerOnly: true, usage: CASE_USAGE, summary: '处理居民报的售后（退款、补发、积分补偿、驳回）',
  run: (ctx, args) => answerCase(ctx, args),
};

function answerCase(ctx: Ctx, args: string): void {
  const state = stateOf(ctx.services);
  if (!args) {
    const open = Object.values(state.cases).filter((c) => !c.outcome);
    if (!open.length) return void ctx.reply(`没有待处理的售后👍\n${CASE_USAGE}`);
    return void ctx.reply([`待处理的售后${open.length}个：`, ...open.map((c) => {
      const o = state.orders[c.order];
      return `${c.no}｜${o ? `${whoText(o)}「${o.title}」` : c.member.name}：${c.text}`;
    }), CASE_USAGE].join('\n'));
  }
  const m = /^#?(\d+)\s*(退款|退钱|补发|重发|积分补偿|补积分|驳回|拒绝)\s*([\s\S]*)$/.exec(args);
  if (!m) return void ctx.reply(`用法：${CASE_USAGE}\n例如：/售后 3 退款 10`);
  const [, no = '', verb = '', rest = ''] = m;
  const c = state.cases[no];
  const order = c ? state.orders[c.order] : undefined;
  if (!c || !order) return void ctx.reply(`没有编号 ${no} 的售后。发 /售后 看待处理的。`);
  if (c.outcome) return void ctx.reply(`售后 ${no} 已经处理过了（${outcomeText(c)}）。`);
  const by = ctx.member;
  const now = ctx.now;
  const tell = (text: string) => {
    ctx.services.outbox.enqueue({ key: `case-answer:${c.no}`, to: { kind: 'dm', member: c.member }, text, purpose: 'requested' });
  };
  if (verb === '退款' || verb === '退钱') {
    const done = refundOrder(ctx.services, order, rest.trim(), by, c);
    if ('problem' in done) return void ctx.reply(done.problem.replace('{再发}', `/售后 ${no} 退款 10`));
    tell(`你报的「${order.title}」的问题，团长给你退了${fenYuan(done.fen)}，给你添麻烦了🙏`);
    return void ctx.reply(`售后 ${no}：已记退款${fenYuan(done.fen)}${done.full ? '（全额，这单不再算入销售）' : ''}，已告诉${c.member.name}。记得把钱转给TA。`);
  }
  if (verb === '补发' || verb === '重发') {
    c.outcome = { kind: 'reissue', at: now, by: by.id };
    recordChange(ctx.services, order, 'case-answered', by, { case: c.no, outcome: 'reissue' });
    tell(`你报的「${order.title}」的问题，团长会给你补发，到了告诉你～给你添麻烦了🙏`);
    return void ctx.reply(`售后 ${no}：记为补发，已告诉${c.member.name}。`);
  }
  if (verb === '积分补偿' || verb === '补积分') {
    const n = Number(/^\d{1,5}$/.exec(rest.trim())?.[0] ?? NaN);
    if (!Number.isInteger(n) || n <= 0) return void ctx.reply(`补多少积分？例如：/售后 ${no} 积分补偿 20`);
    c.outcome = { kind: 'points', at: now, by: by.id, points: n };
    recordChange(ctx.services, order, 'case-answered', by, { case: c.no, outcome: 'points', points: n });
    tell(`你报的「${order.title}」的问题，团长给你补了${n}积分，给你添麻烦了🙏`);
    return void ctx.reply(`售后 ${no}：补${n}积分，已告诉${c.member.name}。`);
  }
  const reason = rest.trim();
  if (!reason) return void ctx.reply(`请写上理由，会转告居民：/售后 ${no} 驳回 理由`);
  c.outcome = { kind: 'reject', at: now, by: by.id, reason };
  recordChange(ctx.services, order, 'case-answered', by, { case: c.no, outcome: 'reject', note: reason });
  tell(`你报的「${order.title}」的问题，团长看过了：${reason}\n有疑问可以直接找团长聊～`);
  ctx.reply(`售后 ${no}：已驳回，理由已转告${c.member.name}。`);
}

/**
 * Records a refund of `amount` as typed (empty: all that may be refunded). The order ends as
 * refunded when nothing of it is left; the points ledger and profiles follow the event.
 */
export function refundOrder(services: Services, order: FulfilmentOrder, amount: string, by: MemberRef, c?: AfterSalesCase): { fen: number; full: boolean } | { problem: string } {
  const max = refundable(order);
  if (max === 0) return { problem: `${order.no} 没有可退的钱（${orderState(order)}）。` };
  const fen = amount ? parseFen(amount) : max;
  if (fen === null || fen <= 0) return { problem: `退多少？例如：{再发}（不写金额就是全退${fenYuan(max)}）` };
  if (fen > max) return { problem: `这一单最多退${fenYuan(max)}（${dueText(order)}），你写的是${fenYuan(fen)}。请再发一次。` };
  order.refundedFen += fen;
  const full = order.dueFen === null ? !amount : order.refundedFen >= order.dueFen;
  if (full) order.ended = 'refunded';
  if (c) c.outcome = { kind: 'refund', at: services.clock.now(), by: by.id, fen };
  recordChange(services, order, 'refunded', by, { fen, full, ...(c ? { case: c.no } : {}) });
  return { fen, full };
}

/** The most a refund may be: what was paid (or, unpaid, what is due), less refunds already given. */
export function refundable(order: FulfilmentOrder): number {
  if (!isLive(order)) return 0;
  const base = order.paidFen > 0 ? order.paidFen : order.dueFen ?? 0;
  return Math.max(0, base - order.refundedFen);
}

function outcomeText(c: AfterSalesCase): string {
  const o = c.outcome!;
  if (o.kind === 'refund') return `退款${fenYuan(o.fen ?? 0)}`;
  if (o.kind === 'reissue') return '补发';
  if (o.kind === 'points') return `补${o.points}积分`;
  return `驳回：${o.reason}`;
}
