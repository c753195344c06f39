import { describe, expect, it } from 'vitest';
import { fenText, fenYuan, moneyText, parseFen, toFen, yuan } from './money.ts';

describe('money as people read it', () => {
  it('writes whole yuan bare, cents without trailing zeros, and never float noise', () => {
    expect([30, 9.9, 9.90, 12.35, 0.1 + 0.2, 59.900000000001, 0].map(moneyText)).toEqual(['30', '9.9', '9.9', '12.35', '0.3', '59.9', '0']);
  });
  it('adds 元 and the unit', () => {
    expect([yuan(58, '瓶'), yuan(19.9), yuan(5, null)]).toEqual(['58元/瓶', '19.9元', '5元']);
  });
});

describe('money kept in fen', () => {
  it('reads amounts as typed, to the fen', () => {
    const read = ['23.8', '23.80元', '¥23.8', '￥ 5', '二十三块八', '23块5', '5元', '0.1', '十块', '３０'].map(parseFen);
    expect(read).toEqual([2380, 2380, 2380, 500, 2380, 2350, 500, 10, 1000, 3000]);
  });

  it('refuses what is not an amount or has more than two decimals', () => {
    expect(['1.234', 'abc', '', '3-501', '二十三块八毛五分'].map(parseFen)).toEqual([null, null, null, null, null]);
  });

  it('writes fen as yuan without float noise', () => {
    expect([2380, 2305, 2300, 5, 0, -1000].map(fenText)).toEqual(['23.8', '23.05', '23', '0.05', '0', '-10']);
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(toFen(59.9 * 3)).toBe(17970);
    expect(fenYuan(17970)).toBe('179.7元');
  });
});
