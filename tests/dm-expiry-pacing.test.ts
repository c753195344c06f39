// bot/pacing.ts caches the calendar arithmetic per day (issue 20). Its answers must be the ones
// the uncached rules gave: this is the old earliestSend, word for word, against the new one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatKey, earliestSend, inQuietHours, localDayKey, localMinuteOfDay, localNextMinuteOfDay, type PacingPolicy, type PendingSend, type SendHistory } from '../bot/pacing.ts';
import { dayKey, minuteOfDay, nextMinuteOfDay } from '../scheduler/clock.ts';

function oldInQuietHours(at: number, policy: Pick<PacingPolicy, 'quietHours' | 'tz'>): boolean {
  const q = policy.quietHours;
  if (!q || q.start === q.end) return false;
  const m = minuteOfDay(at, policy.tz);
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

function oldEarliestSend(item: PendingSend, history: SendHistory, policy: PacingPolicy, now: number): number {
  const chat = chatKey(item.to);
  let t = Math.max(now, item.notBefore);
  const last = history.lastSentAt(chat);
  if (last !== undefined) t = Math.max(t, last + policy.minGapMs);
  if (item.purpose === 'reply') return t;
  const capped = item.purpose === 'unsolicited';
  if (capped && policy.dmDailyCap === 0) return Infinity;
  for (let round = 0; round < 4; round++) {
    const before = t;
    if (capped && history.unsolicitedDmsOn(dayKey(t, policy.tz)) >= policy.dmDailyCap) t = nextMinuteOfDay(t + 1, 0, policy.tz);
    if (oldInQuietHours(t, policy)) t = nextMinuteOfDay(t, policy.quietHours!.end, policy.tz);
    if (t === before) break;
  }
  return t;
}

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'UTC'];
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2028-01-01T00:00:00Z');
const member = { id: 'wxid_a', name: 'A' };
// scheduler/clock.ts nextMinuteOfDay finds "tomorrow" as today's hh:mm + 26 h, which for 22:00
// and later is the day after tomorrow: for a quiet-hours end of 22:00 or later the old answer
// skips a day. The cache answers the next day; so only ends before 22:00 are compared.
const MAX_MINUTE = 22 * 60 - 1;

describe('pacing, cached per day, answers as before', () => {
  it('day key, minute of day and the next hh:mm agree with scheduler/clock.ts, DST days included', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: MAX_MINUTE }), (tz, at, minute) => {
      expect(localDayKey(at, tz)).toBe(dayKey(at, tz));
      expect(localMinuteOfDay(at, tz)).toBe(minuteOfDay(at, tz));
      expect(localNextMinuteOfDay(at, minute, tz)).toBe(nextMinuteOfDay(at, minute, tz));
    }), { numRuns: 3000 });
  });

  it('earliestSend gives the old answers: quiet hours (plain and over midnight), the cap full on some days', () => {
    const quiet = fc.option(fc.record({ start: fc.integer({ min: 0, max: 1439 }), end: fc.integer({ min: 0, max: MAX_MINUTE }) }), { nil: null });
    fc.assert(fc.property(
      fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: 3 * 86_400_000 }), quiet,
      fc.constantFrom('unsolicited', 'requested', 'reply') , fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }),
      (tz, now, wait, quietHours, purpose, cap, sentOn) => {
        const policy: PacingPolicy = { minGapMs: 3000, groupPerMinute: 20, quietHours, dmDailyCap: cap, tz };
        // Sent per day for the days around `now`, by the day's position from now's day.
        const days = new Map<string, number>();
        for (let d = 0; d < sentOn.length; d++) days.set(dayKey(now + d * 86_400_000, tz), sentOn[d]!);
        const history: SendHistory = { lastSentAt: () => undefined, sentInLastMinute: () => [], unsolicitedDmsOn: (day) => days.get(day) ?? 0 };
        const item: PendingSend = { to: { kind: 'dm', member }, notBefore: now + wait, purpose };
        expect(earliestSend(item, history, policy, now)).toBe(oldEarliestSend(item, history, policy, now));
        expect(inQuietHours(now + wait, policy)).toBe(oldInQuietHours(now + wait, policy));
      },
    ), { numRuns: 3000 });
  });

  it('a table of fixed cases (Asia/Shanghai, 22:00–08:00, cap 30)', () => {
    const policy: PacingPolicy = { minGapMs: 3000, groupPerMinute: 20, quietHours: { start: 22 * 60, end: 8 * 60 }, dmDailyCap: 30, tz: 'Asia/Shanghai' };
    const at = (s: string) => Date.parse(`${s}+08:00`);
    const full = new Set(['2026-11-21']);
    const history: SendHistory = { lastSentAt: () => undefined, sentInLastMinute: () => [], unsolicitedDmsOn: (day) => (full.has(day) ? 30 : 0) };
    const dm = (notBefore: number): PendingSend => ({ to: { kind: 'dm', member }, notBefore, purpose: 'unsolicited' });
    for (const [now, want] of [
      ['2026-11-20T10:00:00', '2026-11-20T10:00:00'], ['2026-11-20T23:30:00', '2026-11-22T08:00:00'],
      ['2026-11-21T10:00:00', '2026-11-22T08:00:00'], ['2026-11-22T07:59:59', '2026-11-22T08:00:00'],
      ['2026-11-22T21:59:00', '2026-11-22T21:59:00'], ['2026-11-22T22:00:00', '2026-11-23T08:00:00'],
    ] as const) {
      expect(earliestSend(dm(at(now)), history, policy, at(now)), now).toBe(at(want));
      expect(oldEarliestSend(dm(at(now)), history, policy, at(now)), now).toBe(at(want));
    }
  });
});
