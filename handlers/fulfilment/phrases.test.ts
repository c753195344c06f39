// The three readers scored on the corpus of resident texts (phrases-corpus.ts): each must read at
// least 95% of its cases right, positives and near-miss negatives alike. The score table is
// printed, and so is every miss. Then properties: the readers never throw, a trailing ？ turns
// "付了…" into a question, a denied or planned verb is no claim, amounts and quantities read
// exactly, the owner sees the words as typed, long texts and 接龙 lists are left alone (fast),
// and full-width text reads like half-width.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fenText } from '../../text/money.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { readCollected, readPaidClaim, readProblem, type Collected, type PaidClaim, type Problem } from './phrases.ts';
import { COLLECTED_CORPUS, PAID_CORPUS, PROBLEM_CORPUS, type ProblemCase } from './phrases-corpus.ts';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

const samePaid = (got: PaidClaim | undefined, want: PaidClaim | undefined) =>
  want === undefined ? got === undefined : got !== undefined && got.amountFen === want.amountFen;

const sameCollected = (got: Collected | undefined, want: Collected | undefined) =>
  want === undefined ? got === undefined : got !== undefined && got.qty === want.qty && got.partial === want.partial;

/** Kind and aboutGoods as expected, and the words are the resident's own, as typed. */
function sameProblem(text: string, got: Problem | undefined, want: ProblemCase['want']): boolean {
  if (want === undefined) return got === undefined;
  return got !== undefined && got.kind === want.kind && got.aboutGoods === want.aboutGoods
    && got.words.length > 0 && got.words.every((w) => w !== '' && text.includes(w));
}

interface Score {
  reader: string;
  cases: number;
  correct: number;
  misses: string[];
}

function score<C extends { text: string; want: unknown }, G>(
  reader: string, corpus: { positives: C[]; negatives: C[] }, read: (t: string) => G, same: (c: C, got: G) => boolean,
): Score {
  const all = [...corpus.positives, ...corpus.negatives];
  const misses = all.filter((c) => !same(c, read(c.text)))
    .map((c) => `${reader} ${JSON.stringify(c.text)}: got ${show(read(c.text))}, want ${show(c.want)}`);
  return { reader, cases: all.length, correct: all.length - misses.length, misses };
}

const rows: Score[] = [];

function check(s: Score, minCases: number, corpus: { positives: unknown[]; negatives: unknown[] }): void {
  rows.push(s);
  if (s.misses.length) console.log(`misses:\n  ${s.misses.join('\n  ')}`);
  expect(s.cases).toBeGreaterThanOrEqual(minCases);
  // Roughly half each: a reader that says yes (or no) to everything cannot pass.
  const share = corpus.positives.length / s.cases;
  expect(share).toBeGreaterThan(0.4);
  expect(share).toBeLessThan(0.6);
  expect(s.correct / s.cases).toBeGreaterThanOrEqual(0.95);
}

describe('resident phrases corpus', () => {
  afterAll(() => {
    const line = (r: Score) => `${r.reader.padEnd(14)} ${String(r.cases).padStart(5)} ${String(r.correct).padStart(8)} ${(100 * r.correct / r.cases).toFixed(1).padStart(6)}`;
    console.log(['reader          cases  correct      %', ...rows.map(line)].join('\n'));
  });

  it('readPaidClaim reads at least 95% of its corpus right', () => {
    check(score('readPaidClaim', PAID_CORPUS, readPaidClaim, (c, g) => samePaid(g, c.want)), 120, PAID_CORPUS);
  });

  it('readCollected reads at least 95% of its corpus right', () => {
    check(score('readCollected', COLLECTED_CORPUS, readCollected, (c, g) => sameCollected(g, c.want)), 120, COLLECTED_CORPUS);
  });

  it('readProblem reads at least 95% of its corpus right', () => {
    check(score('readProblem', PROBLEM_CORPUS, readProblem, (c, g) => sameProblem(c.text, g, c.want)), 150, PROBLEM_CORPUS);
    const kinds = new Set(PROBLEM_CORPUS.positives.map((c) => c.want!.kind));
    expect([...kinds].sort()).toEqual(['bad', 'missing', 'other', 'wrong']);
    expect(PROBLEM_CORPUS.positives.some((c) => !c.want!.aboutGoods)).toBe(true);
  });
});

/** Resident-ish text: the characters the readers look at, mixed with anything. */
const residentText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'已付了转取拿提领收到坏烂少缺漏发错退吗没不的请？?！～~ 23.8¥元块一二十两箱个@-'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** ASCII (and the space) as their full-width forms, so "已付23.8" becomes "已付２３．８". */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

