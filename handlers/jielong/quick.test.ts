import { describe, expect, it } from 'vitest';
import type { Product } from '../../store/schema.ts';
import { MAX_BARE_COUNT, parseQuick } from './quick.ts';

const catalog: Product[] = [
  { id: 'oil', name: '冷榨亚麻籽油', aliases: ['亚麻籽油', '冷榨油'], price: 59.9, unit: '瓶', onSale: true },
  { id: 'rice', name: '东北大米', aliases: ['大米'], price: 69, unit: '袋', onSale: true },
];
const q = (text: string) => parseQuick(text, catalog);

describe('short 接龙 messages', () => {
  it.each([
    ['+1', { kind: 'join', qty: 1, unit: null, room: null }],
    ['＋2', { kind: 'join', qty: 2, unit: null, room: null }],
    ['+2 3-501', { kind: 'join', qty: 2, unit: null, room: '3-501' }],
    ['+1 亚麻籽油', { kind: 'join', qty: 1, unit: null, room: null, product: { id: 'oil', name: '冷榨亚麻籽油' } }],
    ['我要两份', { kind: 'join', qty: 2, unit: '份', room: null }],
    ['我也要', { kind: 'join', qty: 1, unit: null, room: null }],
    ['我要2瓶亚麻籽油', { kind: 'join', qty: 2, unit: '瓶', room: null, product: { id: 'oil', name: '冷榨亚麻籽油' } }],
    ['接龙 大米2袋', { kind: 'join', qty: 2, unit: '袋', room: null, product: { id: 'rice', name: '东北大米' } }],
    ['接龙', { kind: 'join', qty: 1, unit: null, room: null }],
    ['接龙+1 5栋1201', { kind: 'join', qty: 1, unit: null, room: '5-1201' }],
    ['改成3份', { kind: 'change', qty: 3, unit: '份', room: null }],
    ['改为三瓶', { kind: 'change', qty: 3, unit: '瓶', room: null }],
    ['取消', { kind: 'cancel' }],
    ['不要了', { kind: 'cancel' }],
    ['我不要了～', { kind: 'cancel' }],
    ['-1', { kind: 'cancel' }],
    ['大米+2', { kind: 'join', qty: 2, unit: null, room: null, product: { id: 'rice', name: '东北大米' } }],
    ['亚麻籽油 +1 3-501', { kind: 'join', qty: 1, unit: null, room: '3-501', product: { id: 'oil', name: '冷榨亚麻籽油' } }],
  ])('%s', (text, expected) => {
    expect(q(text)).toEqual(expected);
  });

  it.each(['我要去接孩子', '要下雨了', '改天再说', '今天天气真好', '+1s', '同意+1', '大米2袋+1', '亚麻籽油+1大米+1', '取消了吗？那我明天再来', '我要', '13812345678', '#接龙\n周六团购', ''])(
    'ordinary chat is not an order: %s',
    (text) => {
      expect(q(text)).toBeNull();
    },
  );
});

describe('short 接龙 messages with a name or thanks after +N', () => {
  it('reads the count and ignores the words', () => {
    expect(q('+1 王阿姨')).toEqual({ kind: 'join', qty: 1, unit: null, room: null });
    expect(q('+2 谢谢团长')).toEqual({ kind: 'join', qty: 2, unit: null, room: null });
  });
});

describe('products only a 接龙 offers, and 接龙 lines it cannot read', () => {
  it('knows a name the open 接龙 offers though the catalog does not', () => {
    expect(parseQuick('接龙 小白菜1份', catalog, ['小白菜'])).toEqual({ kind: 'join', qty: 1, unit: '份', room: null, product: { name: '小白菜' } });
    expect(parseQuick('改成 小白菜3份', catalog, ['小白菜'])).toMatchObject({ kind: 'change', qty: 3, product: { name: '小白菜' } });
  });

  it('knows a shortened offered name when it fits one product, and asks which when it fits several', () => {
    expect(parseQuick('接龙 脐橙3箱', catalog, ['赣南脐橙', '小白菜'])).toEqual({ kind: 'join', qty: 3, unit: '箱', room: null, product: { name: '赣南脐橙' } });
    expect(parseQuick('+1 麻籽油', catalog, ['冷榨亚麻籽油'])).toMatchObject({ product: { id: 'oil', name: '冷榨亚麻籽油' } });
    // A middle piece is not a shortened name: a count without a product (the handler asks which).
    expect(parseQuick('+1 亚麻籽', catalog, ['冷榨亚麻籽油'])).toEqual({ kind: 'join', qty: 1, unit: null, room: null });
    // 苹果 is part of both: an order without a product, so the handler asks which one.
    expect(parseQuick('接龙 苹果2斤', catalog, ['红富士苹果', '阿克苏苹果'])).toEqual({ kind: 'join', qty: 2, unit: '斤', room: null });
    expect(parseQuick('苹果+2', catalog, ['红富士苹果', '阿克苏苹果'])).toEqual({ kind: 'join', qty: 2, unit: null, room: null });
  });

  it('reads several offered products with their counts in one message', () => {
    const offered = ['冷榨亚麻籽油', '有机小米'];
    const both = { kind: 'multi', room: null, items: [
      { product: { id: 'oil', name: '冷榨亚麻籽油' }, qty: 1, unit: null },
      { product: { name: '有机小米' }, qty: 2, unit: '袋' },
    ] };
    expect(parseQuick('亚麻籽油 1 小米 2袋', catalog, offered)).toEqual(both);
    expect(parseQuick('亚麻籽油+1 小米+2袋', catalog, offered)).toEqual(both);
    expect(parseQuick('接龙 3-501 亚麻籽油1，小米2袋', catalog, offered)).toEqual({ ...both, room: '3-501' });
    // A product without its count, or one the 接龙 does not offer: the hint, never a guess.
    expect(parseQuick('亚麻籽油 1 小米', catalog, offered)).toEqual({ kind: 'unclear' });
    expect(parseQuick('亚麻籽油 1 大米 1', catalog, offered)).toEqual({ kind: 'unclear' });
    // Chat and questions naming two products stay chat.
    expect(parseQuick('亚麻籽油和小米哪个好', catalog, offered)).toBeNull();
    expect(parseQuick('亚麻籽油 1 小米 1', catalog)).toBeNull();
  });

  it('prefers the catalog product when the offer carries its name', () => {
    expect(parseQuick('+1 东北大米', catalog, ['东北大米'])).toMatchObject({ product: { id: 'rice', name: '东北大米' } });
  });

  it('calls a 接龙 line it cannot read unclear, so it gets a hint rather than silence', () => {
    expect(parseQuick('接龙 小白菜1份', catalog)).toEqual({ kind: 'unclear' });
    expect(parseQuick('接龙 3-501 一份菜一份肉', catalog)).toEqual({ kind: 'unclear' });
    expect(parseQuick('接龙 3-501 白菜', catalog)).toEqual({ kind: 'unclear' });
  });

  it('leaves chat that starts with 接龙 alone', () => {
    expect(parseQuick('接龙截止了我才看到', catalog)).toBeNull();
    expect(parseQuick('接龙好热闹啊', catalog)).toBeNull();
  });

  it('leaves a question about the 接龙 to product answers', () => {
    expect(parseQuick('接龙几点截止？', catalog)).toBeNull();
    expect(parseQuick('接龙什么时候到货', catalog)).toBeNull();
  });
});

