import type { Period } from './calendar.ts';
import { share, type Facts } from './facts.ts';
import type { Metrics } from './types.ts';

/**
 * Referral share, per month the range touches: of the members whose first join fell in the month
 * (up to the range's end), those whose first join named a member as inviter.
 */
export function referral(facts: Facts, months: readonly Period[], to: number): Metrics['referral'] {
  const rows = months.map((m) => ({ month: m.key, newMembers: 0, invited: 0, share: null as number | null }));
  for (const m of facts.members.values()) {
    const at = m.joinedAt;
    if (at === undefined || at >= to) continue;
    const i = months.findIndex((p) => at >= p.start && at < p.end);
    if (i < 0) continue;
    rows[i]!.newMembers++;
    if (m.invited) rows[i]!.invited++;
  }
  for (const r of rows) r.share = share(r.invited, r.newMembers);
  return rows;
}
