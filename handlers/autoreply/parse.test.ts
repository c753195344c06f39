// The forms owners write a rule in, and what each bad one is told.

import { describe, expect, it } from 'vitest';
import { parseEdit, parseNewRule, readNo } from './parse.ts';

const ok = (args: string) => {
  const r = parseNewRule(args);
  if ('error' in r) throw new Error(r.error);
  return r;
};
const error = (args: string) => {
  const r = parseNewRule(args);
  if (!('error' in r)) throw new Error(`read ${JSON.stringify(r)}`);
  return r.error;
};

describe('/自动回复 新增', () => {
  it('reads keywords before the first space, colon, line or in brackets, and labelled', () => {
    const want = { keywords: ['自提点', '提货点'], answer: '在3栋楼下 便利店' };
    for (const args of [
      '自提点、提货点 在3栋楼下 便利店',
      '自提点，提货点 在3栋楼下 便利店',
      '自提点,提货点  在3栋楼下 便利店',
      '自提点|提货点 在3栋楼下 便利店',
      '自提点/提货点：在3栋楼下 便利店',
      '自提点 、 提货点 在3栋楼下 便利店',
      '自提点、提货点\n在3栋楼下 便利店',
      '【自提点、提货点】在3栋楼下 便利店',
      '[自提点/提货点] 在3栋楼下 便利店',
      '关键词：自提点、提货点 回答：在3栋楼下 便利店',
      '关键词:自提点、提货点\n回答:在3栋楼下 便利店',
      '问题：自提点、提货点 答：在3栋楼下 便利店',
      '关键词 自提点、提货点 在3栋楼下 便利店',
      '自提点？、提货点？ 在3栋楼下 便利店',
      '“自提点”、“提货点” 在3栋楼下 便利店',
    ]) expect(ok(args), args).toEqual(want);
  });

  it('keeps the answer as written, lines and colons included', () => {
    expect(ok('运费 满39元免运费：不满收3元\n偏远楼栋另算')).toEqual({ keywords: ['运费'], answer: '满39元免运费：不满收3元\n偏远楼栋另算' });
    expect(ok('几点送货 每天下午4点')).toEqual({ keywords: ['几点送货'], answer: '每天下午4点' });
    expect(ok('运费、运费、邮费 包邮')).toEqual({ keywords: ['运费', '邮费'], answer: '包邮' });
  });

  it('answers bad input with why, the usage and an example', () => {
    for (const [args, why] of [
      ['', '要写上关键词和回答。'],
      ['自提点', '关键词和回答之间空一格。'],
      ['运 包邮', '“运”太短了'],
      ['在哪 3栋', '“在哪”太泛了'],
      ['多少钱 看群公告', '“多少钱”太泛了'],
      ['关键词：运费 回答：', '没看到回答的内容。'],
      [`运费 ${'很'.repeat(501)}`, '回答太长了（501字）'],
      ['一、二、三、四、五、六、七、八、九、十、十一 好', '关键词最多10个'],
      ['这是一个特别特别特别特别长的关键词啊 好', '太长了'],
    ] as const) {
      const e = error(args);
      expect(e, args).toContain(why);
      expect(e).toContain('用法：/自动回复 新增 <关键词> <回答>\n例如：/自动回复 新增 自提点、提货点');
    }
  });
});

describe('/自动回复 修改', () => {
  it('changes the answer, the keywords, or both', () => {
    expect(parseEdit('1 搬到5栋了')).toEqual({ no: 1, answer: '搬到5栋了' });
    expect(parseEdit('#2 回答：搬到5栋了')).toEqual({ no: 2, answer: '搬到5栋了' });
    expect(parseEdit('第3条 关键词 运费、邮费')).toEqual({ no: 3, keywords: ['运费', '邮费'] });
    expect(parseEdit('3 关键词：运费、邮费 回答：包邮')).toEqual({ no: 3, keywords: ['运费', '邮费'], answer: '包邮' });
    expect(parseEdit('3 答谢大家')).toEqual({ no: 3, answer: '答谢大家' });
  });

  it('asks for a number and what to change', () => {
    expect(parseEdit('自提点 搬了')).toMatchObject({ error: expect.stringMatching(/^要写上第几条/) });
    expect(parseEdit('2')).toMatchObject({ error: expect.stringMatching(/^第2条要改成什么？\n用法：/) });
    expect(parseEdit('2 关键词 在哪')).toMatchObject({ error: expect.stringMatching(/^“在哪”太泛了/) });
  });

  it('reads numbers as owners write them', () => {
    expect(['2', '#2', '第2条', '第2', ' 2 '].map(readNo)).toEqual([2, 2, 2, 2, 2]);
    expect(['', '二', '2a', undefined].map(readNo)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
