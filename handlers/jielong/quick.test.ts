import { describe, expect, it } from 'vitest';
import type { Product } from '../../store/schema.ts';
import { callsForPlusOne, MAX_BARE_COUNT, mayAnswerCall, parseQuick, readQuoted } from './quick.ts';

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

describe('the way residents write a sign-up beyond +N', () => {
  const offered = ['土鸡蛋', '东北大米', '有机小米', '冷榨亚麻籽油', '红富士苹果'];
  const p = (text: string, offer = offered) => parseQuick(text, catalog, offer);
  const rice = { id: 'rice', name: '东北大米' };
  const oil = { id: 'oil', name: '冷榨亚麻籽油' };
  const millet = { name: '有机小米' };

  it('reads a name and a room beside several products', () => {
    expect(p('许大爷 10-202 小米1袋 亚麻籽油1瓶')).toEqual({ kind: 'multi', room: '10-202', name: '许大爷', items: [
      { product: millet, qty: 1, unit: '袋' }, { product: oil, qty: 1, unit: '瓶' },
    ] });
    expect(p('Tony 5-301 小米1袋 大米2袋')).toMatchObject({ kind: 'multi', room: '5-301', name: 'Tony' });
    expect(p('小米1袋 亚麻籽油1瓶 谢谢团长')).toEqual({ kind: 'multi', room: null, items: [
      { product: millet, qty: 1, unit: '袋' }, { product: oil, qty: 1, unit: '瓶' },
    ] });
  });

  it('reads counts written before the products, one product or several', () => {
    expect(p('一袋大米')).toEqual({ kind: 'join', qty: 1, unit: '袋', room: null, product: rice });
    expect(p('2盒鸡蛋')).toMatchObject({ kind: 'join', qty: 2, unit: '盒', product: { name: '土鸡蛋' } });
    expect(p('我要一袋大米 一瓶亚麻籽油')).toEqual({ kind: 'multi', room: null, items: [
      { product: rice, qty: 1, unit: '袋' }, { product: oil, qty: 1, unit: '瓶' },
    ] });
    expect(p('3-501 王阿姨 两盒鸡蛋 一袋大米')).toMatchObject({ kind: 'multi', room: '3-501', name: '王阿姨', items: [{ qty: 2 }, { qty: 1 }] });
    // 油 alone names the one offered oil only right after a count; 米 fits two, so the handler asks.
    expect(p('两瓶油')).toEqual({ kind: 'join', qty: 2, unit: '瓶', room: null, product: oil });
    expect(p('两袋米')).toEqual({ kind: 'join', qty: 2, unit: '袋', room: null });
    // A product without its count is the hint, not a guess.
    expect(p('一袋大米 亚麻籽油')).toEqual({ kind: 'unclear' });
  });

  it('reads 来 with a count like 我要', () => {
    expect(p('那我也来一箱，八栋202', ['广西砂糖橘'])).toEqual({ kind: 'join', qty: 1, unit: '箱', room: '8-202' });
    expect(p('再来两盒鸡蛋')).toMatchObject({ kind: 'join', qty: 2, unit: '盒', product: { name: '土鸡蛋' } });
    expect(p('来两箱 谢谢', ['广西砂糖橘'])).toMatchObject({ kind: 'join', qty: 2, unit: '箱' });
    // Several on offer and none named: an order without a product, so the handler asks which.
    expect(p('来一箱')).toEqual({ kind: 'join', qty: 1, unit: '箱', room: null });
    expect(p('来一箱', [])).toBeNull();
  });

  it('reads 扣1 alone as +1', () => {
    expect(p('扣1')).toEqual({ kind: 'join', qty: 1, unit: null, room: null });
    expect(p('扣2 3-501')).toEqual({ kind: 'join', qty: 2, unit: null, room: '3-501' });
  });

  it.each([
    '我家鸡蛋还有两盒', '昨天的鸡蛋2盒', '鸡蛋3盒够吗', '周六爬山的扣1', '去的+1', '要去的+1', '报名+1', '来一个人帮忙搬下东西',
    '一箱太多了吧', '买了两盒鸡蛋', '送了两盒鸡蛋给我妈', '两盒鸡蛋就够了', '一盒鸡蛋多少钱', '三袋大米吃一个月', '两瓶油够了',
    '我家还有两瓶油', '来晚了', '我也来', '来两人', '快来一起吃', '明天来拿', '那我也来看看', '再来一次', '今天来了两箱快递',
    '3号楼来了两个人', '一箱苹果多少斤', '大米一袋10公斤', '2盒鸡蛋打碎了', '加油', '油价又涨了', '一袋大米一百多', '扣1分',
    '我家小米2袋 大米1袋 都吃完了', '昨天 小米1袋 大米1袋', '我家小米1袋 亚麻籽油1瓶', '许大爷 王阿姨 小米1袋 亚麻籽油1瓶',
    '一箱苹果 两袋大米 都是上周买的', '两个人一箱够了', '一个人两箱吃不完', '周六去爬山的+1，早上7点小区南门集合🏔',
  ])('chat with numbers and products is not an order: %s', (text) => {
    expect(p(text)).toBeNull();
  });
});

