// Issue 14 "Hardened", the sandbox page: it has no accounts (whoever reaches it is the owner
// and /api/state holds every DM), so it is served on 127.0.0.1 unless SANDBOX_PUBLIC=true,
// answers only requests addressed to localhost / 127.0.0.1 / [::1] or the configured public
// host (no DNS rebinding), and when public, the page and /api/* wait for a sign-in.

import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxDriver } from '../bot/channels/sandbox-driver.ts';
import { ConfigError, loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import { startSandboxBot, type RunningSandbox } from '../bot/start.ts';
import { createWebApp } from '../bot/web/app.ts';
import { serveWeb, type WebServer } from '../bot/web/serve.ts';
import { tempDir, configError } from './helpers.ts';
import { WECOM_ENV } from './wecom-sign.ts';

const TOKEN = 'correct-horse-battery-staple-42';

/** A sandbox with one private DM in it: what a stranger must not read. */
const driver: SandboxDriver = {
  botName: () => '邻里小助手',
  people: () => [{ id: 'zhao', name: '老赵', isOwner: true }, { id: 'wang', name: '王阿姨', isOwner: false }],
  groups: () => [{ id: 'g1', name: '幸福里1群', memberIds: ['zhao', 'wang'] }],
  say: async () => {},
  timeline: () => [{ seq: 1, at: 0, chat: 'dm:wang', fromId: 'wang', fromName: '王阿姨', text: '我家门锁密码是 1234', fromBot: false }],
  onEntry: () => () => {},
  now: () => 0,
  advance: async () => {},
};

let server: WebServer | undefined;
let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await server?.close();
  await sandbox?.stop();
  server = sandbox = undefined;
});


/** A GET over real HTTP with the Host header a browser would send for that name. */
function get(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox page: where it is served', () => {
  it('refuses to serve the sandbox beyond this machine unless SANDBOX_PUBLIC=true, with a token', () => {
    expect(configError({ WEB_HOST: '0.0.0.0' })).toMatch(/WEB_HOST="0\.0\.0\.0".*SANDBOX_PUBLIC=true/s);
    expect(configError({ WEB_HOST: '192.168.1.20' })).toContain('127.0.0.1');
    expect(configError({ WEB_HOST: '0.0.0.0', SANDBOX_PUBLIC: 'true', SANDBOX_PUBLIC_HOST: '192.168.1.20' })).toContain('SANDBOX_TOKEN');
    const short = configError({ WEB_HOST: '0.0.0.0', SANDBOX_PUBLIC: 'true', SANDBOX_PUBLIC_HOST: '192.168.1.20', SANDBOX_TOKEN: 'short-secret' });
    expect(short).toContain('至少 16');
    expect(short).not.toContain('short-secret');
    expect(configError({ WEB_HOST: '0.0.0.0', SANDBOX_PUBLIC: 'true', SANDBOX_TOKEN: TOKEN })).toContain('SANDBOX_PUBLIC_HOST');
  });

  it('accepts this machine, a public page with its token and host, and WeCom callbacks on 0.0.0.0', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(loadConfig({ WEB_HOST: host }).WEB_HOST).toBe(host);
    const open = loadConfig({ WEB_HOST: '0.0.0.0', SANDBOX_PUBLIC: 'true', SANDBOX_TOKEN: TOKEN, SANDBOX_PUBLIC_HOST: '192.168.1.20,linli.lan' });
    expect(open.SANDBOX_PUBLIC_HOST).toEqual(['192.168.1.20', 'linli.lan']);
    // No sandbox page there: the callbacks are signed.
    expect(loadConfig({ ...WECOM_ENV, WEB_HOST: '0.0.0.0' }).WEB_HOST).toBe('0.0.0.0');
  });

  it('listens on 127.0.0.1 even when handed WEB_HOST=0.0.0.0 without SANDBOX_PUBLIC', async () => {
    const lan = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const config = { ...loadConfig({ DATA_DIR: tempDir(), LOG_LEVEL: 'silent', WEB_PORT: '0' }), WEB_HOST: '0.0.0.0' };
    sandbox = await startSandboxBot(config, silentLogger());
    const port = new URL(sandbox.url).port;
    expect((await get(sandbox.url, '/api/state', `127.0.0.1:${port}`)).status).toBe(200);
    if (lan) await expect(get(`http://${lan}:${port}`, '/api/state', `${lan}:${port}`)).rejects.toThrow(/ECONNREFUSED/);
  }, 20_000);
});

