import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import type { Product } from '../../store/schema.ts';
import { intentsOf } from './intents.ts';
import { blankSpans } from './names.ts';
import { CatalogIndex, productsToAnswer } from './retrieval.ts';
import { templateAnswer, withOwnerNote } from './template.ts';
import type { JielongFact } from './jielong-facts.ts';

const catalog = loadCatalogFile(new URL('../../tests/fixtures/catalog-20.json', import.meta.url).pathname);
const index = new CatalogIndex(catalog);
const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const oilJielong: JielongFact = { id: 'jl-1', title: '周六冷榨油团购', groupId: 'g1', cutoffAt: Date.parse('2026-11-21T20:00:00+08:00'), productIds: ['flaxseed-oil'] };

function answer(text: string, opts: { jielongs?: JielongFact[]; catalog?: Product[] } = {}) {
  const idx = opts.catalog ? new CatalogIndex(opts.catalog) : index;
  const found = idx.find(text);
  const blanked = blankSpans(text, found.spans);
  const products = productsToAnswer(found, true, []);
  return templateAnswer({ text, blanked, intents: intentsOf(blanked) }, { products, jielongs: opts.jielongs ?? [], now: NOW, tz: 'Asia/Shanghai' });
}

describe('template answers', () => {
  it('price questions get the price and unit, with the spec', () => {
    expect(answer('亚麻籽油多少钱')).toEqual({ text: '冷榨亚麻籽油39.9元一瓶（500ml）～', missing: [] });
    expect(answer('五花肉怎么卖').text).toBe('黑猪五花肉45元一斤～');
  });

  it('origin, certification and stock questions get those fields, in words', () => {
    expect(answer('脐橙哪里产的').text).toBe('赣南脐橙是江西赣州产的～');
    expect(answer('有机小米是不是真的有机').text).toBe('有机小米有中国有机产品认证～');
    expect(answer('龙井有认证吗').text).toBe('明前龙井有绿色食品认证～');
    expect(answer('鸡蛋还有吗').text).toBe('土鸡蛋还有25盒～');
    expect(answer('脐橙还有吗').text).toBe('赣南脐橙只剩8箱了，要的抓紧～');
    expect(answer('猕猴桃还有吗').text).toBe('猕猴桃已经卖完了，补货了群里会说～');
    expect(answer('大米还有吗').text).toBe('东北大米货源充足，放心下单～');
    expect(answer('榴莲还有吗').text).toBe('金枕榴莲暂时下架了～');
  });

  it('answers two things asked at once, and two products in one line', () => {
    expect(answer('亚麻籽油多少钱，哪里产的').text).toBe('冷榨亚麻籽油39.9元一瓶（500ml），是内蒙古乌兰察布产的～');
    expect(answer('苹果和大米多少钱').text).toBe('红富士苹果49.9元一箱（5kg）；东北大米69元一袋（10kg）～');
  });

  it('a saved FAQ answers in the owner’s words', () => {
    expect(answer('亚麻籽油是冷榨的吗').text).toBe('冷榨亚麻籽油：是的，低温物理冷榨，没有加溶剂。');
    expect(answer('白虾是不是活虾冻的').text).toBe('冻南美白虾：是的，捕捞后直接速冻，个头40-50只一斤。');
  });

  it('"when" questions get the open 接龙’s cut-off; arrival is left for the owner', () => {
    expect(answer('亚麻籽油什么时候截止', { jielongs: [oilJielong] })).toEqual({ text: '「周六冷榨油团购」接龙今天 20:00截止～', missing: [] });
    const arrival = answer('亚麻籽油什么时候到货', { jielongs: [oilJielong] });
    expect(arrival.missing).toEqual(['arrival']);
    expect(withOwnerNote(arrival)).toBe('「周六冷榨油团购」接龙今天 20:00截止～\n到货时间我问问团长，回头告诉你～');
    expect(answer('亚麻籽油什么时候截止').missing).toEqual(['deadline']);
    const later = { ...oilJielong, cutoffAt: Date.parse('2026-11-27T20:00:00+08:00') };
    expect(answer('亚麻籽油几号截止', { jielongs: [later] }).text).toBe('「周六冷榨油团购」接龙11月27日（周五）20:00截止～');
  });

  it('what the catalog does not hold is missing, never guessed', () => {
    // 有机 asked, only 地理标志 listed: the listed certifications answer it, plainly.
    expect(answer('东北大米是有机的吗')).toEqual({ text: '东北大米不是有机的，有地理标志产品认证～', missing: [] });
    expect(answer('带鱼有认证吗')).toEqual({ text: '', missing: ['cert'] });
    expect(withOwnerNote(answer('带鱼有认证吗'))).toBe('认证情况我问问团长，回头告诉你～');
    expect(answer('带鱼新鲜吗').missing).toEqual(['describe']);
    expect(withOwnerNote(answer('带鱼新鲜吗'))).toBe('这个我问问团长，回头告诉你～');
    // A name with 有机 in it is not a certification question.
    expect(answer('有机小米多少钱').text).toBe('有机小米29.8元一袋（2.5kg）～');
  });

  it('a product named with nothing asked gets a short overview', () => {
    expect(answer('苹果？').text).toBe('红富士苹果49.9元一箱（5kg），是陕西洛川产的，还有30箱～');
  });

  it('tips are their own sentence', () => {
    expect(answer('五花肉怎么保存').text).toBe('黑猪五花肉：冷冻保存，吃前一晚放冷藏解冻～');
    expect(answer('香菇怎么吃').text).toBe('干香菇：温水泡发两小时，泡香菇的水可以留着做菜～');
  });
});
