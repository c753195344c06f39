// Issue 14 "Hardened", items 3 and 9: acknowledged means durable. A WeCom callback answered 200,
// or a sandbox message the page answered 200 for, is journaled before the answer and handled
// from the journal after a crash: first, in order, once. Real processes (`npm start`), killed
// with SIGKILL while a slow job holds the queue in front of what was acknowledged.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLinli, type Linli } from '../bot/app.ts';
import { createWecom } from '../bot/channels/wecom/index.ts';
import { Inbound, INBOUND_FILE } from '../bot/inbound.ts';
import { silentLogger } from '../bot/logger.ts';
import { InboundJournal } from '../store/inbound-journal.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { T0, tempDir, testConfig } from './helpers.ts';
import { FakeWecom, SECRET } from './wecom-fake.ts';
import { envelope, groupChangeXml, seal, sealBot, textXml, WECOM_ENV } from './wecom-sign.ts';

const MAIN = join(process.cwd(), 'bot', 'main.ts');
/** bot/main.ts with a two-minute pause before the router sees the text 慢慢来. */
const SLOW_MAIN = join(process.cwd(), 'tests', 'inbound-slow-main.ts');

interface Launched {
  child: ChildProcessWithoutNullStreams;
  out: { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
let fake: FakeWecom | undefined;
const linlis: Linli[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const linli of linlis.splice(0)) await linli.close();
  await fake?.stop();
  fake = undefined;
});

/** `npm start`, as node itself (no tsx wrapper process), so SIGKILL reaches the bot. */
function launch(entry: string, env: Record<string, string>): Launched {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, HOME: tempDir('linli-home-'), LOG_LEVEL: 'warn', WEB_PORT: '0', ...env },
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

async function addressOf(run: Launched, pattern: RegExp): Promise<string> {
  return vi.waitFor(() => {
    const m = pattern.exec(run.out.stdout);
    if (!m) throw new Error(`no address yet: ${run.out.stdout} ${run.out.stderr}`);
    return m[1]!;
  }, { timeout: 30_000, interval: 50 });
}

async function kill(run: Launched, signal: NodeJS.Signals): Promise<number | null> {
  run.child.kill(signal);
  return run.exited;
}

