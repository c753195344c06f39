import { readEntry } from '../../../store/log-kinds.ts';
import type { LogEntry } from '../../../store/log.ts';
import { answersPerRule, type CountPeriod } from '../../autoreply/index.ts';
import { kocFigures } from '../../koc/index.ts';
import { pollParticipation } from '../../polls/index.ts';
import type { Period } from './calendar.ts';
import type { Metrics, MetricsInput } from './types.ts';

// What the residents do with the shop's community features, per month the range touches: the
// owner's quick answers (/自动回复) given and to how many, poll participation (/投票), and what the
// 体验官 brought. Each is counted by the feature's own function (answersPerRule,
// pollParticipation, kocFigures); this module only lays them out by month.

/** The rules shown per month, most answers first. */
export const TOP_RULES = 3;

/** The community figures for [from, to), per month in `months` (each from its start up to `to`). */
export function community(input: MetricsInput, months: readonly Period[], from: number, to: number): Metrics['community'] {
  if (!(from < to)) return { months: [], koc: [] };
  // Each month counted from its start, up to the range's end (as every month row is).
  const periods: CountPeriod[] = months.map((p) => ({ key: p.key, start: p.start, end: Math.min(p.end, to) }));
  const first = periods[0]?.start ?? from;

  const rules = answersPerRule(input.entries, periods);
  const askers = distinctAskers(input.entries, periods);
  const keywordsOf = new Map((input.autoreplyRules ?? []).map((r) => [r.no, [...r.keywords]]));

  const polls = new Map(pollParticipation(input.entries, { tz: input.tz, period: 'month', from: first, to }).map((p) => [p.period, p]));

  const koc = input.koc;
  const kocMonths = periods.map((p) => (koc ? kocFigures(koc, p.start, p.end) : []));

  const rows = periods.map((p, i) => {
    const answered = rules[i]?.rules ?? [];
    const top = [...answered].sort((a, b) => b.answers - a.answers || a.rule - b.rule).slice(0, TOP_RULES);
    const poll = polls.get(p.key);
    const figures = kocMonths[i]!;
    return {
      month: p.key,
      autoreplyAnswers: answered.reduce((n, r) => n + r.answers, 0),
      autoreplyAskers: askers[i]!,
      topRules: top.map((r) => ({ rule: r.rule, keywords: keywordsOf.get(r.rule) ?? null, answers: r.answers, askers: r.askers })),
      pollVoters: poll?.voters.length ?? 0,
      pollVotes: poll?.votes ?? 0,
      polls: poll?.polls ?? 0,
      pollChanges: poll?.changes ?? 0,
      kocReferrals: figures.reduce((n, f) => n + f.newcomers, 0),
      kocBuyers: figures.reduce((n, f) => n + f.buyers, 0),
      kocSalesFen: figures.reduce((n, f) => n + f.fen, 0),
    };
  });

  // Each 体验官 over the whole range, with their months.
  const total = koc ? kocFigures(koc, from, to) : [];
  const perKoc = total.map((f) => ({
    koc: f.koc, name: f.name, code: f.code, referrals: f.newcomers, buyers: f.buyers, salesFen: f.fen,
    months: periods.map((p, i) => {
      const m = kocMonths[i]!.find((x) => x.koc === f.koc);
      return { month: p.key, referrals: m?.newcomers ?? 0, buyers: m?.buyers ?? 0, salesFen: m?.fen ?? 0 };
    }),
  }));
  return { months: rows, koc: perKoc };
}

/** Members who got a quick answer in each period, whatever the rule. */
function distinctAskers(entries: Iterable<LogEntry>, periods: readonly CountPeriod[]): number[] {
  const sets = periods.map(() => new Set<string>());
  for (const raw of entries) {
    const read = readEntry('autoreply', raw);
    if (!read || 'problem' in read) continue;
    const { at, member } = read.value;
    const i = periods.findIndex((p) => at >= p.start && at < p.end);
    if (i >= 0) sets[i]!.add(member.id);
  }
  return sets.map((s) => s.size);
}
