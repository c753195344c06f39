import { OPT_OUT_LINE } from '../profiles/index.ts';
import { hash } from './select.ts';

// The follow-up DM a few days after a 接龙 closed, by what the member bought. Category
// names are the owner's own (粮油, 五谷杂粮, 肉类 …), so a template is chosen by what the
// name contains, not by an exact list. Tips are general kitchen sense, never a claim about
// the product (no price, no origin, no promise): those come from data only.

export interface FollowupFacts {
  name: string;
  /** What they bought in that 接龙, as the order named it. */
  products: string[];
  /** The catalog categories of those products, most bought first. */
  categories: string[];
}

interface Template {
  match: RegExp;
  tips: string[];
  question: string;
}

// Oil and grain share a category in most shops (粮油) but not a tip: the product name
// decides first (花生油, 东北大米), the category only when the name says nothing.
const OIL: Template = {
  match: /油$/,
  tips: ['凉拌菜出锅前淋一小勺，香味最足。', '开封后拧紧盖子，放在阴凉避光处，别挨着灶台。'],
  question: '用得还顺手吗？',
};
const GRAIN: Template = {
  match: /米$|面$|面粉|挂面|杂粮|燕麦|小米|玉米|谷/,
  tips: ['熬粥前先泡半小时，更软糯。', '米面装进密封罐，放阴凉干燥处，防潮防虫。'],
  question: '吃着还顺口吗？',
};

const TEMPLATES: Template[] = [
  OIL,
  GRAIN,
  {
    match: /粮|油/,
    tips: ['油开封后拧紧盖子放阴凉处，米面装进密封罐防潮防虫。'],
    question: '用得还顺手吗？',
  },
  {
    match: /果/,
    tips: ['熟得快的先吃，其余放阴凉通风处，别和香蕉挤在一起。', '吃不完的切块冷藏，第二天做个果切也不浪费。'],
    question: '味道还甜吗？',
  },
  {
    match: /蔬|菜/,
    tips: ['叶菜用厨房纸包好再放冷藏，能多放两天。', '根茎类放阴凉处就好，别闷在塑料袋里。'],
    question: '菜还新鲜吗？',
  },
  {
    match: /肉|禽|蛋|鱼|虾|水产|海鲜/,
    tips: ['冻肉提前一晚放冷藏室慢慢化，口感比泡水化的好。', '鸡蛋大头朝上放冰箱，能放得更久。'],
    question: '吃着还满意吗？',
  },
  {
    match: /乳|奶/,
    tips: ['开封后记得冷藏，两三天内喝完最好。'],
    question: '喝着还合口味吗？',
  },
];

const FALLBACK: Template = { match: /$^/, tips: [''], question: '东西用着还满意吗？' };
const CLOSING = '有什么想法随时回我一句；想再要的话，下次团购在群里接龙就好。';

export function templateFor(categories: readonly string[], products: readonly string[] = []): Template {
  for (const p of products) {
    const t = [OIL, GRAIN].find((x) => x.match.test(p));
    if (t) return t;
  }
  for (const c of categories) {
    const t = TEMPLATES.find((x) => x.match.test(c));
    if (t) return t;
  }
  return FALLBACK;
}

export function composeFollowup(f: FollowupFacts, seed: string): string {
  const t = templateFor(f.categories, f.products);
  const tip = t.tips[hash(seed) % t.tips.length]!;
  const what = f.products.slice(0, 2).join('、');
  const lines = [
    what ? `${f.name}，前几天团的${what}收到啦？${t.question}` : `${f.name}，前几天团的东西收到啦？${t.question}`,
    ...(tip ? [`小提示：${tip}`] : []),
    CLOSING,
    OPT_OUT_LINE,
  ];
  return lines.join('\n');
}
