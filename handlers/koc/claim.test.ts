// The claim reader scored on the corpus of what newcomers say (claim-corpus.ts): at least 95% of
// positives and near misses alike read right. The score is printed, and every miss.

import { describe, expect, it } from 'vitest';
import { readClaim, type Claim } from './claim.ts';
import { CLAIM_CORPUS, CORPUS_KOCS } from './claim-corpus.ts';

/** The 体验官 a claim credits at once: a code, or a name only one 体验官 has. */
function credited(claim: Claim | undefined): string | undefined {
  if (claim?.via === 'code') return claim.koc;
  if (claim?.via === 'name' && claim.kocs.length === 1) return claim.kocs[0];
  return undefined;
}

describe('what newcomers say about who brought them', () => {
  it('reads the corpus right (≥ 95%), printing the score', () => {
    const all = [...CLAIM_CORPUS.positives, ...CLAIM_CORPUS.negatives];
    const misses = all.filter((c) => credited(readClaim(c.text, CORPUS_KOCS)) !== c.want)
      .map((c) => `${JSON.stringify(c.text)}: want ${c.want ?? '—'}, got ${JSON.stringify(readClaim(c.text, CORPUS_KOCS)) ?? '—'}`);
    const correct = all.length - misses.length;
    console.log(`koc claims: ${correct}/${all.length} (${((100 * correct) / all.length).toFixed(1)}%), positives ${CLAIM_CORPUS.positives.length}, negatives ${CLAIM_CORPUS.negatives.length}`);
    if (misses.length) console.log(`misses:\n${misses.join('\n')}`);
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(correct / all.length).toBeGreaterThanOrEqual(0.95);
  });

  it('asks rather than guesses', () => {
    const twins = [{ id: 'a', code: 'A2B3', names: ['王阿姨'] }, { id: 'b', code: 'C4D5', names: ['王阿姨'] }];
    expect(readClaim('是王阿姨介绍我来的', twins)).toEqual({ via: 'name', kocs: ['a', 'b'] });
    expect(readClaim('邀请码 ZZ99', CORPUS_KOCS)).toEqual({ via: 'unknown-code', code: 'ZZ99' });
    expect(readClaim('邀请码是什么', CORPUS_KOCS)).toEqual({ via: 'question' });
  });

  it('never throws on odd input, and leaves long texts alone', () => {
    for (const t of ['', ' ', '？？？', '@', '[强][强]', '王'.repeat(500), '介绍人：', '邀请码', '\u2005']) expect(() => readClaim(t, CORPUS_KOCS)).not.toThrow();
    expect(readClaim(`${'今天天气不错'.repeat(30)}K7Q2`, CORPUS_KOCS)).toBeUndefined();
  });
});
