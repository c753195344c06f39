import type { Store } from '../../store/db.ts';
import type { GroupRef } from '../../bot/types.ts';
import type { JielongOffer, JielongRecord } from './state.ts';
import { emptyBook } from './diff.ts';
import { exampleLine } from './texts.ts';
import { archivedCandidates, archivedInBatch, idOrder, readArchived, type ArchivedRef } from './archive.ts';
import { addRecord, liveInBatch, liveInGroup, openRecords } from './live-index.ts';

// Finding and creating 接龙 records: one per group and title. state.json holds those open and
// those closed within the last week (indexed per group: live-index.ts); older ones are read
// from the archive on demand (archive.ts).

/** The group's 接龙 in state.json: open, and closed within ARCHIVE_AFTER_MS (older ones are archived). */
export function recordsIn(store: Store, groupId: string): JielongRecord[] {
  return liveInGroup(store.data.jielong, groupId);
}

export function openIn(store: Store, groupId: string): JielongRecord[] {
  return openRecords(store.data.jielong, groupId);
}

/** Every open 接龙, in the order they were opened. */
export function openAll(store: Store): JielongRecord[] {
  return openRecords(store.data.jielong);
}

export interface NewRecord {
  group: GroupRef;
  header: string;
  title: string;
  openedBy: string;
  offer: JielongOffer[];
  cutoffAt?: number;
  batch?: string;
  stream?: number;
  example?: string;
}

export function createRecord(store: Store, now: number, init: NewRecord): JielongRecord {
  const record: JielongRecord = {
    id: `jl-${store.nextId('jielong')}`, group: init.group, header: init.header, title: init.title,
    status: 'open', openedAt: now, openedBy: init.openedBy, offer: init.offer, book: emptyBook(), pendingConfirm: [],
  };
  if (init.cutoffAt !== undefined) record.cutoffAt = init.cutoffAt;
  if (init.batch !== undefined) record.batch = init.batch;
  if (init.stream !== undefined) record.stream = init.stream;
  // A 接龙 the bot posts carries its own 例 line; one read from a text, the text's (or none: '').
  const example = init.example ?? exampleLine(init.offer);
  if (example) record.example = example;
  addRecord(store.data.jielong, record);
  store.changed();
  return record;
}

export type Targets = { records: JielongRecord[] } | { question: string };

/**
 * The 接龙 an owner command means: those of one title, in the group it was sent from (all
 * groups from a DM). With several titles and none named, a question back, not a guess.
 */
export function findTargets(store: Store, opts: { groupId?: string; title: string; openOnly: boolean; verb: string }): Targets {
  const found = findCandidates(store, opts);
  if ('question' in found) return found;
  const records = found.records.flatMap((r) => ('line' in r ? readArchived(store, r as ArchivedRef) ?? [] : [r]));
  return records.length ? { records } : { question: `没有找到标题含“${opts.title}”的接龙。` };
}

type Candidate = JielongRecord | ArchivedRef;

/** What state.json holds and what the archive holds, in the order they were made. */
function candidates(store: Store, groupId: string | undefined, openOnly: boolean): Candidate[] {
  const live = openOnly
    ? openRecords(store.data.jielong, groupId || undefined)
    : groupId ? liveInGroup(store.data.jielong, groupId) : Object.values(store.data.jielong);
  if (openOnly) return live;
  const archived = archivedCandidates(store, groupId || undefined);
  if (archived.length === 0) return live;
  return [...live, ...archived].sort((a, b) => idOrder(a.id) - idOrder(b.id));
}

function findCandidates(store: Store, opts: { groupId?: string; title: string; openOnly: boolean; verb: string }): { records: Candidate[] } | { question: string } {
  let records = candidates(store, opts.groupId, opts.openOnly);
  if (opts.title) {
    const exact = records.filter((r) => r.title === opts.title);
    records = exact.length ? exact : records.filter((r) => r.title.includes(opts.title));
  }
  records = latestPerGroupAndTitle(records);
  if (records.length === 0) {
    const what = opts.openOnly ? '进行中的接龙' : '接龙';
    return { question: opts.title ? `没有找到标题含“${opts.title}”的${what}。` : `现在没有${what}。` };
  }
  // Without a title, prefer what is still open, then the latest.
  if (!opts.title && !opts.openOnly && records.some((r) => r.status === 'open')) records = records.filter((r) => r.status === 'open');
  const titles = [...new Set(records.map((r) => r.title))];
  if (titles.length > 1 && !opts.title && !opts.openOnly && !records.some((r) => r.status === 'open')) {
    const latest = records.reduce((a, b) => (b.openedAt > a.openedAt ? b : a));
    return { records: records.filter((r) => r.title === latest.title) };
  }
  if (titles.length > 1) {
    return { question: `有${titles.length}个接龙：${titles.map((t) => `「${t}」`).join('')}。请写上标题，比如：/接龙 ${opts.verb} ${titles[0]}` };
  }
  return { records };
}

/** A title used again (every week's 周六团购) means its latest 接龙 in each group. */
function latestPerGroupAndTitle<R extends Candidate>(records: R[]): R[] {
  const latest = new Map<string, R>();
  for (const r of records) {
    const key = `${r.group.id}|${r.title}`;
    const seen = latest.get(key);
    if (!seen || r.openedAt >= seen.openedAt) latest.set(key, r);
  }
  return [...latest.values()];
}

/** The record and those opened together with it in other groups. */
export function siblingsOf(store: Store, record: JielongRecord): JielongRecord[] {
  if (!record.batch) return [record];
  const live = liveInBatch(store.data.jielong, record.batch);
  const archived = archivedInBatch(store, record.batch);
  // A record read from the archive is a fresh copy: the caller's own stands for itself.
  if (archived.length === 0) return live;
  return [...live, ...archived].sort((a, b) => idOrder(a.id) - idOrder(b.id)).map((r) => (r.id === record.id ? record : r));
}
