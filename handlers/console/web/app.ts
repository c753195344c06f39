import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DAY_MS } from '../../../scheduler/clock.ts';
import { closeSession, openSession, peekLink, sessionOf, useLink } from '../auth.ts';
import type { ConsoleState } from '../state.ts';
import {
  jielongDetail, jielongRows, memberDetail, memberRows, pickListFile, rangeFrom, stageCounts, type ConsoleDeps,
} from './data.ts';
import { h, notePage, page } from './html.ts';
import { chartsBody, communityBody, jielongBody, jielongListBody, memberBody, membersBody, overviewBody, RANGES } from './pages.ts';

// The owner's console: sign-in by a one-time link (/后台), then a session cookie; every other
// route refuses anyone without that session (401: a JSON error for the API and the assets, a
// short page for the pages) and says nothing about the shop. Mounted at /console on the bot's
// web server, after that server's own host check (bot/web/access.ts).

export const COOKIE = 'linli_console';
/** Failed sign-ins an address may make per window before it is refused for the rest of it. */
export const LOGIN_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;
const MAX_BODY_BYTES = 8 * 1024;

const require = createRequire(import.meta.url);
const CLIENT_JS = readFileSync(new URL('./client.js', import.meta.url), 'utf8');
const ECHARTS_VERSION = (require('echarts/package.json') as { version: string }).version;
const ASSET_TAG = `${ECHARTS_VERSION}-${CLIENT_JS.length}`;
let echartsGz: Buffer | undefined;
let echartsJs: Buffer | undefined;

const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

export interface ConsoleAppOptions {
  /** Where the app is mounted ('/console'): links and the cookie's path. */
  base: string;
  /** Whether the console is reached over https (CONSOLE_URL): the cookie is then Secure. */
  secure: boolean;
}

