import type { ArchivedLine } from '../../store/archive.ts';
import type { Store } from '../../store/db.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { isMeasured, tallyOf, WINDOW_DAYS } from './run.ts';
import { rememberSent } from './sent-texts.ts';
import type { RecallArchivedTotals, RecallRun, RecallRunStatus, RecallTally } from './types.ts';

// A recall run stays in state.json while something still reads or writes it: a sent run while
// its measurement window is open (activity is credited to it), a preview while the owner may
// confirm it and for the rest of its day (one run a day). After that it moves to
// recall-archive.jsonl, one JSON line each, and leaves behind only what the rest of recall
// needs of it: its sums for /召回 报告 (recall.archived) and a key of each text it sent
// (recall.sentBefore, ./sent-texts.ts). A run is written to the archive before it leaves
// state.json, in the same turn as its totals are added: a crash in between leaves it in
// state.json (and perhaps twice in the archive: readers take the last line), never counted twice.

export const ARCHIVE_NAME = 'recall-archive';

/**
 * After the window, how long a sent run is kept for credits that come in late (activity of the
 * window's last hours recorded after it: a restart's catch-up, a 接龙 booked later).
 */
export const LATE_CREDIT_MS = 2 * DAY_MS;
/** A sent run is archived this long after it went out. */
export const SENT_KEEP_MS = WINDOW_DAYS * DAY_MS + LATE_CREDIT_MS;
/** A preview or cancelled run (not the one waiting for /召回 确认) is archived this long after it was planned. */
export const UNSENT_KEEP_MS = 2 * DAY_MS;

/** What of an archived run is held in memory (once read): enough to find it. */
export interface ArchivedRunMeta {
  id: string;
  status: RecallRunStatus;
  plannedAt: number;
  sentAt?: number;
}

function isRun(value: unknown): value is RecallRun {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<RecallRun>;
  return typeof r.id === 'string' && typeof r.plannedAt === 'number' && typeof r.status === 'string'
    && r.contacted !== null && typeof r.contacted === 'object' && r.control !== null && typeof r.control === 'object';
}

function summarise(r: RecallRun): ArchivedRunMeta {
  return { id: r.id, status: r.status, plannedAt: r.plannedAt, ...(r.sentAt !== undefined ? { sentAt: r.sentAt } : {}) };
}

function archiveOf(store: Store) {
  return store.archive(ARCHIVE_NAME, isRun, summarise);
}

/** Whether a run is done with at `now`: its window and the late-credit margin over, or an old preview no longer waiting. */
export function archivable(run: RecallRun, now: number, pending: string | undefined): boolean {
  if (run.id === pending) return false;
  if (run.status === 'sent') return now - (run.sentAt ?? run.plannedAt) >= SENT_KEEP_MS;
  return now - run.plannedAt >= UNSENT_KEEP_MS;
}

const plus = (a: RecallTally, b: RecallTally): RecallTally => ({ n: a.n + b.n, back: a.back + b.back, ordered: a.ordered + b.ordered });
const none = (): RecallTally => ({ n: 0, back: 0, ordered: 0 });

/**
 * Moves the runs done with at `now` to the archive, oldest first, adding their sums and sent
 * texts to the recall state. Returns how many moved. A failed write (a full disk) throws; the
 * runs moved before it stay moved, the rest stay in state.json for the next time.
 */
export function archiveRuns(store: Store, now: number): number {
  const recall = store.data.recall;
  const old = Object.values(recall.runs).filter((r) => archivable(r, now, recall.pending))
    .sort((a, b) => (a.sentAt ?? a.plannedAt) - (b.sentAt ?? b.plannedAt) || (a.id < b.id ? -1 : 1));
  if (old.length === 0) return 0;
  const archive = archiveOf(store);
  let moved = 0;
  try {
    for (const run of old) {
      archive.append(run);
      delete recall.runs[run.id];
      if (isMeasured(run)) {
        const totals: RecallArchivedTotals = recall.archived ?? { runs: 0, contacted: none(), control: none() };
        recall.archived = { runs: totals.runs + 1, contacted: plus(totals.contacted, tallyOf(run.contacted)), control: plus(totals.control, tallyOf(run.control)) };
      }
      if (run.status === 'sent') for (const t of Object.values(run.contacted)) if (t.text) rememberSent(recall, t.id, t.text);
      moved++;
    }
  } finally {
    if (moved > 0) store.changed();
  }
  return moved;
}

/** The archive's lines by run id, the last of each (a run archived twice, after a crash, counts once). */
function linesById(store: Store): Map<string, ArchivedLine<ArchivedRunMeta>> {
  const byId = new Map<string, ArchivedLine<ArchivedRunMeta>>();
  for (const line of archiveOf(store).entries) byId.set(line.meta.id, line);
  return byId;
}

/** A run by id, wherever it is kept (state.json first); undefined if there is none. */
export function findRun(store: Store, id: string): RecallRun | undefined {
  const current = store.data.recall.runs[id];
  if (current) return current;
  const line = linesById(store).get(id);
  return line ? archiveOf(store).read(line) : undefined;
}

/** Every run, archived and current, read from disk as needed (for reports and tests; the bot itself reads only the totals). */
export function allRuns(store: Store): RecallRun[] {
  const out: RecallRun[] = [];
  for (const [id, line] of linesById(store)) {
    if (store.data.recall.runs[id]) continue;
    const run = archiveOf(store).read(line);
    if (run) out.push(run);
  }
  return [...out, ...Object.values(store.data.recall.runs)];
}
