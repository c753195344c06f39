import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuantities, parseChineseInteger, parseNumber, readQuantity } from './numerals.ts';
import { toHalfWidth } from './normalize.ts';

describe('parseChineseInteger', () => {
  it.each([
    ['一', 1], ['二', 2], ['两', 2], ['三', 3], ['九', 9], ['十', 10], ['十一', 11], ['十五', 15], ['二十', 20],
    ['二十五', 25], ['九十九', 99], ['一百', 100], ['一百零五', 105], ['一百五', 150], ['一百五十', 150],
    ['两百', 200], ['一千', 1000], ['两千三', 2300], ['一千零一', 1001], ['三万', 30000], ['零', 0],
  ])('%s = %d', (text, value) => {
    expect(parseChineseInteger(text)).toBe(value);
  });

  it.each(['', '三两', '一二', '十百', '百', 'a', '十十', '一 二', '万万', '半'])('%s is not a number', (text) => {
    expect(parseChineseInteger(text)).toBeNull();
  });
});

describe('parseNumber', () => {
  it('reads Arabic numbers with decimals, full-width digits, and Chinese numerals', () => {
    expect(parseNumber('2')).toBe(2);
    expect(parseNumber('1.5')).toBe(1.5);
    expect(parseNumber('１２')).toBe(12);
    expect(parseNumber('十五')).toBe(15);
    expect(parseNumber('1.2.3')).toBeNull();
    expect(parseNumber('2a')).toBeNull();
  });
});

describe('readQuantity', () => {
  it.each([
    ['3瓶', 3, '瓶'], ['两瓶', 2, '瓶'], ['一斤半', 1.5, '斤'], ['两个半', 2.5, '个'], ['半斤', 0.5, '斤'],
    ['1.5斤', 1.5, '斤'], ['十五份', 15, '份'], ['二十个', 20, '个'], ['一百克', 100, '克'], ['2公斤', 2, '公斤'],
    ['3千克', 3, '千克'], ['各一斤', 1, '斤'], ['2 箱', 2, '箱'], ['x2', 2, null], ['×2', 2, null], ['*2', 2, null],
    ['X2', 2, null], ['x 3瓶', 3, '瓶'], ['+1', 1, null], ['＋2', 2, null], ['2', 2, null], ['两', 2, null],
    ['３袋', 3, '袋'], ['1打', 1, '打'], ['2提', 2, '提'], ['1桶', 1, '桶'], ['4罐', 4, '罐'],
  ])('%s → %d %s', (text, qty, unit) => {
    expect(readQuantity(text)).toEqual({ qty, unit });
  });

  it.each(['', '三两瓶', '半斤半', 'abc', '1.2.3斤', '瓶', '张三', 'x', '+', '2瓶3'])('%s is not one quantity', (text) => {
    expect(readQuantity(text)).toBeNull();
  });
});

describe('findQuantities', () => {
  const found = (text: string) => findQuantities(text).map((q) => [text.slice(q.start, q.end), q.qty, q.unit, q.each]);

  it('finds every quantity with its offsets', () => {
    expect(found('大米x2 油1桶')).toEqual([['x2', 2, null, false], ['1桶', 1, '桶', false]]);
    expect(found('五斤西瓜，十斤苹果')).toEqual([['五斤', 5, '斤', false], ['十斤', 10, '斤', false]]);
    expect(found('苹果、香蕉各一斤')).toEqual([['各一斤', 1, '斤', true]]);
    expect(found('老李 2')).toEqual([['2', 2, null, false]]);
  });

  it('reads only the numeral before a unit, not a name ending in a numeral', () => {
    expect(found('张三两瓶')).toEqual([['两瓶', 2, '瓶', false]]);
    expect(found('张三 香蕉3斤')).toEqual([['3斤', 3, '斤', false]]);
    expect(found('王五')).toEqual([]);
  });

  it('ignores digits glued to Latin letters and long bare numbers', () => {
    expect(found('alice123 gt7 B2B 1701 2024')).toEqual([]);
    expect(found('3号 2楼')).toEqual([]);
  });

  it('never throws and always returns spans inside the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
      for (const q of findQuantities(s)) {
        expect(q.start).toBeGreaterThanOrEqual(0);
        expect(q.end).toBeLessThanOrEqual(s.length);
        expect(q.qty).toBeGreaterThan(0);
      }
      readQuantity(s);
      parseNumber(s);
    }), { numRuns: 500 });
  });
});

describe('toHalfWidth', () => {
  it('maps full-width characters one for one, so offsets do not move', () => {
    expect(toHalfWidth('３－５０１　Ａ')).toBe('3-501 A');
    expect(toHalfWidth('３－５０１　Ａ')).toHaveLength('３－５０１　Ａ'.length);
  });
});
