import { closeSync, createReadStream, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataFileError } from './errors.ts';

/**
 * The append-only behaviour log: one JSON line per event. Appends are buffered in memory
 * and written in one synchronous write per flush, so a busy group costs one array push
 * per message, lines keep their order, and a shutdown can flush without awaiting.
 */
export type LogListener = (entry: Record<string, unknown>) => void;

export class BehaviourLog {
  private buffer: string[] = [];
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
    if (this.buffer.length >= 500) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs).unref();
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

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0 || this.fd === undefined) return;
    const chunk = this.buffer.join('\n') + '\n';
    writeSync(this.fd, chunk);
    this.written += this.buffer.length;
    this.buffer = [];
  }

  close(): void {
    this.flush();
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
