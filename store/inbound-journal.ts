import { closeSync, existsSync, fdatasync, fsyncSync, openSync, readFileSync, renameSync, write, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataFileError } from './errors.ts';
import { mendTornTail, WRITE_RETRY_MS } from './log.ts';

// Acknowledged means durable. A channel that tells the platform "got it" (WeCom's HTTP 200,
// the sandbox page's 200) must not lose what it acknowledged: WeCom never sends it again. So
// each accepted inbound event is written here, one JSON line, and synced to disk before the
// acknowledgement goes out; once the router has handled it, and what handling changed is on
// disk (the store's flush), a `done` line follows. At start-up whatever is accepted and not
// done is handled first, in the order it came. The file holds only what is still open (and a
// short memory of what was done, so a platform's resend across a restart is known): it is
// rewritten without the rest whenever the rest outweighs it.

/** One accepted inbound event: what the channel needs to handle it again after a crash. */
export interface InboundRecord<B = unknown> {
  /** Unique per event and stable across resends (a WeCom MsgId key, a sandbox message id). */
  id: string;
  /** Which channel route took it: that route knows how to handle `body`. */
  src: string;
  /** When it was accepted, on the injected clock. */
  at: number;
  body: B;
}

type Line = ({ k: 'in' } & InboundRecord) | { k: 'done'; id: string; at: number };

/** What `accept` says about an event. */
export interface Acceptance {
  /** False when this id was accepted before (a resend, or the same request twice): handle nothing. */
  fresh: boolean;
  /**
   * Resolves once the event is on disk (for a repeat: once the first copy is), rejects when it
   * could not be written: then the platform must hear a failure, so that it sends again.
   */
  durable: Promise<void>;
}

export interface InboundJournalOptions {
  clock: { now(): number };
  /**
   * Makes what handling changed durable (the store's flush), before `done` lines are written:
   * an event marked done whose effects were still in memory would be lost in a crash.
   */
  beforeMark?: () => Promise<void>;
  /** How long ids of handled events are remembered (a resend after that is the platform's own). Default 1 h. */
  retainMs?: number;
  /** Most handled ids remembered. Default 100,000. */
  retainMax?: number;
  /** Lines in the file before a rewrite is considered (and it must hold twice what is open). Default 1,000. */
  compactAt?: number;
  /** A line that cannot be read (a write cut short by a crash): skipped. */
  onBadLine?: (lineNo: number) => void;
  /** Writing `done` lines failed (a full disk): told here, retried on its own. */
  onError?: (err: Error) => void;
}

