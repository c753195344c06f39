import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { DataFileError } from './errors.ts';
import { mendTornTail } from './log.ts';

/** One archived entry: its summary in memory, the whole of it on disk at `offset`. */
export interface ArchivedLine<M> {
  meta: M;
  offset: number;
  length: number;
}

/**
 * An append-only file of what is done with (a 接龙 closed a week ago): one JSON line per
 * entry, out of state.json and out of memory. Only a summary of each line (`summarise`) is
 * held, read once when first asked for; the whole entry is read from disk on demand. Appends
 * are written synchronously before the caller goes on, so an entry is on disk before it leaves
 * state.json (a crash in between leaves it in both: readers prefer state.json).
 */
export class Archive<T, M> {
  private fd: number | undefined;
  private size = 0;
  private lines: Array<ArchivedLine<M>> | undefined;
  /** The last append failed or wrote part of its line: the next starts a fresh line. */
  private tornTail = false;

  constructor(
    readonly file: string,
    private readonly accept: (value: unknown) => value is T,
    private readonly summarise: (entry: T) => M,
  ) {}

  /** Every archived entry's summary, in the order archived (the file is read the first time). */
  get entries(): ReadonlyArray<ArchivedLine<M>> {
    if (this.lines) return this.lines;
    // Nothing archived yet: no file is made just to find that out.
    if (this.fd === undefined && !existsSync(this.file)) return (this.lines = []);
    this.ensureOpen();
    this.lines = this.scan();
    return this.lines;
  }

  /** The whole entry of a line from `entries`, read from disk; undefined if it no longer reads. */
  read(line: ArchivedLine<M>): T | undefined {
    const fd = this.ensureOpen();
    const buf = Buffer.alloc(line.length);
    readSync(fd, buf, 0, line.length, line.offset);
    try {
      const value: unknown = JSON.parse(buf.toString('utf8'));
      return this.accept(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes one line, or throws (a line written only in part counts as not written). */
  append(entry: T): void {
    const fd = this.ensureOpen();
    const prefix = this.tornTail ? '\n' : '';
    const body = Buffer.from(JSON.stringify(entry));
    const line = Buffer.concat([Buffer.from(prefix), body, Buffer.from('\n')]);
    this.tornTail = true;
    const written = writeSync(fd, line);
    if (written !== line.length) {
      this.size += written;
      throw new Error(`archive ${this.file}: only part of a line was written`);
    }
    this.tornTail = false;
    const offset = this.size + prefix.length;
    this.size += line.length;
    this.lines?.push({ meta: this.summarise(entry), offset, length: body.length });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.lines = undefined;
  }

  private ensureOpen(): number {
    if (this.fd !== undefined) return this.fd;
    try {
      this.fd = openSync(this.file, 'a+');
      mendTornTail(this.fd);
      this.size = fstatSync(this.fd).size;
    } catch (err) {
      throw new DataFileError(this.file, (err as Error).message);
    }
    return this.fd;
  }

  /** Reads the file once for the summaries; a line that does not parse (a torn write) is skipped. */
  private scan(): Array<ArchivedLine<M>> {
    let buf: Buffer;
    try {
      buf = readFileSync(this.file);
    } catch (err) {
      throw new DataFileError(this.file, (err as Error).message);
    }
    const out: Array<ArchivedLine<M>> = [];
    let start = 0;
    while (start < buf.length) {
      let end = buf.indexOf(0x0a, start);
      if (end < 0) end = buf.length;
      if (end > start) {
        let value: unknown;
        try {
          value = JSON.parse(buf.toString('utf8', start, end));
        } catch {
          value = undefined;
        }
        if (this.accept(value)) out.push({ meta: this.summarise(value), offset: start, length: end - start });
      }
      start = end + 1;
    }
    return out;
  }
}