describe('calls for +1s about something else', () => {
  const offered = ['土鸡蛋', '红富士苹果'];

  it.each(['周六去爬山的+1，早上7点小区南门集合🏔', '周六爬山的扣1', '去的+1', '要去的+1 周日早上出发', '羽毛球报名+1，周日下午两点',
    '明早一起跑步的加一', '去的请+1～', '参加的扣1 人够就出发', '周六去爬山的➕1'])('is a call: %s', (text) => {
    expect(callsForPlusOne(text, offered)).toBe(true);
  });

  it.each(['要鸡蛋的扣1', '苹果要的+1', '要的扣1', '还有要的请+1', '需要的+1', '接龙的+1', '团购要的扣1', '+1', '扣1', '周六爬山', '鸡蛋+1'])(
    'is no call: %s',
    (text) => {
      expect(callsForPlusOne(text, offered)).toBe(false);
    },
  );

  it('takes a +N naming no product or room as a possible answer', () => {
    const ask = (text: string) => mayAnswerCall(text, parseQuick(text, catalog, offered)!);
    expect(['+1', '＋2', '+1 带孩子一起', '扣1', '+1 王阿姨'].map(ask)).toEqual([true, true, true, true, true]);
    expect(['+1 7-1101', '+1 苹果', '接龙+1', '我要两份', '苹果+1'].map(ask)).toEqual([false, false, false, false, false]);
  });
});

describe('a WeChat quote answered below the line', () => {
  const jielong = [{ title: '砂糖橘团购 今晚8点截单', offered: ['广西砂糖橘'] }];
  const quote = (quoted: string, reply: string) => `「${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`;
  const r = (text: string) => readQuoted(text, catalog, jielong);

  it('is for the 接龙 when it quotes a 接龙 post, its title or someone’s order', () => {
    expect(r(quote('小林团长：#接龙\n砂糖橘团购 今晚8点截单\n1.广西砂糖橘 35.8元/箱（5斤装）\n例 3-501 王阿姨 2箱', '+1 7-1101')))
      .toEqual({ reply: '+1 7-1101', about: 'jielong', titles: ['砂糖橘团购 今晚8点截单'] });
    expect(r(quote('邻里小助手：已登记「砂糖橘团购 今晚8点截单」：丽丽 5-1201 广西砂糖橘×2箱', '+1'))).toMatchObject({ about: 'jielong' });
    expect(r(quote('丽丽：砂糖橘+2 五栋1201', '+1'))).toEqual({ reply: '+1', about: 'jielong', titles: [] });
  });

  it('may be for the 接龙 when chat names what it sells; never when the quote asks about it', () => {
    expect(r(quote('贺叔：砂糖橘今天到了', '+1'))).toMatchObject({ about: 'product' });
    expect(r(quote('贺叔：砂糖橘甜不甜？', '+1'))).toMatchObject({ about: 'chat' });
  });

  it('is chat when it quotes chat or a bare +1', () => {
    expect(r(quote('老孟：周六去爬山的+1，早上7点小区南门集合🏔', '+1'))).toEqual({ reply: '+1', about: 'chat', titles: [] });
    expect(r(quote('阿亮：+1', '+1'))).toMatchObject({ about: 'chat' });
    expect(r('+1 7-1101')).toBeNull();
  });
});
