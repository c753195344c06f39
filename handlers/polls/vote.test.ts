// The vote reader scored on the corpus (vote-corpus.ts): replies in many forms, and chat and
// 接龙 messages that are no vote. The score is printed with every miss; at least 97% overall and
// 95% of the non-votes must be read right (a wrong vote changes a result residents see).
// Then the parts around it: 投票结果 asks, properties (never throws, full-width reads as
// half-width, long texts are never votes, a +N is never a vote).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHalfWidth } from '../../text/normalize.ts';
import { FLAVOURS, NOT_VOTES, VOTES, type VoteCase, type VoteWant } from './vote-corpus.ts';
import { isResultsAsk, readVote, type VoteRead } from './vote.ts';

function asWant(read: VoteRead | null): VoteWant {
  if (!read) return null;
  return read.kind === 'vote' ? read.option : read.kind;
}

function score(cases: VoteCase[]): { correct: number; misses: string[] } {
  const misses: string[] = [];
  for (const c of cases) {
    const got = asWant(readVote(c.text, c.options));
    if (got !== c.want) misses.push(`${JSON.stringify(c.text)} [${c.options.join('/')}]: want ${String(c.want)}, got ${String(got)}`);
  }
  return { correct: cases.length - misses.length, misses };
}

describe('the vote corpus', () => {
  it('has at least 150 cases', () => {
    expect(VOTES.length + NOT_VOTES.length).toBeGreaterThanOrEqual(150);
  });

  it('reads votes and leaves chat alone, scored', () => {
    const votes = score(VOTES);
    const chat = score(NOT_VOTES);
    const total = VOTES.length + NOT_VOTES.length;
    const correct = votes.correct + chat.correct;
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
    console.log([
      `polls vote corpus: ${correct}/${total} (${pct(correct, total)})`,
      `  votes     ${votes.correct}/${VOTES.length} (${pct(votes.correct, VOTES.length)})`,
      `  not votes ${chat.correct}/${NOT_VOTES.length} (${pct(chat.correct, NOT_VOTES.length)})`,
      ...[...votes.misses, ...chat.misses].map((m) => `  miss: ${m}`),
    ].join('\n'));
    expect(correct / total).toBeGreaterThanOrEqual(0.97);
    expect(chat.correct / NOT_VOTES.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('asking how the poll stands', () => {
  it.each(['投票结果', '投票结果？', '现在谁领先', '现在谁领先了？', '哪个票多', '哪个票最多啊', '投票情况怎么样', '目前投票结果', '票数', '投票怎么样了', '请问投票结果出来了吗', '怎么投票', '投票怎么投'])('%j asks', (text) => {
    expect(isResultsAsk(text)).toBe(true);
  });
  it.each(['投票', '我投了', '2', '海盐', '结果呢', '今天谁值班', '投票这种事我不参与，大家选吧', '领先'])('%j does not', (text) => {
    expect(isResultsAsk(text)).toBe(false);
  });
});

describe('properties', () => {
  it('never throws, and a vote is always an option of the poll', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 10 }), (text, options) => {
      const read = readVote(text, options);
      if (read?.kind === 'vote') expect(read.option >= 1 && read.option <= options.length).toBe(true);
    }));
  });

  it('reads full-width text as half-width', () => {
    for (const c of [...VOTES, ...NOT_VOTES]) {
      const wide = c.text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      expect(asWant(readVote(wide, c.options)), c.text).toEqual(asWant(readVote(toHalfWidth(wide), c.options)));
    }
  });

  it('never reads a +N or a long sentence as a vote ("+1 海盐" names an option: a vote)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.constantFrom('', ' 3-501', '份', '箱 2-302 王阿姨', ' 小米'), (n, tail) => {
      expect(readVote(`+${n}${tail}`, FLAVOURS)).toBeNull();
    }));
    expect(readVote('+2 海盐', FLAVOURS)).toBeNull();
    expect(readVote('+1 海盐', FLAVOURS)).toEqual({ kind: 'vote', option: 1 });
    expect(readVote('我觉得海盐的比较好吃，上次买的那个芝士一般般', FLAVOURS)).toBeNull();
  });
});
