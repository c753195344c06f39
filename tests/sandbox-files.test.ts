// Issue 6, files on the sandbox page: what the bot sends as a file (the `/接龙 导出` pick list,
// a picture) shows in the timeline with an id, and /api/files/<id> serves it: only files the
// timeline shows, by id (never a path the client names), behind the page's own access rules.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { createWebApp } from '../bot/web/app.ts';
import { say as sayAs, sandboxForFile } from './sandbox-helpers.ts';

const GROUP1 = 'xingfuli-1@chatroom';
const OWNER = 'wxid_laozhao';
const TOKEN = 'correct-horse-battery-staple-42';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const shop = sandboxForFile();
const dataDir = shop.dataDir;

const say = (from: string, group: string | null, text: string) => sayAs(shop.bot, from, group, text);

const sentFiles = () => shop.bot.driver.timeline().filter((e) => e.fromBot && e.file);

describe('files the bot sends, on the page', () => {
  it('shows the pick list of /接龙 导出 as two downloads, each the very file the bot wrote', async () => {
    expect((await say(OWNER, GROUP1, '/接龙 开 周日大米团 大米')).status).toBe(200);
    expect((await say('wxid_wangayi', GROUP1, '+2 3-501')).status).toBe(200);
    expect((await say(OWNER, null, '/接龙 导出')).status).toBe(200);
    await vi.waitFor(() => expect(sentFiles()).toHaveLength(2), { timeout: 15_000, interval: 50 });

    const [xlsx, csv] = sentFiles();
    expect(xlsx).toMatchObject({ chat: `dm:${OWNER}`, text: expect.stringMatching(/^\[文件\] .*配货单\.xlsx$/), file: { image: false } });
    expect(csv).toMatchObject({ chat: `dm:${OWNER}`, text: expect.stringMatching(/^\[文件\] .*配货单\.csv$/), file: { image: false } });

    const written = readdirSync(join(dataDir, 'exports'));
    for (const [entry, type] of [[xlsx!, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], [csv!, 'text/csv; charset=utf-8']] as const) {
      const res = await fetch(`${shop.bot.url}/api/files/${entry.file!.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // A download under its own (Chinese) name.
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${entry.file!.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(entry.file!.name)}`,
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(entry.file!.bytes);
      const onDisk = written.find((name) => readFileSync(join(dataDir, 'exports', name)).equals(bytes));
      expect(onDisk, `${entry.file!.name} is one of ${written.join(', ')}`).toBeDefined();
    }
  });

  it('shows a picture the bot sends inline', async () => {
    const path = join(dataDir, 'chart.png');
    writeFileSync(path, PNG);
    const owner = { id: OWNER, name: '老赵' };
    shop.bot.linli.services.outbox.enqueue({ key: 'test:chart', to: { kind: 'dm', member: owner }, text: '本周数据.png', file: { path, name: '本周数据.png' }, purpose: 'reply' });
    await shop.bot.linli.services.outbox.drain();
    await vi.waitFor(() => expect(sentFiles().at(-1)).toMatchObject({ text: '[图片]', file: { name: '本周数据.png', image: true } }), { timeout: 10_000 });
    const res = await fetch(`${shop.bot.url}/api/files/${sentFiles().at(-1)!.file!.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });

  it('serves nothing else: an unknown id, a path, or a file of the data directory is 404', async () => {
    const exported = readdirSync(join(dataDir, 'exports'))[0]!;
    for (const id of ['no-such-file', '00000000-0000-0000-0000-000000000000', '..%2Fstate.json', '..%2F..%2Fetc%2Fpasswd', encodeURIComponent(`../exports/${exported}`), encodeURIComponent(exported)]) {
      const res = await fetch(`${shop.bot.url}/api/files/${id}`);
      expect(res.status, id).toBe(404);
      expect((await res.json()).error).toMatch(/找不到这个文件/);
    }
    // A path with the slashes left in is no route at all.
    expect((await fetch(`${shop.bot.url}/api/files/../state.json`)).status).toBe(404);
  });

  it('keeps files behind the sign-in when the page is public', async () => {
    const id = sentFiles()[0]!.file!.id;
    const app = createWebApp(shop.bot.driver, silentLogger(), { hosts: ['linli.lan'], token: TOKEN });
    const lan = { host: 'linli.lan' };
    expect((await app.request(`/api/files/${id}`, { headers: lan })).status).toBe(401);
    expect((await app.request(`/api/files/${id}`, { headers: { ...lan, authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await app.request(`/api/files/${id}`, { headers: { ...lan, authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    // And the host check before it.
    expect((await app.request(`/api/files/${id}`, { headers: { host: 'evil.example', authorization: `Bearer ${TOKEN}` } })).status).toBe(403);
  });
});
