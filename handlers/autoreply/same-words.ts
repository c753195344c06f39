// The other ways residents name the five things every shop is asked (where to pick up, when it
// comes, what delivery costs, how to pay, whom to ask when something is wrong), its hours and
// invoices.
// An owner who writes one of these as a keyword has the rest understood too (the confirmation
// says which), so 自提点 also answers 提货点在哪. A word marked `=` counts only written out as is:
// its topic word alone (取, 到) says too little.

const GROUPS: readonly (readonly string[])[] = [
  ['自提点', '自提', '提货点', '取货点', '自提地址', '提货地址', '取货地址', '自提地点', '提货地点', '取货地点',
    '=哪取', '=哪拿', '=哪提', '=哪里取', '=哪里拿', '=哪儿取', '=哪儿拿', '=哪里提', '=哪自提', '=哪里自提', '=哪取货', '=哪提货',
    '=哪拿货', '=哪里取货', '=哪里提货', '=哪里拿货', '=哪儿取货', '=哪儿提货', '=哪儿拿货', '=自提在哪', '=取货在哪', '=提货在哪', '=地方取', '=地方拿', '=地方取货'],
  ['送货', '配送', '到货', '送到', '送货时间', '配送时间', '到货时间', '=几点送', '=几点到', '=什么时候送', '=什么时候到', '=啥时候送',
    '=啥时候到', '=几时送', '=几时到', '=哪天送', '=哪天到', '=几号送', '=几号到', '=多久到', '=多久送', '=几点能到', '=什么时候能到', '=啥时候能到'],
  ['运费', '邮费', '配送费', '送货费', '快递费', '包邮', '免运费', '免邮', '=包不包邮'],
  ['付款', '付钱', '支付', '转账', '交钱', '付账', '结账', '付款方式', '支付方式', '收款码', '付款码', '微信转账', '微信支付', '微信付款', '微信付钱', '支付宝', '=怎么付', '=咋付', '=如何付',
    '=怎么给钱', '=怎么转'],
  ['售后', '退换', '退货', '换货', '退款', '退换货', '=找谁退', '=坏了找谁', '=坏的找谁', '=烂了找谁', '=有问题找谁', '=不新鲜找谁', '=坏的怎么办', '=坏了怎么办', '=烂了怎么办',
    '=烂的怎么办'],
  ['发票', '开票', '开发票'],
  ['营业时间', '开门时间', '关门时间', '=几点开门', '=几点关门', '=几点下班', '=几点营业'],
];

export interface SameWord {
  text: string;
  /** Counts only written out as is. */
  literal: boolean;
}

const byWord = new Map<string, readonly SameWord[]>();
for (const group of GROUPS) {
  const all = group.map((w) => (w.startsWith('=') ? { text: w.slice(1), literal: true } : { text: w, literal: false }));
  for (const w of all) if (!w.literal) byWord.set(w.text, all.filter((o) => o.text !== w.text));
}

/** The other words for a keyword the owner wrote (as prepared: half-width, simplified), if it is one of these. */
export function sameWords(keyword: string): readonly SameWord[] {
  return byWord.get(keyword) ?? [];
}
