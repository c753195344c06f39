// Two bots on one DATA_DIR (a common real mistake) would double-send and lose sign-ups without
// a word. These start real processes, as `npm start` does, on one folder: the second refuses,
// a lock left by a killed bot is taken over, and a clean shutdown releases it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../store/lock.ts';
import { tempDir } from './helpers.ts';

const MAIN = join(process.cwd(), 'bot', 'main.ts');
const children: ChildProcessWithoutNullStreams[] = [];

function start(data: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, HOME: tempDir('linli-home-'), LOG_LEVEL: 'warn', WEB_PORT: '0', DATA_DIR: data },
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  const up = () => vi.waitFor(() => {
    if (!/沙盒已启动/.test(out.stdout)) throw new Error(`not up yet: ${out.stdout} ${out.stderr}`);
  }, { timeout: 20_000, interval: 50 });
  return { child, out, exited, up };
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('one bot per DATA_DIR (real processes)', () => {
  it('a second process refuses with the folder, the other PID and what to do; a killed holder’s lock is taken over; a clean stop releases it', async () => {
    const data = tempDir();
    const first = start(data);
    await first.up();

    const second = start(data);
    expect(await second.exited).not.toBe(0);
    expect(second.out.stderr).toContain(data);
    expect(second.out.stderr).toContain(`PID ${first.child.pid}`);
    expect(second.out.stderr).toContain(`kill ${first.child.pid}`);
    expect(second.out.stderr).toContain('DATA_DIR');
    expect(second.out.stdout).not.toContain('沙盒已启动');
    // The refused process touched nothing of the running one's.
    expect(JSON.parse(readFileSync(join(data, LOCK_FILE), 'utf8')).pid).toBe(first.child.pid);

    // Killed outright: no shutdown ran, the lock stays behind with a PID that is gone.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(data, LOCK_FILE))).toBe(true);

    const third = start(data);
    await third.up();
    expect(third.out.stdout).toContain('took over the lock');
    expect(third.out.stdout).toContain(`"stalePid":${first.child.pid}`);
    expect(JSON.parse(readFileSync(join(data, LOCK_FILE), 'utf8')).pid).toBe(third.child.pid);

    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(existsSync(join(data, LOCK_FILE))).toBe(false);
  });
});

describe('the lock file', () => {
  it('is refused, not taken over, when it was written on another machine (its PID cannot be checked there)', () => {
    const data = tempDir();
    const other = { pid: 1, host: 'another-machine', startedAt: '2026-11-21T01:00:00.000Z' };
    writeFileSync(join(data, LOCK_FILE), JSON.stringify(other));
    const err = (() => {
      try {
        lockDataDir(data);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain('another-machine');
    expect((err as Error).message).toContain(join(data, LOCK_FILE));
    expect(JSON.parse(readFileSync(join(data, LOCK_FILE), 'utf8'))).toEqual(other);
  });

  it('is refused a second time in the same process, and can be taken again once released', () => {
    const data = tempDir();
    const lock = lockDataDir(data);
    expect(() => lockDataDir(data)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lockDataDir(data).release();
  });
});
