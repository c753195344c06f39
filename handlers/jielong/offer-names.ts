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

/** Words that describe rather than name: a shared 新鲜 or 东北 says nothing about which product. */
const DESCRIBING = new Set(['新鲜', '有机', '精品', '农家', '特级', '进口', '本地', '散养', '东北', '优质', '正宗', '手工', '现做', '新款']);
/** What residents add to a product that is no part of its name: 少冰, 半糖, 140码, 不要葱, 虾仁的. */
const ASIDES = /(?:少|去|多|正常|加)冰|常温|[全半少无多]糖|[一二三四五六七八九十\d]分糖|\d{2,3}\s*码|不要\S*|[微中特不多少]辣|的$/g;

/**
 * How a resident in the list names what the organiser listed. Beyond resolveOffered: the
 * aside words dropped (杨枝甘露 少冰), a part of exactly one offered name (广式 → 广式月饼礼盒,
 * 汤 → 西红柿鸡蛋汤 as a tail), or the longest run of characters shared with exactly one
 * offered name, two at least (蛋黄肉粽 → 蛋黄鲜肉粽, 白菜馅 → 猪肉白菜). Used only where the
 * organiser listed what is sold: the list is then the whole choice.
 */
export function resolveListed(written: string, offeredNames: string[]): string | undefined {
  const exact = resolveOffered(written, offeredNames);
  if (exact) return exact;
  const offered = [...new Set(offeredNames)];
  const w = normalName(written).replace(ASIDES, '').replace(/\s+/g, '');
  if (!w) return undefined;
  const again = resolveOffered(w, offered);
  if (again) return again;
  const holding = offered.filter((o) => normalName(o).includes(w) && (w.length >= 2 || normalName(o).endsWith(w)));
  if (holding.length === 1 && !DESCRIBING.has(w)) return holding[0];
  if (holding.length > 1) return undefined;
  const scored = offered.map((o) => ({ o, n: sharedRun(w, normalName(o)) })).filter((x) => x.n >= 2);
  const best = Math.max(0, ...scored.map((x) => x.n));
  const top = scored.filter((x) => x.n === best);
  return top.length === 1 ? top[0]!.o : undefined;
}

/** The longest run of characters both hold, not counting a describing word. */
function sharedRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best && !DESCRIBING.has(a.slice(i, i + k))) best = k;
    }
  }
  return best;
}
