import type { Command } from '../../bot/commands.ts';
import type { Ctx, Services } from '../../bot/context.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { fenYuan } from '../../text/money.ts';
import { recordChange, stateOf } from './book.ts';
import { namedOrders, personOf } from './find.ts';
import type { FulfilmentOrder } from './state.ts';
import { dueText, isLive, isUnpaid, itemsText, owedFen, whoText } from './status.ts';
import { byJielong, ordersFor } from './lists.ts';

// Payment: the owner or staff mark orders paid (/收款), residents say they paid and the owner
// confirms with one /收款, /未付 lists who still owes, /对账 adds it all up per 接龙.

export const PAY_USAGE = '/收款 [接龙] 取货号|房号|名字 [金额]';
const PAY_EXAMPLE = '例如：/收款 101　/收款 芒果 3-501 5-201 王阿姨　/收款 王阿姨 23.8';

export const payCommand: Command = {
  name: '收款', ownerOnly: true, staff: true, usage: PAY_USAGE,
  summary: '登记收款（可一次多个；居民说“已付”后用它确认）',
  run: (ctx, args) => markPaid(ctx, args),
};

function markPaid(ctx: Ctx, args: string): void {
  const found = namedOrders(stateOf(ctx.services), args, { amounts: true, titled: () => true, usage: `${PAY_USAGE}\n${PAY_EXAMPLE}` });
  if ('reply' in found) return void ctx.reply(found.reply);
  const plan: Array<{ order: FulfilmentOrder; fen: number | null }> = [];
  const already: FulfilmentOrder[] = [];
  for (const { target, orders } of found.named) {
    const owing = orders.filter((o) => !o.paid);
    if (!owing.length) {
      already.push(...orders);
      continue;
    }
    const picked = target.fen === undefined ? owing : pickByAmount(owing, target.fen);
    if (picked) {
      for (const order of picked) plan.push({ order, fen: null });
      continue;
    }
    const fen = target.fen!;
    if (!found.confirmed || owing.length > 1) {
      const owed = owing.map((o) => `${o.no}「${o.title}」应付${dueText(o)}`).join('，');
      const one = owing.length === 1 ? `/收款 ${owing[0]!.no} ${fen / 100} 确认` : `/收款 取货号 ${fen / 100} 确认`;
      return void ctx.reply(`${whoText(owing[0]!)}：${owed}，你写的是${fenYuan(fen)}，对不上。\n确实收了${fenYuan(fen)}的话，发“${one}”。`);
    }
    plan.push({ order: owing[0]!, fen });
  }
  if (!plan.length) return void ctx.reply(`${already.map((o) => `${o.no} ${whoText(o)}`).join('、')} 已经记过收款了，不用再记。`);
  for (const { order, fen } of plan) pay(ctx.services, order, fen, ctx.member);
  const lines = plan.map(({ order }) => `${order.no} ${whoText(order)} ${fenYuan(order.paidFen)}${order.paid ? '' : `（还差${fenYuan(owedFen(order) ?? 0)}）`}`);
  const left = unpaidSummary(ctx.services, [...new Set(plan.map((p) => p.order.title))]);
  ctx.reply([`已记收款：\n${lines.join('\n')}`, ...(already.length ? [`${already.map((o) => o.no).join('、')} 之前就记过了。`] : []), left].filter(Boolean).join('\n'));
}

/** One order whose owed amount is `fen`, else all of them when together they owe `fen`. */
function pickByAmount(owing: FulfilmentOrder[], fen: number): FulfilmentOrder[] | undefined {
  const one = owing.filter((o) => owedFen(o) === fen);
  if (one.length === 1) return one;
  const all = owing.reduce<number | null>((s, o) => (s === null || owedFen(o) === null ? null : s + owedFen(o)!), 0);
  return all === fen ? owing : undefined;
}

/** Records a payment: what is owed when `fen` is null, else `fen` (confirmed by the owner). */
export function pay(services: Services, order: FulfilmentOrder, fen: number | null, by: { id: string; name: string }): void {
  const received = fen ?? owedFen(order) ?? 0;
  order.paidFen += received;
  order.paid = order.dueFen === null || order.paidFen + order.refundedFen >= order.dueFen;
  const claimed = order.claim;
  delete order.claim;
  recordChange(services, order, 'paid', by, { fen: received, ...(fen !== null ? { note: `按${fenYuan(fen)}记` } : {}) });
  // The resident who said they paid is waiting to hear it was seen.
  if (claimed && order.member && order.paid) {
    services.outbox.enqueue({
      key: `pay-confirmed:${order.no}`, to: { kind: 'dm', member: order.member }, purpose: 'requested',
      text: `团长已确认收到你「${order.title}」的付款${fenYuan(received)}，谢谢～`,
    });
  }
}

/** "「芒果」还有3单未付，共71.4元。" for each title; '' when all are paid. */
function unpaidSummary(services: Services, titles: string[]): string {
  const state = stateOf(services);
  return titles.map((title) => {
    const unpaid = Object.values(state.orders).filter((o) => o.title === title && isUnpaid(o));
    if (!unpaid.length) return `「${title}」都付清了👍`;
    return `「${title}」还有${unpaid.length}单未付，${sumText(unpaid)}。`;
  }).join('\n');
}

