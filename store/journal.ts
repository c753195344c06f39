import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataFileError } from './errors.ts';
import { mendTornTail } from './log.ts';

/**
 * Checks each whole entry as it is read, in file order (it may keep running totals): returns
 * what is wrong with it, or undefined. A line that breaks the record's rules is not a torn
 * write; it stops start-up rather than being skipped or believed.
 */
export type LineCheck<T> = (entry: T, lineNo: number) => string | undefined;

/** What to tell the operator about a journal line that breaks its record's rules. */
export interface LineRules<T> {
  check: LineCheck<T>;
  todo: string;
  /** A journal kept in segments (the points ledger): how to read the checkpoint a segment starts with. */
  segments?: Segments;
}

/**
 * A journal that closes its file into an archive when it is full (Journal.rotate) and starts a
 * fresh one with a checkpoint line: what the closed segments add up to, and which they are (file,
 * lines, bytes, sha256). Start-up reads the live segment line by line and each closed one by its
 * size and sha256 only, so its cost does not grow with the journal's age.
 */
export interface Segments {
  /** True for a first line that is a checkpoint rather than an entry. */
  isCheckpoint(value: unknown): boolean;
  /**
   * Checks the checkpoint (`line` as read) and the closed segments it names (present, whole,
   * unchanged), and starts the running checks from it; throws DataFileError. Returns how many
   * entries the closed segments hold, so the journal's count carries on across rotations.
   */
  begin(checkpoint: unknown, file: string, line: string): number;
}

/** A closed segment of a journal, as the checkpoint after it names it. */
export interface ClosedSegment {
  /** From the data directory, e.g. `points-archive/points-0001.jsonl`. */
  file: string;
  lines: number;
  bytes: number;
  sha256: string;
}

/** The steps of a rotation, in order: tests stop one part way, as a crash would. */
export type RotationStep = 'archive-written' | 'archive-renamed' | 'live-written' | 'live-renamed';

/**
 * A journal the store opens and checks itself at start-up (store/db.ts), before any feature
 * reads it: its lines against `rules`, and its length against what state.json says it held.
 */
export interface CheckedJournal<T> {
  /** `<name>.jsonl` in the data directory. */
  name: string;
  accept: (value: unknown) => value is T;
  /** Fresh per read: a check may keep running totals. */
  rules: () => LineRules<T>;
  /** For a state.json that records no line count (written by an older version): true when it
   * holds what only this journal's lines account for, so an empty journal is a lost one. */
  holdsEntries: (state: Readonly<Record<string, unknown>>) => boolean;
  /** What to do when the journal is missing or shorter than state.json says. */
  todoWhenShort: string;
}

/**
 * An append-only record a feature keeps as its truth (the points ledger): one JSON line per
 * entry, read whole at start-up, each append written synchronously before the caller goes
 * on. It grows by a line, never rewrites: state.json stays small however long it runs, and
 * the record on disk is never behind the state derived from it. One kept in segments (rotate)
 * is read from its checkpoint: only the live segment's lines, however long it has run.
 */
export class Journal<T> {
  private fd: number | undefined;
  /** The last append failed or wrote part of its line (a full disk): the next starts a fresh line. */
  private tornTail = false;
  /** Told when an append fails, and when one works again after a failure (store/db.ts). */
  onWrite: (err?: Error) => void = () => {};

  /** The checkpoint the live segment starts with; undefined until the journal first rotates. */
  private head: unknown;
  /** Entries in the closed segments (the checkpoint's count). */
  private before = 0;

  private constructor(
    readonly file: string,
    private list: T[],
    private readonly accept: (value: unknown) => value is T,
    private readonly segments: Segments | undefined,
  ) {}

  /** The live segment's entries (the whole journal until it first rotates). */
  get entries(): readonly T[] {
    return this.list;
  }

  /** The checkpoint the live segment starts with, if the journal has rotated. */
  get checkpoint(): unknown {
    return this.head;
  }

  /** Entries ever written: the closed segments' and the live one's (what state.json records). */
  get count(): number {
    return this.before + this.list.length;
  }

