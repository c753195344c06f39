// Who may use the sandbox page. It has no accounts: whoever reaches /api/* may speak as the
// owner and read every DM. So (1) only requests addressed to this machine's names, or to the
// public host configured, are answered: a page on another site cannot rebind its own DNS name
// to 127.0.0.1 and drive the API from a visitor's browser; (2) with a token, /api/* and the
// page wait for a sign-in (SANDBOX_PUBLIC=true requires one, bot/config.ts).

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, Next } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface PageAccess {
  /** Host names (a port is ignored) the page may be reached by, besides localhost, 127.0.0.1 and [::1]. */
  hosts?: string[];
  /** When set, the page and /api/* answer only after signing in with it. */
  token?: string;
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const COOKIE = 'linli_sandbox';
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;

/** What the configuration allows: the address listened on, and the public names when public. */
export function pageAccess(config: Config): PageAccess {
  const listened = ['0.0.0.0', '::', ''].includes(config.WEB_HOST) ? [] : [config.WEB_HOST];
  const hosts = [...listened, ...(config.SANDBOX_PUBLIC ? config.SANDBOX_PUBLIC_HOST : [])];
  return { hosts, ...(config.SANDBOX_TOKEN ? { token: config.SANDBOX_TOKEN } : {}) };
}

/** Answers only requests addressed to an allowed host. Install before everything else. */
export function checkHost(app: Hono, hosts: string[], log: Logger): void {
  const allowed = new Set([...LOCAL_HOSTS, ...hosts.map(hostName)]);
  app.use('*', async (c, next) => {
    const host = hostName(c.req.header('host') ?? new URL(c.req.url).host);
    if (!allowed.has(host)) {
      log.warn({ host: host.slice(0, 100), path: c.req.path }, 'sandbox page: request for another host refused');
      return c.text('Host not allowed', 403);
    }
    await next();
  });
}

/** The sign-in form and the gate before the page and /api/*. Install before the routes. */
export function requireSignIn(app: Hono, token: string, log: Logger): void {
  // The cookie holds a value derived from the token, not the token itself.
  const session = createHmac('sha256', token).update('linli sandbox session').digest('hex');
  const signedIn = (c: Context) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = getCookie(c, COOKIE);
    return (bearer !== undefined && sameSecret(bearer, token)) || (cookie !== undefined && sameSecret(cookie, session));
  };

  app.get('/signin', (c) => c.html(signInPage(false)));
  app.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const given = typeof form['token'] === 'string' ? form['token'] : '';
    if (!sameSecret(given, token)) {
      log.warn('sandbox page: wrong sign-in token');
      return c.html(signInPage(true), 401);
    }
    setCookie(c, COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: COOKIE_MAX_AGE_S });
    return c.redirect('/', 303);
  });
  const gate = async (c: Context, next: Next) => {
    if (signedIn(c)) return next();
    return c.req.path.startsWith('/api/') ? c.json({ error: '请先登录沙盒页面' }, 401) : c.redirect('/signin', 303);
  };
  app.use('/api/*', gate);
  app.get('/', gate);
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A Host header or configured host as compared: lower case, no port, IPv6 in brackets. */
export function hostName(raw: string): string {
  const host = raw.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host;
  // More than one colon and no brackets: a bare IPv6 address from the configuration.
  if ((host.match(/:/g) ?? []).length > 1) return `[${host}]`;
  return host.replace(/:\d*$/, '');
}

function signInPage(failed: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>邻里 Linli 沙盒 · 登录</title></head>
<body style="font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.2rem">邻里 Linli 沙盒</h1>
<p>这个页面对局域网开放，请输入启动时设置的 SANDBOX_TOKEN。</p>
${failed ? '<p style="color:#b00">口令不对，请再试一次。</p>' : ''}
<form method="post" action="/signin"><input name="token" type="password" autocomplete="current-password" autofocus required style="width:100%;padding:.5rem">
<button type="submit" style="margin-top:.75rem;padding:.5rem 1rem">登录</button></form>
</body></html>`;
}
