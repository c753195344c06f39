// The whole bot (startServiceBot, as `npm start` runs it with a puppet-service
// configuration) against a local PuppetServer wrapping a seeded mock, over real gRPC on
// 127.0.0.1 without TLS.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { startServiceBot } from '../bot/start.ts';
import { loginBot } from '../bot/channels/sandbox.ts';
import { readLog } from '../store/log.ts';
import { testConfig } from './helpers.ts';
import { startLocalPuppetService, type LocalPuppetService } from './puppet-server.ts';

let service: LocalPuppetService;
let running: Awaited<ReturnType<typeof startServiceBot>>;
let dataDir: string;

beforeAll(async () => {
  service = await startLocalPuppetService();
  const config = testConfig({
    WECHATY_PUPPET_SERVICE_ENDPOINT: service.endpoint, WECHATY_PUPPET_SERVICE_TOKEN: service.token,
    WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true', OWNER_IDS: service.world.ids.owner, DM_QUIET_HOURS: 'off', WEB_PORT: '0',
  });
  dataDir = config.DATA_DIR;
  running = await startServiceBot(config, silentLogger());
});

afterAll(async () => {
  await running?.stop();
  await service?.stop();
});

const botSays = () => service.driver.timeline().filter((e) => e.fromBot);

describe('the bot over wechaty-puppet-service', () => {
  it('answers the owner’s /状态 in a group, with an @mention', async () => {
    const { ids } = service.world;
    await service.driver.say(ids.owner, ids.groups['幸福里1群']!, '@邻里小助手 /状态');
    await vi.waitFor(() => expect(botSays()).toHaveLength(1), { timeout: 10_000 });
    const reply = botSays()[0]!;
    expect(reply.chat).toBe(ids.groups['幸福里1群']);
    expect(reply.text).toMatch(/^@团长老赵 群 \d+ 个/);
    expect(reply.text).toContain('待发消息');
    const onServer = [...service.world.mocker.cacheMessagePayload.values()].at(-1)!;
    expect(onServer).toMatchObject({ mentionIdList: [ids.owner] });
  });

  it('answers a resident’s DM by DM, without owner commands', async () => {
    const { ids } = service.world;
    const wang = ids.residents['王阿姨']!;
    await service.driver.say(wang, null, '/help');
    await vi.waitFor(() => expect(botSays()).toHaveLength(2), { timeout: 10_000 });
    expect(botSays()[1]).toMatchObject({ chat: `dm:${wang}`, text: expect.stringContaining('我能帮你做这些') });
    expect(botSays()[1]!.text).not.toContain('/状态');
  });

  it('records a room-join with its inviter in the store and the behaviour log', async () => {
    const { ids } = service.world;
    const group2 = ids.groups['幸福里2群']!;
    const xiaoli = ids.residents['小李']!;
    await service.driver.addMember(group2, xiaoli, ids.residents['陈姐']!);
    const store = running.linli.services.store;
    await vi.waitFor(() => expect(store.data.members[xiaoli]?.groups).toEqual([group2]), { timeout: 10_000 });
    await store.flush();
    const joins = [];
    for await (const e of readLog<{ kind: string }>(path.join(dataDir, 'events.jsonl'))) if (e.kind === 'join') joins.push(e);
    expect(joins).toEqual([expect.objectContaining({ member: { id: xiaoli, name: '小李', no: store.data.members[xiaoli]!.no }, inviter: { id: ids.residents['陈姐'], name: '陈姐', no: store.data.members[ids.residents['陈姐']!]!.no } })]);
    // The log names each member with their registry number (the profile builder's key).
    expect(store.data.members[xiaoli]!.no).toEqual(expect.any(Number));
  });

  it('sends the owner the 接龙 pick list as files over the service', async () => {
    const { ids } = service.world;
    const group1 = ids.groups['幸福里1群']!;
    const before = botSays().length;
    await service.driver.say(ids.owner, group1, '/接龙 开 周日大米团 大米');
    await service.driver.say(ids.residents['王阿姨']!, group1, '+2 3-501');
    await service.driver.say(ids.owner, null, '/接龙 导出');
    await vi.waitFor(() => expect(botSays().filter((e) => e.text.startsWith('[文件]'))).toHaveLength(2), { timeout: 15_000 });
    const toOwner = botSays().slice(before).filter((e) => e.chat === `dm:${ids.owner}`).map((e) => e.text);
    expect(toOwner).toEqual([
      // Opened without a cut-off: the owner hears how to close it.
      expect.stringContaining('「周日大米团」没有截止时间'),
      expect.stringContaining('「周日大米团」配货单（幸福里1群）：1人，1行'),
      expect.stringMatching(/^\[文件\] \d{4}-\d{2}-\d{2}-周日大米团-配货单\.xlsx$/),
      expect.stringMatching(/^\[文件\] \d{4}-\d{2}-\d{2}-周日大米团-配货单\.csv$/),
    ]);
  });

  it('serves /healthz; while the account is logged out it says so (503) and sends wait, then go once it is back', async () => {
    const { ids } = service.world;
    const health = async () => {
      const res = await fetch(`${running.url}/healthz`);
      return { status: res.status, body: (await res.json()) as { status: string; channel: { state: string }; outbox: { waiting: number } } };
    };
    const up = await health();
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', channel: { state: 'logged-in' }, outbox: { waiting: 0 } } });

    await service.world.puppet.logout('在手机上退出了登录');
    await vi.waitFor(async () => expect((await health()).status).toBe(503), { timeout: 10_000 });
    const before = botSays().length;
    const chen = { id: ids.residents['陈姐']!, name: '陈姐' };
    running.linli.services.outbox.enqueue({ key: 'healthz-test:1', to: { kind: 'dm', member: chen }, text: '陈姐，鸡蛋到了', purpose: 'reply' });
    await vi.waitFor(async () => expect(await health()).toMatchObject({ body: { status: 'down', channel: { state: 'logged-out' }, outbox: { waiting: 1 } } }), { timeout: 10_000 });
    expect(running.linli.services.store.data.outbox.find((i) => i.key === 'healthz-test:1')).toMatchObject({ state: 'pending', attempts: 0 });

    loginBot(service.world);
    await vi.waitFor(() => expect(botSays().slice(before)).toEqual([expect.objectContaining({ chat: `dm:${chen.id}`, text: '陈姐，鸡蛋到了' })]), { timeout: 10_000 });
    expect(await health()).toMatchObject({ status: 200, body: { channel: { state: 'logged-in' }, outbox: { waiting: 0 } } });
  });
});
