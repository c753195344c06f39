import { describe, expect, it } from 'vitest';
import { moneyText, yuan } from './money.ts';

describe('money as people read it', () => {
  it('writes whole yuan bare, cents without trailing zeros, and never float noise', () => {
    expect([30, 9.9, 9.90, 12.35, 0.1 + 0.2, 59.900000000001, 0].map(moneyText)).toEqual(['30', '9.9', '9.9', '12.35', '0.3', '59.9', '0']);
  });
  it('adds 元 and the unit', () => {
    expect([yuan(58, '瓶'), yuan(19.9), yuan(5, null)]).toEqual(['58元/瓶', '19.9元', '5元']);
  });
});
