import { closeSync, createReadStream, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataFileError } from './errors.ts';

/**
 * The append-only behaviour log: one JSON line per event. Appends are buffered in memory
 * and written in one synchronous write per flush, so a busy group costs one array push
 * per message, lines keep their order, and a shutdown can flush without awaiting.
 */
/** One line of the behaviour log, as written: `kind` says what happened. */
export type LogEntry = Record<string, unknown>;
export type LogListener = (entry: LogEntry) => void;

/**
 * After a failed write (a full disk), how long until a writer tries again on its own: the log
 * here, state.json (store/db.ts), the inbound journal, and the outbox's pause (bot/outbox.ts).
 * One value, so they all come back together once the disk has room.
 */
export const WRITE_RETRY_MS = 5_000;

export class BehaviourLog {
  private buffer: string[] = [];
  /**
   * Bytes taken from the buffer but not yet on disk. A full disk writes what fits and says so
   * only by the count it returns; the rest waits here and goes on exactly where the write
   * stopped, so no line is torn in two or written twice.
   */
  private pending: Buffer = Buffer.alloc(0);
  /** Told of each flush: the error it met (a full disk), or undefined when it wrote everything. */
  onWrite: (err?: unknown) => void = () => {};
  private readonly listeners: LogListener[] = [];
  /** Where a listener's error goes: it must not stop the append or the other listeners. */
  onListenerError: (err: unknown, entry: Record<string, unknown>) => void = () => {};
  private timer: NodeJS.Timeout | undefined;
  private fd: number | undefined;
  private written = 0;

  private constructor(readonly file: string, private readonly flushMs: number) {}

  static open(file: string, flushMs = 200): BehaviourLog {
    const log = new BehaviourLog(file, flushMs);
    try {
      log.fd = openSync(file, 'a+');
      mendTornTail(log.fd);
    } catch (err) {
      throw new DataFileError(file, (err as Error).message);
    }
    return log;
  }

  append(entry: object): void {
    this.buffer.push(JSON.stringify(entry));
    if (this.buffer.length >= 500) this.flushQuietly();
    else this.timer ??= setTimeout(() => this.flushQuietly(), this.flushMs).unref();
    for (const listener of this.listeners) {
      try {
        listener(entry as Record<string, unknown>);
      } catch (err) {
        this.onListenerError(err, entry as Record<string, unknown>);
      }
    }
  }

  /**
   * Features that derive state from behaviour (points, profiles) follow the log as it is
   * written, in order, instead of re-reading it. Returns the unsubscribe function.
   */
  subscribe(listener: LogListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Lines accepted so far (written or buffered). */
  get count(): number {
    return this.written + this.buffer.length;
  }

  /** Writes every accepted line, or throws (what could not be written is kept and retried). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === undefined) return;
    if (this.buffer.length > 0) {
      this.pending = Buffer.concat([this.pending, Buffer.from(this.buffer.join('\n') + '\n')]);
      this.written += this.buffer.length;
      this.buffer = [];
    }
    if (this.pending.length === 0) return;
    try {
      while (this.pending.length > 0) {
        const n = writeSync(this.fd, this.pending);
        if (n <= 0) throw Object.assign(new Error(`${this.file}: nothing written (disk full?)`), { code: 'ENOSPC' });
        this.pending = this.pending.subarray(n);
      }
    } catch (err) {
      this.timer ??= setTimeout(() => this.flushQuietly(), WRITE_RETRY_MS).unref();
      this.onWrite(err);
      throw err;
    }
    this.onWrite();
  }

  /** A flush from a timer or an append: its failure is told through onWrite, never thrown into them. */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // Told through onWrite; the lines stay pending and are retried.
    }
  }

  close(): void {
    // What a full disk still refuses now is lost with the process; the failure was told.
    this.flushQuietly();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads a behaviour log line by line; unreadable lines are reported, not fatal. */
export async function* readLog<T = Record<string, unknown>>(
  file: string,
  onBadLine: (lineNo: number, line: string) => void = () => {},
): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line) continue;
    try {
      yield JSON.parse(line) as T;
    } catch {
      onBadLine(n, line);
    }
  }
}

/**
 * A crash mid-write can leave a last line without its newline. Start the next append on
 * a fresh line so the torn line stays on its own (readers skip it) and nothing is rewritten.
 */
export function mendTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last.toString() !== '\n') writeSync(fd, '\n');
}
