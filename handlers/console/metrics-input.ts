import { ownerNamesAllowed, type Config } from '../../bot/config.ts';
import { Store } from '../../store/db.ts';
import { lockDataDir } from '../../store/lock.ts';
import { readLog, type LogEntry } from '../../store/log.ts';
import { rulesOf, type AutoReplyState } from '../autoreply/index.ts';
import type { KocState } from '../koc/index.ts';
import { stageRulesFrom } from '../profiles/index.ts';
import { allRuns, isMeasured, WINDOW_DAYS } from '../recall/index.ts';
// Declares the streams slice (its titles are read below).
import '../streams/index.ts';
import type { Stream } from '../streams/index.ts';
import type { MetricsInput, RecallRunInput } from './metrics/types.ts';

// What the metrics (./metrics/index.ts) are computed from, read from a store: the behaviour log
// (events.jsonl), every recall run that went out (state.json's and recall-archive.jsonl's), the
// streams' titles, the quick answers' keywords, the 体验官 programme's slice, the owners and the
// stage rules of the configuration.

/** The owners' ids: OWNER_IDS, and where the owner may be named (the sandbox), the members so named. */
function ownerIdsOf(store: Store, config: Config): string[] {
  const ids = new Set(config.OWNER_IDS);
  if (ownerNamesAllowed(config)) {
    const names = new Set(config.OWNER_IDS);
    for (const m of Object.values(store.data.members)) if (names.has(m.name)) ids.add(m.id);
  }
  return [...ids];
}

/** The recall runs that went out, as the metrics measure them (each with recall's 7-day window). */
export function recallRunsOf(store: Store): RecallRunInput[] {
  return allRuns(store)
    .filter(isMeasured)
    .map((r) => ({ id: r.id, at: r.sentAt!, windowDays: WINDOW_DAYS, contacted: Object.keys(r.contacted), control: Object.keys(r.control) }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

function streamTitlesOf(store: Store): Record<number, string> {
  const titles: Record<number, string> = {};
  const items = (store.data as { streams?: { items?: Record<string, Stream> } }).streams?.items ?? {};
  for (const s of Object.values(items)) if (typeof s.no === 'number' && typeof s.title === 'string') titles[s.no] = s.title;
  return titles;
}

/** The quick answers' keywords by rule number (none when the feature has no slice here). */
function autoreplyRulesOf(store: Store): Array<{ no: number; keywords: string[] }> {
  const state = (store.data as { autoreply?: AutoReplyState }).autoreply;
  return state ? rulesOf(state).map((r) => ({ no: r.no, keywords: [...r.keywords] })) : [];
}

/** Everything computeMetrics needs, from an open store (the log is flushed first, then read from disk). */
export async function metricsInputFrom(store: Store, config: Config): Promise<MetricsInput> {
  try {
    store.log.flush();
  } catch {
    // A full disk: what is on disk is read; the rest is told to the owner elsewhere.
  }
  const entries: LogEntry[] = [];
  for await (const entry of readLog(store.log.file)) entries.push(entry);
  // The slice as it is now: read, not copied (computeMetrics only reads it).
  const koc = (store.data as { koc?: KocState }).koc;
  return {
    entries, recallRuns: recallRunsOf(store), tz: config.TZ, ownerIds: ownerIdsOf(store, config),
    stageRules: stageRulesFrom(config), streamTitles: streamTitlesOf(store), autoreplyRules: autoreplyRulesOf(store),
    ...(koc ? { koc } : {}),
  };
}

/**
 * The same from a data folder no bot is running on: the folder's lock is taken while it is read
 * (a running bot holds it: DataDirLockedError, from store/lock.ts), the store opened, read and
 * closed. Nothing is written unless the store itself mends a file as it opens one (a torn last
 * line, a migration's backup), as a start-up would.
 */
export async function metricsInputFromDir(dir: string, config: Config): Promise<MetricsInput> {
  const lock = lockDataDir(dir);
  try {
    const store = await Store.open(dir);
    try {
      return await metricsInputFrom(store, config);
    } finally {
      await store.close();
    }
  } finally {
    lock.release();
  }
}
