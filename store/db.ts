import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { Archive } from './archive.ts';
import { DataFileError } from './errors.ts';
import { Journal, type CheckedJournal } from './journal.ts';
import { BehaviourLog, WRITE_RETRY_MS } from './log.ts';
import { emptyState, migrations, SCHEMA_VERSION, type State } from './schema.ts';
import { declaredSlices, type SliceSpec } from './slices.ts';
import { FIX_STATE, validateState } from './validate.ts';

/** Journals the store checks as it opens (their lines, and that none went missing): the slices'. */
function checkedJournals(): ReadonlyArray<CheckedJournal<unknown>> {
  return declaredSlices().flatMap((s) => s.journals ?? []);
}

/** After a failed write (a full disk), how long until the store tries again on its own (defined with the log's). */
export { WRITE_RETRY_MS };

/** A write went wrong (`error`), or writing works again (undefined). */
export type WriteWatcher = (error: Error | undefined) => void;

export interface StoreOptions {
  /** How long changes may wait before state.json is rewritten (coalescing). */
  flushMs?: number;
  /** Test and benchmark hook: rewrite state.json on every change, as a naive bot would. */
  writeEveryChange?: boolean;
}

/**
 * The only module that touches disk. Mutable state lives in lowdb (state.json) and is
 * written coalesced: many changes, one atomic rewrite. Events go to the append-only
 * behaviour log (events.jsonl). flush() makes everything acknowledged durable.
 */
export class Store {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly journals = new Map<string, Journal<unknown>>();
  private readonly archives = new Map<string, Archive<unknown, unknown>>();
  private readonly views = new Map<keyof State, (value: never) => unknown>();
  /** Unreadable lines found while a checked journal was opened, told to its first reader. */
  private readonly badLines = new Map<string, number[]>();
  /** What cannot be written now, by target ('state', 'log'); empty when all is well. */
  private readonly failing = new Map<string, Error>();
  private readonly writeWatchers: WriteWatcher[] = [];

