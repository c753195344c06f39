import type { Command } from '../../bot/commands.ts';
import type { Ctx, Services } from '../../bot/context.ts';
import type { MemberRef } from '../../bot/types.ts';
import { HOUR_MS } from '../../scheduler/clock.ts';
import { recordChange, stateOf } from './book.ts';
import { namedOrders, titleFor } from './find.ts';
import { byJielong, ordersFor, titlesOf } from './lists.ts';
import type { FulfilmentOrder } from './state.ts';
import { isCollected, isLive, isUncollected, itemsText, leftOf, leftText, whoText } from './status.ts';

// Arrival and pick-up: /到货 tells the groups and each buyer (with their pick-up number),
// residents say 已取 or the owner or staff /核销, /未取 lists who has not been, and one
// reminder goes out the next day. Pick-up points are set per group with /自提点.

export const PICKUP_REMINDER_JOB = 'pickup-reminder';

export const ARRIVED_USAGE = '/到货 [接龙] [自提点和时间]';
export const COLLECT_USAGE = '/核销 取货号|房号|名字 [数量]';
const COLLECT_EXAMPLE = '例如：/核销 101　/核销 101 102 王阿姨　/核销 101 1（只取了1件）';

export const placeCommand: Command = {
  name: '自提点', ownerOnly: true, usage: '/自提点 [群名|全部] <地点>',
  summary: '设置取货地点（在群里发就是这个群的）',
  run(ctx, args) {
    const { store } = ctx.services;
    const state = stateOf(ctx.services);
    const groups = Object.values(store.data.groups);
    if (!args) {
      const lines = groups.map((g) => `${g.name}：${state.places[g.id] ?? '（未设置）'}`);
      return void ctx.reply(`各群的自提点：\n${lines.join('\n') || '（还没有群）'}\n设置：在群里发“/自提点 地点”，或私信我“/自提点 群名 地点”。`);
    }
    let targets = ctx.group ? [ctx.group] : [];
    let place = args;
    if (!ctx.group) {
      const [first = '', ...rest] = args.split(/\s+/);
      const named = first === '全部' ? groups : groups.filter((g) => g.name === first || g.name.includes(first));
      if (!rest.length || !named.length || (first !== '全部' && named.length > 1)) {
        return void ctx.reply(`私信里要写上群名：/自提点 群名 地点（或 /自提点 全部 地点）。\n群：${groups.map((g) => g.name).join('、') || '（还没有群）'}`);
      }
      targets = named.map((g) => ({ id: g.id, name: g.name }));
      place = rest.join(' ');
    }
    for (const g of targets) state.places[g.id] = place;
    store.changed();
    ctx.reply(`好的，${targets.map((g) => g.name).join('、')}的自提点：${place}`);
  },
};

export const arrivedCommand: Command = {
  name: '到货', ownerOnly: true, usage: ARRIVED_USAGE, summary: '通知到货：群里发一条，每位买家私信取货号',
  run(ctx, args) {
    const state = stateOf(ctx.services);
    const waiting = Object.values(state.orders).filter((o) => isLive(o) && o.arrivedAt === undefined);
    const titles = titlesOf(waiting);
    const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
    let title = first ? titleFor(first, titles) : undefined;
    let where = title ? rest.join(' ') : args.trim();
    if (!title) {
      if (titles.length !== 1) {
        return void ctx.reply(titles.length
          ? `哪个接龙到货了？${titles.map((t) => `「${t}」`).join('、')}\n${ARRIVED_USAGE}`
          : '没有等到货的订单（截单后才有）。');
      }
      title = titles[0]!;
      where = args.trim();
    }
    arrive(ctx.services, waiting.filter((o) => o.title === title), where, ctx.member);
    const count = waiting.filter((o) => o.title === title).length;
    ctx.reply(`「${title}」到货通知已发，${count}位买家会收到取货号私信。`);
  },
};

/** Marks the orders arrived, posts once per group and DMs each buyer their pick-up number. */
export function arrive(services: Services, orders: FulfilmentOrder[], where: string, by: MemberRef): void {
  const { outbox, config, scheduler, clock } = services;
  const state = stateOf(services);
  const now = clock.now();
  for (const order of orders) {
    order.arrivedAt = now;
    recordChange(services, order, 'arrived', by, where ? { note: where } : {});
  }
  // The group's pick-up point and what the owner added (a time, or another place), together.
  const placeOf = (groupId: string) => [state.places[groupId], where].filter(Boolean).join('，');
  for (const [jielong, list] of new Map(orders.map((o) => [o.jielong, orders.filter((x) => x.jielong === o.jielong)]))) {
    const { group, title } = list[0]!;
    const place = placeOf(group.id);
    outbox.enqueue({
      key: `arrived:${jielong}`, to: { kind: 'group', group }, spread: true,
      text: `「${title}」到货啦🎉${place ? `\n取货：${place}` : ''}\n取货号私信发给大家了，取完回“已取”就好～`,
    });
  }
  for (const order of orders) {
    if (!order.member) continue;
    const place = placeOf(order.group.id);
    const owes = order.paid ? '' : '\n还没付款的话，取货时一起付给团长就好。';
    outbox.enqueue({
      key: `arrived-dm:${order.no}`, to: { kind: 'dm', member: order.member }, purpose: 'requested',
      text: `「${order.title}」到货啦：${itemsText(order.items)}，取货号 ${order.no}。${place ? `\n取货：${place}` : ''}${owes}\n取完回“已取”告诉我就好。`,
    });
  }
  if (config.PICKUP_REMINDER_HOURS > 0 && orders.length) {
    const jielongs = [...new Set(orders.map((o) => o.jielong))].join('+');
    scheduler.at(now + config.PICKUP_REMINDER_HOURS * HOUR_MS, PICKUP_REMINDER_JOB, { nos: orders.map((o) => o.no) }, `${PICKUP_REMINDER_JOB}:${jielongs}`);
  }
}

