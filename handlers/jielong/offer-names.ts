import { toHalfWidth } from './numerals.ts';

// How residents name what a 接龙 offers: the whole name, or its tail (赣南脐橙 → 脐橙, 土鸡蛋 →
// 鸡蛋, 有机小米 → 小米). Heads and middles (新鲜, 有机, 东北) describe, they do not name. One
// rule for the list reader and for short messages alike.

export function normalName(name: string): string {
  return toHalfWidth(name).trim().toLowerCase();
}

/** Every ending of two or more characters (shorter than the whole) of each offered name → the names it ends. */
export function shortNames(offered: string[]): Map<string, string[]> {
  const short = new Map<string, string[]>();
  for (const name of new Set(offered)) {
    const n = normalName(name);
    for (let len = 2; len < n.length; len++) {
      const part = n.slice(n.length - len);
      const list = short.get(part) ?? [];
      if (!list.includes(name)) list.push(name);
      short.set(part, list);
    }
  }
  return short;
}

/**
 * The offered name a written product means: the same name, or a tail of exactly one offered
 * name, or a text that holds exactly one offered name ("土鸡蛋（30枚）"). Undefined when none
 * or several fit: the caller asks or leaves it as written.
 */
export function resolveOffered(written: string, offeredNames: string[]): string | undefined {
  const offered = [...new Set(offeredNames)];
  const w = normalName(written);
  if (!w) return undefined;
  const exact = offered.find((o) => normalName(o) === w);
  if (exact) return exact;
  const tails = offered.filter((o) => w.length >= 2 && normalName(o).endsWith(w));
  if (tails.length === 1) return tails[0];
  if (tails.length > 1) return undefined;
  const inside = offered.filter((o) => w.includes(normalName(o)));
  if (inside.length >= 1) return inside.reduce((a, b) => (normalName(b).length > normalName(a).length ? b : a));
  return undefined;
}
