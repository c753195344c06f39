import type { Ctx } from '../../bot/context.ts';
import type { FulfilmentOrder, FulfilmentState } from './state.ts';

// Grouping orders for the owner's lists: by 接龙 title, oldest 接龙 first, orders by number.

export function byJielong(orders: readonly FulfilmentOrder[]): Array<[string, FulfilmentOrder[]]> {
  const groups = new Map<string, FulfilmentOrder[]>();
  for (const o of [...orders].sort((a, b) => a.closedAt - b.closedAt || Number(a.no) - Number(b.no))) {
    const list = groups.get(o.title) ?? [];
    list.push(o);
    groups.set(o.title, list);
  }
  return [...groups.entries()];
}

/** The titles of these orders, oldest 接龙 first, each once. */
export function titlesOf(orders: readonly FulfilmentOrder[]): string[] {
  return byJielong(orders).map(([t]) => t);
}

/**
 * The orders an owner's list (/未付, /对账, /未取) is about: those of the 接龙 the words name, or
 * all; undefined after asking when the words name none or several.
 */
export function ordersFor(ctx: Ctx, words: string, keep: (o: FulfilmentOrder) => boolean, usage: string): { title?: string; orders: FulfilmentOrder[] } | undefined {
  const state = ctx.services.store.data.fulfilment;
  if (!words) return { orders: inScope(state, undefined, keep) };
  const titles = titlesOf(Object.values(state.orders));
  const match = titles.filter((t) => t === words || t.includes(words) || words.includes(t));
  const title = match.includes(words) ? words : match.length === 1 ? match[0] : undefined;
  if (title) return { title, orders: inScope(state, title, keep) };
  ctx.reply(match.length
    ? `“${words}”对得上几个接龙：${match.map((t) => `「${t}」`).join('、')}，请写完整的标题。`
    : `没找到叫“${words}”的接龙。最近的有：${titles.slice(-5).map((t) => `「${t}」`).join('、') || '（还没有截单的接龙）'}\n用法：${usage}`);
  return undefined;
}

/** The live orders in scope: of the 接龙 with this title (every group of its batch), or all. */
export function inScope(state: FulfilmentState, title: string | undefined, keep: (o: FulfilmentOrder) => boolean): FulfilmentOrder[] {
  return Object.values(state.orders).filter((o) => (title === undefined || o.title === title) && keep(o));
}

