// Issue 6, the sandbox page's 更多 menu: a link or mini-program card, a photo (and its 晒单
// words as the next message), an invitation into a group. Each goes through the page's API into
// the mock WeChat as the real thing (a Url / MiniProgram / Image message, a room-join with its
// inviter), so points, invites and profiles see exactly what they would see from WeChat.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log as wechatyLog } from 'wechaty-puppet';
import { silentLogger } from '../bot/logger.ts';
import { startSandboxBot, type RunningSandbox } from '../bot/start.ts';
import type { LogEntry } from '../store/log.ts';
import { createWebApp } from '../bot/web/app.ts';
import type { SandboxDriver } from '../bot/channels/sandbox-driver.ts';
import { tempDir, testConfig } from './helpers.ts';

const GROUP1 = 'xingfuli-1@chatroom';
const GROUP2 = 'xingfuli-2@chatroom';
const WANG = 'wxid_wangayi';
const CHEN = 'wxid_chenjie';
const XIAOLI = 'wxid_xiaoli';
const OWNER = 'wxid_laozhao';
/** The smallest thing that starts like a JPEG: the page sends real ones (canvas.toDataURL). */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

let sandbox: RunningSandbox;
let dataDir: string;
const logged: LogEntry[] = [];
const savedHome = process.env.HOME;

beforeAll(async () => {
  wechatyLog.level('silent');
  process.env.HOME = tempDir('linli-home-');
  dataDir = tempDir();
  // Settings of its own, so the points prove they come from the configuration.
  const config = testConfig({ DATA_DIR: dataDir, WEB_PORT: '0', POINTS_INVITE: '7', POINTS_SHARE: '3', POINTS_SHARE_DAILY_CAP: '10' });
  sandbox = await startSandboxBot(config, silentLogger());
  sandbox.linli.services.store.log.subscribe((entry) => logged.push(entry));
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
  process.env.HOME = savedHome;
});

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

interface Movement { key: string; member: string; amount: number; kind: string; reason: string }
function ledger(): Movement[] {
  const file = join(dataDir, 'points.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Movement).filter((m) => m.key !== undefined);
}

const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 10_000, interval: 25 });

