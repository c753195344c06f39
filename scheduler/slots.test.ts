import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../tests/fast-check-seed.ts';
import { dayMatches, type DayRule } from './calendar.ts';
import { zonedParts } from './clock.ts';
import { firstSlot, lastSlot } from './slots.ts';

// The slot arithmetic (croner's jumps, the day rule's skips) against the plainest possible
// definition: walk every minute and keep those the pattern and the day rule both allow.

const TZ = 'Asia/Shanghai';
const MINUTE = 60_000;
const START = Date.parse('2026-09-24T00:00:00+08:00');

function walk(pattern: string, days: DayRule | undefined, from: number, to: number): number[] {
  const cron = new Cron(pattern, { timezone: TZ });
  const slots: number[] = [];
  for (let t = Math.floor(from / MINUTE) * MINUTE + MINUTE; t <= to; t += MINUTE) {
    if (!cron.match(new Date(t))) continue;
    const p = zonedParts(t, TZ);
    if (!days || dayMatches(days, { y: p.year, mo: p.month, d: p.day })) slots.push(t);
  }
  return slots;
}

const patterns = ['0 8 * * *', '30 7,19 * * *', '*/20 9-11 * * *', '0 10 * * 6,0', '15 20 1 * *', '0 9 * * 1-5'];
const rules: Array<DayRule | undefined> = [undefined, 'workday', 'restday', 'festival:中秋节', 'festival:国庆节'];

describe('firstSlot and lastSlot', () => {
  it('agree with a minute-by-minute walk, across 中秋, 国庆 and the 调休 Saturday', () => {
    fc.assert(fc.property(
      fc.constantFrom(...patterns), fc.constantFrom(...rules),
      fc.integer({ min: 0, max: 20 * 24 * 60 }), fc.integer({ min: 0, max: 3 * 24 * 60 }),
      (pattern, days, startMin, spanMin) => {
        const from = START + startMin * MINUTE;
        const to = from + spanMin * MINUTE;
        const slots = walk(pattern, days, from, to);
        expect(firstSlot({ pattern, days }, from, to, TZ)).toBe(slots[0]);
        expect(lastSlot({ pattern, days }, from, to, TZ)).toBe(slots.at(-1));
      },
    ), { numRuns: 60 });
  });
});
