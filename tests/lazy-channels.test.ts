// Issue 20: a channel's code is loaded only when that channel starts. A WeCom-only shop must not
// pay for wechaty (seconds and tens of MB at start-up); the sandbox must not load the WeCom code.
// Checked on the real `npm start` in a child process, with every module it loads recorded by a
// load hook (tests/module-log.mjs); each case also checks that the hook saw the channel it did
// load, so an empty record cannot pass for a lazy one.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers.ts';
import { WECOM_ENV } from './wecom-sign.ts';

const MAIN = join(process.cwd(), 'bot', 'main.ts');
const MODULE_LOG = join(process.cwd(), 'tests', 'module-log.mjs');
const WECHATY = /\/node_modules\/wechaty(-[a-z-]+)?\//;
const WECOM_CODE = /\/bot\/channels\/wecom\//;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Starts `bot/main.ts` as `npm start` does (under tsx), waits for `printed`, stops it; what it loaded. */
async function modulesLoaded(env: Record<string, string>, printed: RegExp): Promise<string[]> {
  const home = tempDir('linli-home-');
  const log = join(home, 'modules.txt');
  child = spawn(process.execPath, ['--import', 'tsx', '--import', MODULE_LOG, MAIN], {
    env: { ...process.env, HOME: home, DATA_DIR: tempDir(), LOG_LEVEL: 'warn', WEB_PORT: '0', LINLI_MODULE_LOG: log, ...env },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((r) => child!.on('exit', r));
  await vi.waitFor(() => {
    if (!printed.test(out.stdout)) throw new Error(`no address yet: ${out.stdout} ${out.stderr}`);
  }, { timeout: 20_000, interval: 50 });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(log)).toBe(true);
  return readFileSync(log, 'utf8').trim().split('\n');
}

describe('channel code is loaded only for the channel that starts', () => {
  it('a WeCom-only start serves its callbacks without loading wechaty or any wechaty-puppet', async () => {
    const modules = await modulesLoaded(
      { ...WECOM_ENV, WECOM_SECRET: 'unused-secret', WECOM_API_BASE: 'http://127.0.0.1:9' },
      /企业微信回调已启动：http:\/\/127\.0\.0\.1:\d+\/wecom\/callback/,
    );
    // The record is real: it holds the WeCom channel and the packages it runs on.
    expect(modules.some((m) => WECOM_CODE.test(m))).toBe(true);
    expect(modules.some((m) => /\/node_modules\/hono\//.test(m))).toBe(true);
    expect(modules.filter((m) => WECHATY.test(m))).toEqual([]);
    expect(modules.filter((m) => /\/bot\/channels\/(wechaty|sandbox)\.ts$/.test(m))).toEqual([]);
  }, 40_000);

  it('the sandbox loads wechaty and its mock puppet, and not the WeCom channel', async () => {
    const modules = await modulesLoaded({}, /沙盒已启动：http:\/\/127\.0\.0\.1:\d+/);
    expect(modules.some((m) => /\/node_modules\/wechaty\//.test(m))).toBe(true);
    expect(modules.some((m) => /\/node_modules\/wechaty-puppet-mock\//.test(m))).toBe(true);
    expect(modules.filter((m) => WECOM_CODE.test(m) && !/\/wecom\/state\.ts$/.test(m))).toEqual([]);
  }, 40_000);
});
