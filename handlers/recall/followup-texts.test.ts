import { describe, expect, it } from 'vitest';
import { composeFollowup, templateFor } from './followup-texts.ts';

describe('follow-up templates', () => {
  it('tells oil from grain by the product when the category (粮油) holds both', () => {
    expect(templateFor(['粮油'], ['冷榨亚麻籽油']).tips.join()).toMatch(/淋一小勺/);
    expect(templateFor(['粮油'], ['东北大米']).tips.join()).toMatch(/熬粥/);
    expect(templateFor(['粮油'], ['礼盒']).question).toBe('用得还顺手吗？');
  });

  it('does not take a vegetable named 油麦菜 for oil', () => {
    expect(templateFor(['蔬菜'], ['油麦菜']).question).toBe('菜还新鲜吗？');
  });

  it('names what was bought, asks one question, and says how to stop', () => {
    const text = composeFollowup({ name: '王阿姨', products: ['冷榨亚麻籽油'], categories: ['粮油'] }, 'j1:wang');
    expect(text.split('\n')[0]).toBe('王阿姨，前几天团的冷榨亚麻籽油收到啦？用得还顺手吗？');
    expect(text).not.toMatch(/杂粮/);
    expect(text).toContain('回复「退订」');
  });
});
