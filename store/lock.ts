import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataFileError } from './errors.ts';

// One DATA_DIR, one bot. Two processes on the same folder each send what the other already
// sent, overwrite each other's state.json (sign-ups lost) and post ledger keys twice, without a
// word. The lock is a file created with O_EXCL (of two starters, exactly one creates it) that
// holds the holder's PID. Released on a clean shutdown; a holder killed outright (SIGKILL, power
// cut) leaves it behind, and a lock whose PID is not alive on this machine is taken over.

export const LOCK_FILE = 'linli.lock';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock if it is still ours. Safe to call more than once. */
  release(): void;
}

/** Another process holds the folder: start-up stops, saying which process and what to do. */
export class DataDirLockedError extends DataFileError {
  constructor(readonly dir: string, file: string, readonly holder: LockHolder | undefined) {
    super(file, 'locked');
    const who = holder
      ? `PID ${holder.pid}${holder.host === hostname() ? '' : `，在另一台机器 ${holder.host} 上`}，${holder.startedAt} 启动`
      : '锁文件内容读不出';
    const stop = holder ? `请先停掉那个进程（kill ${holder.pid}）` : '请先停掉另一个 Linli';
    this.message = [
      `另一个 Linli 正在使用数据目录 ${dir}（${who}），本进程不启动：两个进程共用一个数据目录会重复发消息、丢报名、积分记两次。`,
      `  ${stop}，或给本进程另设一个 DATA_DIR。`,
      `  确定没有别的 Linli 在用这个目录时（比如 PID 已换成了别的程序），删掉 ${file} 再启动。`,
    ].join('\n');
  }
}

/** Locks held by this process: asking twice is a second bot in one process, not a stale lock. */
const heldHere = new Set<string>();

/**
 * Takes the lock on `dir` or throws DataDirLockedError. `onTakeOver` hears of a stale lock
 * taken over (its holder died without shutting down), so the operator sees it in the log.
 */
export function lockDataDir(dir: string, onTakeOver: (stale: LockHolder) => void = () => {}): DataDirLock {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new DataFileError(dir, `无法创建数据目录：${(err as Error).message}`);
  }
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  // A few rounds: the file may vanish or be replaced between our looks by another starter.
  for (let round = 0; round < 3; round++) {
    if (!heldHere.has(file) && create(file, me)) return held(file, me);
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    if (holder === undefined || heldHere.has(file) || !isStale(holder)) throw new DataDirLockedError(dir, file, holder);
    if (takeOver(file, holder)) onTakeOver(holder);
  }
  throw new DataDirLockedError(dir, file, undefined);
}

/** O_EXCL: fails with EEXIST when the file is there, whoever else is racing us. */
function create(file: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DataFileError(file, `无法创建锁文件：${(err as Error).message}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(file: string): LockHolder | undefined | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(h.pid) && typeof h.host === 'string' && typeof h.startedAt === 'string') return h as LockHolder;
  } catch {
    // Empty or torn (the holder died between creating and writing it): nobody can tell whose.
  }
  return undefined;
}

/**
 * Only a PID on this machine can be checked. Our own PID in the file is a previous life of this
 * bot (a container restarts as PID 1 every time), since this process does not hold it.
 */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, only not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves the stale lock aside, then checks that what moved is the stale one: another starter
 * may have taken it over and locked in between, and its lock is put back. True when the stale
 * lock is gone (the caller then creates its own with O_EXCL as usual).
 */
function takeOver(file: string, stale: LockHolder): boolean {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = readHolder(aside);
  const same = typeof moved === 'object' && moved.pid === stale.pid && moved.startedAt === stale.startedAt;
  if (!same) {
    renameSync(aside, file);
    return false;
  }
  unlinkSync(aside);
  return true;
}

function held(file: string, me: LockHolder): DataDirLock {
  heldHere.add(file);
  const release = () => {
    process.off('exit', release);
    if (!heldHere.delete(file)) return;
    const holder = readHolder(file);
    // Never remove a lock that is not ours (taken over while we were stopped in a debugger…).
    if (typeof holder === 'object' && holder.pid === me.pid && holder.startedAt === me.startedAt) {
      try {
        unlinkSync(file);
      } catch {
        // Already gone: nothing to release.
      }
    }
  };
  // Any exit that runs JavaScript (a failed start-up's process.exit(1) too) frees the folder.
  process.on('exit', release);
  return { file, release };
}