interface Waiting {
  text: string;
  lines: number;
  /** Runs as soon as the text is on disk, before anything else can rewrite the file. */
  onWritten?: () => void;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class InboundJournal {
  private fd: number | undefined;
  /** Accepted, not yet handled, in order of acceptance (written or being written). */
  private readonly pendingIds = new Map<string, { record: InboundRecord; durable: Promise<void> }>();
  /** Accepted with their `in` line on disk and no `done` line on disk yet: what a rewrite keeps whole. */
  private readonly open = new Map<string, InboundRecord>();
  /** Handled (marked in memory) → when; oldest first. */
  private readonly done = new Map<string, number>();
  /** Handled ids whose `done` line is on disk → when: what a rewrite keeps as `done` lines. */
  private readonly marked = new Map<string, number>();
  /** Handled, waiting for their `done` line. */
  private markQueue: string[] = [];
  private markRound: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastMarkError: Error | undefined;
  private writeQueue: Waiting[] = [];
  private writing: Promise<void> | undefined;
  /** The last write failed or stopped part-way: the next one starts on a fresh line. */
  private tornTail = false;
  private fileLines = 0;
  private latestAt = 0;
  private readonly retainMs: number;
  private readonly retainMax: number;
  private readonly compactAt: number;

  private constructor(readonly file: string, private readonly opts: InboundJournalOptions) {
    this.retainMs = opts.retainMs ?? 60 * 60_000;
    this.retainMax = opts.retainMax ?? 100_000;
    this.compactAt = opts.compactAt ?? 1_000;
  }

  /**
   * Reads the journal (creating it when missing). Unreadable lines are reported and skipped;
   * a file holding more than what is open is rewritten at once, so each start begins small.
   */
  static open(file: string, opts: InboundJournalOptions): InboundJournal {
    const journal = new InboundJournal(file, opts);
    const existed = existsSync(file);
    let text: string;
    try {
      journal.fd = openSync(file, 'a+');
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new DataFileError(file, (err as Error).message);
    }
    if (!existed) syncDir(file);
    const ins: InboundRecord[] = [];
    const doneAt = new Map<string, number>();
    let lines = 0;
    for (const [i, raw] of text.split('\n').entries()) {
      if (!raw.trim()) continue;
      lines++;
      const line = parseLine(raw);
      if (!line) {
        opts.onBadLine?.(i + 1);
        continue;
      }
      if (line.k === 'done') doneAt.set(line.id, Math.max(doneAt.get(line.id) ?? 0, line.at));
      else ins.push({ id: line.id, src: line.src, at: line.at, body: line.body });
    }
    // A `done` line may come before its `in` line after a rewrite: done wins wherever it stands.
    for (const record of ins) {
      journal.latestAt = Math.max(journal.latestAt, record.at);
      if (doneAt.has(record.id) || journal.open.has(record.id)) continue;
      journal.open.set(record.id, record);
      journal.pendingIds.set(record.id, { record, durable: Promise.resolve() });
    }
    for (const [id, at] of [...doneAt].sort((a, b) => a[1] - b[1])) {
      journal.done.set(id, at);
      journal.marked.set(id, at);
    }
    journal.fileLines = lines;
    journal.forgetOld();
    try {
      mendTornTail(journal.fd);
      if (journal.fileLines > journal.liveLines()) journal.rewrite();
    } catch (err) {
      journal.closeFd();
      throw new DataFileError(file, (err as Error).message);
    }
    return journal;
  }

  /** Accepted and not yet handled (from before a restart, or in flight), oldest first; only `src`'s when given. */
  pending(src?: string): InboundRecord[] {
    const all = [...this.pendingIds.values()].map((p) => p.record);
    return src === undefined ? all : all.filter((r) => r.src === src);
  }

  /** True once the id was handled (and for `retainMs` after). */
  isHandled(id: string): boolean {
    return this.done.has(id);
  }

  /** True while the id is accepted and not yet handled. */
  isPending(id: string): boolean {
    return this.pendingIds.has(id);
  }

  /** The latest acceptance time the journal has seen (0 when none). */
  get latestAcceptedAt(): number {
    return this.latestAt;
  }

  /**
   * Takes an event: written and synced to disk (with others taken meanwhile: one sync for a
   * burst) before `durable` resolves. Answer the platform only after that. An id seen before
   * is not taken twice: `fresh` is false and `durable` follows the first copy.
   */
  accept(record: InboundRecord): Acceptance {
    const known = this.pendingIds.get(record.id);
    if (known) return { fresh: false, durable: known.durable };
    if (this.done.has(record.id)) return { fresh: false, durable: Promise.resolve() };
    const line = JSON.stringify({ k: 'in', id: record.id, src: record.src, at: record.at, body: record.body } satisfies Line);
    const durable = this.append(`${line}\n`, 1, () => {
      // On disk: a rewrite from now on keeps it (unless its `done` line is written too).
      if (!this.marked.has(record.id)) this.open.set(record.id, record);
    }).catch((err: Error) => {
      // Not on disk: not taken. The platform hears a failure and sends it again.
      if (this.pendingIds.get(record.id)?.durable === durable) this.pendingIds.delete(record.id);
      throw err;
    });
    // The caller awaits it; this only keeps a failure nobody else awaits from being "unhandled".
    durable.catch(() => {});
    this.pendingIds.set(record.id, { record, durable });
    this.latestAt = Math.max(this.latestAt, record.at);
    return { fresh: true, durable };
  }

  /**
   * The router is done with this event. Its `done` line is written after `beforeMark` (what
   * handling changed is on disk first), in batches; until then a crash handles it again.
   */
  handled(id: string): void {
    if (!this.pendingIds.delete(id)) return;
    this.done.set(id, this.opts.clock.now());
    this.markQueue.push(id);
    this.forgetOld();
    this.scheduleMarks();
  }

  /**
   * Writes every `done` line waiting (after `beforeMark`) and everything accepted so far.
   * Rejects when they could not be written (then a restart handles those events again).
   */
  async settle(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.markQueue.length > 0) this.scheduleMarks();
    await this.markRound;
    await this.writing;
    if (this.markQueue.length > 0) throw this.lastMarkError ?? new Error(`${this.file}: handled events not recorded`);
  }

