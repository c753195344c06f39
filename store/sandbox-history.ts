import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

// The sandbox page's own record (bot/channels/sandbox.ts), in DATA_DIR/sandbox/, so that after
// `npm start` again the page shows what was said: `timeline.jsonl` (every chat's messages, one
// JSON line each, the last `keep` kept), `world.json` (who the page added and who is in which
// group now) and `files/` (what the bot sent and the photos residents posted, by id).
// Not the shop's truth (state.json and the journals are): a demo's history, written without
// fsync, where a line that cannot be read is skipped and a failed write is only reported.

export const SANDBOX_DIR = 'sandbox';
export const TIMELINE_FILE = 'timeline.jsonl';
export const WORLD_FILE = 'world.json';
export const FILES_DIR = 'files';
/** The entries kept by default: the file is cut back to these once it holds twice as many. */
export const KEEP_ENTRIES = 2_000;

/** How long a file no entry shows yet is left alone (its message is on its way). */
const FRESH_FILE_MS = 10 * 60_000;
/** A file id as the sandbox makes them (a UUID): never a path. */
const FILE_ID = /^[A-Za-z0-9_-]{1,80}$/;

export interface SandboxHistoryOptions<E, W> {
  /** Entries kept (default KEEP_ENTRIES). */
  keep?: number;
  isEntry: (value: unknown) => value is E;
  isWorld: (value: unknown) => value is W;
  /** The ids of the files an entry shows: a file no kept entry shows is deleted. */
  filesOf: (entry: E) => readonly string[];
  /** A write that failed, or a line or file that could not be read. */
  onProblem?: (problem: string, err?: Error) => void;
}

export class SandboxHistory<E, W> {
  private readonly dir: string;
  private readonly keep: number;
  private kept: Array<{ line: string; files: readonly string[] }> = [];
  private fd: number | undefined;
  /** The file's last line has no newline (a crash or a failed write): the next append starts a fresh line. */
  private tornTail = false;
  private closed = false;
  /** The entries read at start, oldest first (at most `keep`). */
  readonly loaded: E[] = [];
  /** The world as last saved, if it could be read. */
  world: W | undefined;

  private constructor(dataDir: string, private readonly opts: SandboxHistoryOptions<E, W>) {
    this.dir = join(dataDir, SANDBOX_DIR);
    this.keep = Math.max(1, opts.keep ?? KEEP_ENTRIES);
  }

  /** Reads what is there; writes nothing until the first append or save. */
  static open<E, W>(dataDir: string, opts: SandboxHistoryOptions<E, W>): SandboxHistory<E, W> {
    const history = new SandboxHistory(dataDir, opts);
    history.read();
    return history;
  }

  private read(): void {
    const file = join(this.dir, TIMELINE_FILE);
    if (existsSync(file)) {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        this.problem(`could not read ${file}`, err);
      }
      this.tornTail = text.length > 0 && !text.endsWith('\n');
      let bad = 0;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          bad++;
          continue;
        }
        if (!this.opts.isEntry(value)) {
          bad++;
          continue;
        }
        this.kept.push({ line, files: this.opts.filesOf(value) });
        this.loaded.push(value);
      }
      if (bad > 0) this.problem(`skipped ${bad} unreadable line(s) of ${file}`);
      if (this.loaded.length > this.keep) {
        this.loaded.splice(0, this.loaded.length - this.keep);
        this.kept.splice(0, this.kept.length - this.keep);
      }
    }
    const worldFile = join(this.dir, WORLD_FILE);
    if (existsSync(worldFile)) {
      try {
        const value: unknown = JSON.parse(readFileSync(worldFile, 'utf8'));
        if (this.opts.isWorld(value)) this.world = value;
        else this.problem(`${worldFile} is not a sandbox world; the demo shop starts as seeded`);
      } catch (err) {
        this.problem(`could not read ${worldFile}; the demo shop starts as seeded`, err);
      }
    }
  }

  /** Appends one entry; once the file holds twice `keep`, it is rewritten with the last `keep`. */
  append(entry: E): void {
    if (this.closed) return;
    const line = JSON.stringify(entry);
    this.kept.push({ line, files: this.opts.filesOf(entry) });
    if (this.kept.length >= 2 * this.keep) {
      this.compact();
      return;
    }
    try {
      this.fd ??= this.openTimeline();
      writeSync(this.fd, `${this.tornTail ? '\n' : ''}${line}\n`);
      this.tornTail = false;
    } catch (err) {
      this.tornTail = true;
      this.problem('could not append to the sandbox timeline', err);
    }
  }

  /** Saves the world (replacing the last one whole). */
  saveWorld(world: W): void {
    if (this.closed) return;
    try {
      this.writeWhole(WORLD_FILE, JSON.stringify(world));
    } catch (err) {
      this.problem('could not save the sandbox world', err);
    }
  }

  /** Keeps a file's bytes under `id`; false when the id is not one or the write failed. */
  putFile(id: string, bytes: Uint8Array): boolean {
    if (this.closed || !FILE_ID.test(id)) return false;
    try {
      mkdirSync(join(this.dir, FILES_DIR), { recursive: true });
      writeFileSync(join(this.dir, FILES_DIR, id), bytes);
      return true;
    } catch (err) {
      this.problem('could not keep a sandbox file', err);
      return false;
    }
  }

  /** A kept file's bytes; undefined for an id that is not one, or a file not there. */
  readFile(id: string): Buffer | undefined {
    if (!FILE_ID.test(id)) return undefined;
    const file = join(this.dir, FILES_DIR, id);
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.closed = true;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Closing is all that was left to do.
      }
      this.fd = undefined;
    }
  }

  private openTimeline(): number {
    mkdirSync(this.dir, { recursive: true });
    const fd = openSync(join(this.dir, TIMELINE_FILE), 'a+');
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      this.tornTail = last.toString() !== '\n';
    }
    return fd;
  }

  private compact(): void {
    this.kept.splice(0, this.kept.length - this.keep);
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // A new file replaces it below.
    }
    this.fd = undefined;
    try {
      this.writeWhole(TIMELINE_FILE, this.kept.map((k) => `${k.line}\n`).join(''));
      this.tornTail = false;
    } catch (err) {
      this.problem('could not rewrite the sandbox timeline', err);
      return;
    }
    // Files only entries cut off showed go with them.
    const shown = new Set(this.kept.flatMap((k) => k.files));
    const filesDir = join(this.dir, FILES_DIR);
    let names: string[] = [];
    try {
      names = existsSync(filesDir) ? readdirSync(filesDir) : [];
    } catch (err) {
      this.problem('could not list the sandbox files', err);
    }
    for (const name of names) {
      if (shown.has(name)) continue;
      try {
        // A photo is kept before the message showing it is recorded: a fresh file stays.
        if (Date.now() - statSync(join(filesDir, name)).mtimeMs < FRESH_FILE_MS) continue;
        rmSync(join(filesDir, name), { force: true });
      } catch (err) {
        this.problem('could not delete an old sandbox file', err);
      }
    }
  }

  private writeWhole(name: string, text: string): void {
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, name);
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }

  private problem(problem: string, err?: unknown): void {
    this.opts.onProblem?.(problem, err instanceof Error ? err : err === undefined ? undefined : new Error(String(err)));
  }
}
