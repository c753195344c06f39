// The ad check scored on the corpus (corpus.ts): precision (of what it flags, how much is an ad)
// and recall (of the ads, how many it flags) are printed, with every miss, and both must be
// high. Then properties: it never throws, full-width reads like half-width, phones are masked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHalfWidth } from '../../text/normalize.ts';
import { CORPUS, type Who } from './corpus.ts';
import { findAds } from './detect.ts';
import { fold } from './fold.ts';
import { maskNumbers, phonesIn } from './phones.ts';
import { adVerdict, type Speaker } from './verdict.ts';

const speaker = (who: Who): Speaker => ({
  role: who === 'o' ? 'owner' : who === 's' ? 'staff' : 'resident', resident: who === 'r', trusted: false,
});

describe('the ad check on the corpus', () => {
  it('flags the ads and leaves ordinary chat alone (precision and recall ≥ 0.97)', () => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const misses: string[] = [];
    for (const [text, who, want] of CORPUS) {
      const got = adVerdict(text, speaker(who)).length > 0;
      if (got && want) tp++;
      else if (got) { fp++; misses.push(`flagged ${who} ${JSON.stringify(text)}: ${JSON.stringify(findAds(text))}`); }
      else if (want) { fn++; misses.push(`missed ${who} ${JSON.stringify(text)}`); }
      else tn++;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`hygiene ad check: ${CORPUS.length} lines, ${tp + fn} ads; precision ${(precision * 100).toFixed(1)}% recall ${(recall * 100).toFixed(1)}% (tp ${tp} fp ${fp} fn ${fn} tn ${tn})`);
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it('the owner\'s words count, and a muted built-in word does not', () => {
    expect(findAds('团团好物，看这里', ['好物'])).toEqual([{ reason: 'adword', what: '好物' }]);
    expect(findAds('宝妈副业')).toHaveLength(1);
    expect(findAds('宝妈副业', [], ['宝妈副业', '副业'])).toEqual([]);
  });

  it('says why: a link, a contact, a phone, an ad word', () => {
    expect(findAds('加我微信 abc123 优惠多多').map((f) => f.reason)).toEqual(['contact', 'adword']);
    expect(findAds('https://x.example.com').map((f) => f.reason)).toEqual(['link']);
    expect(findAds('开锁 138 1234 5678').map((f) => f.reason)).toEqual(['phone']);
  });
});

describe('phones', () => {
  it('finds disguised numbers and not codes, prices or rooms', () => {
    expect(phonesIn(fold('3-501 13812345678'))).toEqual(['13812345678']);
    expect(phonesIn(fold('SF13812345678'))).toEqual([]);
    expect(phonesIn(fold('13.8 15.8 16.9'))).toEqual([]);
    expect(phonesIn(fold('幺叁捌 幺贰叁肆 伍陆柒捌'))).toEqual(['13812345678']);
  });

  it('masks long numbers for what the owner reads', () => {
    expect(maskNumbers('我电话13812345678，到了打我')).toBe('我电话138****78，到了打我');
    expect(maskNumbers('3-501 两箱 58.8')).toBe('3-501 两箱 58.8');
  });
});

describe('properties', () => {
  it('never throws and reads full-width like half-width', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      const a = findAds(s).length > 0;
      expect(findAds(toHalfWidth(s)).length > 0).toBe(a);
    }), { numRuns: 300 });
  });

  it('never flags the owner or staff, whatever they say', () => {
    fc.assert(fc.property(fc.constantFrom(...CORPUS.map((c) => c[0])), fc.constantFrom<Who>('o', 's'), (text, who) => {
      expect(adVerdict(text, speaker(who))).toEqual([]);
    }));
  });
});
