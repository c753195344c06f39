import { defaultStageRules } from '../../profiles/index.ts';
import { dayText, monthsTouched, weeksTouched } from './calendar.ts';
import { community } from './community.ts';
import { readFacts } from './facts.ts';
import { followOn } from './follow-on.ts';
import { ltv } from './ltv.ts';
import { recallUplift } from './recall-uplift.ts';
import { referral } from './referral.ts';
import { repurchase } from './repurchase.ts';
import { retention } from './retention.ts';
import { stageCounts } from './stages.ts';
import { streamFunnels } from './streams.ts';
import { summary } from './summary.ts';
import type { Metrics, MetricsInput, MetricsRange } from './types.ts';
import { weekly } from './weekly.ts';

// The shop's numbers from the behaviour log (docs/console-metrics.md): pure, no clock, no store.
// The log is read once into per-member facts (./facts.ts); each metric family reads those.

export type { Metrics, MetricsInput, MetricsRange, RecallRunInput } from './types.ts';
export { monthKey, monthStartOf, weekStartOf } from './calendar.ts';
export { FOLLOW_ON_DAYS } from './follow-on.ts';
export { SILENT_DAYS } from './summary.ts';

/** Every metric for [range.from, range.to). */
export function computeMetrics(input: MetricsInput, range: MetricsRange): Metrics {
  const { from, to } = range;
  const tz = input.tz;
  const facts = readFacts(input);
  const months = monthsTouched(from, to, tz);
  const weeks = weeksTouched(from, to, tz);
  return {
    range: { from: dayText(from, tz), to: dayText(to - 1, tz) },
    summary: summary(facts, from, to),
    repurchase: repurchase(facts, months, to, tz),
    referral: referral(facts, months, to),
    ltv: ltv(facts, months, to),
    followOn: followOn(facts, from, to),
    streams: streamFunnels(facts, from, to, input.streamTitles),
    retention: retention(facts, from, to),
    stages: stageCounts(input.entries, weeks, to, input.stageRules ?? defaultStageRules, new Set(input.ownerIds)),
    weekly: weekly(facts, weeks, to),
    recall: recallUplift(facts, input.recallRuns, from, to),
    community: community(input, months, from, to),
  };
}