  private constructor(
    private readonly db: Low<State>,
    readonly log: BehaviourLog,
    readonly dir: string,
    private readonly opts: Required<StoreOptions>,
  ) {
    log.onWrite = (err) => this.noteWrite('log', err);
  }

  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const opts = { flushMs: options.flushMs ?? 500, writeEveryChange: options.writeEveryChange ?? false };
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new DataFileError(dir, `无法创建数据目录：${(err as Error).message}`);
    }
    const file = join(dir, 'state.json');
    // Compact, not lowdb's indented JSON: a third smaller, and every rewrite costs its size.
    const db = new Low<State>(new DataFile<State>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }), emptyState());
    const exists = existsSync(file);
    let raw: unknown;
    try {
      raw = await db.adapter.read();
    } catch (err) {
      throw new DataFileError(file, describeReadError(err));
    }
    // lowdb reads a file holding `null` as no file: an empty shop that would overwrite it.
    if (exists && raw === null) throw new DataFileError(file, '内容是 null，不是一个 JSON 对象', FIX_STATE);
    const backups: string[] = [];
    db.data = raw === null ? emptyState() : upgrade(raw, file, backups);
    const checked = openCheckedJournals(dir, db.data, file);
    // The old file is kept beside the migrated one, once start-up is sure to go on: a start-up
    // that stops leaves the folder as it found it.
    try {
      for (const backup of backups) copyFileSync(file, backup);
    } catch (err) {
      for (const { journal } of checked) journal.close();
      throw new DataFileError(file, `无法保存迁移前的备份：${(err as Error).message}`);
    }
    let log: BehaviourLog;
    try {
      log = BehaviourLog.open(join(dir, 'events.jsonl'), Math.min(opts.flushMs, 200));
    } catch (err) {
      for (const { journal } of checked) journal.close();
      throw err;
    }
    const store = new Store(db, log, dir, opts);
    for (const { name, journal, badLines } of checked) {
      store.journals.set(name, journal);
      store.badLines.set(name, badLines);
    }
    return store;
  }

  get data(): State {
    return this.db.data;
  }

  /** Call after changing `data`: schedules one coalesced write. */
  changed(): void {
    this.dirty = true;
    if (this.opts.writeEveryChange) {
      this.flushInBackground();
      return;
    }
    this.timer ??= setTimeout(() => this.flushInBackground(), this.opts.flushMs).unref();
  }

  /**
   * The append-only journal `<name>.jsonl` beside state.json (opened once, then shared):
   * for a feature's record that only grows, such as the points ledger.
   */
  journal<T>(name: string, accept: (value: unknown) => value is T, onBadLine?: (lineNo: number) => void): Journal<T> {
    let journal = this.journals.get(name);
    if (!journal) {
      journal = Journal.open(join(this.dir, `${name}.jsonl`), accept, onBadLine);
      this.journals.set(name, journal);
    }
    // A journal on a full disk fails like state.json does: the outbox holds its sends back.
    journal.onWrite = (err) => this.noteWrite(`journal:${name}`, err);
    // A checked journal was read at open, before its feature could listen: tell it now.
    const bad = this.badLines.get(name);
    if (bad && onBadLine) {
      this.badLines.delete(name);
      for (const lineNo of bad) onBadLine(lineNo);
    }
    return journal as Journal<T>;
  }

  /**
   * The append-only archive `<name>.jsonl` beside state.json (opened on first use, then
   * shared): for what is done with, kept out of state.json and read back on demand.
   */
  archive<T, M>(name: string, accept: (value: unknown) => value is T, summarise: (entry: T) => M): Archive<T, M> {
    let archive = this.archives.get(name);
    if (!archive) {
      archive = new Archive(join(this.dir, `${name}.jsonl`), accept, summarise) as Archive<unknown, unknown>;
      this.archives.set(name, archive);
    }
    return archive as Archive<T, M>;
  }

  /**
   * What of a collection state.json holds, when a feature keeps the rest in a journal of its
   * own (the outbox's finished messages live in outbox.jsonl). `data` in memory stays whole;
   * only the rewrite of state.json, which every send waits for, leaves the rest out.
   */
  persistOnly<K extends keyof State>(name: K, keep: (value: State[K]) => State[K]): void {
    this.views.set(name, keep as (value: never) => unknown);
  }

  /**
   * Takes up a slice declared after the store was opened (a channel loaded on demand): migrated,
   * checked and completed as if it had been declared before, or started from its initial value.
   */
  slice(spec: SliceSpec): void {
    const data = this.data as unknown as Record<string, unknown>;
    const file = join(this.dir, 'state.json');
    const migrated = upgradeSlice(spec as SliceSpec, data, legacySliceVersion(data), file);
    if (migrated) validateState(data, file, [spec as SliceSpec]);
    data[spec.key] = migrated ? (spec.complete ? spec.complete(data[spec.key] as never) : data[spec.key]) : spec.initial();
    (this.data.versions ??= {})[spec.key] = spec.version;
    this.changed();
  }

  /** Next value of a named counter, for ids that stay unique across restarts. */
  nextId(name: string): number {
    const n = (this.data.seq[name] ?? 0) + 1;
    this.data.seq[name] = n;
    this.changed();
    return n;
  }

  /**
   * Writes everything acknowledged so far: the buffered log lines, then state.json. Rejects
   * when either cannot be written (a full disk): what the caller was about to do on the strength
   * of it being recorded (send a message) must wait. What failed stays queued and is tried again.
   */
  async flush(): Promise<void> {
    let logError: unknown;
    try {
      this.log.flush();
    } catch (err) {
      logError = err;
    }
    await this.flushState();
    if (logError !== undefined) throw logError;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.log.close();
      for (const journal of this.journals.values()) journal.close();
      for (const archive of this.archives.values()) archive.close();
    }
  }

  /** The write that is failing now (a full disk), if any. */
  get writeError(): Error | undefined {
    return this.failing.values().next().value;
  }

  /** Hears when writing starts failing and when it works again (not of every write). */
  onWriteFailure(watcher: WriteWatcher): void {
    this.writeWatchers.push(watcher);
  }

  private noteWrite(target: string, err?: unknown): void {
    const before = this.writeError;
    if (err === undefined) this.failing.delete(target);
    else this.failing.set(target, err instanceof Error ? err : new Error(String(err)));
    const after = this.writeError;
    if ((before === undefined) !== (after === undefined)) for (const watch of this.writeWatchers) watch(after);
  }

  private flushState(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Chain writes so two flushes never race on the same file.
    const write = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await this.db.adapter.write(this.persisted());
      } catch (err) {
        // Still to be written: by the next flush, or on its own once the disk has room again.
        this.dirty = true;
        this.timer ??= setTimeout(() => this.flushInBackground(), WRITE_RETRY_MS).unref();
        this.noteWrite('state', err);
        throw err;
      }
      this.noteWrite('state');
    });
    // The next write waits for this one, failed or not: one failure must not fail every later one.
    this.writing = write.catch(() => {});
    return write;
  }

  /** A write nobody awaits: a failure is told to the write watchers, never left unhandled. */
  private flushInBackground(): void {
    this.flushState().catch(() => {});
  }

  private persisted(): State {
    const view: Record<string, unknown> = { ...this.data };
    for (const [name, keep] of this.views) view[name] = keep(this.data[name] as never);
    view.journals = this.journalCounts();
    return view as unknown as State;
  }

  /**
   * How many lines each checked journal holds as state.json is written. The journal is written
   * first, so on disk it never holds fewer: a journal found shorter at start-up lost lines.
   */
  private journalCounts(): Record<string, number> {
    const counts = { ...this.data.journals };
    for (const { name } of checkedJournals()) {
      const journal = this.journals.get(name);
      if (journal) counts[name] = journal.count;
    }
    return counts;
  }
}

/**
 * Opens the checked journals the slices declare (handlers/points/ledger-check.ts …): every line is checked as it is read,
 * and a journal shorter than state.json last recorded (missing, truncated, an older copy) stops
 * start-up before anything is derived from it. A missing file is not created, so nothing in
 * the folder changes when start-up stops.
 */
