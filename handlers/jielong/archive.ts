import type { Archive, ArchivedLine } from '../../store/archive.ts';
import type { Store } from '../../store/db.ts';
import type { JielongRecord } from './state.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';
import { liveIndex, removeRecord } from './live-index.ts';

// A closed 接龙 stays in state.json while a late copy of it may still be posted (refused, not
// opened again: handler.ts); after that it moves to jielong-archive.jsonl, one JSON line each,
// and what still reads it (/接龙 汇总 and 导出 of an old one, a stream's figures) finds it there
// through findRecord / archivedCandidates. state.json holds what is open and the last week.

/** A closed 接龙 reposted within this time with lines it had is a late copy, not a new one. */
export const LATE_WINDOW_MS = 7 * DAY_MS;
/** Closed this long ago, a 接龙 leaves state.json for the archive. */
export const ARCHIVE_AFTER_MS = LATE_WINDOW_MS;
/** How often closed 接龙 are looked at for archiving (they go at most this late). */
const SWEEP_EVERY_MS = HOUR_MS;

export const ARCHIVE_NAME = 'jielong-archive';

/** What of an archived 接龙 is held in memory: enough to find it by id, group, title or batch. */
export interface ArchivedMeta {
  id: string;
  group: { id: string };
  title: string;
  status: 'closed';
  openedAt: number;
  batch?: string;
}

export type ArchivedRef = ArchivedMeta & { line: ArchivedLine<ArchivedMeta> };

function isRecord(value: unknown): value is JielongRecord {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<JielongRecord>;
  return typeof r.id === 'string' && typeof r.title === 'string' && typeof r.openedAt === 'number'
    && r.group !== null && typeof r.group === 'object' && typeof r.group.id === 'string'
    && r.book !== null && typeof r.book === 'object';
}

function summarise(r: JielongRecord): ArchivedMeta {
  return { id: r.id, group: { id: r.group.id }, title: r.title, status: 'closed', openedAt: r.openedAt, ...(r.batch !== undefined ? { batch: r.batch } : {}) };
}

function archiveOf(store: Store): Archive<JielongRecord, ArchivedMeta> {
  return store.archive(ARCHIVE_NAME, isRecord, summarise);
}

interface Lookup {
  count: number;
  byId: Map<string, ArchivedLine<ArchivedMeta>>;
  byBatch: Map<string, ArchivedLine<ArchivedMeta>[]>;
}

const lookups = new WeakMap<object, Lookup>();

/** The archive's lines by id (a line archived twice, after a crash, counts once: the last). */
function lookup(store: Store): Lookup {
  const archive = archiveOf(store);
  const lines = archive.entries;
  let found = lookups.get(archive);
  if (!found || found.count !== lines.length) {
    const byId = new Map<string, ArchivedLine<ArchivedMeta>>();
    for (const line of lines) byId.set(line.meta.id, line);
    const byBatch = new Map<string, ArchivedLine<ArchivedMeta>[]>();
    for (const line of byId.values()) {
      if (line.meta.batch === undefined) continue;
      const list = byBatch.get(line.meta.batch);
      if (list) list.push(line);
      else byBatch.set(line.meta.batch, [line]);
    }
    found = { count: lines.length, byId, byBatch };
    lookups.set(archive, found);
  }
  return found;
}

/** An archived 接龙, read from the archive; undefined if never archived (or still in state.json). */
export function findArchived(store: Store, id: string): JielongRecord | undefined {
  if (store.data.jielong[id]) return undefined;
  const line = lookup(store).byId.get(id);
  return line ? archiveOf(store).read(line) : undefined;
}

/** A 接龙 by id, wherever it is kept. */
export function findRecord(store: Store, id: string): JielongRecord | undefined {
  return store.data.jielong[id] ?? findArchived(store, id);
}

/** Archived 接龙 (not back in state.json), in a group or all, as light references; `read` gives the record. */
export function archivedCandidates(store: Store, groupId?: string): ArchivedRef[] {
  const out: ArchivedRef[] = [];
  for (const line of lookup(store).byId.values()) {
    if (store.data.jielong[line.meta.id]) continue;
    if (groupId !== undefined && line.meta.group.id !== groupId) continue;
    out.push({ ...line.meta, line });
  }
  return out;
}

/** Archived 接龙 of a batch (opened together in several groups). */
export function archivedInBatch(store: Store, batch: string): JielongRecord[] {
  const lines = lookup(store).byBatch.get(batch) ?? [];
  return lines.filter((l) => !store.data.jielong[l.meta.id]).flatMap((l) => archiveOf(store).read(l) ?? []);
}

export function readArchived(store: Store, ref: ArchivedRef): JielongRecord | undefined {
  return archiveOf(store).read(ref.line);
}

/**
 * Moves 接龙 closed longer than ARCHIVE_AFTER_MS ago to the archive, at most once per
 * SWEEP_EVERY_MS: the line is written before the record leaves state.json. Returns how many moved.
 */
export function archiveClosed(store: Store, now: number, force = false): number {
  const index = liveIndex(store.data.jielong);
  if (!force && now - index.lastSweepAt < SWEEP_EVERY_MS) return 0;
  index.lastSweepAt = now;
  const old = Object.values(store.data.jielong).filter((r) => r.status === 'closed' && now - (r.closedAt ?? 0) > ARCHIVE_AFTER_MS);
  if (old.length === 0) return 0;
  const archive = archiveOf(store);
  for (const record of old) {
    archive.append(record);
    removeRecord(store.data.jielong, record);
  }
  store.changed();
  return old.length;
}

/** The number in a 接龙 id (jl-12 → 12): ids count up as records are made. */
export function idOrder(id: string): number {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
