// What the sandbox page does beyond typing (its 更多 menu): share a link or a mini-program card,
// post a photo, invite someone into a group; and the files the timeline shows, to download.
// Each goes into the mock WeChat as the real thing (a Url / MiniProgram / Image message, a
// room-join with its inviter), so the bot sees exactly what it would see from WeChat.

import { extname } from 'node:path';
import type { Context, Hono } from 'hono';
import type { Invitee, SandboxDriver, SandboxPost } from '../channels/sandbox-driver.ts';
import type { Logger } from '../logger.ts';
import { fail, isRecord, readJson } from './json.ts';
import { checkWho, type Checked } from './who.ts';

/** A checked /api/share or /api/photo: who posts what where. */
export interface PostRequest {
  from: string;
  group: string | null;
  post: SandboxPost;
}

/** Where a post is recorded before the page hears 200, like /api/say (bot/inbound.ts). */
export interface PostJournal {
  acceptPost?(post: PostRequest, at: number): Promise<string>;
  abandon(id: string): void;
}

const MAX_TITLE_CHARS = 100;
const MAX_DESCRIPTION_CHARS = 200;
const MAX_URL_CHARS = 2_000;
const MAX_NAME_CHARS = 20;
/** The page shrinks a photo to fit (bot/web/page.html); the request's body limit is above this. */
export const MAX_PHOTO_BYTES = 160 * 1024;


/** Checks a /api/share body: a link (title and an http(s) address) or a mini-program (title). */
export function checkShare(driver: SandboxDriver, body: unknown): Checked<PostRequest> {
  if (!isRecord(body)) return fail('请求内容应为 JSON 对象');
  const who = checkWho(driver, body);
  if (!who.ok) return who;
  const card = body['card'];
  if (!isRecord(card) || (card['type'] !== 'link' && card['type'] !== 'miniprogram')) return fail('要分享的是链接还是小程序？');
  const title = text(card['title']);
  if (!title) return fail('请填写标题');
  if ([...title].length > MAX_TITLE_CHARS) return fail(`标题太长了，最多 ${MAX_TITLE_CHARS} 字`);
  const description = text(card['description']);
  if ([...description].length > MAX_DESCRIPTION_CHARS) return fail(`描述太长了，最多 ${MAX_DESCRIPTION_CHARS} 字`);
  const extra = description ? { description } : {};
  const { from, group } = who.value;
  if (card['type'] === 'miniprogram') return { ok: true, value: { from, group, post: { kind: 'miniprogram', title, ...extra } } };
  const url = text(card['url']);
  if (!url) return fail('请填写链接地址');
  if (url.length > MAX_URL_CHARS) return fail('链接太长了');
  if (!isWebAddress(url)) return fail('链接要以 http:// 或 https:// 开头');
  return { ok: true, value: { from, group, post: { kind: 'link', title, url, ...extra } } };
}

/** Checks a /api/photo body: a JPEG or PNG, base64 (a data: URL is fine), small enough. */
export function checkPhoto(driver: SandboxDriver, body: unknown): Checked<{ from: string; group: string | null; bytes: Buffer; type: 'jpeg' | 'png' }> {
  if (!isRecord(body)) return fail('请求内容应为 JSON 对象');
  const who = checkWho(driver, body);
  if (!who.ok) return who;
  const image = body['image'];
  if (typeof image !== 'string' || image === '') return fail('请选一张图片');
  const base64 = image.replace(/^data:image\/[a-z+.-]+;base64,/i, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return fail('图片的格式不对');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) return fail(`图片太大了（${Math.ceil(bytes.length / 1024)} KB），最多 ${MAX_PHOTO_BYTES / 1024} KB`);
  const type = imageType(bytes);
  if (!type) return fail('只能发 JPEG 或 PNG 图片');
  return { ok: true, value: { from: who.value.from, group: who.value.group, bytes, type } };
}

