import type { Period } from './calendar.ts';
import { perFen, type Facts, type MemberFacts } from './facts.ts';
import type { Metrics } from './types.ts';

/** The time a member's cohort is taken from: their first join before `to`, else when first seen. */
export function cohortTime(m: MemberFacts, to: number): number {
  return m.joinedAt !== undefined && m.joinedAt < to ? m.joinedAt : m.firstSeenAt;
}

/**
 * LTV to date (the range's end): every order placed before it, per member who has ordered and
 * per member known by then; and by joining month, for the months the range touches.
 */
export function ltv(facts: Facts, months: readonly Period[], to: number): Metrics['ltv'] {
  let total = 0;
  let buyers = 0;
  let known = 0;
  const cohorts = months.map((p) => ({ month: p.key, members: 0, spendFen: 0, perMemberFen: null as number | null }));
  for (const m of facts.members.values()) {
    if (m.firstSeenAt >= to) continue;
    known++;
    let spend = 0;
    let bought = false;
    for (const o of m.orders) {
      if (o.at >= to) break;
      spend += o.fen;
      bought = true;
    }
    total += spend;
    if (bought) buyers++;
    const t = cohortTime(m, to);
    const i = months.findIndex((p) => t >= p.start && t < p.end);
    if (i >= 0) {
      cohorts[i]!.members++;
      cohorts[i]!.spendFen += spend;
    }
  }
  for (const c of cohorts) c.perMemberFen = perFen(c.spendFen, c.members);
  return { perBuyerFen: perFen(total, buyers), perMemberFen: perFen(total, known), cohorts };
}
