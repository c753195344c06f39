import { describe, expect, it } from 'vitest';
import { toSimplified } from './simplified.ts';

describe('toSimplified', () => {
  it.each([
    ['自提點在哪裡？', '自提点在哪里？'],
    ['已轉賬，壞了兩個', '已转账，坏了两个'],
    ['兼職日結，加我微信', '兼职日结，加我微信'],
    ['我選2號 海鹽', '我选2号 海盐'],
    ['是王阿姨介紹我來的', '是王阿姨介绍我来的'],
  ])('%s → %s', (hant, hans) => expect(toSimplified(hant)).toBe(hans));

  it('leaves simplified text, digits, emoji and Latin letters as they are, length unchanged', () => {
    const text = '3-501 王阿姨 2箱 🍎 vx: abc123 的了呀';
    expect(toSimplified(text)).toBe(text);
  });
});