function openCheckedJournals(dir: string, state: State, stateFile: string) {
  const opened: Array<{ name: string; journal: Journal<unknown>; badLines: number[] }> = [];
  try {
    for (const spec of checkedJournals()) {
      const file = join(dir, `${spec.name}.jsonl`);
      const recorded = state.journals?.[spec.name];
      const needs = recorded ?? (spec.holdsEntries(state as unknown as Record<string, unknown>) ? 1 : 0);
      const exists = existsSync(file);
      if (!exists && needs > 0) throw shortJournal(spec, file, stateFile, 0, recorded, false);
      const badLines: number[] = [];
      const journal = Journal.open(file, spec.accept, (lineNo) => badLines.push(lineNo), spec.rules());
      opened.push({ name: spec.name, journal, badLines });
      if (journal.count < needs) throw shortJournal(spec, file, stateFile, journal.count, recorded, true);
    }
  } catch (err) {
    for (const { journal } of opened) journal.close();
    throw err;
  }
  return opened;
}

function shortJournal(spec: CheckedJournal<unknown>, file: string, stateFile: string, lines: number, recorded: number | undefined, exists: boolean): DataFileError {
  const problem = recorded === undefined
    ? `${exists ? '没有一条有效记录' : '文件不存在'}，但 ${stateFile} 里记着要靠它算出来的数据`
    : exists
      ? `只读到 ${lines} 条有效记录，${stateFile} 上次保存时它已有 ${recorded} 条：文件被截断了，或被换成了旧的副本`
      : `文件不存在，但 ${stateFile} 上次保存时它已有 ${recorded} 条记录`;
  return new DataFileError(file, problem, spec.todoWhenShort);
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof SyntaxError) return `不是有效的 JSON（${e.message}）`;
  if (e.code === 'EACCES') return '没有读取权限';
  if (e.code === 'EISDIR') return '这是一个目录，不是文件';
  return e.message ?? String(err);
}

/** Checks the shape, runs migrations (the store's, then each slice's), fills collections a newer version added. */
function upgrade(raw: unknown, file: string, backups: string[]): State {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DataFileError(file, '内容不是一个 JSON 对象', FIX_STATE);
  }
  let data = raw as Record<string, unknown>;
  const version = data.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new DataFileError(file, `缺少有效的 schemaVersion（读到 ${JSON.stringify(version)}）`);
  }
  if (version > SCHEMA_VERSION) {
    throw new DataFileError(file, `由更新版本的 Linli 写入（数据版本 ${version}，本程序支持到 ${SCHEMA_VERSION}）`);
  }
  const slices = declaredSlices();
  const legacy = legacySliceVersion(data);
  const behind = slices.filter((s) => data[s.key] !== undefined && sliceVersion(data, s, legacy) < s.version);
  if (version < SCHEMA_VERSION || behind.length > 0) {
    // Keep the old file beside the new one: a migration must never cost data.
    const tag = version < SCHEMA_VERSION ? `v${version}` : behind.map((s) => `${s.key}-v${sliceVersion(data, s, legacy)}`).join('.');
    backups.push(`${file}.${tag}.bak`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new DataFileError(file, `没有从数据版本 ${v} 升级的迁移`);
    data = { ...step(data), schemaVersion: v + 1 };
  }
  for (const spec of slices) upgradeSlice(spec, data, legacy, file);
  validateState(data, file, slices);
  const state = { ...emptyState(), ...data } as Record<string, unknown>;
  for (const spec of slices) if (spec.complete) state[spec.key] = spec.complete(state[spec.key]);
  state.versions = { ...(data.versions as Record<string, number> | undefined), ...Object.fromEntries(slices.map((s) => [s.key, s.version])) };
  return state as unknown as State;
}

/** A file from before slices had versions of their own: its slices are as that state.json version left them. */
function legacySliceVersion(data: Record<string, unknown>): number {
  return typeof data.schemaVersion === 'number' && data.schemaVersion < 2 ? 0 : 1;
}

function sliceVersion(data: Record<string, unknown>, spec: SliceSpec, legacy: number): number {
  const recorded = (data.versions as Record<string, unknown> | undefined)?.[spec.key];
  if (typeof recorded === 'number') return recorded;
  // Before version 1 only a slice with a step from 0 was different; the rest were as they are.
  return legacy === 0 && spec.migrations?.[0] ? 0 : 1;
}

/** Runs a slice's own migrations in place; false when the file does not hold the slice. */
function upgradeSlice(spec: SliceSpec, data: Record<string, unknown>, legacy: number, file: string): boolean {
  if (data[spec.key] === undefined) return false;
  const from = sliceVersion(data, spec, legacy);
  if (from > spec.version) {
    throw new DataFileError(file, `「${spec.key}」由更新版本的 Linli 写入（版本 ${from}，本程序支持到 ${spec.version}）`);
  }
  for (let v = from; v < spec.version; v++) {
    const step = spec.migrations?.[v];
    if (!step) throw new DataFileError(file, `「${spec.key}」没有从版本 ${v} 升级的迁移`);
    data[spec.key] = step(data[spec.key], data);
  }
  return true;
}
