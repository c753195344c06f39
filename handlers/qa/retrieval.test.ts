import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import { matchFaq } from './faq.ts';
import { NameMatcher } from './names.ts';
import { admit } from './rate-limit.ts';
import { CatalogIndex, indexCache, productsToAnswer } from './retrieval.ts';
import { terms, words } from './segment.ts';

const catalog = loadCatalogFile(new URL('../../tests/fixtures/catalog-20.json', import.meta.url).pathname);
const index = new CatalogIndex(catalog);
const ids = (q: string, subject: string[] = terms(q)) => productsToAnswer(index.find(q), true, subject).map((p) => p.id);

describe('retrieval', () => {
  it('segments Chinese with the runtime’s dictionary segmenter', () => {
    expect(words('有机小米是不是真的有机？')).toEqual(['有机', '小米', '是不是', '真的', '有机']);
    expect(terms('红富士苹果还有吗')).not.toContain('吗');
  });

  it('finds names and aliases written in full, longest first', () => {
    const names = new NameMatcher(catalog);
    expect(names.products('东北大米和亚麻油').map((p) => p.id)).toEqual(['northeast-rice', 'flaxseed-oil']);
    // 有机小米 is one name, not 有机 + 小米.
    expect(names.find('有机小米多少钱').map((s) => [s.start, s.end])).toEqual([[0, 4]]);
    expect(names.products('ＡＢＣ苹果')).toHaveLength(1);
  });

  it('ranks by BM25 when no name is written in full, and only on the product’s own names', () => {
    expect(ids('油多少钱', ['油'])[0]).toBe('flaxseed-oil');
    const fruit = ids('水果有哪些', ['水果']);
    expect(fruit).toHaveLength(3);
    expect(fruit.every((id) => catalog.find((p) => p.id === id)!.category === '水果')).toBe(true);
    // Origin counts in the ranking: 内蒙古的油 is the 乌兰察布 flaxseed oil before the 山东 peanut oil.
    expect(ids('内蒙古的油', ['内蒙古', '油'])[0]).toBe('flaxseed-oil');
    expect(ids('山东的油', ['山东', '油'])[0]).toBe('peanut-oil');
    // 车厘子 shares only 子 with 牛腱子: not a match.
    expect(ids('有没有车厘子', ['车', '厘', '子'])).toEqual([]);
    // Not addressed to the bot: only names written in full count.
    expect(productsToAnswer(index.find('油多少钱'), false, ['油'])).toEqual([]);
  });

  it('rebuilds the index when the catalog array is replaced, not before', () => {
    const cache = indexCache();
    const first = cache(catalog);
    expect(cache(catalog)).toBe(first);
    expect(cache([...catalog])).not.toBe(first);
  });
});

describe('FAQ matching', () => {
  const faq = [{ q: '一岁以下宝宝能吃吗', a: '不能。' }, { q: '是冷榨的吗', a: '是的。' }];
  it('matches a question that contains the FAQ question or shares most of its words', () => {
    expect(matchFaq('蜂蜜一岁以下宝宝能吃吗？', faq)?.a).toBe('不能。');
    expect(matchFaq('一岁以下的宝宝可以吃吗', faq)?.a).toBe('不能。');
    expect(matchFaq('亚麻籽油是冷榨的吗', faq)?.a).toBe('是的。');
    expect(matchFaq('蜂蜜多少钱', faq)).toBeUndefined();
  });
});

describe('rate limit', () => {
  it('admits `limit` per window, warns once, then stays quiet until there is room', () => {
    const W = 600_000;
    let state;
    const seen: string[] = [];
    for (const t of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const r = admit(state, t * 1000, 5, W);
      state = r.state;
      seen.push(r.admission);
    }
    expect(seen).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'warn', 'quiet', 'quiet']);
    // Ten minutes after the first question there is room again.
    expect(admit(state, W + 500, 5, W).admission).toBe('ok');
  });
});
