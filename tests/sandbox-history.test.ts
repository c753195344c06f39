// Issue 6, the sandbox page after a restart: its timeline (every chat, in and out), the people it
// added and who is in which group, and the files, are kept in DATA_DIR/sandbox/ and shown again
// after `npm start` on the same data directory. The timeline is capped; a torn line is skipped.

import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log as wechatyLog } from 'wechaty-puppet';
import type { TimelineEntry } from '../bot/channels/sandbox-driver.ts';
import { Inbound } from '../bot/inbound.ts';
import { silentLogger } from '../bot/logger.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { readLog } from '../store/log.ts';
import { startSandboxBot, type RunningSandbox } from '../bot/start.ts';
import { FILES_DIR, SANDBOX_DIR, SandboxHistory, TIMELINE_FILE, WORLD_FILE } from '../store/sandbox-history.ts';
import { T0, tempDir, testConfig } from './helpers.ts';

const GROUP1 = 'xingfuli-1@chatroom';
const GROUP2 = 'xingfuli-2@chatroom';
const OWNER = 'wxid_laozhao';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

const running: RunningSandbox[] = [];
const savedHome = process.env.HOME;

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  process.env.HOME = savedHome;
});

async function start(dataDir: string): Promise<RunningSandbox> {
  wechatyLog.level('silent');
  process.env.HOME = tempDir('linli-home-');
  const sandbox = await startSandboxBot(testConfig({ DATA_DIR: dataDir, WEB_PORT: '0' }), silentLogger());
  running.push(sandbox);
  return sandbox;
}

async function stop(sandbox: RunningSandbox): Promise<void> {
  running.splice(running.indexOf(sandbox), 1);
  await sandbox.stop();
}

