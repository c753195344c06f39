import { z } from 'zod';
import { pointsJournal } from './ledger-check.ts';
import type { CheckedJournal } from '../../store/journal.ts';
import { defineSlice } from '../../store/slices.ts';
import { completePoints, emptyPoints, type PointsState } from './state.ts';

// Points' slice of state.json (its type is declared in ./state.ts), and the journal it is
// summed from, points.jsonl, which the store checks line by line as it opens.

const recordOf = <T extends z.ZodType>(value: T) => z.record(z.string(), value).optional();
const obj = z.looseObject({});

export const pointsSlice = defineSlice<PointsState>({
  key: 'points', version: 1, initial: emptyPoints, complete: completePoints, journals: [pointsJournal as CheckedJournal<unknown>],
  shape: z.looseObject({
    balances: recordOf(z.number()), declined: recordOf(z.number()), streaks: recordOf(obj),
    referrals: recordOf(obj), rewards: z.array(obj).optional(), redemptions: z.array(obj).optional(),
    checkinReplies: recordOf(obj),
  }),
});