/** "共71.4元", or "共47.6元，另有1单金额待定". */
export function sumText(orders: FulfilmentOrder[]): string {
  const known = orders.filter((o) => owedFen(o) !== null);
  const total = known.reduce((s, o) => s + owedFen(o)!, 0);
  const unknown = orders.length - known.length;
  return `共${fenYuan(total)}${unknown ? `，另有${unknown}单金额待定` : ''}`;
}

export const unpaidCommand: Command = {
  name: '未付', ownerOnly: true, staff: true, usage: '/未付 [接龙]', summary: '谁还没付款，各多少钱',
  run(ctx, args) {
    const scoped = ordersFor(ctx, args, isUnpaid, '/未付 [接龙]');
    if (!scoped) return;
    const { title, orders: unpaid } = scoped;
    if (!unpaid.length) return void ctx.reply(title ? `「${title}」都付清了👍` : '没有待付款的订单，都付清了👍');
    ctx.reply(byJielong(unpaid).map(([t, orders]) => [
      `「${t}」未付${orders.length}单，${sumText(orders)}：`,
      ...orders.map((o) => `${o.no} ${whoText(o)} ${o.dueFen === null ? '金额待定' : fenYuan(owedFen(o)!)}${o.claim ? '（说已付，待确认）' : ''}`),
    ].join('\n')).join('\n\n'));
  },
};

export const reconcileCommand: Command = {
  name: '对账', ownerOnly: true, staff: true, usage: '/对账 [接龙]', summary: '每个接龙应收、已收、未收、退款',
  run(ctx, args) {
    const orders = ordersFor(ctx, args, () => true, '/对账 [接龙]')?.orders;
    if (!orders) return;
    if (!orders.length) return void ctx.reply('还没有截单的接龙，截单后就能对账了。');
    ctx.reply(byJielong(orders).slice(-10).map(([t, list]) => reconcileText(t, list)).join('\n\n'));
  },
};

export interface Reconciliation {
  orders: number;
  expectedFen: number;
  receivedFen: number;
  missingFen: number;
  unpaid: number;
  refundedFen: number;
  /** Orders whose price is not known (not in the sums). */
  unknown: number;
}

/** Expected, received, missing and refunded of one 接龙's orders. Pure. */
export function reconcile(orders: readonly FulfilmentOrder[]): Reconciliation {
  const live = orders.filter(isLive);
  const r: Reconciliation = { orders: live.length, expectedFen: 0, receivedFen: 0, missingFen: 0, unpaid: 0, refundedFen: 0, unknown: 0 };
  for (const o of orders) {
    r.receivedFen += o.paidFen;
    r.refundedFen += o.refundedFen;
    if (!isLive(o)) continue;
    if (o.dueFen === null) r.unknown++;
    else r.expectedFen += o.dueFen;
    const owed = owedFen(o);
    if (owed) r.missingFen += owed;
    if (!o.paid) r.unpaid++;
  }
  return r;
}

function reconcileText(title: string, orders: FulfilmentOrder[]): string {
  const r = reconcile(orders);
  return [
    `「${title}」${r.orders}单`,
    `应收 ${fenYuan(r.expectedFen)}${r.unknown ? `（另有${r.unknown}单金额待定）` : ''}`,
    `已收 ${fenYuan(r.receivedFen)}`,
    `未收 ${fenYuan(r.missingFen)}（${r.unpaid}单）`,
    ...(r.refundedFen ? [`退款 ${fenYuan(r.refundedFen)}`] : []),
  ].join('\n');
}

/** A resident says they paid: the orders it is about get the claim, and the owner one DM. */
export function claimPaid(services: Services, orders: FulfilmentOrder[], amountFen: number | undefined, member: { id: string; name: string }, screenshot = false): void {
  const now = services.clock.now();
  for (const order of orders) {
    order.claim = { at: now, ...(amountFen !== undefined && orders.length === 1 ? { amountFen } : {}) };
    recordChange(services, order, 'pay-claimed', member, amountFen !== undefined ? { fen: amountFen } : {});
  }
  const first = orders[0]!;
  const said = `${amountFen !== undefined ? `说已付${fenYuan(amountFen)}` : '说已付'}${screenshot ? '（发了付款截图）' : ''}`;
  const list = orders.map((o) => `${o.no}「${o.title}」${itemsText(o.items)} 应付${dueText(o)}`).join('\n');
  const nos = orders.map((o) => o.no).join(' ');
  for (const owner of ownerRefs(services)) {
    services.outbox.enqueue({
      key: `pay-claim:${orders.map((o) => o.no).join('-')}:${first.history.length}:${owner.id}`, to: { kind: 'dm', member: owner }, purpose: 'requested',
      text: `${whoText(first)} ${said}：\n${list}\n核对收到了就回“/收款 ${nos}”。`,
    });
  }
}

/** Whose orders are these: one person, or several (then nobody's claim fits them all). */
export function onePerson(orders: FulfilmentOrder[]): boolean {
  return new Set(orders.map(personOf)).size <= 1;
}

