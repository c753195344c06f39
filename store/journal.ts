import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { DataFileError } from './errors.ts';
import { mendTornTail } from './log.ts';
import type { State } from './schema.ts';

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
}

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
  holdsEntries: (state: State) => boolean;
  /** What to do when the journal is missing or shorter than state.json says. */
  todoWhenShort: string;
}

/**
 * An append-only record a feature keeps as its truth (the points ledger): one JSON line per
 * entry, read whole at start-up, each append written synchronously before the caller goes
 * on. It grows by a line, never rewrites: state.json stays small however long it runs, and
 * the record on disk is never behind the state derived from it.
 */
export class Journal<T> {
  private fd: number | undefined;
  /** The last append failed or wrote part of its line (a full disk): the next starts a fresh line. */
  private tornTail = false;
  /** Told when an append fails, and when one works again after a failure (store/db.ts). */
  onWrite: (err?: Error) => void = () => {};

  private constructor(readonly file: string, private list: T[]) {}

  get entries(): readonly T[] {
    return this.list;
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
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
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
    const journal = new Journal<T>(file, entries);
    journal.fd = fd;
    mendTornTail(fd);
    return journal;
  }

  /**
   * Writes one line, or throws: a line written only in part (a full disk writes what fits
   * without an error) counts as not written, and the next append begins on a fresh line, so
   * the torn one is skipped at start-up without taking the next entry with it.
   */
  append(entry: T): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    const line = Buffer.from(`${this.tornTail ? '\n' : ''}${JSON.stringify(entry)}\n`);
    const failedBefore = this.tornTail;
    this.tornTail = true;
    try {
      if (writeSync(this.fd, line) !== line.length) throw new Error(`journal ${this.file}: only part of a line was written`);
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

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
