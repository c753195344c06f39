// Issue 14, item 9: an outage must not lose messages. While the Wechaty account is logged out
// or disconnected, sends wait (SendLater) without using up attempts; when it is back they go
// in order, except what waited too long to be worth sending (bot/expiry.ts), and the owner is
// told: by the alert webhook (a WeCom group robot) while it lasts, by DM when it is over.
// Driven on wechaty-puppet-mock: the puppet is logged out, stopped, and logged back in.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as PUPPET from 'wechaty-puppet';
import { createAlert } from '../bot/alert.ts';
import { createLinli, type Linli } from '../bot/app.ts';
import { createSandboxDriver, loginBot, startSandbox, type Sandbox } from '../bot/channels/sandbox.ts';
import { attachWechaty, type WechatyChannel } from '../bot/channels/wechaty.ts';
import { healthApp, wechatyHealth } from '../bot/healthz.ts';
import { createLogger, silentLogger } from '../bot/logger.ts';
import { watchOutages, watchOutagesFromConfig, type OutageSummary, type OutageWatch } from '../bot/outage.ts';
import { SendLater } from '../bot/send-later.ts';
import { startSandboxBot } from '../bot/start.ts';
import type { GroupRef, MemberRef, OutboundMessage } from '../bot/types.ts';
import { logGroupRoster } from '../bot/behaviour.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { dmText, groupText, testConfig } from './helpers.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const MONDAY_10 = at('2026-11-23T10:00:00');
const EXAMPLE_CATALOG = new URL('../store/catalog.example.json', import.meta.url).pathname;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

beforeAll(() => {
  PUPPET.log.level('silent');
});

