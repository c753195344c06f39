import { describe, expect, it } from 'vitest';
import { DEFAULT_DM_TEXT, DEFAULT_GROUP_TEXT, dmWithOptOut, fillOwn, joinNames, shownName } from './texts.ts';

describe('filling a welcome', () => {
  it('names one, two or many newcomers as a neighbour would', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['王阿姨'])).toBe('王阿姨');
    expect(joinNames(['王阿姨', '小张'])).toBe('王阿姨和小张');
    expect(joinNames(['王阿姨', '小张', '李哥'])).toBe('王阿姨、小张和李哥');
  });

  it('fills {名字} and {群名} everywhere and leaves other braces as typed', () => {
    expect(fillOwn('欢迎{名字}！{名字}，{群名}见～{下场直播} {x y}', { names: ['小美', '阿强'], group: '幸福里1群' }))
      .toBe('欢迎小美和阿强！小美和阿强，幸福里1群见～{下场直播} {x y}');
  });

  it('prefers the nickname in the group', () => {
    expect(shownName({ id: 'w1', name: 'Lily🌸', groupAlias: '3-501 李姐' })).toBe('3-501 李姐');
    expect(shownName({ id: 'w1', name: 'Lily🌸', groupAlias: ' ' })).toBe('Lily🌸');
  });

  it('always ends a DM with the 退订 line', () => {
    expect(dmWithOptOut('你好～\n\n', '回复「退订」')).toBe('你好～\n回复「退订」');
  });

  it('has defaults that say 签到 and how to see the open 接龙, short enough for a group', () => {
    for (const text of [DEFAULT_GROUP_TEXT, DEFAULT_DM_TEXT]) {
      expect(text).toContain('签到');
      expect(text).toContain('看接龙');
    }
    expect([...DEFAULT_GROUP_TEXT].length).toBeLessThan(80);
  });
});
