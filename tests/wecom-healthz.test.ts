// /healthz on a WeCom bot: for process supervisors, no secrets in it.

import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import { startWecomBot, type Running } from '../bot/start.ts';
import { tempDir } from './helpers.ts';
import { WECOM_ENV } from './wecom-sign.ts';

let running: (Running & { url: string }) | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

it('a WeCom bot serves /healthz: up, with the backlog, and nothing secret', async () => {
  const config = loadConfig({ ...WECOM_ENV, DATA_DIR: tempDir(), WEB_PORT: '0' });
  running = await startWecomBot(config, silentLogger());
  const res = await fetch(`${running.url}/healthz`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { status: string; channel: { name: string; state: string } };
  expect(body).toMatchObject({ status: 'ok', channel: { name: 'wecom', state: 'logged-in' } });
  const text = JSON.stringify(body);
  for (const secret of Object.values(WECOM_ENV).filter((v) => v.length > 8)) expect(text).not.toContain(secret);
});
