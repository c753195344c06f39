import { describe, expect, it } from 'vitest';
import { HELP, parseWelcome, USAGE, type WelcomeAction } from './args.ts';
import { ARGS_CORPUS } from './args-corpus.ts';

const asRead = (a: WelcomeAction) => (a.kind === 'error' ? { kind: 'ask' } : a);

describe('parseWelcome', () => {
  it('reads the corpus of how owners type /欢迎语', () => {
    const wrong = ARGS_CORPUS.filter(([input, want]) => JSON.stringify(asRead(parseWelcome(input))) !== JSON.stringify(want));
    const score = (ARGS_CORPUS.length - wrong.length) / ARGS_CORPUS.length;
    console.log(`/欢迎语 corpus: ${ARGS_CORPUS.length - wrong.length}/${ARGS_CORPUS.length} (${(score * 100).toFixed(1)}%)`);
    for (const [input, want] of wrong) console.log(`  ${JSON.stringify(input)} → ${JSON.stringify(parseWelcome(input))}, want ${JSON.stringify(want)}`);
    expect(score).toBeGreaterThanOrEqual(0.97);
  });

  it('answers what it does not take with the usage or the way to say it', () => {
    const said = (input: string) => {
      const a = parseWelcome(input);
      return a.kind === 'error' ? a.text : '';
    };
    expect(said('乱写')).toBe(`没有“/欢迎语 乱写”这个用法。\n${HELP}`);
    expect(said('设置')).toContain(`用法：${USAGE}`);
    expect(said('私信 设置')).toContain(`用法：${USAGE}`);
    expect(said('群')).toContain(`用法：${USAGE}`);
    expect(said('群 幸福里1群 也欢迎')).toContain('例如：/欢迎语 群 幸福里1群 关');
    expect(said('欢迎新邻居！')).toBe('想把欢迎语改成这段吗？请在前面加“设置”：\n/欢迎语 设置 欢迎新邻居！');
    expect(said(`设置 ${'好'.repeat(301)}`)).toBe('这段有301个字，太长啦，请控制在300字以内。');
    expect(said(`私信 ${'好'.repeat(601)}`)).toContain('600字以内');
  });
});