describe('the 更多 menu, through the page API into the bot', () => {
  it('shares a link: a share event with its card, points per POINTS_SHARE, a card in the timeline', async () => {
    const res = await post('/api/share', {
      from: WANG, group: GROUP1,
      card: { type: 'link', title: '丹东99草莓 3斤装', url: 'https://example.com/deal/strawberry?utm_source=wx' },
    });
    expect(res.status).toBe(200);
    await waitFor(() => expect(ledger()).toContainEqual(expect.objectContaining({ member: WANG, kind: 'share', amount: 3, reason: '分享「丹东99草莓 3斤装」' })));
    expect(logged.find((e) => e.kind === 'share')).toMatchObject({
      group: { id: GROUP1 }, from: { id: WANG },
      card: { type: 'link', title: '丹东99草莓 3斤装', url: 'https://example.com/deal/strawberry?utm_source=wx' },
    });
    expect(sandbox.driver.timeline().at(-1)).toMatchObject({
      chat: GROUP1, fromId: WANG, text: '[链接] 丹东99草莓 3斤装',
      card: { type: 'link', title: '丹东99草莓 3斤装', url: 'https://example.com/deal/strawberry?utm_source=wx' },
    });
    // Acknowledged means durable: journaled (inbound.jsonl) before the 200, like /api/say.
    expect(readFileSync(join(dataDir, 'inbound.jsonl'), 'utf8')).toContain('"kind":"link"');
  });

  it('shares a mini-program: a share event of type miniprogram, and its points', async () => {
    const res = await post('/api/share', { from: WANG, group: GROUP1, card: { type: 'miniprogram', title: '幸福里团购｜今日团购' } });
    expect(res.status).toBe(200);
    await waitFor(() => expect(ledger()).toContainEqual(expect.objectContaining({ member: WANG, kind: 'share', key: `share:${WANG}:miniprogram:幸福里团购｜今日团购` })));
    expect(logged.filter((e) => e.kind === 'share').at(-1)).toMatchObject({ card: { type: 'miniprogram', title: '幸福里团购｜今日团购' } });
    expect(sandbox.driver.timeline().at(-1)).toMatchObject({ text: '[小程序] 幸福里团购｜今日团购', card: { type: 'miniprogram' } });
  });

  it('posts a photo and then its 晒单 words, as WeChat sends them: a 晒单 that earns', async () => {
    const res = await post('/api/photo', { from: CHEN, group: GROUP2, image: `data:image/jpeg;base64,${JPEG.toString('base64')}` });
    expect(res.status).toBe(200);
    const { file } = (await res.json()) as { file: string };
    expect(file).toMatch(/^[0-9a-f-]{36}$/);
    expect((await post('/api/say', { from: CHEN, group: GROUP2, text: '晒单：草莓很甜！' })).status).toBe(200);
    await waitFor(() => expect(ledger()).toContainEqual(expect.objectContaining({ member: CHEN, kind: 'share', amount: 3, reason: '晒单' })));
    expect(logged.filter((e) => e.kind === 'share').at(-1)).toMatchObject({ from: { id: CHEN }, card: { type: 'photo' } });

    const shown = sandbox.driver.timeline().find((e) => e.file?.id === file);
    expect(shown).toMatchObject({ chat: GROUP2, fromId: CHEN, text: '[图片]', file: { image: true, bytes: JPEG.length } });
    const image = await fetch(`${sandbox.url}/api/files/${file}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(JPEG);
  });

  it('invites someone the sandbox knows: a join with the inviter, and the inviter earns POINTS_INVITE', async () => {
    const res = await post('/api/invite', { from: WANG, group: GROUP1, invitee: XIAOLI });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, person: { id: XIAOLI, name: '小李', isOwner: false } });
    await waitFor(() => expect(ledger()).toContainEqual(expect.objectContaining({ key: `invite:${WANG}:${XIAOLI}`, member: WANG, amount: 7, kind: 'invite' })));
    expect(logged.find((e) => e.kind === 'join')).toMatchObject({ group: { id: GROUP1 }, member: { id: XIAOLI }, inviter: { id: WANG } });
    const state = await (await fetch(`${sandbox.url}/api/state`)).json() as { groups: Array<{ id: string; memberIds: string[] }> };
    expect(state.groups.find((g) => g.id === GROUP1)!.memberIds).toContain(XIAOLI);
    expect(sandbox.driver.timeline().at(-1)).toMatchObject({ chat: GROUP1, fromId: 'system', text: '“3栋王阿姨”邀请“小李”加入了群聊' });
    // In the group now: 小李 can speak there.
    expect((await post('/api/say', { from: XIAOLI, group: GROUP1, text: '大家好，我是小李' })).status).toBe(200);
  });

  it('invites a new person by name: created, joined with the inviter, earns, and can speak', async () => {
    const res = await post('/api/invite', { from: CHEN, group: GROUP2, name: ' 小周 ' });
    expect(res.status).toBe(200);
    const { person } = (await res.json()) as { person: { id: string; name: string } };
    expect(person).toMatchObject({ name: '小周', isOwner: false });
    await waitFor(() => expect(ledger()).toContainEqual(expect.objectContaining({ key: `invite:${CHEN}:${person.id}`, member: CHEN, amount: 7 })));
    expect(sandbox.linli.services.store.data.members[person.id]).toMatchObject({ name: '小周', groups: [GROUP2] });
    const state = await (await fetch(`${sandbox.url}/api/state`)).json() as { people: Array<{ id: string }> };
    expect(state.people.map((p) => p.id)).toContain(person.id);
    expect((await post('/api/say', { from: person.id, group: GROUP2, text: '谢谢陈姐拉我进群' })).status).toBe(200);
    // The same name again is that person, already in the group.
    const again = await post('/api/invite', { from: CHEN, group: GROUP2, name: '小周' });
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe('小周已经在群里了');
  });

  it('an invitation by the owner is a join with its inviter, and earns nothing', async () => {
    const before = ledger().length;
    expect((await post('/api/invite', { from: OWNER, group: GROUP2, name: '老钱' })).status).toBe(200);
    await waitFor(() => expect(logged.filter((e) => e.kind === 'join').at(-1)).toMatchObject({ member: { name: '老钱' }, inviter: { id: OWNER } }));
    // Events are handled one after another: once the next one is logged, the join is done with.
    expect((await post('/api/say', { from: OWNER, group: GROUP2, text: '欢迎老钱' })).status).toBe(200);
    await waitFor(() => expect(logged.some((e) => e.kind === 'text' && e['text'] === '欢迎老钱')).toBe(true));
    expect(ledger().slice(before).filter((m) => m.kind === 'invite')).toEqual([]);
  });

  it.each([
    ['/api/share', { from: WANG, group: GROUP1, card: { type: 'link', title: '看看', url: 'javascript:alert(1)' } }, /http:\/\/ 或 https:\/\//],
    ['/api/share', { from: WANG, group: GROUP1, card: { type: 'link', title: '', url: 'https://example.com' } }, /标题/],
    ['/api/share', { from: WANG, group: GROUP1, card: { type: 'video', title: '看看' } }, /链接还是小程序/],
    ['/api/share', { from: 'wxid_sunnainai', group: GROUP1, card: { type: 'miniprogram', title: '团购' } }, /不在「幸福里1群」里/],
    ['/api/photo', { from: WANG, group: GROUP1, image: Buffer.from('<svg onload=alert(1)>').toString('base64') }, /JPEG 或 PNG/],
    ['/api/photo', { from: WANG, group: GROUP1, image: Buffer.concat([JPEG, Buffer.alloc(170 * 1024)]).toString('base64') }, /图片太大了/],
    ['/api/photo', { from: WANG, group: GROUP1 }, /选一张图片/],
    ['/api/invite', { from: WANG, group: null, invitee: XIAOLI }, /邀请要在群里/],
    ['/api/invite', { from: WANG, group: GROUP1, invitee: 'wxid_lige' }, /李哥已经在群里了/],
    ['/api/invite', { from: WANG, group: GROUP1, name: '' }, /选择或输入/],
    ['/api/invite', { from: WANG, group: GROUP1, name: '邻里小助手' }, /机器人的名字/],
    ['/api/invite', { from: 'wxid_sunnainai', group: GROUP1, name: '小刘' }, /不在「幸福里1群」里/],
  ])('refuses %s %j with a note in Chinese, and nothing reaches the bot', async (path, body, error) => {
    const before = sandbox.driver.timeline().length;
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(error);
    expect(sandbox.driver.timeline()).toHaveLength(before);
  });
});

describe('a driver without the 更多 actions (a test fake)', () => {
  it('answers that it cannot, and serves no file', async () => {
    const fake: SandboxDriver = {
      botName: () => '邻里小助手',
      people: () => [{ id: 'wang', name: '王阿姨', isOwner: false }],
      groups: () => [{ id: 'g1', name: '幸福里1群', memberIds: ['wang'] }],
      say: async () => {}, timeline: () => [], onEntry: () => () => {}, now: () => 0, advance: async () => {},
    };
    const app = createWebApp(fake);
    const res = await app.request('/api/share', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'wang', group: 'g1', card: { type: 'miniprogram', title: '团购' } }),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/不支持/);
    expect((await app.request('/api/files/anything')).status).toBe(404);
  });
});
