// The two readers scored on the corpus (phrases-corpus.ts): at least 95% right each, positives
// and near-miss negatives alike, with the score table and every miss printed. Then properties:
// they never throw, full-width text reads like half-width, and a date the calendar lacks is
// found and refused.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toHalfWidth } from '../../text/normalize.ts';
import { findDates, isValidDate, oneDate } from './dates.ts';
import { readForget, readOwnBirthday, type OwnBirthday } from './phrases.ts';
import { BIRTHDAY_CORPUS, FORGET_CORPUS, type Want } from './phrases-corpus.ts';

function same(got: OwnBirthday | undefined, want: Want): boolean {
  if (want === undefined) return got === undefined;
  if (!got) return false;
  if (want === 'invalid') return got.kind === 'date' && !got.valid;
  if ('relative' in want) return got.kind === 'relative' && got.days === want.relative && got.lunar === (want.lunar ?? false);
  return got.kind === 'date' && got.valid && got.date.month === want.month && got.date.day === want.day && got.date.lunar === (want.lunar ?? false);
}

interface Score { reader: string; cases: number; correct: number }
const rows: Score[] = [];

function check(reader: string, all: Array<{ text: string; ok: boolean; got: unknown; want: unknown }>, positives: number, min: number): void {
  const misses = all.filter((c) => !c.ok);
  if (misses.length) console.log(`${reader} misses:\n  ${misses.map((m) => `${JSON.stringify(m.text)}: got ${JSON.stringify(m.got)}, want ${JSON.stringify(m.want)}`).join('\n  ')}`);
  rows.push({ reader, cases: all.length, correct: all.length - misses.length });
  expect(all.length).toBeGreaterThanOrEqual(min);
  // Roughly half each: a reader that says yes (or no) to everything cannot pass.
  expect(positives / all.length).toBeGreaterThan(0.4);
  expect(positives / all.length).toBeLessThan(0.6);
  expect((all.length - misses.length) / all.length).toBeGreaterThanOrEqual(0.95);
}

describe('birthday phrases corpus', () => {
  afterAll(() => {
    const line = (r: Score) => `${r.reader.padEnd(16)} ${String(r.cases).padStart(5)} ${String(r.correct).padStart(8)} ${(100 * r.correct / r.cases).toFixed(1).padStart(6)}`;
    console.log(['reader           cases  correct      %', ...rows.map(line)].join('\n'));
  });

  it('readOwnBirthday reads at least 95% of its corpus right', () => {
    const all = [...BIRTHDAY_CORPUS.positives, ...BIRTHDAY_CORPUS.negatives].map((c) => {
      const got = readOwnBirthday(c.text);
      return { text: c.text, ok: same(got, c.want), got, want: c.want };
    });
    check('readOwnBirthday', all, BIRTHDAY_CORPUS.positives.length, 150);
  });

  it('readForget reads at least 95% of its corpus right', () => {
    const all = [...FORGET_CORPUS.positives, ...FORGET_CORPUS.negatives].map((c) => {
      const got = readForget(c.text);
      return { text: c.text, ok: got === c.want, got, want: c.want };
    });
    check('readForget', all, FORGET_CORPUS.positives.length, 30);
  });

  it('the brief\'s own examples read exactly', () => {
    for (const text of ['我的生日是3月15日', '我生日3.15', '本人生日 三月十五号', '生日 5月20']) expect(readOwnBirthday(text)?.kind).toBe('date');
    expect(readOwnBirthday('俺的生日是12月1号哦')).toEqual({ kind: 'date', date: { month: 12, day: 1, lunar: false }, valid: true });
    for (const text of ['今天我妈生日', '生日蛋糕有吗？', '3月15日的接龙还有吗', '祝你生日快乐', '我女儿生日是3月15']) expect(readOwnBirthday(text)).toBeUndefined();
  });
});

describe('dates', () => {
  it('reads the owner\'s forms, with a year or a lunar word', () => {
    const one = (t: string) => { const d = oneDate(t); return d && [d.month, d.day, d.lunar]; };
    expect(one('3-15')).toEqual([3, 15, false]);
    expect(one('3月15日')).toEqual([3, 15, false]);
    expect(one('3.15')).toEqual([3, 15, false]);
    expect(one('03/15')).toEqual([3, 15, false]);
    expect(one('三月十五')).toEqual([3, 15, false]);
    expect(one('1990-03-15')).toEqual([3, 15, false]);
    expect(one('农历八月十五')).toEqual([8, 15, true]);
    expect(one('腊月三十')).toEqual([12, 30, true]);
    expect(one('正月初一')).toEqual([1, 1, true]);
    expect(one('3.15元')).toBeUndefined();
    expect(one('3月15日和5月20日')).toBeUndefined();
  });

  it('finds days the calendar lacks, and refuses them', () => {
    for (const t of ['2月30日', '4月31号', '13月1日', '0月5日']) {
      const d = findDates(t)[0];
      if (d) expect(isValidDate(d)).toBe(false);
    }
    expect(isValidDate({ month: 2, day: 29, lunar: false })).toBe(true);
    expect(isValidDate({ month: 2, day: 30, lunar: true })).toBe(true);
  });

  it('never throws, and full-width reads like half-width', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => {
      readOwnBirthday(s);
      readForget(s);
      findDates(s);
    }), { numRuns: 500 });
    for (const c of BIRTHDAY_CORPUS.positives) {
      const full = c.text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      expect(readOwnBirthday(full), c.text).toEqual(readOwnBirthday(toHalfWidth(full)));
    }
  });
});