describe('resident phrases properties', () => {
  it('never throw, whatever is written', () => {
    fc.assert(fc.property(fc.oneof(residentText, fc.string({ unit: 'binary' })), (text) => {
      readPaidClaim(text);
      readCollected(text);
      readProblem(text);
    }), { numRuns: 2000 });
  });

  it('a claim that starts with 付了 stops being one with a ？ after it', () => {
    const rest = fc.constantFrom('', '啦', '哈', '的', ' ¥23.80', '23.8', '款了', '钱了', '25块', '给你了', '过去了', '二十三块八');
    const ending = fc.constantFrom('？', '?', '吗', '吗？', '没', '没有？');
    fc.assert(fc.property(rest, ending, (r, end) => {
      expect(readPaidClaim(`付了${r}`)).toBeDefined();
      expect(readPaidClaim(`付了${r}${end}`)).toBeUndefined();
    }));
  });

  it('reads an amount written in fen-exact yuan, with or without 元', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('已付', '转了', '付了 ', '已转账'), fc.constantFrom('', '元', '块'), (fen, verb, unit) => {
      const text = `${verb}${fenText(fen)}${unit}`;
      // Bare three-digit rooms (501) are not amounts; with 元 or a decimal point they are.
      const roomLike = unit === '' && fen % 100 === 0 && /^\d(?:0[1-9]|1[0-2])$/.test(String(fen / 100));
      const bareTooLong = unit === '' && fen % 100 === 0 && fen >= 100_000;
      expect(readPaidClaim(text)).toEqual(roomLike || bareTooLong ? {} : { amountFen: fen });
    }));
  });

  it('reads a quantity collected, and says partial when part is left', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.constantFrom('箱', '盒', '袋', '份'), (n, unit) => {
      expect(readCollected(`取了${n}${unit}`)).toEqual({ qty: n, partial: false });
      expect(readCollected(`只拿了${n}${unit}`)).toEqual({ qty: n, partial: true });
      expect(readCollected(`先拿了${n}${unit}，剩下的明天取`)).toEqual({ qty: n, partial: true });
    }));
  });

  it('leaves long texts and reposted 接龙 lists alone, and fast', () => {
    const list = '#接龙 芒果\n1. 王阿姨 3-501 芒果1箱 已付\n2. 李 5-202 芒果2箱 已取\n3. 张姐 芒果1箱 坏了两个';
    expect([readPaidClaim(list), readCollected(list), readProblem(list)]).toEqual([undefined, undefined, undefined]);
    for (const unit of ['已付', '付了 ', '少了', '「', '还有一', '😀', '1']) {
      const text = unit.repeat(Math.ceil(19_000 / unit.length));
      const t0 = performance.now();
      expect([readPaidClaim(text), readCollected(text), readProblem(text)]).toEqual([undefined, undefined, undefined]);
      expect(performance.now() - t0).toBeLessThan(50);
    }
    // The longest read is still quick on the worst pattern.
    const t0 = performance.now();
    readPaidClaim('已付'.repeat(250));
    readProblem('少了'.repeat(250));
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('shows the owner the words as the resident typed them', () => {
    fc.assert(fc.property(residentText, (text) => {
      for (const w of readProblem(text)?.words ?? []) expect(text).toContain(w);
    }), { numRuns: 1000 });
  });

  it('a verb that is denied or still to do is no claim', () => {
    const before = fc.constantFrom('还没', '没', '没有', '未', '忘了', '明天', '等会', '马上', '怎么', '在哪', '要不要');
    fc.assert(fc.property(before, fc.constantFrom('付', '转', '付款', '转账', 'v'), fc.constantFrom('', '呢', '哈', '啊'), (b, verb, end) => {
      expect(readPaidClaim(`${b}${verb}${end}`)).toBeUndefined();
    }));
    fc.assert(fc.property(before, fc.constantFrom('取', '拿', '领', '提货'), fc.constantFrom('', '呢', '哈', '啊'), (b, verb, end) => {
      expect(readCollected(`${b}${verb}${end}`)).toBeUndefined();
    }));
  });

  it('full-width and half-width text read the same', () => {
    const texts = [PAID_CORPUS, COLLECTED_CORPUS, PROBLEM_CORPUS].flatMap((c) => [...c.positives, ...c.negatives].map((x) => x.text));
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...texts), residentText), fc.boolean(), (text, widen) => {
      const other = widen ? fullWidth(text) : toHalfWidth(text);
      expect(readPaidClaim(other)).toEqual(readPaidClaim(text));
      expect(readCollected(other)).toEqual(readCollected(text));
      // The words are shown as typed, so they are compared across widths.
      const [p, q] = [readProblem(other), readProblem(text)];
      expect(p && { ...p, words: p.words.map(toHalfWidth) }).toEqual(q && { ...q, words: q.words.map(toHalfWidth) });
    }), { numRuns: 500 });
  });
});