export function consoleApp(deps: ConsoleDeps, { base, secure }: ConsoleAppOptions): Hono {
  const { services } = deps;
  const { store, clock, log, config } = services;
  const state = (): ConsoleState => store.data.console;
  const tz = config.TZ;
  const failures = new Map<string, { n: number; since: number }>();
  const app = new Hono();

  app.onError((err, c) => {
    log.error({ err: err.message, path: c.req.path }, 'console request failed');
    return wantsJson(c, base) ? c.json({ error: '出错了，请稍后再试' }, 500) : c.html(notePage('出错了', '请稍后再试，或者刷新一下。'), 500);
  });

  // Headers for every answer, the refusals included.
  app.use('*', async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'same-origin');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Content-Security-Policy', CSP);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  });

  // The console takes nothing bigger than a sign-in form, whichever server it is mounted on.
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('请求太大了', 413) }));

  // ---- Sign-in: the only routes open without a session.

  app.get('/login', (c) => {
    if (signedIn(c)) return c.redirect(base, 303);
    const ip = addressOf(c);
    if (tooMany(ip)) return c.html(notePage('请稍后再试', '登录试得太多次了，请过一刻钟再点链接。'), 429);
    const token = c.req.query('t') ?? '';
    if (!peekLink(state(), token, clock.now())) return refuseLink(c, ip);
    return c.html(notePage('进入邻里后台', h`<p>点下面的按钮登录。这个链接只能用一次，登录后这台手机 ${config.CONSOLE_SESSION_DAYS} 天内不用再登录。</p>
<form method="post" action="${base}/login"><input type="hidden" name="t" value="${token}"><button class="btn" type="submit">进入后台</button></form>`));
  });

  app.post('/login', async (c) => {
    const ip = addressOf(c);
    if (tooMany(ip)) return c.html(notePage('请稍后再试', '登录试得太多次了，请过一刻钟再点链接。'), 429);
    if (!sameOrigin(c)) return c.html(notePage('登录没有成功', '请直接点微信里的登录链接。'), 403);
    const form = await c.req.parseBody();
    const token = typeof form['t'] === 'string' ? form['t'] : '';
    const now = clock.now();
    const owner = useLink(state(), token, now);
    store.changed();
    if (!owner || !services.isOwner(owner)) return refuseLink(c, ip);
    const secret = openSession(state(), owner, now, config.CONSOLE_SESSION_DAYS * DAY_MS);
    store.changed();
    setCookie(c, COOKIE, secret, { httpOnly: true, sameSite: 'Strict', secure, path: base, maxAge: config.CONSOLE_SESSION_DAYS * 86_400 });
    log.info({ owner: owner.id }, 'console: signed in');
    return c.redirect(base, 303);
  });

  // ---- Everything below needs the owner's session.

  app.use('*', async (c, next) => {
    const session = sessionOf(state(), getCookie(c, COOKIE), clock.now());
    if (!session || !services.isOwner(session.owner)) {
      return wantsJson(c, base)
        ? c.json({ error: '请先登录后台：在微信里私信发送 /后台' }, 401)
        : c.html(notePage('请先登录', '在微信里私信我发送 /后台，点我发给你的链接就能登录。'), 401);
    }
    await next();
  });

  app.post('/logout', (c) => {
    if (!sameOrigin(c)) return c.html(notePage('没有退出', '请在后台页面上点“退出”。'), 403);
    closeSession(state(), getCookie(c, COOKIE));
    store.changed();
    deleteCookie(c, COOKIE, { path: base, secure });
    return c.html(notePage('已退出', '要再看后台，在微信里私信我发送 /后台。'));
  });

  // ---- Assets (behind the session too: nothing here is for anyone else).

  app.get('/assets/echarts.min.js', (c) => {
    echartsJs ??= readFileSync(require.resolve('echarts/dist/echarts.min.js'));
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('Vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      echartsGz ??= gzipSync(echartsJs, { level: 9 });
      c.header('Content-Encoding', 'gzip');
      return c.body(new Uint8Array(echartsGz));
    }
    return c.body(new Uint8Array(echartsJs));
  });

  app.get('/assets/console.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    return c.body(CLIENT_JS);
  });

  // ---- JSON

  app.get('/api/metrics', async (c) => {
    const asked = rangeFrom(c.req.query(), clock.now(), tz);
    if (!asked.ok) return c.json({ error: asked.error }, 400);
    return c.json(await deps.metrics(asked.range));
  });

  app.get('/api/members', (c) => {
    const rows = memberRows(services, { q: c.req.query('q') ?? '', stage: c.req.query('stage') ?? '' });
    return c.json({ total: rows.length, members: rows.slice(0, 200) });
  });

  // ---- Pages

  const show = (c: Context, title: string, tab: Parameters<typeof page>[0]['tab'], body: ReturnType<typeof h>, charts = false) =>
    c.html(page({ base, title, tab, body, charts, assetTag: ASSET_TAG }));

  app.get('/', async (c) => {
    const now = clock.now();
    const range = { from: now - 28 * DAY_MS, to: now + 1 };
    const [current, before] = await Promise.all([deps.metrics(range), deps.metrics({ from: range.from - 28 * DAY_MS, to: range.from })]);
    const stages = stageCounts(memberRows(services));
    return show(c, '概览', 'overview', overviewBody({ now: current, before, range, tz, stages, base }), true);
  });

  app.get('/charts', async (c) => {
    const weeks = Number(c.req.query('weeks') ?? 12);
    const chosen = RANGES.some((r) => r.weeks === weeks) ? weeks : 12;
    const asked = rangeFrom({ weeks: String(chosen) }, clock.now(), tz);
    if (!asked.ok) return c.notFound();
    return show(c, '图表', 'charts', chartsBody(await deps.metrics(asked.range), chosen, asked.range, tz, base), true);
  });

  app.get('/community', async (c) => {
    const weeks = Number(c.req.query('weeks') ?? 12);
    const chosen = RANGES.some((r) => r.weeks === weeks) ? weeks : 12;
    const asked = rangeFrom({ weeks: String(chosen) }, clock.now(), tz);
    if (!asked.ok) return c.notFound();
    return show(c, '社区', 'community', communityBody(await deps.metrics(asked.range), chosen, asked.range, tz, base));
  });

  app.get('/members', (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 50);
    const stage = c.req.query('stage') ?? '';
    const all = memberRows(services);
    const rows = q || stage ? memberRows(services, { q, stage }) : all;
    const pageNo = pageOf(c.req.query('page'));
    return show(c, '成员', 'members', membersBody(rows, stageCounts(all), q, stage, pageNo, base));
  });

  app.get('/members/:id', (c) => {
    const detail = memberDetail(deps, c.req.param('id'));
    if (!detail) return c.html(page({ base, title: '找不到', tab: 'members', body: h`<p class="empty">没有这位成员。<a href="${base}/members">回到成员列表</a></p>` }), 404);
    return show(c, detail.row.name, 'members', memberBody(detail, tz, base));
  });

  app.get('/jielong', async (c) => {
    const metrics = await deps.metrics(rangeOk(rangeFrom({ weeks: '12' }, clock.now(), tz)));
    return show(c, '接龙', 'jielong', jielongListBody(jielongRows(services), metrics.weekly, pageOf(c.req.query('page')), tz, base), true);
  });

  app.get('/jielong/:id', (c) => {
    const detail = jielongDetail(deps, c.req.param('id'));
    if (!detail) return c.html(page({ base, title: '找不到', tab: 'jielong', body: h`<p class="empty">没有这个接龙。<a href="${base}/jielong">回到接龙列表</a></p>` }), 404);
    return show(c, detail.record.title, 'jielong', jielongBody(detail, tz, base));
  });

  app.get('/jielong/:id/:file{pick\\.(xlsx|csv)}', async (c) => {
    const detail = jielongDetail(deps, c.req.param('id'));
    if (!detail) return c.json({ error: '没有这个接龙' }, 404);
    const format = c.req.param('file').endsWith('.xlsx') ? 'xlsx' : 'csv';
    const file = await pickListFile(deps, detail, format);
    c.header('Content-Type', file.type);
    c.header('Content-Disposition', `attachment; filename="pick-list.${format}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    return c.body(new Uint8Array(file.body));
  });

  // `/console/` is the overview too (a route '/' here is `/console` alone); anything else is not here.
  app.all('/*', (c) => {
    if (c.req.path === `${base}/` && c.req.method === 'GET') return c.redirect(base, 301);
    return wantsJson(c, base) ? c.json({ error: '没有这个地址' }, 404) : c.html(page({ base, title: '找不到', body: h`<p class="empty">没有这个页面。<a href="${base}">回到概览</a></p>` }), 404);
  });

  return app;

  function signedIn(c: Context): boolean {
    const session = sessionOf(state(), getCookie(c, COOKIE), clock.now());
    return session !== undefined && services.isOwner(session.owner);
  }

  function refuseLink(c: Context, ip: string) {
    const now = clock.now();
    const f = failures.get(ip);
    if (!f || now - f.since > LOGIN_WINDOW_MS) failures.set(ip, { n: 1, since: now });
    else f.n++;
    if (failures.size > 1000) failures.delete(failures.keys().next().value!);
    log.warn({ ip }, 'console: sign-in link refused (used, expired or wrong)');
    return c.html(notePage('这个链接不能用了', '登录链接只能用一次，而且几分钟就过期。请在微信里私信我发送 /后台，拿一个新的链接。'), 403);
  }

  function tooMany(ip: string): boolean {
    const f = failures.get(ip);
    return f !== undefined && clock.now() - f.since <= LOGIN_WINDOW_MS && f.n >= LOGIN_FAILURES;
  }
}

/** The API, the assets and the downloads answer in JSON; the pages with a page. */
function wantsJson(c: Context, base: string): boolean {
  const path = c.req.path.slice(base.length);
  return path.startsWith('/api/') || path.startsWith('/assets/') || /\/pick\.(xlsx|csv)$/.test(path);
}

/** A form posted from another site is refused (SameSite cookies aside): by its Origin, or what the browser says of it. */
function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

function addressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function pageOf(text: string | undefined): number {
  const n = Number(text ?? 0);
  return Number.isInteger(n) && n >= 0 && n < 100_000 ? n : 0;
}

function rangeOk(asked: ReturnType<typeof rangeFrom>) {
  if (!asked.ok) throw new Error(asked.error);
  return asked.range;
}