/** The behaviour log as written: every handled event leaves one line with its id. */
function logged(data: string): Array<Record<string, any>> {
  const file = join(data, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

describe('WeCom callbacks acknowledged before a crash', () => {
  it('are all handled once after a SIGKILL with a slow API call queued before them, and a resend is not handled again', { timeout: 120_000 }, async () => {
    fake = await new FakeWecom().start();
    const chatId = 'wrSlowGroup01';
    fake.groupChats[chatId] = {
      chat_id: chatId, name: '幸福里慢群', owner: 'laozhao',
      member_list: [{ userid: 'wmSlowNeighbour001', type: 2, join_time: Math.floor(Date.now() / 1000), name: '慢邻居' }],
    };
    // The customer group lookup a join needs hangs (WeCom slow): everything after it waits.
    fake.delayMs['externalcontact/groupchat/get'] = 60_000;
    const data = tempDir();
    const env = {
      DATA_DIR: data, ...WECOM_ENV, WECOM_SECRET: SECRET, WECOM_API_BASE: fake.url,
      WECOM_PASSIVE_REPLY_MS: '200', OUTBOX_MIN_GAP_MS: '0',
    };
    const first = launch(MAIN, env);
    const url = await addressOf(first, /企业微信回调已启动：(http:\/\/127\.0\.0\.1:\d+)\/wecom\/callback/);
    const post = async (base: string, xml: string): Promise<number> => {
      const { encrypted, query } = seal(xml, Date.now());
      return (await fetch(`${base}/wecom/callback?${query}`, { method: 'POST', body: envelope(encrypted) })).status;
    };
    const text = (n: number) => (n === 1 || n % 50 === 0 ? '/help' : `第${n}条`);
    const msgId = (n: number) => String(7100000000000000000n + BigInt(n));

    // Five handled before the slow one.
    for (let n = 1; n <= 5; n++) expect(await post(url, textXml('laozhao', text(n), msgId(n), Date.now()))).toBe(200);
    await vi.waitFor(() => expect(logged(data).filter((e) => e.kind === 'text')).toHaveLength(5), { timeout: 10_000, interval: 50 });

    // The join waits on the slow API; 300 callbacks and a 智能机器人 message queue up behind it.
    const slowSince = Date.now();
    expect(await post(url, groupChangeXml(chatId, 'add_member', ['wmSlowNeighbour001'], Date.now()))).toBe(200);
    await vi.waitFor(() => expect(fake!.callsTo('externalcontact/groupchat/get')).toHaveLength(1), { timeout: 5_000, interval: 20 });
    const after = Array.from({ length: 300 }, (_, i) => i + 6);
    await inBatches(after, 20, async (n) => {
      expect(await post(url, textXml('laozhao', text(n), msgId(n), Date.now()))).toBe(200);
    });
    const botMessage = {
      msgid: 'bot-behind-slow-1', aibotid: 'aibotLinli', chattype: 'single', from: { userid: 'laozhao' },
      msgtype: 'text', text: { content: '/help' }, response_url: `${fake.url}/aibot/response/1`,
    };
    const botSealed = sealBot(JSON.stringify(botMessage), Date.now());
    const botRes = await fetch(`${url}/wecom/aibot?${botSealed.query}`, { method: 'POST', body: JSON.stringify({ encrypt: botSealed.encrypted }) });
    expect(botRes.status).toBe(200);
    expect(await botRes.text()).toBe('');
    // All answered 200, none handled yet: the slow call still holds the queue (its 10 s timeout has not run out).
    await new Promise((r) => setTimeout(r, 300));
    expect(logged(data).filter((e) => e.kind === 'text')).toHaveLength(5);
    console.log(`slow call held the queue for ${Date.now() - slowSince} ms before the kill`);
    expect(Date.now() - slowSince).toBeLessThan(9_000);
    expect(await kill(first, 'SIGKILL')).toBe(null);

    // WeCom answers fast again; the bot comes back.
    delete fake.delayMs['externalcontact/groupchat/get'];
    const second = launch(MAIN, env);
    const url2 = await addressOf(second, /企业微信回调已启动：(http:\/\/127\.0\.0\.1:\d+)\/wecom\/callback/);
    // WeCom resends some (new signatures, same MsgIds): one handled before the crash, one
    // handled from the journal, the last one taken. Acknowledged, not handled again.
    for (const n of [1, 6, 305]) expect(await post(url2, textXml('laozhao', text(n), msgId(n), Date.now()))).toBe(200);
    // The /help answers all go out (one before the crash, six after it, and the 智能机器人's via response_url).
    const helps = [1, 2, 3, 4, 5, ...after].filter((n) => text(n) === '/help').length;
    await vi.waitFor(() => {
      expect(fake!.callsTo('message/send').length).toBeGreaterThanOrEqual(helps);
      expect(fake!.callsTo('response_url/1')).toHaveLength(1);
    }, { timeout: 20_000, interval: 100 });
    expect(await kill(second, 'SIGTERM')).toBe(0);

    const events = logged(data);
    const texts = events.filter((e) => e.kind === 'text');
    // Every callback answered 200 handled exactly once, in the order WeCom delivered them.
    expect(texts.map((e) => e.id)).toEqual([...[1, 2, 3, 4, 5, ...after].map((n) => `wecom:${msgId(n)}`), 'wecom-bot:bot-behind-slow-1']);
    const joins = events.filter((e) => e.kind === 'join');
    expect(joins).toHaveLength(1);
    expect(joins[0]).toMatchObject({ group: { id: chatId, name: '幸福里慢群' }, member: { id: 'wmSlowNeighbour001', name: '慢邻居' } });
    // The join came before every message queued behind it.
    expect(events.indexOf(joins[0]!)).toBeLessThan(events.indexOf(texts[5]!));
    expect([...countBy(texts, (e) => e.id).values()].every((c) => c === 1)).toBe(true);
    // One answer per /help, none twice.
    expect(fake.callsTo('message/send')).toHaveLength(helps);
    expect(fake.callsTo('response_url/1')).toHaveLength(1);
    expect(second.out.stdout).toContain('handling them first');

    // Nothing left open; the journal holds no message bodies once everything is handled.
    const journal = InboundJournal.open(join(data, INBOUND_FILE), { clock: { now: () => Date.now() } });
    expect(journal.pending()).toEqual([]);
    journal.close();
    expect(readFileSync(join(data, INBOUND_FILE), 'utf8')).not.toContain('"k":"in"');
  });
});

describe('sandbox messages acknowledged before a crash', () => {
  it('are all handled once after a SIGKILL with a slow message queued before them', { timeout: 120_000 }, async () => {
    const data = tempDir();
    const first = launch(SLOW_MAIN, { DATA_DIR: data });
    const url = await addressOf(first, /沙盒已启动：(http:\/\/127\.0\.0\.1:\d+)/);
    const state = await (await fetch(`${url}/api/state`)).json();
    const owner = state.people.find((p: { isOwner: boolean }) => p.isOwner);
    const group = state.groups[0];
    const residents: string[] = group.memberIds.filter((id: string) => id !== owner.id && state.people.some((p: { id: string }) => p.id === id));
    const say = async (base: string, from: string, text: string): Promise<number> => (await fetch(`${base}/api/say`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, group: group.id, text }),
    })).status;

    const before = ['早上好', '/help 先来', '今天有什么菜'];
    for (const text of before) expect(await say(url, owner.id, text)).toBe(200);
    await vi.waitFor(() => expect(logged(data).filter((e) => e.kind === 'text')).toHaveLength(3), { timeout: 10_000, interval: 50 });

    expect(await say(url, residents[0]!, '慢慢来')).toBe(200);
    const after = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? `/help 第${i}条` : `第${i}条`));
    await inBatches(after.map((text, i) => ({ text, i })), 10, async ({ text, i }) => {
      expect(await say(url, text.startsWith('/help') ? owner.id : residents[i % residents.length]!, text)).toBe(200);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(logged(data).filter((e) => e.kind === 'text')).toHaveLength(3);
    expect(await kill(first, 'SIGKILL')).toBe(null);

    const second = launch(MAIN, { DATA_DIR: data });
    const url2 = await addressOf(second, /沙盒已启动：(http:\/\/127\.0\.0\.1:\d+)/);
    // The recovered messages went through the mock WeChat again, under their ids: the page, which
    // kept its timeline (DATA_DIR/sandbox), shows each once, with the answers.
    const shown = await (await fetch(`${url2}/api/state`)).json();
    const shownTexts = shown.timeline.filter((e: { fromBot: boolean }) => !e.fromBot).map((e: { text: string }) => e.text);
    expect(shownTexts).toEqual([...before, '慢慢来', ...after]);
    expect(await kill(second, 'SIGTERM')).toBe(0);

    const texts = logged(data).filter((e) => e.kind === 'text');
    expect(texts.map((e) => e.text)).toEqual([...before, '慢慢来', ...after]);
    expect([...countBy(texts, (e) => e.id).values()].every((c) => c === 1)).toBe(true);
  });
});

