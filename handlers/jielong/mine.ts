import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { Product } from '../../store/schema.ts';
import type { JielongRecord } from './state.ts';
import { yuan } from '../../text/money.ts';
import { ownsLine } from './diff.ts';
import { itemsText, orderOf } from './orders.ts';
import { openAll, openIn } from './records.ts';
import type { Keyword } from '../../bot/commands.ts';

// "我买了几份来着" / "我的订单": a resident sees their own lines in the open 接龙s — in the
// group asked (or every group, in a DM) — and how to change them. Never anyone else's.

/** 我的订单 in /help, beside what asks it (ASKS_OWN). */
export const OWN_ORDERS_KEYWORD: Keyword = { text: '我的订单、我买了几份', summary: '私聊我或在群里@我，看看你在正在进行的接龙里登记了什么' };

const ASKS_OWN = /我的订单|我的接龙|查(?:一下)?(?:我的)?订单|我(?:都|刚才|刚刚)?(?:买|订|接龙|接|报名|登记|下单)了(?:什么|啥|几|多少|哪些|没)|我(?:买|订|接龙)的(?:东西|是什么|是啥|什么|啥)/;

/** A question about delivery or a problem with an order: for the owner, not a list of lines. */
const ABOUT_DELIVERY = /怎么|为什么|还没|没到|没收到|到货|送|退|错|少了|坏/;

/** Whether a short message asks what the sender has signed up for. */
export function asksOwnOrders(text: string): boolean {
  return text.length <= 20 && ASKS_OWN.test(text) && !ABOUT_DELIVERY.test(text);
}

/** The answer, from the open 接龙s given: only lines the member owns. */
export function ownOrdersText(open: JielongRecord[], catalog: Product[], member: { id: string; name: string }, inGroup: boolean): string {
  const parts: string[] = [];
  let unit: string | null = null;
  // The example quantity is one more than they have: "改成2份" to someone with 2 reads oddly.
  let example = 2;
  for (const record of open) {
    const orders = record.book.lines
      .filter((l) => l.state === 'active' && ownsLine(l, member))
      .map((l) => orderOf(record, catalog, l))
      .filter((o) => o.items.length > 0);
    for (const o of orders) {
      if (parts.length === 0) {
        unit = o.items[0]?.unit ?? null;
        example = (o.items[0]?.qty ?? 1) + 1;
      }
      const amount = o.amount !== null ? `，${yuan(o.amount)}` : '';
      parts.push(`「${record.title}」：${itemsText(o.items) || '已报名（没写数量）'}${amount}`);
    }
  }
  if (parts.length === 0) {
    const titles = open.map((r) => `「${r.title}」`).join('');
    return open.length
      ? `你还没有登记正在进行的接龙～现在有${titles}，${inGroup ? '' : '在群里'}回复“+1”就能报名。`
      : '现在没有正在进行的接龙，你也没有登记的订单～开团了群里会通知。';
  }
  const how = `要改数量${inGroup ? '' : '请在群里'}回复“改成${example}${unit ?? '份'}”，不要了回复“取消”。`;
  return `你登记了：\n${parts.join('\n')}\n${how}`;
}

export const ownOrdersHandler: Handler = async (ctx: Ctx, next) => {
  if (ctx.event.kind !== 'text' || !asksOwnOrders(ctx.text)) return next();
  // In a group only when asked: "我买了几份来着" between neighbours is their talk.
  if (ctx.group && !ctx.event.mentionsBot) return next();
  const { store } = ctx.services;
  // In a DM every open 接龙: only the member's own lines are shown, and the store may not know
  // yet which groups someone is in who never spoke there.
  const open = ctx.group ? openIn(store, ctx.group.id) : openAll(store);
  ctx.reply(ownOrdersText(open, store.data.catalog, ctx.member, ctx.group !== undefined));
};