/** One reminder to each buyer who has still not collected (unsolicited: caps, quiet hours, 退订). */
export function pickupReminderJob(services: Services, optedOut: (memberId: string) => boolean) {
  return (payload: unknown) => {
    const state = stateOf(services);
    for (const no of (payload as { nos: string[] }).nos) {
      const order = state.orders[no];
      if (!order || !isUncollected(order) || !order.member || optedOut(order.member.id)) continue;
      const place = state.places[order.group.id];
      const sent = services.outbox.enqueue({
        key: `pickup-reminder:${no}`, to: { kind: 'dm', member: order.member }, purpose: 'unsolicited',
        text: `${order.member.name}，「${order.title}」还在${place ? `${place}` : '自提点'}等你哦：${leftText(order)}（取货号 ${no}）。取完回“已取”就好～\n不想收到这类提醒，回复「退订」。`,
      });
      if (sent) recordChange(services, order, 'reminded-pickup', null);
    }
  };
}

export const collectCommand: Command = {
  name: '核销', aliases: ['取货'], ownerOnly: true, staff: true, usage: COLLECT_USAGE,
  summary: '登记取货（可一次多个，可只取一部分）',
  run: (ctx, args) => markCollected(ctx, args),
};

function markCollected(ctx: Ctx, args: string): void {
  const state = stateOf(ctx.services);
  const found = namedOrders(state, args, { amounts: false, titled: (o) => !isCollected(o), usage: `${COLLECT_USAGE}\n${COLLECT_EXAMPLE}` });
  if ('reply' in found) return void ctx.reply(found.reply);
  const plan: Array<{ order: FulfilmentOrder; qty: number | undefined }> = [];
  const done: FulfilmentOrder[] = [];
  for (const { target, orders } of found.named) {
    const left = orders.filter((o) => !isCollected(o));
    if (!left.length) done.push(...orders);
    if (target.qty !== undefined) {
      const problem = qtyProblem(left, target.qty);
      if (problem) return void ctx.reply(problem);
    }
    for (const order of left) plan.push({ order, qty: target.qty });
  }
  if (!plan.length) return void ctx.reply(`${done.map((o) => `${o.no} ${whoText(o)}`).join('、')} 已经取过了。`);
  const lines = plan.map(({ order, qty }) => collect(ctx.services, order, qty, ctx.member));
  const titles = [...new Set(plan.map((p) => p.order.title))];
  const left = titles.map((t) => {
    const n = Object.values(state.orders).filter((o) => o.title === t && isUncollected(o)).length;
    return n ? `「${t}」还有${n}单没取。` : `「${t}」都取完了👍`;
  });
  ctx.reply([`已核销：\n${lines.join('\n')}`, ...left].join('\n'));
}

/** A quantity names part of one product: of an order with one product left, no more than is left. */
export function qtyProblem(orders: FulfilmentOrder[], qty: number): string | undefined {
  if (orders.length !== 1) return `只取了一部分的话，请一单一单登记，用取货号：${orders.map((o) => o.no).join('、')}`;
  const items = orders[0]!.items.filter((i) => leftOf(i) > 0);
  if (items.length !== 1) return `${orders[0]!.no} 有${items.map((i) => i.product).join('、')}，只取了一部分的话请跟我说清楚是哪样；不写数量就是全部取走。`;
  if (qty < 1 || qty > leftOf(items[0]!)) return `${orders[0]!.no} 的${items[0]!.product}还剩${leftOf(items[0]!)}${items[0]!.unit ?? ''}，取了几${items[0]!.unit ?? '件'}？`;
  return undefined;
}

/** Collects all that is left, or `qty` of its one product left; returns the owner's line. */
export function collect(services: Services, order: FulfilmentOrder, qty: number | undefined, by: MemberRef): string {
  const now = services.clock.now();
  if (order.arrivedAt === undefined) order.arrivedAt = now;
  const taken: string[] = [];
  for (const item of order.items) {
    const left = leftOf(item);
    if (left === 0) continue;
    const take = qty === undefined ? left : Math.min(qty, left);
    item.collected += take;
    taken.push(`${item.product}${item.qty !== null ? `×${take}${item.unit ?? ''}` : ''}`);
    if (qty !== undefined) break;
  }
  const whole = isCollected(order);
  recordChange(services, order, whole ? 'collected' : 'partly-collected', by, { note: taken.join('、') });
  return whole ? `${order.no} ${whoText(order)} ${taken.join('、')}` : `${order.no} ${whoText(order)} 取了${taken.join('、')}，还剩${leftText(order)}`;
}

export const uncollectedCommand: Command = {
  name: '未取', ownerOnly: true, staff: true, usage: '/未取 [接龙]', summary: '到货后谁还没来取',
  run(ctx, args) {
    const scoped = ordersFor(ctx, args, isUncollected, '/未取 [接龙]');
    if (!scoped) return;
    const { title, orders: list } = scoped;
    if (!list.length) return void ctx.reply(title ? `「${title}」都取完了👍` : '到货的都取完了👍');
    ctx.reply(byJielong(list).map(([t, orders]) => [
      `「${t}」未取${orders.length}单：`,
      ...orders.map((o) => `${o.no} ${whoText(o)} ${leftText(o)}${o.items.some((i) => i.collected > 0) ? '（已取一部分）' : ''}`),
    ].join('\n')).join('\n\n'));
  },
};