  /** Stops writing. Call settle() first: what is not written by now is handled again at the next start. */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.closeFd();
  }

  private scheduleMarks(): void {
    if (this.markRound || this.fd === undefined) return;
    // Started on the next turn, so events handled in this one share the flush and the write.
    this.markRound = Promise.resolve().then(() => this.runMarks()).finally(() => {
      this.markRound = undefined;
      if (this.markQueue.length > 0 && !this.retryTimer && this.lastMarkError === undefined) this.scheduleMarks();
    });
  }

  private async runMarks(): Promise<void> {
    while (this.markQueue.length > 0) {
      const ids = this.markQueue.splice(0);
      try {
        await this.opts.beforeMark?.();
        const lines = ids.map((id) => JSON.stringify({ k: 'done', id, at: this.done.get(id) ?? this.opts.clock.now() } satisfies Line) + '\n');
        await this.append(lines.join(''), ids.length, () => {
          for (const id of ids) {
            this.open.delete(id);
            this.marked.set(id, this.done.get(id) ?? this.opts.clock.now());
          }
        });
        this.lastMarkError = undefined;
      } catch (err) {
        this.markQueue.unshift(...ids);
        this.lastMarkError = err instanceof Error ? err : new Error(String(err));
        this.opts.onError?.(this.lastMarkError);
        if (this.fd !== undefined) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.lastMarkError = undefined;
            this.scheduleMarks();
          }, WRITE_RETRY_MS).unref();
        }
        return;
      }
    }
  }

  /** Queues text for the file; one write and one sync for everything queued meanwhile. */
  private append(text: string, lines: number, onWritten?: () => void): Promise<void> {
    if (this.fd === undefined) return Promise.reject(new Error(`${this.file} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.writeQueue.push({ text, lines, resolve, reject, ...(onWritten ? { onWritten } : {}) });
      // Started on the next turn, so what arrives in this one joins the same write.
      this.writing ??= Promise.resolve().then(() => this.drainWrites());
    });
  }

  private async drainWrites(): Promise<void> {
    try {
      while (this.writeQueue.length > 0) {
        const batch = this.writeQueue.splice(0);
        try {
          await this.writeDurably(batch.map((w) => w.text).join(''));
          this.fileLines += batch.reduce((n, w) => n + w.lines, 0);
          for (const w of batch) {
            w.onWritten?.();
            w.resolve();
          }
        } catch (err) {
          const error = err instanceof Error ? err : new Error(String(err));
          for (const w of batch) w.reject(error);
        }
        this.compactIfWorthIt();
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async writeDurably(text: string): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.file} is closed`);
    const buf = Buffer.from(`${this.tornTail ? '\n' : ''}${text}`);
    this.tornTail = true;
    let offset = 0;
    while (offset < buf.length) {
      const n = await new Promise<number>((resolve, reject) =>
        write(fd, buf, offset, buf.length - offset, null, (err, written) => (err ? reject(err) : resolve(written))));
      if (n <= 0) throw Object.assign(new Error(`${this.file}: nothing written (disk full?)`), { code: 'ENOSPC' });
      offset += n;
    }
    await new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    this.tornTail = false;
  }

  /** Lines a rewrite would keep. */
  private liveLines(): number {
    return this.open.size + this.marked.size;
  }

  private compactIfWorthIt(): void {
    this.forgetOld();
    if (this.fd === undefined || this.fileLines < this.compactAt || this.fileLines <= 2 * this.liveLines()) return;
    try {
      this.rewrite();
    } catch (err) {
      // The old file is whole and still appended to; the next batch tries again.
      this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /**
   * Replaces the file with what is open and the `done` ids still remembered: written beside
   * it, synced, renamed over it, so a crash leaves the old file or the new one. Only between
   * writes (never while one is under way), so no append is lost to the swap.
   */
  private rewrite(): void {
    const tmp = `${this.file}.tmp`;
    const lines: string[] = [];
    for (const [id, at] of this.marked) lines.push(JSON.stringify({ k: 'done', id, at } satisfies Line));
    for (const r of this.open.values()) lines.push(JSON.stringify({ k: 'in', id: r.id, src: r.src, at: r.at, body: r.body } satisfies Line));
    writeFileSync(tmp, lines.map((l) => `${l}\n`).join(''));
    const tmpFd = openSync(tmp, 'r');
    try {
      fsyncSync(tmpFd);
    } finally {
      closeSync(tmpFd);
    }
    renameSync(tmp, this.file);
    syncDir(this.file);
    this.closeFd();
    this.fd = openSync(this.file, 'a');
    this.fileLines = lines.length;
    this.tornTail = false;
  }

  /** Handled ids older than the memory, or past its size, are forgotten. */
  private forgetOld(): void {
    const cutoff = this.opts.clock.now() - this.retainMs;
    for (const [id, at] of this.done) {
      if (at > cutoff && this.done.size <= this.retainMax) break;
      // Only once its `done` line is on disk: until then a restart must still see it open.
      if (!this.marked.has(id) && this.open.has(id)) break;
      this.done.delete(id);
      this.marked.delete(id);
    }
  }

  private closeFd(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function parseLine(raw: string): Line | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id === '' || typeof o.at !== 'number' || !Number.isFinite(o.at)) return undefined;
  if (o.k === 'done') return { k: 'done', id: o.id, at: o.at };
  if (o.k === 'in' && typeof o.src === 'string' && 'body' in o) return { k: 'in', id: o.id, src: o.src, at: o.at, body: o.body };
  return undefined;
}

/** A new or renamed file survives a power cut only once its directory entry is synced too. */
function syncDir(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(file), 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform syncs a directory (Windows); the file's own sync is what it offers.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