/** A local stand-in for a WeCom group robot: records what is posted, answers errcode 0. */
async function robot(): Promise<{ url: string; texts: string[] }> {
  const texts: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const json = JSON.parse(body) as { msgtype: string; text: { content: string } };
      expect(json.msgtype).toBe('text');
      texts.push(json.text.content);
      res.setHeader('content-type', 'application/json');
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test-robot-key`, texts };
}

async function sandboxChannel(clock: { now(): number }) {
  const sandbox = await startSandbox({ log: silentLogger() });
  const channel = attachWechaty(sandbox.bot, { clock, log: silentLogger(), onEvent: async () => {} });
  cleanups.push(() => sandbox.stop());
  return { sandbox, channel };
}

const logOut = async (sandbox: Sandbox, channel: WechatyChannel) => {
  await sandbox.puppet.logout('在手机上退出了登录');
  await vi.waitFor(() => expect(channel.status().state).toBe('logged-out'));
};
const logIn = async (sandbox: Sandbox, channel: WechatyChannel) => {
  loginBot(sandbox);
  await vi.waitFor(() => expect(channel.status().state).toBe('logged-in'));
};

describe('the Wechaty channel while the account is down', () => {
  it('answers "not now" (SendLater) while logged out or disconnected, and sends again once logged in', async () => {
    const clock = new ManualClock(MONDAY_10);
    const { sandbox, channel } = await sandboxChannel(clock);
    const chen: MemberRef = { id: sandbox.ids.residents['陈姐']!, name: '陈姐' };
    const message = (key: string): OutboundMessage => ({ key, to: { kind: 'dm', member: chen }, text: `鸡蛋到了（${key}）`, mentions: [] });
    const states: string[] = [];
    channel.onStateChange((state, when) => states.push(`${state}@${when - MONDAY_10}`));
    expect(channel.status()).toMatchObject({ state: 'logged-in', since: MONDAY_10 });

    clock.advance(60_000);
    await logOut(sandbox, channel);
    const refused = await channel.send(message('a')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SendLater);
    expect((refused as SendLater).notBefore).toBe(clock.now() + 5 * 60_000);
    expect((refused as SendLater).message).toBe('微信没有登录，登录后再发');

    clock.advance(60_000);
    await logIn(sandbox, channel);
    await channel.send(message('b'));

    // A stopped (or reset) puppet reports a logout with wechaty-puppet's own reason: disconnected.
    clock.advance(60_000);
    await sandbox.puppet.stop();
    await vi.waitFor(() => expect(channel.status().state).toBe('disconnected'));
    await expect(channel.send(message('c'))).rejects.toThrow('与微信的连接断开了，恢复后再发');
    await sandbox.puppet.start();
    clock.advance(60_000);
    await logIn(sandbox, channel);
    await channel.send(message('d'));

    expect(states).toEqual(['logged-out@60000', 'logged-in@120000', 'disconnected@180000', 'logged-in@240000']);
    const sent = sandbox.mocker.cacheMessagePayload;
    const texts = [...sent.values()].filter((m) => m.talkerId === sandbox.ids.bot).map((m) => m.text);
    expect(texts).toEqual(['鸡蛋到了（b）', '鸡蛋到了（d）']);
    expect(channel.status()).toMatchObject({ state: 'logged-in', since: MONDAY_10 + 240_000, lastOutboundAt: MONDAY_10 + 240_000 });
  });
});

interface Shop {
  sandbox: Sandbox;
  linli: Linli;
  channel: WechatyChannel;
  clock: ManualClock;
  watch: OutageWatch;
  lines: Array<Record<string, unknown>>;
  owner: MemberRef;
  wang: MemberRef;
  group1: GroupRef;
  group2: GroupRef;
  botSays(): Array<{ chat: string; text: string; at: number }>;
}

/** The whole bot on the sandbox's Wechaty, on a manual clock, with the outage watch. */
async function shop(env: Record<string, string>): Promise<Shop> {
  const sandbox = await startSandbox({ log: silentLogger() });
  const clock = new ManualClock(MONDAY_10);
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  const config = testConfig({ OWNER_IDS: sandbox.ids.owner, DM_QUIET_HOURS: 'off', STREAM_PREVIEW_LEADS: '10m', ...env });
  const linli = await createLinli({ config, clock, log });
  linli.services.store.data.catalog = loadCatalogFile(EXAMPLE_CATALOG);
  const channel = attachWechaty(sandbox.bot, { clock, log, onEvent: async (e) => void (await linli.handle(e)) });
  linli.attach(channel);
  const watch = watchOutagesFromConfig(linli.services, channel);
  for (const { group, members } of await channel.roster()) logGroupRoster(linli.services.store, group, members, clock.now());
  const driver = createSandboxDriver(sandbox, { clock, advance: async () => {}, botName: sandbox.shop.bot.name });
  cleanups.push(async () => {
    watch.close();
    driver.close();
    await sandbox.stop();
    await linli.close();
  });
  const { ids } = sandbox;
  return {
    sandbox, linli, channel, clock, watch, lines,
    owner: { id: ids.owner, name: '老赵' },
    wang: { id: ids.residents['王阿姨']!, name: '王阿姨' },
    group1: { id: ids.groups['幸福里1群']!, name: '幸福里1群' },
    group2: { id: ids.groups['幸福里2群']!, name: '幸福里2群' },
    botSays: () => driver.timeline().filter((e) => e.fromBot).map((e) => ({ chat: e.chat, text: e.text, at: e.at })),
  };
}

const runTo = (s: Shop, t: number) => s.linli.engine.advanceTo(t, s.clock);

describe('an hour offline', () => {
  it('keeps what was due, sends it in order when back, drops what is too late, and tells the owner', async () => {
    const hook = await robot();
    const s = await shop({ ALERT_WEBHOOK_URL: hook.url, OUTAGE_ALERT_AFTER_SECONDS: '0' });
    const { linli, clock, owner, wang, group1, group2 } = s;
    const store = linli.services.store;
    const backs: OutageSummary[] = [];
    s.watch.onBack((summary) => backs.push(summary));

    // 10:00 a stream at 11:00 (a preview 10 min before, a reminder to 王阿姨), and a 接龙 that
    // closes at 10:50 with one sign-up.
    await linli.handle(dmText(owner, '/直播 新建 今天 11:00 小米专场 小米', clock.now()));
    await linli.handle(dmText(wang, '预约', clock.now()));
    await linli.handle(groupText(owner, '/接龙 开 周一鸡蛋团 鸡蛋 截止 10:50', clock.now(), group1));
    await linli.handle(groupText(wang, '+2 3-501', clock.now() + 1000, group1));
    await runTo(s, at('2026-11-23T10:29:00'));
    const before = s.botSays().length;
    expect(before).toBeGreaterThan(0);
    expect(linli.services.outbox.waiting()).toEqual([]);
    // 王阿姨 checks in, and the account goes before the answer does.
    await linli.handle(groupText(wang, '签到', clock.now(), group2));
    clock.set(at('2026-11-23T10:29:30'));
    await logOut(s.sandbox, s.channel);
    await vi.waitFor(() => expect(hook.texts).toHaveLength(1));
    expect(hook.texts[0]).toBe('【邻里小助手】微信账号退出登录了（今天 10:29起），需要重新扫码登录。这期间要发的消息先存着，恢复后按顺序补发；过了时效的（比如开播前的提醒）就不再发了。');

    // The hour passes: the check-in answer, the owner's "no link" DM, the previews and the
    // reminder at 10:50, the 接龙 totals at 10:50, the start posts at 11:00: all wait.
    await runTo(s, at('2026-11-23T11:40:00'));
    expect(s.botSays()).toHaveLength(before);
    const waiting = linli.services.outbox.waiting();
    const [g1, g2] = [group1.id, group2.id];
    expect(waiting.map((i) => i.key)).toEqual([
      expect.stringMatching(/^reply:/), `stream:1:no-link:${owner.id}`, `stream:1:preview-10:${g1}`, `stream:1:preview-10:${g2}`,
      `stream:1:reminder:${wang.id}`, `jielong-closed:${Object.keys(store.data.jielong)[0]}`, `stream:1:start:${g1}`, `stream:1:start:${g2}`,
    ]);
    // Nothing was tried for real: no attempt used up, none failed.
    expect(waiting.every((i) => i.attempts === 0 && i.state === 'pending')).toBe(true);
    expect(s.lines.filter((l) => l.msg === 'send failed')).toEqual([]);

    await logIn(s.sandbox, s.channel);
    expect(backs).toHaveLength(1);
    const summary = backs[0]!;
    expect(summary).toMatchObject({ downAt: at('2026-11-23T10:29:30'), backAt: at('2026-11-23T11:40:00'), waited: waiting.length, resent: 1 });
    expect(summary.dropped.map((d) => d.label).sort()).toEqual(
      ['回复', '缺直播链接提醒', '直播预告', '直播预告', '直播提醒', '开播通知', '开播通知'].sort(),
    );
    await runTo(s, at('2026-11-23T11:45:00'));

    const after = s.botSays().slice(before);
    expect(after.map((e) => e.chat)).toEqual([group1.id, `dm:${owner.id}`]);
    expect(after[0]!.text).toContain('「周一鸡蛋团」');
    expect(after[1]!.text).toBe('【邻里小助手】微信掉线了1小时10分钟（今天 10:29–11:40），现在已经恢复。这期间有 8 条消息没发出去：1 条现在按顺序补发，7 条已经过时，不再发了（回复 1 条、缺直播链接提醒 1 条、直播预告 2 条、直播提醒 1 条、开播通知 2 条）。');
    // Dropped, with a log line each and the reason kept; never tried.
    const dropped = store.data.outbox.filter((i) => i.lastError?.startsWith('过时未发'));
    expect(dropped).toHaveLength(7);
    expect(dropped.every((i) => i.state === 'failed' && i.attempts === 0)).toBe(true);
    expect(dropped.find((i) => i.key.startsWith('stream:1:reminder'))!.lastError).toBe('过时未发：直播提醒，直播已经开始（账号掉线期间没能发出）');
    expect(s.lines.filter((l) => l.msg === 'dropped: too late to send')).toHaveLength(7);
    await vi.waitFor(() => expect(hook.texts).toHaveLength(2));
    expect(hook.texts[1]).toBe('【邻里小助手】微信已恢复，掉线1小时10分钟。待发消息 8 条：补发 1 条，过时不发 7 条。');
  });

  it('sends a chat\'s waiting messages in the order they were queued, with no attempt used up', async () => {
    const s = await shop({ OUTAGE_ALERT_AFTER_SECONDS: '0' });
    const { linli, clock, group1, group2, wang } = s;
    const outbox = linli.services.outbox;
    await logOut(s.sandbox, s.channel);
    for (const [i, group] of [group1, group2, group1, group1, group2].entries()) {
      outbox.enqueue({ key: `jielong-closed:test-${i}`, to: { kind: 'group', group }, text: `第${i + 1}条` });
      clock.advance(10_000);
    }
    outbox.enqueue({ key: 'reply:test:1', to: { kind: 'dm', member: wang }, text: '王阿姨，鸡蛋到了', purpose: 'reply' });
    // Long enough that every message would have used up its five attempts (about 75 s) many times.
    await runTo(s, clock.now() + 30 * 60_000);
    expect(outbox.waiting().map((i) => i.attempts)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s.lines.filter((l) => l.msg === 'send postponed by the channel').length).toBeGreaterThanOrEqual(3);

    await logIn(s.sandbox, s.channel);
    await runTo(s, clock.now() + 60_000);
    const sent = s.botSays();
    expect(sent.filter((e) => e.chat === group1.id).map((e) => e.text)).toEqual(['第1条', '第3条', '第4条']);
    expect(sent.filter((e) => e.chat === group2.id).map((e) => e.text)).toEqual(['第2条', '第5条']);
    expect(sent.filter((e) => e.chat === `dm:${wang.id}`).map((e) => e.text)).toEqual(['王阿姨，鸡蛋到了']);
    // Went out as soon as the account was back, not at the next knock five minutes on.
    expect(Math.max(...sent.map((e) => e.at))).toBeLessThan(clock.now());
    expect(linli.services.store.data.outbox.filter((i) => i.state === 'sent').every((i) => i.attempts === 1)).toBe(true);
  });

  it('without a webhook the alert goes to the log; a blip shorter than the alert delay tells nobody', async () => {
    const s = await shop({ OUTAGE_ALERT_AFTER_SECONDS: '0' });
    await s.sandbox.puppet.stop();
    await vi.waitFor(() => expect(s.channel.status().state).toBe('disconnected'));
    await vi.waitFor(() => expect(s.lines.filter((l) => typeof l.alert === 'string')).toHaveLength(1));
    const alert = s.lines.find((l) => typeof l.alert === 'string')!;
    expect(alert).toMatchObject({ level: 50, alert: expect.stringContaining('和微信的连接断了（今天 10:00起），正在自动重连') });
    await s.sandbox.puppet.start();
    s.clock.advance(3 * 60_000);
    await logIn(s.sandbox, s.channel);
    await runTo(s, s.clock.now() + 10_000);
    expect(s.botSays()).toEqual([expect.objectContaining({ chat: `dm:${s.owner.id}`, text: '【邻里小助手】微信掉线了3分钟（今天 10:00–10:03），现在已经恢复。这期间没有要发的消息。' })]);

    // With the usual delay (60 s of real time), a logout undone at once alerts nobody.
    const quiet = await shop({});
    await logOut(quiet.sandbox, quiet.channel);
    await logIn(quiet.sandbox, quiet.channel);
    await runTo(quiet, quiet.clock.now() + 10_000);
    expect(quiet.botSays()).toEqual([]);
    expect(quiet.lines.filter((l) => typeof l.alert === 'string')).toEqual([]);
    expect(quiet.lines.filter((l) => l.msg === 'the account is back; waiting messages go now')).toHaveLength(1);
  });

  it('a watch on a channel that is not logged in yet (a puppet service before its login) counts from the start', async () => {
    const clock = new ManualClock(MONDAY_10);
    const listeners: Array<(state: 'logged-in', at: number) => void> = [];
    let state: 'logged-in' | 'logged-out' = 'logged-out';
    const hook = await robot();
    const linli = await createLinli({ config: testConfig({ OWNER_IDS: 'wxid_owner' }), clock, log: silentLogger() });
    cleanups.push(() => linli.close());
    const watch = watchOutages({
      services: linli.services, alert: createAlert(hook.url, silentLogger()), alertAfterMs: 0,
      channel: { status: () => ({ state, since: MONDAY_10 }), onStateChange: (l) => (listeners.push(l), () => {}) },
    });
    expect(watch.current()).toEqual({ since: MONDAY_10, state: 'logged-out' });
    await vi.waitFor(() => expect(hook.texts).toEqual([expect.stringContaining('启动后微信一直没有登录（今天 10:00起），请扫码登录')]));
    clock.advance(20 * 60_000);
    state = 'logged-in';
    listeners[0]!('logged-in', clock.now());
    expect(watch.current()).toBeUndefined();
    expect(linli.services.outbox.waiting().map((i) => i.text)).toEqual([
      '【邻里小助手】微信登录好了：启动后等了20分钟才登录（今天 10:00–10:20）。这期间没有要发的消息。',
    ]);
    watch.close();
  });
});

describe('the alerts', () => {
  it('says again when a reconnect turns into a logout (now someone has to scan the QR code)', async () => {
    const clock = new ManualClock(MONDAY_10);
    const hook = await robot();
    const linli = await createLinli({ config: testConfig({ OWNER_IDS: 'wxid_owner' }), clock, log: silentLogger() });
    cleanups.push(() => linli.close());
    let tell: (state: 'logged-in' | 'logged-out' | 'disconnected', at: number) => void = () => {};
    const watch = watchOutages({
      services: linli.services, alert: createAlert(hook.url, silentLogger()), alertAfterMs: 0,
      channel: { status: () => ({ state: 'logged-in', since: MONDAY_10 }), onStateChange: (l) => ((tell = l), () => {}) },
    });
    cleanups.push(async () => watch.close());
    tell('disconnected', clock.now());
    clock.advance(5 * 60_000);
    tell('logged-out', clock.now());
    clock.advance(5 * 60_000);
    tell('logged-in', clock.now());
    await vi.waitFor(() => expect(hook.texts).toHaveLength(3));
    expect(hook.texts[0]).toContain('和微信的连接断了（今天 10:00起），正在自动重连');
    expect(hook.texts[1]).toContain('微信账号退出登录了（今天 10:00起），需要重新扫码登录');
    expect(hook.texts[2]).toBe('【邻里小助手】微信已恢复，掉线10分钟。期间没有要发的消息。');
  });
});

describe('/healthz', () => {
  it('is 200 while logged in and 503 while logged out, with the backlog and no names or ids', async () => {
    const s = await shop({ OUTAGE_ALERT_AFTER_SECONDS: '0' });
    const app = healthApp(wechatyHealth(s.linli.services, s.channel));
    const get = async () => {
      const res = await app.request('/healthz');
      return { status: res.status, body: (await res.json()) as Record<string, any>, raw: res };
    };
    let h = await get();
    expect(h.status).toBe(200);
    expect(h.raw.headers.get('cache-control')).toBe('no-store');
    expect(h.body).toEqual({
      status: 'ok', now: '2026-11-23T10:00:00+08:00',
      channel: { name: 'wechaty', state: 'logged-in', since: '2026-11-23T10:00:00+08:00', lastInboundAt: null, lastOutboundAt: null },
      outbox: { waiting: 0, oldestWaitingSeconds: null },
    });

    // A resident writes, the bot answers: both times show.
    s.clock.advance(60_000);
    await s.sandbox.mocker.ContactMock.load(s.wang.id).say('/help').to(s.sandbox.mocker.ContactMock.load(s.sandbox.ids.bot));
    await vi.waitFor(() => expect(s.channel.status().lastInboundAt).toBe(s.clock.now()));
    await s.channel.idle();
    s.clock.advance(2_000);
    await runTo(s, s.clock.now());
    h = await get();
    expect(h.body.channel).toMatchObject({ lastInboundAt: '2026-11-23T10:01:00+08:00', lastOutboundAt: '2026-11-23T10:01:02+08:00' });

    await logOut(s.sandbox, s.channel);
    s.linli.services.outbox.enqueue({ key: 'reply:x:1', to: { kind: 'group', group: s.group1 }, text: '稍等' });
    s.clock.advance(90_000);
    h = await get();
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({
      status: 'down', channel: { state: 'logged-out', since: '2026-11-23T10:01:02+08:00' }, outbox: { waiting: 1, oldestWaitingSeconds: 90 },
    });
    const text = JSON.stringify(h.body);
    for (const secretish of [s.sandbox.ids.bot, s.sandbox.ids.owner, s.group1.id, s.group1.name, '老赵', '王阿姨']) expect(text).not.toContain(secretish);

    await logIn(s.sandbox, s.channel);
    expect((await get()).status).toBe(200);
  });

  it('is on the sandbox page, for a supervisor without the page\'s sign-in', async () => {
    const running = await startSandboxBot(testConfig({ WEB_PORT: '0', SANDBOX_TOKEN: 'a-long-sandbox-token-1234' }), silentLogger());
    cleanups.push(() => running.stop());
    expect((await fetch(`${running.url}/api/state`)).status).toBe(401);
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', channel: { name: 'wechaty', state: 'logged-in' }, outbox: { waiting: 0 } });
  });
});
