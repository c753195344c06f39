// `npm start` as a newcomer runs it: the sandbox comes up, prints its address, the page
// talks to the bot, and SIGTERM leaves data files that load again.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../store/db.ts';
import { outboxOnDisk, tempDir } from './helpers.ts';
import { seal, WECOM_ENV } from './wecom-sign.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'bot', 'main.ts');
let child: ChildProcessWithoutNullStreams | undefined;

function start(env: Record<string, string>) {
  const home = tempDir('linli-home-');
  child = spawn(TSX, [MAIN], { env: { ...process.env, HOME: home, LOG_LEVEL: 'warn', WEB_PORT: '0', ...env } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((r) => child!.on('exit', r));
  return { out, exited };
}

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('npm start (sandbox)', () => {
  it('prints the page address, answers /help from the owner, and shuts down cleanly', async () => {
    const data = tempDir();
    const started = Date.now();
    const { out, exited } = start({ DATA_DIR: data });
    const url = await vi.waitFor(() => {
      const m = /沙盒已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout);
      if (!m) throw new Error(`no address yet: ${out.stdout} ${out.stderr}`);
      return m[1]!;
    }, { timeout: 15_000, interval: 50 });
    console.log(`sandbox address printed after ${Date.now() - started} ms`);

    const state = await (await fetch(`${url}/api/state`)).json();
    const owner = state.people.find((p: { isOwner: boolean }) => p.isOwner);
    const group = state.groups[0];
    const say = await fetch(`${url}/api/say`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: owner.id, group: group.id, text: '/help' }),
    });
    expect(say.status).toBe(200);
    // In a group: one short line there, the owner's list by DM.
    const [reply, dm] = await vi.waitFor(async () => {
      const s = await (await fetch(`${url}/api/state`)).json();
      const r = s.timeline.filter((e: { fromBot: boolean }) => e.fromBot);
      if (r.length < 2) throw new Error('no reply yet');
      return r;
    }, { timeout: 10_000, interval: 100 });
    expect(reply.chat).toBe(group.id);
    expect(reply.text).toContain('我把你能用的说明私信发你啦～');
    expect(reply.text).not.toContain('团长命令');
    expect(dm.chat).toBe(`dm:${owner.id}`);
    expect(dm.text).toContain('团长命令');

    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    const store = await Store.open(data);
    expect(store.data.members[owner.id]?.name).toBe(owner.name);
    // Nothing left waiting in state.json; the answer is in the outbox's history.
    expect(store.data.outbox).toEqual([]);
    expect(outboxOnDisk(data).map((i) => i.state)).toEqual(['sent', 'sent']);
    await store.close();
  });

  it('stops with the file name and the problem when a data file is corrupt, and leaves it alone', async () => {
    const data = tempDir();
    writeFileSync(join(data, 'state.json'), '{"schemaVersion":1,');
    const { out, exited } = start({ DATA_DIR: data });
    expect(await exited).toBe(1);
    expect(out.stderr).toContain(join(data, 'state.json'));
    expect(out.stderr).toContain('不是有效的 JSON');
  });

  it('refuses a puppet-service token without an endpoint', async () => {
    const { out, exited } = start({ DATA_DIR: tempDir(), WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_abc' });
    expect(await exited).toBe(1);
    expect(out.stderr).toContain('WECHATY_PUPPET_SERVICE_ENDPOINT');
    expect(out.stderr).not.toContain('insecure_abc');
  });

  it('serves the WeCom callback URLs when WeCom is configured, and stops cleanly', async () => {
    const { out, exited } = start({ DATA_DIR: tempDir(), ...WECOM_ENV, WECOM_SECRET: 'unused-secret', WECOM_API_BASE: 'http://127.0.0.1:9' });
    const url = await vi.waitFor(() => {
      const m = /企业微信回调已启动：(http:\/\/127\.0\.0\.1:\d+)\/wecom\/callback/.exec(out.stdout);
      if (!m) throw new Error(`no address yet: ${out.stdout} ${out.stderr}`);
      return m[1]!;
    }, { timeout: 15_000, interval: 50 });
    expect(out.stdout).toContain('/wecom/aibot');
    const { encrypted, query } = seal('hello-wecom', Date.now());
    const res = await fetch(`${url}/wecom/callback?${query}&echostr=${encodeURIComponent(encrypted)}`);
    expect(await res.text()).toBe('hello-wecom');
    expect((await fetch(`${url}/wecom/callback?${query}&echostr=${encodeURIComponent(encrypted)}`)).status).toBe(403);
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.stdout + out.stderr).not.toContain('unused-secret');
  });
});
