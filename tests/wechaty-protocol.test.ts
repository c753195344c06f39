// The Wechaty adapter over the real puppet-service protocol: a PuppetServer wraps a mock
// puppet seeded with the demo shop on 127.0.0.1, and the client built by
// buildServiceWechaty talks to it over gRPC without TLS, like a tiny bot would.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxControls, SandboxWorld } from '../bot/channels/sandbox.ts';
import { attachWechaty, buildServiceWechaty, type WechatyChannel, type WechatyInterface } from '../bot/channels/wechaty.ts';
import { silentLogger } from '../bot/logger.ts';
import type { InboundEvent } from '../bot/types.ts';
import { startLocalPuppetService, type LocalPuppetService } from './puppet-server.ts';

const START = Date.UTC(2025, 4, 20, 12, 0);
let now = START;
const clock = { now: () => now };

let service: LocalPuppetService;
let world: SandboxWorld;
let driver: SandboxControls;
let bot: WechatyInterface;
let channel: WechatyChannel;
const events: InboundEvent[] = [];
const WATCHDOG_SECONDS = 2;
let logouts = 0;

beforeAll(async () => {
  service = await startLocalPuppetService(clock);
  ({ world, driver } = service);
  const { endpoint, token } = service;

  // A short watchdog, so the keepalive is tested in seconds rather than minutes.
  bot = buildServiceWechaty({ endpoint, token, noTlsInsecureClient: true, timeoutSeconds: WATCHDOG_SECONDS });
  bot.on('logout', () => void logouts++);
  channel = attachWechaty(bot, {
    clock,
    log: silentLogger(),
    onEvent: async (event) => {
      events.push(event);
      if (event.kind !== 'text') return;
      if (event.group) {
        await channel.send({ key: `reply:${event.id}`, to: { kind: 'group', group: event.group }, text: '收到', mentions: [event.from] });
      } else {
        await channel.send({ key: `reply:${event.id}`, to: { kind: 'dm', member: event.from }, text: '好的，稍后回复您', mentions: [] });
      }
    },
  });
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  await bot.start();
  await loggedIn;
  await bot.ready();
});

afterAll(async () => {
  await bot?.stop();
  await service?.stop();
});

function serverMessages(): Array<{ id: string; text?: string; mentionIdList?: string[] }> {
  return [...world.mocker.cacheMessagePayload.values()].map((payload) => ({
    id: payload.id,
    text: payload.text,
    ...('mentionIdList' in payload ? { mentionIdList: payload.mentionIdList } : {}),
  }));
}

describe('wechaty channel over wechaty-puppet-service (gRPC on 127.0.0.1)', () => {
  it('receives a group message and its @mention reply reaches the server', async () => {
    const { ids } = world;
    const group1 = ids.groups['幸福里1群']!;
    const wang = ids.residents['王阿姨']!;
    now = START + 1_000;
    await driver.say(wang, group1, '@邻里小助手 明天有土鸡蛋吗？');

    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({
      kind: 'text',
      at: START + 1_000,
      group: { id: group1, name: '幸福里1群' },
      from: { id: wang, name: '王阿姨', groupAlias: '3栋王阿姨' },
      text: '@邻里小助手 明天有土鸡蛋吗？',
      mentionsBot: true,
      mentions: [],
    });

    await vi.waitFor(() => expect(driver.timeline().at(-1)).toMatchObject({
      chat: group1, fromId: ids.bot, fromBot: true, text: '@3栋王阿姨 收到',
    }));
    expect(serverMessages().at(-1)).toMatchObject({ text: '@3栋王阿姨 收到', mentionIdList: [wang] });
  });

  it('answers a DM by DM', async () => {
    const { ids } = world;
    const chen = ids.residents['陈姐']!;
    now = START + 2_000;
    await driver.say(chen, null, '请问今天几点截单？');

    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[1]).toMatchObject({ kind: 'text', at: START + 2_000, from: { id: chen, name: '陈姐' }, mentionsBot: false });
    expect(events[1]!.group).toBeUndefined();
    await vi.waitFor(() => expect(driver.timeline().at(-1)).toMatchObject({
      chat: `dm:${chen}`, fromId: ids.bot, fromBot: true, text: '好的，稍后回复您',
    }));
  });

  it('delivers a link card with its title and url', async () => {
    const { ids } = world;
    now = START + 3_000;
    await driver.shareLink(ids.residents['黄姐']!, ids.groups['幸福里2群']!, {
      title: '周末直播预告：东北大米专场', url: 'https://example.com/live/rice',
    });
    await vi.waitFor(() => expect(events).toHaveLength(3));
    expect(events[2]).toMatchObject({
      kind: 'share', at: START + 3_000,
      from: { id: ids.residents['黄姐'], groupAlias: '12栋黄姐' },
      card: { type: 'link', title: '周末直播预告：东北大米专场', url: 'https://example.com/live/rice' },
    });
  });

  it('turns a room-join with an inviter into a join event', async () => {
    const { ids } = world;
    const group2 = ids.groups['幸福里2群']!;
    now = START + 4_000;
    await driver.addMember(group2, ids.residents['小李']!, ids.residents['陈姐']!);

    await vi.waitFor(() => expect(events).toHaveLength(4));
    expect(events[3]).toEqual({
      kind: 'join',
      id: `join:${group2}:${ids.residents['小李']}:${START + 4_000}`,
      at: START + 4_000,
      group: { id: group2, name: '幸福里2群' },
      member: { id: ids.residents['小李'], name: '小李' },
      inviter: { id: ids.residents['陈姐'], name: '陈姐' },
    });
  });

  it('stays connected through a quiet spell longer than the watchdog timeout', async () => {
    await new Promise((resolve) => setTimeout(resolve, WATCHDOG_SECONDS * 1000 * 1.5));
    expect(logouts).toBe(0);
    expect(bot.isLoggedIn).toBe(true);

    const { ids } = world;
    const count = events.length;
    await driver.say(ids.residents['吴叔']!, ids.groups['幸福里2群']!, '签到');
    await vi.waitFor(() => expect(events).toHaveLength(count + 1));
    await vi.waitFor(() => expect(driver.timeline().at(-1)).toMatchObject({ fromBot: true, text: '@吴叔 收到' }));
  });
});