/** Checks a /api/invite body: the inviter is in the group; the invitee (by id, or a name) is not. */
export function checkInvite(driver: SandboxDriver, body: unknown): Checked<{ group: string; inviter: string; who: Invitee }> {
  if (!isRecord(body)) return fail('请求内容应为 JSON 对象');
  const who = checkWho(driver, body);
  if (!who.ok) return who;
  const { from, group } = who.value;
  if (group === null) return fail('邀请要在群里进行：先打开一个你在的群');
  const members = driver.groups().find((g) => g.id === group)!.memberIds;
  const invitee = body['invitee'];
  const name = text(body['name']);
  let person;
  if (typeof invitee === 'string' && invitee !== '') {
    person = driver.people().find((p) => p.id === invitee);
    if (!person) return fail(`找不到这个人：${invitee}`);
  } else {
    if (!name) return fail('请选择或输入要邀请的人');
    if ([...name].length > MAX_NAME_CHARS) return fail(`名字太长了，最多 ${MAX_NAME_CHARS} 个字`);
    if (/[\u0000-\u001f\u007f]/.test(name)) return fail('名字里不能有换行或控制字符');
    if (name === driver.botName()) return fail(`「${name}」是机器人的名字，换一个吧`);
    person = driver.people().find((p) => p.name === name);
  }
  if (person && members.includes(person.id)) return fail(`${person.name}已经在群里了`);
  if (person?.id === from) return fail('不能邀请自己');
  return { ok: true, value: { group, inviter: from, who: person ? { id: person.id } : { name } } };
}

/** The /api/share, /api/photo, /api/invite and /api/files/:id routes (behind the page's own access rules). */
export function mountSandboxActions(app: Hono, driver: SandboxDriver, log: Logger, journal?: PostJournal): void {
  const unsupported = '这个沙盒不支持这个操作';

  /** Journaled first when there is a journal (acknowledged means durable), then into the mock. */
  const post = async (c: Context, request: PostRequest, answer: Record<string, unknown> = {}): Promise<Response> => {
    let id: string | undefined;
    if (journal?.acceptPost) {
      try {
        id = await journal.acceptPost(request, driver.now());
      } catch (err) {
        log.error({ err: (err as Error).message }, 'could not journal a sandbox post; refused it');
        return c.json({ error: '消息没能保存下来，请稍后再发一次' }, 503);
      }
    }
    try {
      await driver.post!(request.from, request.group, request.post, id);
    } catch (err) {
      if (id !== undefined) journal!.abandon(id);
      throw err;
    }
    return c.json({ ok: true, ...answer });
  };

  app.post('/api/share', async (c) => {
    if (!driver.post) return c.json({ error: unsupported }, 404);
    const checked = checkShare(driver, await readJson(c.req.raw));
    if (!checked.ok) return c.json({ error: checked.error }, 400);
    return post(c, checked.value);
  });

  app.post('/api/photo', async (c) => {
    if (!driver.post || !driver.keepPhoto) return c.json({ error: unsupported }, 404);
    const checked = checkPhoto(driver, await readJson(c.req.raw));
    if (!checked.ok) return c.json({ error: checked.error }, 400);
    const { from, group, bytes, type } = checked.value;
    const file = driver.keepPhoto(bytes, type);
    return post(c, { from, group, post: { kind: 'photo', file } }, { file });
  });

  app.post('/api/invite', async (c) => {
    if (!driver.invite) return c.json({ error: unsupported }, 404);
    const checked = checkInvite(driver, await readJson(c.req.raw));
    if (!checked.ok) return c.json({ error: checked.error }, 400);
    const { group, inviter, who } = checked.value;
    const person = await driver.invite(group, inviter, who);
    return c.json({ ok: true, person });
  });

  app.get('/api/files/:id', (c) => {
    // Only what the timeline shows, looked up by its id: nothing the client names is a path.
    const file = driver.file?.(c.req.param('id'));
    if (!file) return c.json({ error: '找不到这个文件（沙盒只保留最近的消息里的文件）' }, 404);
    const disposition = file.image ? 'inline' : 'attachment';
    return c.body(new Uint8Array(file.bytes), 200, {
      'content-type': contentType(file.name),
      'content-length': String(file.bytes.length),
      'content-disposition': `${disposition}; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    });
  });
}

const CONTENT_TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

function contentType(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** The name for browsers that do not read `filename*`: ASCII only, no quotes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

function imageType(bytes: Buffer): 'jpeg' | 'png' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return undefined;
}

function isWebAddress(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

