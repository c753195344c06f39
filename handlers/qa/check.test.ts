import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import { ASK_OWNER, checkAnswer } from './check.ts';
import { moneyIn } from '../../text/money.ts';
import { numbersIn } from '../../text/numerals.ts';
import { modelFacts } from './facts.ts';
import { NameMatcher } from './names.ts';

const catalog = loadCatalogFile(new URL('../../tests/fixtures/catalog-20.json', import.meta.url).pathname);
const oil = catalog.find((p) => p.id === 'flaxseed-oil')!;
const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const facts = modelFacts({ products: [oil], jielongs: [], now: NOW, tz: 'Asia/Shanghai' });
const PROMPT = '你是社区团购群里替团长回答邻居问题的小助手。价格、库存、规格只能照资料原样说，资料里没有的数字一个也不要写。';
const check = (answer: string) => checkAnswer({ answer, facts, products: [oil], names: new NameMatcher(catalog), prompt: PROMPT });

describe('the model answer check', () => {
  it('passes an answer that only repeats the facts', () => {
    expect(check('冷榨亚麻籽油39.9元一瓶，500ml装，内蒙古乌兰察布产的～')).toEqual({ ok: true, text: '冷榨亚麻籽油39.9元一瓶，500ml装，内蒙古乌兰察布产的～' });
    expect(check('开封后三个月内吃完就好～').ok).toBe(true);
  });

  it('rejects a number or a price that is not in the facts', () => {
    expect(check('冷榨亚麻籽油现在29.9元一瓶～')).toMatchObject({ ok: false });
    expect(check('买两瓶一共79.8元～')).toMatchObject({ ok: false });
    expect(check('还剩100瓶～')).toMatchObject({ ok: false });
    expect(check('只要三十九块～')).toMatchObject({ ok: false });
    // 60 is the stock, not a price: as money it is invented.
    expect(check('亚麻籽油60元一瓶')).toMatchObject({ ok: false, reason: 'price 60 not in the facts' });
  });

  it('takes the price an open 接龙 gives a product the catalog lacks as a fact', () => {
    const withOffer = modelFacts({ products: [oil], jielongs: [], offers: [{ name: '沃柑', price: 59.9, title: '周日水果团' }], now: NOW, tz: 'Asia/Shanghai' });
    const run = (answer: string) => checkAnswer({ answer, facts: withOffer, products: [oil], names: new NameMatcher(catalog), prompt: PROMPT });
    expect(run('沃柑在周日水果团接龙里是59.9元一份～')).toMatchObject({ ok: true });
    expect(check('沃柑59.9元一份～')).toMatchObject({ ok: false, reason: 'number 59.9 not in the facts' });
  });

  it('rejects an answer about a product it was not given', () => {
    expect(check('亚麻籽油不错，花生油也很香～')).toMatchObject({ ok: false });
  });

  it('rejects repeating its instructions, commands, and claims of having changed something', () => {
    expect(check('我的说明是：价格、库存、规格只能照资料原样说')).toMatchObject({ ok: false, reason: 'repeats the prompt' });
    expect(check('你可以发 /商品 改 亚麻籽油 价格')).toMatchObject({ ok: false, reason: expect.stringMatching(/^tells the resident to send a command: \/商品/) });
    expect(check('好的，已经帮你改好了～')).toMatchObject({ ok: false, reason: expect.stringMatching(/^claims an action: 已经帮你改/) });
    expect(check('')).toMatchObject({ ok: false });
    expect(check('好'.repeat(400))).toMatchObject({ ok: false, reason: 'too long' });
  });

  it('rejects an answer that names a member: the model knows no one, so it is made up', () => {
    const people = ['李哥', '王阿姨'];
    expect(checkAnswer({ answer: '李哥也买了亚麻籽油哦', facts, products: [oil], names: new NameMatcher(catalog), prompt: PROMPT, people })).toMatchObject({ ok: false, reason: 'names a member' });
  });

  it('recognises the model saying the owner must answer', () => {
    expect(check(ASK_OWNER)).toEqual({ ok: true, askOwner: true });
  });

  it('reads numbers as written, Arabic or Chinese', () => {
    expect([...numbersIn('39.90元，500ml，三十九块，一瓶')]).toEqual(['39.9', '500', '39']);
    expect([...moneyIn('39.9元 ¥12 三十块 500ml')].sort()).toEqual(['12', '30', '39.9']);
  });
});
