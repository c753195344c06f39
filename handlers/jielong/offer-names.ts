import { normalName } from '../../text/normalize.ts';

// How residents name what a 接龙 offers: the whole name, or its tail (赣南脐橙 → 脐橙, 土鸡蛋 →
// 鸡蛋, 有机小米 → 小米). Heads and middles (新鲜, 有机, 东北) describe, they do not name. One
// rule for the list reader and for short messages alike.

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

/** Words a list line adds that are no part of a product's name. */
export function withoutAsides(text: string): string {
  return text.replace(ASIDES, ' ').replace(/\s+/g, ' ').trim();
}

/** Typos residents make in product names, by sound or by shape: 鸡旦, 蛋塔, 内脂豆腐. */
const TYPOS: Array<[RegExp, string]> = [[/鸡旦/g, '鸡蛋'], [/蛋塔/g, '蛋挞'], [/内脂/g, '内酯'], [/凤利/g, '凤梨']];

function fixTypos(text: string): string {
  return TYPOS.reduce((t, [re, to]) => t.replace(re, to), text);
}

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
  const w = withoutAsides(fixTypos(normalName(written))).replace(/\s+/g, '');
  if (!w) return undefined;
  const again = resolveOffered(w, offered);
  if (again) return again;
  // 桃子 → 桃 (阳山水蜜桃), 橙子 → 橙 (赣南脐橙), 芒果 → 芒 (贵妃芒): the fruit's one-character name.
  const bare = /^[\u4e00-\u9fff][子果]$/.test(w) ? w[0]! : '';
  const byBare = bare ? offered.filter((o) => normalName(o).endsWith(bare)) : [];
  if (byBare.length === 1) return byBare[0];
  // One character only as a tail (汤 → 西红柿鸡蛋汤): 王 inside 晴王葡萄 is somebody's surname.
  const holding = offered.filter((o) => normalName(o).includes(w) && (w.length >= 2 || normalName(o).endsWith(w)));
  if (holding.length === 1 && !DESCRIBING.has(w)) return holding[0];
  if (holding.length > 1) return undefined;
  // 炒粉 → 炒河粉, 纯奶 → 特仑苏纯牛奶, 广式礼盒 → 广式月饼礼盒: its characters in order.
  const inOrder = w.length >= 2 ? offered.filter((o) => isSubsequence(w, normalName(o))) : [];
  if (inOrder.length === 1) return inOrder[0];
  const scored = offered.map((o) => ({ o, n: sharedRun(w, normalName(o)) })).filter((x) => x.n >= 2);
  const best = Math.max(0, ...scored.map((x) => x.n));
  const top = scored.filter((x) => x.n === best);
  if (top.length === 1) return top[0]!.o;
  // 排骨 for 肋排, 猪脚 for 猪蹄, 矿泉水 for 纯净水: the other words shops use for the same thing.
  for (const other of SAME_THING.find((group) => group.includes(w)) ?? []) {
    const found = other === w ? undefined : offered.filter((o) => normalName(o).includes(other));
    if (found?.length === 1) return found[0];
  }
  return undefined;
}

/** Words for the same product in different shops and mouths. */
const SAME_THING: string[][] = [
  ['排骨', '肋排', '精排', '小排', '肋骨'], ['猪脚', '猪蹄', '猪手'], ['矿泉水', '纯净水', '饮用水', '桶装水'],
  ['牛奶', '纯奶', '纯牛奶'], ['面条', '挂面', '手擀面', '面'], ['番茄', '西红柿'], ['土豆', '马铃薯'],
  ['红薯', '地瓜', '番薯'], ['玉米', '苞米'], ['面粉', '雪花粉', '小麦粉'], ['鸡蛋', '土鸡蛋', '蛋'], ['花生油', '油'],
];

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
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