describe('a callback that cannot be journaled', () => {
  it('is answered 503, handled not at all, and taken when WeCom sends the same request again', async () => {
    fake = await new FakeWecom().start();
    const clock = new ManualClock(T0);
    const config = testConfig({ ...WECOM_ENV, WECOM_SECRET: SECRET, WECOM_API_BASE: fake.url, WECOM_PASSIVE_REPLY_MS: '0' });
    const linli = await createLinli({ config, clock, log: silentLogger() });
    linlis.push(linli);
    const texts: string[] = [];
    linli.services.store.log.subscribe((e) => {
      if (e.kind === 'text') texts.push(String(e.id));
    });
    const wire = (inbound: Inbound) => createWecom({
      config, store: linli.services.store, clock, log: silentLogger(), inbound: inbound.journal,
      handle: async (e) => void (await linli.handle(e)), flush: async () => void (await linli.services.outbox.drain()),
    });
    const broken = Inbound.open(linli.services.store, clock, silentLogger());
    // The disk refuses every write from now on.
    broken.close();
    const down = wire(broken);
    const app = seal(textXml('laozhao', '/help', '7000000000000000077', clock.now()), clock.now());
    const bot = sealBot(JSON.stringify({ msgid: 'bot-503', chattype: 'single', from: { userid: 'laozhao' }, msgtype: 'text', text: { content: '你好' } }), clock.now());
    const postApp = (w: ReturnType<typeof wire>) => w.app.request(`/wecom/callback?${app.query}`, { method: 'POST', body: envelope(app.encrypted) });
    const postBot = (w: ReturnType<typeof wire>) => w.app.request(`/wecom/aibot?${bot.query}`, { method: 'POST', body: JSON.stringify({ encrypt: bot.encrypted }) });
    expect((await postApp(down)).status).toBe(503);
    expect((await postBot(down)).status).toBe(503);
    await down.idle();
    expect(texts).toEqual([]);

    // The very same requests again (WeCom's resend), with the disk back: taken and handled once.
    const up = wire(Inbound.open(linli.services.store, clock, silentLogger()));
    expect((await postApp(up)).status).toBe(200);
    expect((await postBot(up)).status).toBe(200);
    await up.idle();
    expect(texts).toEqual(['wecom:7000000000000000077', 'wecom-bot:bot-503']);
  });
});