describe('sandbox page: Host check (DNS rebinding)', () => {
  it('answers only requests addressed to this machine', async () => {
    server = await serveWeb(createWebApp(driver), { host: '127.0.0.1', port: 0 });
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await get(server.url, '/api/state', host)).status, host).toBe(200);
    }
    for (const host of [`rebind.attacker.example:${port}`, '127.0.0.1.attacker.example', `192.168.1.20:${port}`]) {
      const res = await get(server.url, '/api/state', host);
      expect(res.status, host).toBe(403);
      expect(res.body).not.toContain('门锁');
    }
  });

  it('also answers the configured public host, and still no other', async () => {
    const app = createWebApp(driver, silentLogger(), { hosts: ['192.168.1.20', 'Linli.LAN'] });
    const status = async (host: string) => (await app.request('/api/state', { headers: { host } })).status;
    expect(await status('192.168.1.20:8787')).toBe(200);
    expect(await status('linli.lan')).toBe(200);
    expect(await status('evil.example')).toBe(403);
  });
});

describe('sandbox page: sign-in when public', () => {
  const app = () => createWebApp(driver, silentLogger(), { hosts: ['192.168.1.20'], token: TOKEN });
  const lan = { host: '192.168.1.20:8787' };

  it('keeps /api/* and the page closed without signing in', async () => {
    const a = app();
    for (const path of ['/api/state', '/api/events']) {
      const res = await a.request(path, { headers: lan });
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain('门锁');
    }
    const say = await a.request('/api/say', { method: 'POST', headers: { ...lan, 'content-type': 'application/json' }, body: JSON.stringify({ from: 'zhao', group: 'g1', text: '/help' }) });
    expect(say.status).toBe(401);
    const page = await a.request('/', { headers: lan });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin');
    expect(await (await a.request('/signin', { headers: lan })).text()).toContain('SANDBOX_TOKEN');
    expect((await a.request('/api/state', { headers: { ...lan, authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
  });

  it('refuses a wrong token and signs in with the right one (an HttpOnly, SameSite cookie)', async () => {
    const a = app();
    const signIn = (token: string) => a.request('/signin', {
      method: 'POST', headers: { ...lan, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString(),
    });
    const wrong = await signIn(TOKEN.slice(0, -1));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await signIn(TOKEN);
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0]!;
    const state = await a.request('/api/state', { headers: { ...lan, cookie: session } });
    expect(state.status).toBe(200);
    expect(await state.text()).toContain('门锁');
    expect((await a.request('/', { headers: { ...lan, cookie: session } })).status).toBe(200);
    // Scripts may send the token itself.
    expect((await a.request('/api/state', { headers: { ...lan, authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('keeps the Host check in front of the sign-in', async () => {
    const res = await app().request('/api/state', { headers: { host: 'rebind.attacker.example', authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(403);
  });

  it('refuses a body far bigger than anything the page sends, before reading it', async () => {
    const res = await app().request('/signin', {
      method: 'POST', headers: { ...lan, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024) },
      body: 'token='.padEnd(10 * 1024 * 1024, 'x'),
    });
    expect(res.status).toBe(413);
  });

  it('serves a public sandbox started from the configuration behind the sign-in', async () => {
    const config = loadConfig({
      DATA_DIR: tempDir(), LOG_LEVEL: 'silent', WEB_PORT: '0', WEB_HOST: '127.0.0.1',
      SANDBOX_PUBLIC: 'true', SANDBOX_TOKEN: TOKEN, SANDBOX_PUBLIC_HOST: 'linli.lan',
    });
    sandbox = await startSandboxBot(config, silentLogger());
    const port = new URL(sandbox.url).port;
    expect((await get(sandbox.url, '/api/state', `linli.lan:${port}`)).status).toBe(401);
    expect((await get(sandbox.url, '/api/state', `evil.example:${port}`)).status).toBe(403);
  }, 20_000);
});