function post(sandbox: RunningSandbox, path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

interface PageState {
  people: Array<{ id: string; name: string }>;
  groups: Array<{ id: string; memberIds: string[] }>;
  timeline: TimelineEntry[];
}
const state = async (sandbox: RunningSandbox): Promise<PageState> => (await fetch(`${sandbox.url}/api/state`)).json() as Promise<PageState>;

describe('the sandbox timeline across a restart', () => {
  it('shows every chat again after `npm start` on the same data directory, with its people, groups and files', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    expect((await post(first, '/api/say', { from: 'wxid_wangayi', group: GROUP1, text: '早上好' })).status).toBe(200);
    expect((await post(first, '/api/say', { from: 'wxid_lige', group: null, text: '/help' })).status).toBe(200);
    expect((await post(first, '/api/share', { from: 'wxid_chenjie', group: GROUP2, card: { type: 'link', title: '今日团购', url: 'https://example.com/t' } })).status).toBe(200);
    expect((await post(first, '/api/photo', { from: 'wxid_chenjie', group: GROUP2, image: JPEG.toString('base64') })).status).toBe(200);
    const invited = await post(first, '/api/invite', { from: 'wxid_wangayi', group: GROUP1, name: '小周' });
    expect(invited.status).toBe(200);
    const { person } = (await invited.json()) as { person: { id: string } };
    // The bot's answer to /help (a DM) and the join are in too before the stop.
    await vi.waitFor(() => expect(first.driver.timeline().some((e) => e.fromBot && e.chat === 'dm:wxid_lige')).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(first.linli.services.store.data.members[person.id]?.groups).toEqual([GROUP1]), { timeout: 10_000 });
    const before = await state(first);
    const photo = before.timeline.find((e) => e.file?.image)!;
    expect(before.timeline.map((e) => e.chat)).toEqual(expect.arrayContaining([GROUP1, GROUP2, 'dm:wxid_lige']));
    await stop(first);

    const second = await start(dataDir);
    const after = await state(second);
    // The same entries, in the same order, with their cards and files.
    expect(after.timeline).toEqual(before.timeline);
    // The person the page added is still there, still in the group, and the bot still knows them there.
    expect(after.people).toContainEqual(expect.objectContaining({ id: person.id, name: '小周' }));
    expect(after.groups.find((g) => g.id === GROUP1)!.memberIds).toContain(person.id);
    expect(second.linli.services.store.data.members[person.id]?.groups).toEqual([GROUP1]);
    expect((await post(second, '/api/say', { from: person.id, group: GROUP1, text: '我又来了' })).status).toBe(200);
    // Numbering goes on where it stopped.
    expect(second.driver.timeline().at(-1)).toMatchObject({ seq: before.timeline.at(-1)!.seq + 1, text: '我又来了', fromName: '小周' });
    // The photo posted before the restart still downloads.
    const res = await fetch(`${second.url}/api/files/${photo.file!.id}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(JPEG);

    const lines = readFileSync(join(dataDir, SANDBOX_DIR, TIMELINE_FILE), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(after.timeline.length + 1);
  });

  it('starts as seeded on a new data directory, and from a world file it cannot read', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, SANDBOX_DIR), { recursive: true });
    writeFileSync(join(dataDir, SANDBOX_DIR, WORLD_FILE), '{"v":1,"added":[{"id":');
    const sandbox = await start(dataDir);
    const s = await state(sandbox);
    expect(s.timeline).toEqual([]);
    expect(s.groups.find((g) => g.id === GROUP1)!.memberIds).not.toContain('wxid_xiaoli');
    expect(s.people.some((p) => p.id === OWNER)).toBe(true);
  });
});

describe('a card or a photo the page answered 200 for, before a crash', () => {
  it('is posted again at the next start, under its id, and reaches the bot once', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    // What /api/share and /api/photo leave behind when the process dies right after the 200:
    // the journal lines (and the photo's bytes), nothing handled.
    const store = await Store.open(dataDir);
    store.changed();
    await store.flush();
    const inbound = Inbound.open(store, new ManualClock(T0), silentLogger());
    const link = await inbound.acceptPost({ from: 'wxid_wangayi', group: GROUP1, post: { kind: 'link', title: '崩溃前分享的链接', url: 'https://example.com/before-crash' } }, T0);
    mkdirSync(join(dataDir, SANDBOX_DIR, FILES_DIR), { recursive: true });
    writeFileSync(join(dataDir, SANDBOX_DIR, FILES_DIR, 'photo-before-crash'), JPEG);
    const photo = await inbound.acceptPost({ from: 'wxid_chenjie', group: GROUP2, post: { kind: 'photo', file: 'photo-before-crash' } }, T0);
    inbound.close();
    await store.close();

    const sandbox = await start(dataDir);
    // Start-up handles them before the page is served: they are in by now.
    const shown = sandbox.driver.timeline();
    expect(shown).toEqual([
      expect.objectContaining({ messageId: link, chat: GROUP1, text: '[链接] 崩溃前分享的链接', card: expect.objectContaining({ url: 'https://example.com/before-crash' }) }),
      expect.objectContaining({ messageId: photo, chat: GROUP2, text: '[图片]', file: expect.objectContaining({ id: 'photo-before-crash', image: true }) }),
    ]);
    await stop(sandbox);
    const shares = [];
    for await (const e of readLog<{ kind: string; id: string; card: { type: string } }>(join(dataDir, 'events.jsonl'))) if (e.kind === 'share') shares.push(e);
    expect(shares.map((e) => [e.id, e.card.type])).toEqual([[link, 'link'], [photo, 'photo']]);
  });
});

describe('SandboxHistory (store/sandbox-history.ts)', () => {
  interface Entry { seq: number; file?: string }
  const open = (dir: string, keep = 3, problems: string[] = []) => SandboxHistory.open<Entry, { v: 1 }>(dir, {
    keep,
    isEntry: (v): v is Entry => typeof v === 'object' && v !== null && typeof (v as Entry).seq === 'number',
    isWorld: (v): v is { v: 1 } => typeof v === 'object' && v !== null && (v as { v: unknown }).v === 1,
    filesOf: (e) => (e.file ? [e.file] : []),
    onProblem: (p) => problems.push(p),
  });
  const linesOf = (dir: string) => readFileSync(join(dir, SANDBOX_DIR, TIMELINE_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry);
  const filesIn = (dir: string) => readdirSync(join(dir, SANDBOX_DIR, FILES_DIR)).sort();

  it('writes nothing until the first entry, and keeps the last `keep` once the file holds twice as many', () => {
    const dir = tempDir();
    const history = open(dir);
    expect(existsSync(join(dir, SANDBOX_DIR))).toBe(false);
    for (let seq = 1; seq <= 5; seq++) history.append({ seq });
    expect(linesOf(dir).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    history.append({ seq: 6 });
    expect(linesOf(dir).map((e) => e.seq)).toEqual([4, 5, 6]);
    history.append({ seq: 7 });
    history.close();
    expect(open(dir).loaded.map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it('deletes the files of entries cut off (not one kept a moment ago for a message on its way)', () => {
    const dir = tempDir();
    const history = open(dir, 2);
    const old = Date.now() / 1000 - 3600;
    for (const id of ['a', 'b', 'c', 'd']) expect(history.putFile(id, Buffer.from(id))).toBe(true);
    for (const id of ['a', 'b', 'c']) utimesSync(join(dir, SANDBOX_DIR, FILES_DIR, id), old, old);
    history.append({ seq: 1, file: 'a' });
    history.append({ seq: 2, file: 'b' });
    history.append({ seq: 3, file: 'c' });
    history.append({ seq: 4 });
    // Kept: 3 (c) and 4. Gone: a and b. d is fresh: its message has not been recorded yet.
    expect(filesIn(dir)).toEqual(['c', 'd']);
    expect(history.readFile('c')).toEqual(Buffer.from('c'));
    expect(history.readFile('a')).toBeUndefined();
  });

  it('reads a file only by an id, never a path', () => {
    const dir = tempDir();
    const history = open(dir);
    writeFileSync(join(dir, 'state.json'), '{}');
    expect(history.putFile('../state.json', Buffer.from('x'))).toBe(false);
    expect(history.readFile('../state.json')).toBeUndefined();
    expect(history.readFile('../../state.json')).toBeUndefined();
    expect(history.readFile('')).toBeUndefined();
  });

  it('skips a line cut short by a crash, and the next entry starts on a line of its own', () => {
    const dir = tempDir();
    const history = open(dir, 10);
    history.append({ seq: 1 });
    history.close();
    appendFileSync(join(dir, SANDBOX_DIR, TIMELINE_FILE), '{"seq":2,"te');
    const problems: string[] = [];
    const again = open(dir, 10, problems);
    expect(again.loaded).toEqual([{ seq: 1 }]);
    again.append({ seq: 3 });
    again.close();
    expect(open(dir, 10, problems).loaded).toEqual([{ seq: 1 }, { seq: 3 }]);
    expect(problems.join('\n')).toMatch(/skipped 1 unreadable line/);
  });

  it('saves the world whole, and reads back only a world it recognises', () => {
    const dir = tempDir();
    const problems: string[] = [];
    open(dir).saveWorld({ v: 1 });
    expect(open(dir).world).toEqual({ v: 1 });
    writeFileSync(join(dir, SANDBOX_DIR, WORLD_FILE), '{"v":2}');
    expect(open(dir, 3, problems).world).toBeUndefined();
    expect(problems.join('\n')).toMatch(/not a sandbox world/);
  });
});
