import type { FulfilmentOrder } from './state.ts';

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