describe('false positives from shortened names, prices and several products', () => {
  const offered = ['新鲜土鸡蛋', '有机小米', '赣南脐橙', '东北大米', '精品苹果', '山东大葱'];
  const p = (text: string) => parseQuick(text, catalog, offered);

  it.each(['新鲜+1', '有机+1', '东北+1', '精品+1', '山东+1', '小米手机+1', '大葱好+1', '+1 小米手机', '小米+1 明天来拿',
    '小米29 大米69', '小米3块 大米5块', '小米3块钱 大米5块钱', '小米3元 大米5元', '小米 29', '小米 9.9', '小米3块', '脐橙 5元'])(
    'is not an order: %s',
    (text) => {
      expect(p(text)).toBeNull();
    },
  );

  it('takes a tail of an offered name, with only thanks after the count', () => {
    const millet = { kind: 'join', qty: 1, unit: null, room: null, product: { name: '有机小米' } };
    expect(p('小米+1')).toEqual(millet);
    expect(p('小米+1 谢谢')).toEqual(millet);
    expect(p('小米+1～')).toEqual(millet);
    expect(p('小米+1 哈哈')).toEqual(millet);
    expect(p('+1 小米 谢谢团长')).toEqual(millet);
    expect(p('脐橙+2')).toMatchObject({ qty: 2, product: { name: '赣南脐橙' } });
    expect(p('鸡蛋+1')).toMatchObject({ product: { name: '新鲜土鸡蛋' } });
  });

  it('reads a product and a small bare count like product+count', () => {
    expect(p('小米 2')).toEqual({ kind: 'join', qty: 2, unit: null, room: null, product: { name: '有机小米' } });
    expect(p('小米2袋')).toEqual({ kind: 'join', qty: 2, unit: '袋', room: null, product: { name: '有机小米' } });
    expect(p(`小米 ${MAX_BARE_COUNT}`)).toMatchObject({ qty: MAX_BARE_COUNT });
    expect(p(`小米 ${MAX_BARE_COUNT + 1}`)).toBeNull();
    expect(p('有机 2')).toBeNull();
  });

  it('reads small bare counts for several products, never large ones or prices', () => {
    expect(p('小米 2 大米 1')).toMatchObject({ kind: 'multi', items: [{ qty: 2 }, { qty: 1 }] });
    expect(p('小米 2 大米 21')).toBeNull();
    expect(p('小米2袋 大米30袋')).toMatchObject({ kind: 'multi', items: [{ qty: 2, unit: '袋' }, { qty: 30, unit: '袋' }] });
  });

  it('gives the hint for prices or large counts written for the 接龙', () => {
    expect(p('接龙 小米29')).toEqual({ kind: 'unclear' });
    expect(p('接龙 小米3块')).toEqual({ kind: 'unclear' });
    expect(p('+1 小米5块的')).toEqual({ kind: 'unclear' });
  });

  it('names what is not offered when one of several +N pieces is unknown', () => {
    expect(p('苹果+1 梨+1')).toEqual({ kind: 'unclear', unknown: '梨' });
    expect(p('梨+1 小米+2')).toEqual({ kind: 'unclear', unknown: '梨' });
    expect(p('同意+1 加油+1')).toBeNull();
    expect(p('苹果+1 小米+2')).toMatchObject({ kind: 'multi' });
  });
});
