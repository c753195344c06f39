// Issue 14 "Hardened", owner by name: on a real account (WeCom or a puppet service) OWNER_IDS
// holds ids, a display name there stops start-up unless ALLOW_OWNER_NAMES=true (then warned
// at every start), and the owner is recognised by id only, so taking the owner's name (or
// calling oneself by the owner's id) gives no rights. The sandbox keeps matching names.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, looksLikeId, startupWarnings } from '../bot/config.ts';
import { createLogger } from '../bot/logger.ts';
import { startWecomBot, type Running } from '../bot/start.ts';
import { dmText, tempDir, testBot, configError } from './helpers.ts';
import { WECOM_ENV } from './wecom-sign.ts';

const REFUSED = '只有团长可以使用';
/** The first line of /状态's answer. */
const STATUS = /群 \d+ 个，认识的成员/;
const PUPPET = { WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:9', WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_x' };

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});


/** What the bot answers `text` from this member in a DM. */
async function answer(env: Record<string, string>, from: { id: string; name: string }, text: string): Promise<string> {
  const { linli, clock, channel } = await testBot(env);
  await linli.handle(dmText(from, text, clock.now()));
  await linli.services.outbox.drain();
  await linli.close();
  return channel.sent.map((m) => m.text).join('\n');
}

describe('OWNER_IDS holds ids on a real account', () => {
  it.each([
    ['WeCom', WECOM_ENV, '老赵'],
    ['a puppet service', PUPPET, 'wxid_laozhao,赵 老板'],
    ['a puppet service, an emoji name', PUPPET, '🍎水果店'],
  ])('stops start-up on %s when an entry looks like a display name, and says why', (_, env, owners) => {
    const message = configError({ ...env, OWNER_IDS: owners });
    expect(message).toContain('OWNER_IDS');
    expect(message).toContain('像是昵称');
    expect(message).toContain('ALLOW_OWNER_NAMES=true');
    expect(message).not.toContain('insecure_x');
  });

  it('takes ids as they are written on each platform', () => {
    for (const id of ['wxid_laozhao', 'laozhao', 'ZhaoLaoBan', 'zhang.san@shop', 'wmAbCdEf0123456789', '@8f3a9c', '1688850000000001']) {
      expect(looksLikeId(id)).toBe(true);
    }
    for (const name of ['老赵', 'Tom Lee', '赵老板🍎', '']) expect(looksLikeId(name)).toBe(false);
    expect(loadConfig({ ...WECOM_ENV, OWNER_IDS: 'laozhao,wmAbCdEf0123456789' }).OWNER_IDS).toEqual(['laozhao', 'wmAbCdEf0123456789']);
  });

  it('lets the sandbox use names, without a warning', () => {
    const config = loadConfig({ OWNER_IDS: '老赵' });
    expect(config.OWNER_IDS).toEqual(['老赵']);
    expect(startupWarnings(config)).toEqual([]);
  });

  it('with ALLOW_OWNER_NAMES=true, starts and warns at every start', async () => {
    const config = loadConfig({ ...WECOM_ENV, OWNER_IDS: '老赵', ALLOW_OWNER_NAMES: 'true', DATA_DIR: tempDir(), WEB_PORT: '0' });
    expect(startupWarnings(config).join('\n')).toContain('老赵');
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) });
    for (let start = 0; start < 2; start++) {
      running = await startWecomBot(config, createLogger('warn', sink));
      await running.stop();
      running = undefined;
    }
    const warned = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.msg.includes('ALLOW_OWNER_NAMES'));
    expect(warned).toHaveLength(2);
    expect(warned[0]!.level).toBe(40);
  });
});

describe('the owner is recognised by id only outside the sandbox', () => {
  it('on WeCom, someone whose name is the owner\'s userid gets no owner command', async () => {
    const impostor = { id: 'wmImpostor0000001', name: 'laozhao' };
    expect(await answer(WECOM_ENV, impostor, '/状态')).toContain(REFUSED);
    expect(await answer(WECOM_ENV, { id: 'laozhao', name: '老赵' }, '/状态')).toMatch(STATUS);
  });

  it('on a puppet service, neither the owner\'s id as a name nor an allowed name does it', async () => {
    const env = { ...PUPPET, OWNER_IDS: 'wxid_laozhao' };
    expect(await answer(env, { id: 'wxid_evil', name: 'wxid_laozhao' }, '/状态')).toContain(REFUSED);
    expect(await answer(env, { id: 'wxid_laozhao', name: '换了昵称' }, '/状态')).toMatch(STATUS);
  });

  it('matches names in the sandbox, and on a real account only with ALLOW_OWNER_NAMES=true', async () => {
    const namedOwner = { id: 'wxid_someone', name: '老赵' };
    expect(await answer({ OWNER_IDS: '老赵' }, namedOwner, '/状态')).toMatch(STATUS);
    expect(await answer({ ...PUPPET, OWNER_IDS: '老赵', ALLOW_OWNER_NAMES: 'true' }, namedOwner, '/状态')).toMatch(STATUS);
  });
});
