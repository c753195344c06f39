import type { Product } from '../../store/schema.ts';

// The fixed lines of product Q&A, in one place.

export type Offlimits = 'change' | 'points' | 'others' | 'system';

/** A product to use in examples: the first on sale, by its shortest name. */
export function exampleName(catalog: readonly Product[]): string {
  const p = catalog.find((x) => x.onSale) ?? catalog[0];
  if (!p) return '小米';
  return [p.name, ...p.aliases].sort((a, b) => a.length - b.length)[0]!;
}

export const reply = {
  greeting: (ex: string) => `在的～商品的价格、产地、库存都可以问我，比如“${ex}多少钱”。`,
  thanks: () => '不客气～有事随时问我。',
  hint: (bot: string, ex: string) => `我是${bot}，商品的价格、产地、库存、截止时间都可以问我，比如“${ex}多少钱”～发 /help 看看我还能做什么。`,
  whichProduct: (ex: string) => `你想问哪款商品呀？带上名字问我就行，比如“${ex}多少钱”～`,
  wanted: (what: string) => `${what}现在还没有上架哦，我跟团长说一声，回头告诉你～`,
  rateLimited: () => '你问得有点快啦，我歇一会儿，过几分钟再问我吧～',
  offlimits: (kind: Offlimits, ex: string): string => {
    switch (kind) {
      case 'change': return '价格、库存和订单只有团长能改，我这边改不了哦～想了解哪款商品，我帮你查。';
      case 'points': return '积分是按规则自动记的，我这边加不了哦～';
      case 'others': return '每位邻居的订单和信息都是保密的，我不能说哦～自己的订单可以问团长。';
      case 'system': return `我只会回答商品的问题哦～比如“${ex}多少钱”。`;
    }
  },
};
