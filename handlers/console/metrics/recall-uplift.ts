import { DAY_MS } from '../../../scheduler/clock.ts';
import { anyAfter, share, type Facts } from './facts.ts';
import type { Metrics, RecallRunInput } from './types.ts';

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

export interface Comparison {
  contacted: number | null;
  control: number | null;
  diff: number | null;
  low: number | null;
  high: number | null;
}

/**
 * Two proportions compared: p1 = x1/n1 (contacted), p2 = x2/n2 (control), their difference and
 * its 95% Wald interval, diff ± 1.96 · √(p1(1−p1)/n1 + p2(1−p2)/n2). Null where a group is empty.
 */
export function compare(x1: number, n1: number, x2: number, n2: number): Comparison {
  const p1 = share(x1, n1);
  const p2 = share(x2, n2);
  if (p1 === null || p2 === null) return { contacted: p1, control: p2, diff: null, low: null, high: null };
  const diff = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { contacted: p1, control: p2, diff, low: diff - Z95 * se, high: diff + Z95 * se };
}

/**
 * Recall uplift over the runs that went out in the range: each run's contacted and control
 * members (a member in two runs counts twice), came back = any activity in (at, at + windowDays],
 * ordered = a 接龙 sign-up or edit, or the placing of a counted order, in that window (the window
 * may reach past the range's end: a run is measured whole, as far as the log goes).
 */
export function recallUplift(facts: Facts, runs: readonly RecallRunInput[], from: number, to: number): Metrics['recall'] {
  const contacted = { members: 0, cameBack: 0, ordered: 0 };
  const control = { members: 0, cameBack: 0, ordered: 0 };
  let count = 0;
  for (const run of runs) {
    if (run.at < from || run.at >= to) continue;
    count++;
    const until = run.at + run.windowDays * DAY_MS;
    for (const [ids, tally] of [[run.contacted, contacted], [run.control, control]] as const) {
      for (const id of ids) {
        tally.members++;
        const m = facts.members.get(id);
        if (!m) continue;
        if (anyAfter(m.activity, run.at, until)) tally.cameBack++;
        if (anyAfter(m.orderActs, run.at, until)) tally.ordered++;
      }
    }
  }
  return {
    runs: count, contacted, control,
    comeback: compare(contacted.cameBack, contacted.members, control.cameBack, control.members),
    order: compare(contacted.ordered, contacted.members, control.ordered, control.members),
  };
}
