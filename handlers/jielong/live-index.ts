import type { JielongRecord } from './state.ts';

// An index of the 接龙 state.json holds, kept beside store.data.jielong: built from it the
// first time it is asked for (at load), then told of every record made (createRecord) and
// archived (archive.ts). A group message costs the 接龙 open in its group, not every 接龙 ever.
// Closing needs no telling: a record found no longer open is dropped from the open sets as
// they are read.

export interface LiveIndex {
  /** Every record held, per group, in the order they were made. */
  byGroup: Map<string, JielongRecord[]>;
  /** Open records, in the order they were made. */
  open: Set<JielongRecord>;
  openByGroup: Map<string, Set<JielongRecord>>;
  byBatch: Map<string, JielongRecord[]>;
  /** When closed records were last looked at for archiving (archive.ts). */
  lastSweepAt: number;
}

type Records = Record<string, JielongRecord>;

const indexes = new WeakMap<Records, LiveIndex>();

export function liveIndex(records: Records): LiveIndex {
  let index = indexes.get(records);
  if (!index) {
    index = { byGroup: new Map(), open: new Set(), openByGroup: new Map(), byBatch: new Map(), lastSweepAt: -Infinity };
    for (const r of Object.values(records)) add(index, r);
    indexes.set(records, index);
  }
  return index;
}

/** Puts a new record into `records` and the index. */
export function addRecord(records: Records, record: JielongRecord): void {
  const index = liveIndex(records);
  records[record.id] = record;
  add(index, record);
}

/** Takes a record out of `records` and the index (it went to the archive). */
export function removeRecord(records: Records, record: JielongRecord): void {
  const index = liveIndex(records);
  delete records[record.id];
  const drop = (map: Map<string, JielongRecord[]>, key: string | undefined) => {
    if (key === undefined) return;
    const list = map.get(key)?.filter((r) => r !== record);
    if (list?.length) map.set(key, list);
    else map.delete(key);
  };
  drop(index.byGroup, record.group?.id);
  drop(index.byBatch, record.batch);
  index.open.delete(record);
  index.openByGroup.get(record.group?.id)?.delete(record);
}

/** The open records of a group, or of every group, in the order they were made. */
export function openRecords(records: Records, groupId?: string): JielongRecord[] {
  const index = liveIndex(records);
  const set = groupId === undefined ? index.open : index.openByGroup.get(groupId);
  if (!set) return [];
  const out: JielongRecord[] = [];
  for (const r of set) {
    if (r.status === 'open' && records[r.id] === r) out.push(r);
    else {
      index.open.delete(r);
      index.openByGroup.get(r.group?.id)?.delete(r);
    }
  }
  return out;
}

/** Whether a group has a record open, without making a list. */
export function hasOpen(records: Records, groupId: string): boolean {
  return openRecords(records, groupId).length > 0;
}

/** Every record held for a group (open, and closed not yet archived), in the order they were made. */
export function liveInGroup(records: Records, groupId: string): JielongRecord[] {
  return [...(liveIndex(records).byGroup.get(groupId) ?? [])];
}

export function liveInBatch(records: Records, batch: string): JielongRecord[] {
  return [...(liveIndex(records).byBatch.get(batch) ?? [])];
}

function add(index: LiveIndex, r: JielongRecord): void {
  const groupId = r.group?.id;
  push(index.byGroup, groupId, r);
  if (r.batch !== undefined) push(index.byBatch, r.batch, r);
  if (r.status === 'open') {
    index.open.add(r);
    let set = index.openByGroup.get(groupId);
    if (!set) index.openByGroup.set(groupId, (set = new Set()));
    set.add(r);
  }
}

function push(map: Map<string, JielongRecord[]>, key: string, r: JielongRecord): void {
  const list = map.get(key);
  if (list) list.push(r);
  else map.set(key, [r]);
}
