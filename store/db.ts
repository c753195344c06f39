import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { DataFileError } from './errors.ts';
import { Journal } from './journal.ts';
import { BehaviourLog } from './log.ts';
import { emptyState, migrations, SCHEMA_VERSION, type State } from './schema.ts';

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
  private readonly views = new Map<keyof State, (value: never) => unknown>();

  private constructor(
    private readonly db: Low<State>,
    readonly log: BehaviourLog,
    readonly dir: string,
    private readonly opts: Required<StoreOptions>,
  ) {}

  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const opts = { flushMs: options.flushMs ?? 500, writeEveryChange: options.writeEveryChange ?? false };
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new DataFileError(dir, `无法创建数据目录：${(err as Error).message}`);
    }
    const file = join(dir, 'state.json');
    const db = new Low<State>(new JSONFile<State>(file), emptyState());
    try {
      await db.read();
    } catch (err) {
      throw new DataFileError(file, describeReadError(err));
    }
    db.data = upgrade(db.data, file);
    const log = BehaviourLog.open(join(dir, 'events.jsonl'), Math.min(opts.flushMs, 200));
    return new Store(db, log, dir, opts);
  }

  get data(): State {
    return this.db.data;
  }

  /** Call after changing `data`: schedules one coalesced write. */
  changed(): void {
    this.dirty = true;
    if (this.opts.writeEveryChange) {
      void this.flushState();
      return;
    }
    this.timer ??= setTimeout(() => void this.flushState(), this.opts.flushMs).unref();
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
    return journal as Journal<T>;
  }

  /**
   * What of a collection state.json holds, when a feature keeps the rest in a journal of its
   * own (the outbox's finished messages live in outbox.jsonl). `data` in memory stays whole;
   * only the rewrite of state.json, which every send waits for, leaves the rest out.
   */
  persistOnly<K extends keyof State>(name: K, keep: (value: State[K]) => State[K]): void {
    this.views.set(name, keep as (value: never) => unknown);
  }

  /** Next value of a named counter, for ids that stay unique across restarts. */
  nextId(name: string): number {
    const n = (this.data.seq[name] ?? 0) + 1;
    this.data.seq[name] = n;
    this.changed();
    return n;
  }

  /** Writes everything acknowledged so far: the buffered log lines, then state.json. */
  async flush(): Promise<void> {
    this.log.flush();
    await this.flushState();
  }

  async close(): Promise<void> {
    await this.flush();
    this.log.close();
    for (const journal of this.journals.values()) journal.close();
  }

  private flushState(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Chain writes so two flushes never race on the same file.
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      await this.db.adapter.write(this.persisted());
    });
    return this.writing;
  }

  private persisted(): State {
    if (this.views.size === 0) return this.data;
    const view: Record<string, unknown> = { ...this.data };
    for (const [name, keep] of this.views) view[name] = keep(this.data[name] as never);
    return view as unknown as State;
  }
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof SyntaxError) return `不是有效的 JSON（${e.message}）`;
  if (e.code === 'EACCES') return '没有读取权限';
  if (e.code === 'EISDIR') return '这是一个目录，不是文件';
  return e.message ?? String(err);
}

/** Checks the shape, runs migrations, fills collections a newer version added. */
function upgrade(raw: unknown, file: string): State {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DataFileError(file, '内容不是一个 JSON 对象');
  }
  let data = raw as Record<string, unknown>;
  const version = data.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new DataFileError(file, `缺少有效的 schemaVersion（读到 ${JSON.stringify(version)}）`);
  }
  if (version > SCHEMA_VERSION) {
    throw new DataFileError(file, `由更新版本的 Linli 写入（数据版本 ${version}，本程序支持到 ${SCHEMA_VERSION}）`);
  }
  if (version < SCHEMA_VERSION) {
    // Keep the old file beside the new one: a migration must never cost data.
    copyFileSync(file, `${file}.v${version}.bak`);
    for (let v = version; v < SCHEMA_VERSION; v++) {
      const step = migrations[v];
      if (!step) throw new DataFileError(file, `没有从数据版本 ${v} 升级的迁移`);
      data = { ...step(data), schemaVersion: v + 1 };
    }
  }
  return { ...emptyState(), ...data } as State;
}