  /**
   * Reads every line. A line that is not JSON or fails `accept` (a write torn by a crash)
   * is reported and skipped, never rewritten: the next append starts on a fresh line. A whole
   * entry that `rules` refuses throws DataFileError naming the line (the file is left as it is).
   */
  static open<T>(
    file: string,
    accept: (value: unknown) => value is T,
    onBadLine: (lineNo: number) => void = () => {},
    rules?: LineRules<T>,
  ): Journal<T> {
    let fd: number;
    let text: string;
    try {
      fd = openSync(file, 'a+');
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new DataFileError(file, (err as Error).message);
    }
    const entries: T[] = [];
    const lines = text.split('\n');
    const segments = rules?.segments;
    let head: unknown;
    let before = 0;
    let first = true;
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (segments?.isCheckpoint(value)) {
        try {
          if (!first) throw new DataFileError(file, `第 ${i + 1} 行：检查点只能是文件的第一行`, rules!.todo);
          before = segments.begin(value, file, line);
        } catch (err) {
          closeSync(fd);
          throw err;
        }
        head = value;
        first = false;
        continue;
      }
      first = false;
      if (!accept(value)) {
        onBadLine(i + 1);
        continue;
      }
      const problem = rules?.check(value, i + 1);
      if (problem !== undefined) {
        closeSync(fd);
        throw new DataFileError(file, `第 ${i + 1} 行：${problem}`, rules!.todo);
      }
      entries.push(value);
    }
    const journal = new Journal<T>(file, entries, accept, segments);
    journal.fd = fd;
    journal.head = head;
    journal.before = before;
    mendTornTail(fd);
    return journal;
  }

  /**
   * Writes one line, or throws: a line written only in part (a full disk writes what fits
   * without an error) counts as not written, and the next append begins on a fresh line, so
   * the torn one is skipped at start-up without taking the next entry with it.
   */
  append(entry: T, opts: { sync?: boolean } = {}): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    const line = Buffer.from(`${this.tornTail ? '\n' : ''}${JSON.stringify(entry)}\n`);
    const failedBefore = this.tornTail;
    this.tornTail = true;
    try {
      if (writeSync(this.fd, line) !== line.length) throw new Error(`journal ${this.file}: only part of a line was written`);
      // On the disk itself, not only in the kernel's cache: survives a power cut too.
      if (opts.sync) fdatasyncSync(this.fd);
    } catch (err) {
      this.onWrite(err as Error);
      throw err;
    }
    this.tornTail = false;
    if (failedBefore) this.onWrite();
    this.list.push(entry);
  }

  /**
   * Replaces the record with `keep` (a record with a retention drops its old lines). Written
   * beside the file and renamed over it, so a crash leaves the old record or the new one,
   * never half of either. Costs a write of the whole record: call it rarely (daily, start-up).
   */
  rewrite(keep: readonly T[]): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    if (this.head !== undefined) throw new Error(`journal ${this.file} is kept in segments: it rotates, never rewrites`);
    const tmp = `${this.file}.tmp`;
    try {
      writeFileSync(tmp, keep.map((e) => JSON.stringify(e) + '\n').join(''));
      renameSync(tmp, this.file);
    } catch (err) {
      throw new DataFileError(this.file, (err as Error).message);
    }
    closeSync(this.fd);
    this.fd = openSync(this.file, 'a');
    this.list = [...keep];
  }

  /**
   * Closes the live segment: its lines after the checkpoint, byte for byte, become closed segment
   * number `seq` (`<name>-archive/<name>-0001.jsonl` beside the file, never written again), and
   * the file starts again with the checkpoint `make` returns for it (one line of JSON, and its value).
   * `before` is how many entries the closed segments then hold. Crash-safe: the archive is
   * written beside and renamed into place, then the new file is written beside and renamed over
   * the old one, each synced first; a crash before the last rename leaves the journal as it was
   * (a stray archive is written over next time), after it the new one, never one that lost
   * lines. `onStep` is for tests.
   */
  rotate(seq: number, make: (closed: ClosedSegment) => { line: string; value: unknown }, before: number, onStep: (step: RotationStep) => void = () => {}): ClosedSegment {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    const stem = basename(this.file, '.jsonl');
    const rel = `${stem}-archive/${stem}-${String(seq).padStart(4, '0')}.jsonl`;
    const archive = join(dirname(this.file), rel);
    // The checkpoint's line is not kept: what it says the closed segments before it say again.
    const bytes = this.head === undefined ? readFileSync(this.file) : afterFirstLine(readFileSync(this.file));
    const closed: ClosedSegment = { file: rel, lines: countLines(bytes), bytes: bytes.length, sha256: sha256(bytes) };
    const { line, value: head } = make(closed);
    // A test's "crash" (onStep throwing) leaves the files as they are, as a killed process would.
    let killed = false;
    const reached = (step: RotationStep) => {
      try {
        onStep(step);
      } catch (err) {
        killed = true;
        throw err;
      }
    };
    try {
      mkdirSync(dirname(archive), { recursive: true });
      writeSynced(`${archive}.tmp`, bytes);
      reached('archive-written');
      renameSync(`${archive}.tmp`, archive);
      syncDir(dirname(archive));
      reached('archive-renamed');
      writeSynced(`${this.file}.tmp`, Buffer.from(`${line}\n`));
      reached('live-written');
    } catch (err) {
      // A failed write (a full disk) leaves the journal as it was; what it left beside goes.
      if (!killed) for (const tmp of [`${archive}.tmp`, `${this.file}.tmp`]) rmSync(tmp, { force: true });
      throw err;
    }
    renameSync(`${this.file}.tmp`, this.file);
    syncDir(dirname(this.file));
    reached('live-renamed');
    closeSync(this.fd);
    this.fd = undefined;
    this.fd = openSync(this.file, 'a+');
    this.head = head;
    this.before = before;
    this.list = [];
    this.tornTail = false;
    return closed;
  }

  /**
   * A closed segment's entries, read on demand (history older than what is kept in memory).
   * Checked against its size and sha256 first: a segment changed since start-up is refused.
   */
  readClosed(ref: ClosedSegment): T[] {
    const file = join(dirname(this.file), ref.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new DataFileError(file, (err as Error).message);
    }
    const problem = closedSegmentProblem(bytes, ref);
    if (problem) throw new DataFileError(file, problem);
    const out: T[] = [];
    for (const line of bytes.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      if (this.accept(value) && !this.segments?.isCheckpoint(value)) out.push(value);
    }
    return out;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Why a closed segment on disk is not the one its checkpoint names (missing, cut short, grown,
 * changed), in the operator's words; undefined when it is. Reads the file: its size first, then
 * its sha256 (native, a few milliseconds per megabyte).
 */
export function closedSegmentProblem(file: string | Buffer, ref: ClosedSegment): string | undefined {
  let bytes: Buffer;
  if (typeof file === 'string') {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return `文件不存在，但检查点记着它（${ref.lines} 行，${ref.bytes} 字节）`;
    }
    if (size !== ref.bytes) return sizeProblem(size, ref);
    try {
      bytes = readFileSync(file);
    } catch (err) {
      return (err as Error).message;
    }
  } else {
    bytes = file;
  }
  if (bytes.length !== ref.bytes) return sizeProblem(bytes.length, ref);
  const sum = sha256(bytes);
  return sum === ref.sha256 ? undefined : `内容和检查点记下的不一致（sha256 应为 ${ref.sha256.slice(0, 12)}…，读到 ${sum.slice(0, 12)}…）：文件被改动过或损坏了`;
}

function sizeProblem(size: number, ref: ClosedSegment): string {
  return size < ref.bytes
    ? `只有 ${size} 字节，检查点记着它有 ${ref.bytes} 字节（${ref.lines} 行）：文件被截断了`
    : `有 ${size} 字节，检查点记着它只有 ${ref.bytes} 字节（${ref.lines} 行）：归档后又被改写过`;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What follows a file's first non-empty line (its checkpoint). */
function afterFirstLine(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 10 || bytes[start] === 13 || bytes[start] === 32)) start++;
  const end = bytes.indexOf(10, start);
  return end === -1 ? Buffer.alloc(0) : bytes.subarray(end + 1);
}

function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

/** Written and synced to the disk before it is renamed into place (a power cut, too, leaves it whole). */
function writeSynced(file: string, bytes: Buffer): void {
  const fd = openSync(file, 'w');
  try {
    let done = 0;
    while (done < bytes.length) {
      const n = writeSync(fd, bytes, done, bytes.length - done);
      if (n <= 0) throw Object.assign(new Error(`${file}: nothing written (disk full?)`), { code: 'ENOSPC' });
      done += n;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A rename is durable once its directory is synced; best effort where a directory cannot be opened. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform lets a directory be synced.
  }
}
