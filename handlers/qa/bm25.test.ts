import { describe, expect, it } from 'vitest';
import { Bm25 } from './bm25.ts';

describe('BM25', () => {
  const docs = [
    { name: ['亚麻', '籽', '油'], category: ['粮', '油'] },
    { name: ['花生', '油'], category: ['粮', '油'] },
    { name: ['小米'], category: ['五谷', '杂粮'] },
    { name: ['东北', '大米'], category: ['粮', '油'] },
  ];
  const index = new Bm25(docs, { weights: { name: 4, category: 1 } });

  it('ranks a rarer term above a common one, and a name above a category', () => {
    expect(index.search(['花生'], 5).map((r) => r.doc)).toEqual([1]);
    const oil = index.search(['油'], 5).map((r) => r.doc);
    // 油 in the name (and category) beats 油 in the category alone.
    expect(oil.slice(0, 2).sort()).toEqual([0, 1]);
    expect(oil[2]).toBe(3);
    expect(index.search(['亚麻', '油'], 5)[0]!.doc).toBe(0);
  });

  it('returns at most k, best first, and nothing for unknown words', () => {
    expect(index.search(['油'], 1)).toHaveLength(1);
    expect(index.search(['榴莲'], 5)).toEqual([]);
    const scores = index.search(['油', '粮'], 5).map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('leaves no state behind between searches', () => {
    const first = index.search(['油'], 5);
    index.search(['小米', '油'], 5);
    expect(index.search(['油'], 5)).toEqual(first);
  });
});
