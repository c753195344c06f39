import type { LogEntry } from '../../../store/log.ts';
import { applyEntry, emptyProfiles, STAGES, stageOf, type CatalogLookup, type StageRules } from '../../profiles/index.ts';
import type { Period } from './calendar.ts';
import type { Metrics } from './types.ts';

/** Stages need no product names or categories. */
const NO_CATALOG: CatalogLookup = { nameOf: () => undefined, categoryOf: () => undefined };

/**
 * Members per lifecycle stage at the end of each week the range touches (or at the range's end,
 * for a week it cuts short): the profiles feature's own reducer run over the log up to that
 * instant, and its own stage rules, so a stage here is the stage /分层 shows. Owners are left out.
 * (Old orders are not folded as the running bot folds them nightly: stages read the same either
 * way, and for a year of a shop folding every week cost more than it saved.)
 */
export function stageCounts(entries: readonly LogEntry[], weeks: readonly Period[], to: number, rules: StageRules, owners: ReadonlySet<string>): Metrics['stages'] {
  if (weeks.length === 0) return [];
  const state = emptyProfiles();
  const rows: Metrics['stages'] = [];
  let i = 0;
  for (const week of weeks) {
    const at = Math.min(week.end, to);
    for (; i < entries.length; i++) {
      const entry = entries[i]!;
      const t = entry['at'];
      if (typeof t === 'number' && t >= at) break;
      applyEntry(state, entry, NO_CATALOG);
    }
    const counts: Record<string, number> = {};
    for (const s of STAGES) counts[s] = 0;
    for (const p of Object.values(state.members)) if (!owners.has(p.id)) counts[stageOf(p, at, rules)]!++;
    rows.push({ week: week.key, counts });
  }
  return rows;
}
