// The matcher scored on the corpus (corpus.ts): at least 95% of its cases read right, questions
// and near misses alike, the score printed with every miss. Then what each piece promises: a
// clause that says nothing joins its neighbour, a keyword just done asks nothing, the owner's own
// words before the same words added for them, product names are nobody's keyword.

import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import { indexCache } from '../qa/index.ts';
import { CORPUS_RULES, RULE_CORPUS, type RuleCase } from './corpus.ts';
import { addedWords, keywordProblem, RuleIndex } from './match.ts';
import { askedRule } from './read.ts';

const catalog = loadCatalogFile(join(process.cwd(), 'tests', 'fixtures', 'catalog-20.json'));
const names = indexCache()(catalog).names;
const rules = new RuleIndex(CORPUS_RULES);
const read = (c: RuleCase) => askedRule(rules, c.text, c.direct ?? false, names)?.no;

const rows: string[] = [];

describe('quick answers corpus', () => {
  afterAll(() => console.log(['set         cases  correct      %', ...rows].join('\n')));

  it('reads at least 95% of its cases right', () => {
    const all = [...RULE_CORPUS.positives, ...RULE_CORPUS.negatives];
    const misses = all.filter((c) => read(c) !== c.want).map((c) => `${JSON.stringify(c.text)}${c.direct ? ' (direct)' : ''}: got ${read(c) ?? '—'}, want ${c.want ?? '—'}`);
    const line = (name: string, cases: RuleCase[]) => {
      const ok = cases.filter((c) => read(c) === c.want).length;
      rows.push(`${name.padEnd(10)} ${String(cases.length).padStart(6)} ${String(ok).padStart(8)} ${(100 * ok / cases.length).toFixed(1).padStart(6)}`);
    };
    line('positives', RULE_CORPUS.positives);
    line('negatives', RULE_CORPUS.negatives);
    line('all', all);
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(all.length).toBeGreaterThanOrEqual(150);
    const share = RULE_CORPUS.positives.length / all.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect((all.length - misses.length) / all.length).toBeGreaterThanOrEqual(0.95);
    // A wrong answer costs more than none: no chat line may get an answer at all.
    expect(RULE_CORPUS.negatives.filter((c) => read(c) !== undefined).length / RULE_CORPUS.negatives.length).toBeLessThanOrEqual(0.03);
  });
});

describe('how a message is read', () => {
  it('takes a clause that says nothing of its own with its neighbour', () => {
    expect(read({ text: '请问，运费多少', want: 3 })).toBe(3);
    expect(read({ text: '自提点 在哪？', want: 1 })).toBe(1);
    expect(read({ text: '我家就在自提点旁边，你们知道吗？', want: undefined })).toBeUndefined();
    expect(read({ text: '我刚搬来。想问下自提点在哪', want: 1 })).toBe(1);
  });

  it('asks nothing of a keyword just done, or of a complaint even when spoken to', () => {
    for (const text of ['付款了吗', '已付款？', '你们怎么付款的？', '怎么又没送货？', '为什么运费这么贵？']) {
      expect(askedRule(rules, text, true, names), text).toBeUndefined();
    }
  });

  it('answers a bare keyword only when spoken to; a closing 呢 alone must be all about it', () => {
    expect(askedRule(rules, '运费', false, names)).toBeUndefined();
    expect(askedRule(rules, '运费', true, names)?.no).toBe(3);
    expect(askedRule(rules, '运费呢', false, names)?.no).toBe(3);
    expect(askedRule(rules, '我家就在自提点旁边呢', false, names)).toBeUndefined();
  });

  it('puts the owner’s own words before the same words added for them', () => {
    const two = new RuleIndex([{ no: 1, keywords: ['运费'] }, { no: 2, keywords: ['包邮'] }]);
    expect(two.match({ text: '包邮吗？', direct: false })?.no).toBe(2);
    expect(two.match({ text: '邮费多少？', direct: false })?.no).toBe(1);
    expect(addedWords('运费')).toEqual(expect.arrayContaining(['邮费', '包邮', '配送费']));
    expect(addedWords('几点送货')).toEqual(expect.arrayContaining(['送货时间', '配送']));
    expect(addedWords('开团提醒')).toEqual([]);
  });

  it('leaves product questions to the catalog, and product names are nobody’s keyword', () => {
    expect(askedRule(rules, '苹果多少钱？', false, names)).toBeUndefined();
    expect(askedRule(rules, '苹果什么时候到货？', false, names)).toBeUndefined();
    expect(askedRule(rules, '苹果怎么付款？', false, names)?.no).toBe(4);
    const apples = new RuleIndex([{ no: 1, keywords: ['苹果'] }]);
    expect(askedRule(apples, '苹果在哪？', false, names)).toBeUndefined();
  });

  it('checks keywords the owner types', () => {
    expect(keywordProblem('运费')).toBeUndefined();
    expect(keywordProblem('自提点在哪')).toBeUndefined();
    expect(keywordProblem('哪里')).toMatch(/太泛了/);
    expect(keywordProblem('费')).toMatch(/太短了/);
  });

  it('never throws, reads full-width like half-width, and leaves long texts and 接龙 alone', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), fc.boolean(), (text, direct) => {
      askedRule(rules, text, direct, names);
    }));
    expect(askedRule(rules, '运费多少？', false, names)?.no).toBe(3);
    expect(askedRule(rules, '运费多少?', false, names)?.no).toBe(3);
    expect(askedRule(rules, `${'今天天气真好'.repeat(12)}运费多少？`, false, names)).toBeUndefined();
    expect(askedRule(rules, '#接龙\n周一苹果团\n1. 王阿姨 运费多少？', false, names)).toBeUndefined();
  });
});
