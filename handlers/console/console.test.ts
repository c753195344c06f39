import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { mountRoutes } from '../../bot/web/app.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { closeAfterTest, closeShopsAfterEach, dmText, group1, groupText, member, runOutboxUntil, testBot, T0 } from '../../tests/helpers.ts';
import { consoleBase } from './command.ts';
import { LOGIN_FAILURES } from './web/app.ts';
import { lastWeeks, rangeFrom, weekStart } from './web/data.ts';

// The console's routes through hono's app.request (no network): who gets in, who is refused,
// and that a refusal says nothing of the shop.

closeShopsAfterEach();

const owner = member('老赵', 'wxid_owner');
const resident = member('王阿姨', 'wxid_wang');

async function shop(env: Record<string, string> = {}) {
  const bot = await testBot({ OWNER_IDS: owner.id, ...env });
  closeAfterTest(bot.linli);
  const app = mountRoutes(new Hono(), bot.linli.routes);
  let sent = 0;
  /** What the bot sent since the last call. */
  const newMessages = async () => {
    await runOutboxUntil(bot.linli.services.outbox, bot.clock, bot.clock.now() + 60_000);
    const out = bot.channel.sent.slice(sent);
    sent = bot.channel.sent.length;
    return out;
  };
  /** The owner DMs /后台; the token of the link the bot DMs back. */
  const link = async () => {
    await bot.linli.handle(dmText(owner, '/后台', bot.clock.now()));
    const dm = (await newMessages()).find((m) => m.to.kind === 'dm' && /\/console\/login\?t=/.test(m.text));
    if (!dm) throw new Error('no sign-in link');
    return /\/console\/login\?t=([A-Za-z0-9_-]+)/.exec(dm.text)![1]!;
  };
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  /** Signs in with a fresh link; the cookie to send. */
  const signIn = async () => {
    const res = await post('/console/login', { t: await link() });
    expect(res.status).toBe(303);
    return cookieOf(res);
  };
  return { ...bot, app, link, get, post, signIn, newMessages };
}

function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /^(linli_console=[^;]+)/.exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return m[1]!;
}

/** A shop with a resident who ordered: what a refusal must never show. */
async function withData(s: Awaited<ReturnType<typeof shop>>) {
  await s.linli.handle(groupText(owner, '/接龙 开 周日亚麻籽油团购 亚麻籽油', s.clock.now()));
  await s.linli.handle(groupText(resident, '#接龙\n周日亚麻籽油团购\n\n1. 3-501 王阿姨 2瓶', s.clock.now() + 60_000));
  await s.linli.handle(groupText(owner, '/接龙 关', s.clock.now() + 120_000));
  s.clock.set(s.clock.now() + 180_000);
  await s.newMessages();
}

describe('console sign-in', () => {
  it('refuses every route without a session, saying nothing of the shop', async () => {
    const s = await shop();
    await withData(s);
    for (const path of ['/console', '/console/', '/console/charts', '/console/members', '/console/members/wxid_wang', '/console/jielong', '/console/nowhere']) {
      const res = await s.get(path);
      expect(res.status, path).toBe(401);
      const body = await res.text();
      expect(body, path).toContain('/后台');
      expect(body, path).not.toMatch(/王阿姨|亚麻籽油|3-501|幸福里/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    for (const path of ['/console/api/metrics', '/console/api/members', '/console/assets/echarts.min.js', '/console/assets/console.js', '/console/jielong/jl-1/pick.xlsx']) {
      const res = await s.get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      expect(await res.text(), path).not.toMatch(/王阿姨|亚麻籽油/);
    }
    // A cookie that is not a session is no better.
    expect((await s.get('/console', 'linli_console=' + 'x'.repeat(43))).status).toBe(401);
    expect((await s.get('/console/api/metrics', 'linli_console=nonsense')).status).toBe(401);
  });

  it('lets the owner in once per link, with an HttpOnly SameSite=Strict cookie', async () => {
    const s = await shop();
    const token = await s.link();
    // Opening the link shows a button; it does not use the link (a link preview cannot sign anyone in).
    const shown = await s.get(`/console/login?t=${token}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('进入后台');
    expect(shown.headers.get('set-cookie')).toBeNull();

    const res = await s.post('/console/login', { t: token });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\/console/);
    expect(set).toMatch(/Max-Age=604800/);
    expect(set).not.toMatch(/Secure/);
    const cookie = cookieOf(res);

    const overview = await s.get('/console', cookie);
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('概览');
    const api = await s.get('/console/api/metrics?weeks=4', cookie);
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ summary: { orders: expect.any(Number) }, weekly: expect.any(Array) });

    // Used: refused, on the page and by the form.
    expect((await s.get(`/console/login?t=${token}`)).status).toBe(403);
    const again = await s.post('/console/login', { t: token });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    // Tapping the old link while signed in just opens the console.
    const signedIn = await s.get(`/console/login?t=${token}`, cookie);
    expect(signedIn.status).toBe(303);
  });

  it('refuses a wrong, malformed or expired link with 403, and never echoes it', async () => {
    const s = await shop();
    const wrong = 'A'.repeat(43);
    for (const t of [wrong, 'short', '', '../../etc/passwd']) {
      const res = await s.post('/console/login', { t });
      expect(res.status, t).toBe(403);
      expect(await res.text()).not.toContain(wrong);
    }
    expect((await s.get(`/console/login?t=${wrong}`)).status).toBe(403);
    expect((await s.get('/console/login')).status).toBe(403);

    const token = await s.link();
    s.clock.set(s.clock.now() + 10 * 60_000 + 1);
    expect((await s.get(`/console/login?t=${token}`)).status).toBe(403);
    expect((await s.post('/console/login', { t: token })).status).toBe(403);
  });

  it('keeps only hashes: neither the link nor the cookie is in state.json', async () => {
    const s = await shop();
    const token = await s.link();
    const res = await s.post('/console/login', { t: token });
    const cookie = cookieOf(res).split('=')[1]!;
    const saved = JSON.stringify(s.linli.services.store.data.console);
    expect(saved).not.toContain(token);
    expect(saved).not.toContain(cookie);
    expect(Object.keys(s.linli.services.store.data.console.sessions)).toHaveLength(1);
  });

  it('ends a session after its days, at logout, and for every phone with /后台 退出', async () => {
    const s = await shop();
    const first = await s.signIn();
    expect((await s.get('/console/members', first)).status).toBe(200);
    s.clock.set(s.clock.now() + 7 * DAY_MS + 1);
    expect((await s.get('/console/members', first)).status).toBe(401);

    const second = await s.signIn();
    const out = await s.app.request('/console/logout', { method: 'POST', headers: { cookie: second } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/linli_console=;/);
    expect((await s.get('/console', second)).status).toBe(401);

    const phone = await s.signIn();
    const laptop = await s.signIn();
    await s.linli.handle(dmText(owner, '/后台 退出', s.clock.now()));
    expect((await s.newMessages()).map((m) => m.text).join('\n')).toContain('2 个登录都失效了');
    expect((await s.get('/console', phone)).status).toBe(401);
    expect((await s.get('/console', laptop)).status).toBe(401);
  });

  it('refuses a session whose owner is an owner no more', async () => {
    const s = await shop();
    const cookie = await s.signIn();
    // OWNER_IDS changed and the bot restarted: a new bot over the same data.
    await s.linli.services.store.flush();
    const again = await testBot({ DATA_DIR: s.config.DATA_DIR, OWNER_IDS: 'wxid_someone_else' });
    closeAfterTest(again.linli);
    const app = mountRoutes(new Hono(), again.linli.routes);
    expect((await app.request('/console', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a sign-in form posted from another site', async () => {
    const s = await shop();
    const token = await s.link();
    expect((await s.post('/console/login', { t: token }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await s.post('/console/login', { t: token }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // The link was not used up by the refused attempts.
    expect((await s.post('/console/login', { t: token }, { origin: 'http://localhost', host: 'localhost' })).status).toBe(303);
  });

  it('takes nothing bigger than a sign-in form', async () => {
    const s = await shop();
    expect((await s.post('/console/login', { t: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('slows down an address that keeps trying wrong links', async () => {
    const s = await shop();
    for (let i = 0; i < LOGIN_FAILURES; i++) expect((await s.post('/console/login', { t: 'B'.repeat(43) })).status).toBe(403);
    const token = await s.link();
    expect((await s.post('/console/login', { t: token })).status).toBe(429);
    s.clock.set(s.clock.now() + 16 * 60_000);
    const fresh = await s.link();
    expect((await s.post('/console/login', { t: fresh })).status).toBe(303);
  });

  it('marks the cookie Secure when the console is reached over https', async () => {
    const s = await shop({ CONSOLE_URL: 'https://linli.example.com' });
    const res = await s.post('/console/login', { t: await s.link() });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });
});

describe('/后台', () => {
  it('sends the link by DM only, also when asked in a group; residents are refused', async () => {
    const s = await shop();
    await s.linli.handle(groupText(owner, '/后台', s.clock.now()));
    const out = await s.newMessages();
    const group = out.find((m) => m.to.kind === 'group')!;
    expect(group.text).toContain('私信');
    expect(group.text).not.toContain('/console/login');
    const dm = out.find((m) => m.to.kind === 'dm')!;
    expect(dm.to).toMatchObject({ kind: 'dm', member: { id: owner.id } });
    expect(dm.text).toMatch(/^后台登录链接（10 分钟内有效，只能用一次/);
    expect(dm.text).toContain('http://127.0.0.1:8787/console/login?t=');

    await s.linli.handle(dmText(resident, '/后台', s.clock.now()));
    const refused = await s.newMessages();
    expect(refused.map((m) => m.text).join('\n')).not.toContain('/console/login');
    expect(Object.keys(s.linli.services.store.data.console.links)).toHaveLength(1);
  });

  it('builds the link from CONSOLE_URL, else from WEB_HOST and WEB_PORT', () => {
    const base = { CONSOLE_URL: undefined, WEB_HOST: '127.0.0.1', WEB_PORT: 8787, SANDBOX_PUBLIC_HOST: [] as string[] };
    expect(consoleBase(base)).toBe('http://127.0.0.1:8787');
    expect(consoleBase({ ...base, CONSOLE_URL: 'https://linli.example.com/' })).toBe('https://linli.example.com');
    expect(consoleBase({ ...base, WEB_HOST: '0.0.0.0', SANDBOX_PUBLIC_HOST: ['192.168.1.20'] })).toBe('http://192.168.1.20:8787');
    expect(consoleBase({ ...base, WEB_HOST: '::1' })).toBe('http://[::1]:8787');
  });
});

describe('console pages', () => {
  it('lists and finds members, shows a card, a 接龙 and its pick list', async () => {
    const s = await shop();
    await withData(s);
    const cookie = await s.signIn();
    const list = await (await s.get('/console/members', cookie)).text();
    expect(list).toContain('王阿姨');
    expect(list).not.toContain('老赵');
    const found = await (await s.get(`/console/members?q=${encodeURIComponent('3-501')}`, cookie)).text();
    expect(found).toContain('找到 1 人');
    const none = await (await s.get(`/console/members?q=${encodeURIComponent('<script>')}`, cookie)).text();
    expect(none).toContain('找到 0 人');
    expect(none).not.toContain('<script>');
    expect(none).toContain('&lt;script&gt;');
    const card = await s.get('/console/members/wxid_wang', cookie);
    expect(card.status).toBe(200);
    expect(await card.text()).toMatch(/画像[\s\S]*周日亚麻籽油团购/);
    expect((await s.get('/console/members/wxid_owner', cookie)).status).toBe(404);

    const jielong = Object.values(s.linli.services.store.data.jielong)[0]!;
    const page = await (await s.get(`/console/jielong/${jielong.id}`, cookie)).text();
    expect(page).toContain('3-501');
    expect(page).toContain('pick.xlsx');
    const xlsx = await s.get(`/console/jielong/${jielong.id}/pick.xlsx`, cookie);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''.*%E9%85%8D%E8%B4%A7%E5%8D%95\.xlsx$/);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const csv = await s.get(`/console/jielong/${jielong.id}/pick.csv`, cookie);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('楼栋房号');
    expect(text).toContain('3-501');
    expect((await s.get('/console/jielong/jl-999', cookie)).status).toBe(404);
    expect((await s.get('/console/jielong/jl-999/pick.csv', cookie)).status).toBe(404);
  });

  it('answers the metrics for a range, and refuses a bad one', async () => {
    const s = await shop();
    await withData(s);
    const cookie = await s.signIn();
    const res = await s.get('/console/api/metrics?from=2026-11-01&to=2026-11-30', cookie);
    expect(res.status).toBe(200);
    const m = await res.json();
    expect(m.range).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(m.summary.orders).toBe(1);
    for (const q of ['from=2026-12-01&to=2026-11-01', 'from=yesterday', 'weeks=0', 'weeks=abc', 'from=2020-01-01&to=2026-01-01']) {
      expect((await s.get(`/console/api/metrics?${q}`, cookie)).status, q).toBe(400);
    }
  });

  it('serves ECharts from node_modules, gzipped for browsers that take it, and the chart script', async () => {
    const s = await shop();
    const cookie = await s.signIn();
    const gz = await s.app.request('/console/assets/echarts.min.js', { headers: { cookie, 'accept-encoding': 'gzip, br' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toContain('immutable');
    const js = await s.get('/console/assets/console.js', cookie);
    expect(await js.text()).toContain('echarts.init');
    const page = await (await s.get('/console/charts', cookie)).text();
    expect(page).toMatch(/<script src="\/console\/assets\/echarts\.min\.js\?v=[^"]+" defer><\/script>/);
    expect(page).not.toMatch(/<script>/);
  });
});

describe('社区', () => {
  it('shows the quick answers, the polls and the 体验官 of the month', async () => {
    const s = await shop();
    const newcomer = member('小周');
    let t = s.clock.now();
    const say = async (event: Parameters<typeof s.linli.handle>[0]) => {
      await s.linli.handle(event);
      s.clock.set((t += 60_000));
      await s.newMessages();
    };
    // A quick answer, asked twice by 王阿姨 (by DM, so no repeat guard).
    await say(dmText(owner, '/自动回复 新增 自提点、提货点 自提点在3栋楼下便利店', t));
    await say(dmText(resident, '自提点在哪？', t));
    await say(dmText(resident, '提货点在哪里', t));
    // A poll: 王阿姨 votes, then changes her vote.
    await say(groupText(owner, '/投票 新建 下周上新选哪个口味？ 海盐 芝士 原味', t));
    await say(groupText(resident, '投2', t));
    await say(groupText(resident, '3号', t));
    // 王阿姨 is made a 体验官; 小周 joins with her code and orders.
    await say(dmText(owner, '/体验官 王阿姨', t));
    const code = s.linli.services.store.data.koc.kocs[resident.id]!.code;
    await say({ kind: 'join', id: `join-${t}`, at: t, group: group1, member: newcomer });
    await say(groupText(newcomer, `邀请码 ${code}`, t));
    await say(groupText(owner, '/接龙 开 周日亚麻籽油团购 亚麻籽油 39', t));
    await say(groupText(newcomer, '#接龙\n周日亚麻籽油团购\n\n1. 5-201 小周 2瓶', t));
    await say(groupText(owner, '/接龙 关', t));

    const cookie = await s.signIn();
    const res = await s.get('/console/community', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('aria-current="page">社区</a>');
    const months = /<table class="community">[\s\S]*?<\/table>/.exec(html)![0];
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]);
    // 2026年11月: 2 answers to 1 asker; 1 voter, 1 vote in 1 poll, 1 change; 1 newcomer who ordered 2 × ¥39.
    expect(cells(/<tr><td>2026年11月<\/td>[\s\S]*?<\/tr>/.exec(months)![0])).toEqual(['2026年11月', '2', '1', '1', '1', '1', '1', '1', '1', '¥78']);
    expect(html).toMatch(/<td>#1<\/td><td class="wrap">自提点、提货点<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(new RegExp(`<td>王阿姨</td><td>${code}</td><td class="num">1</td><td class="num">1</td><td class="num">¥78</td>`));

    const api = await (await s.get('/console/api/metrics?from=2026-11-01&to=2026-11-30', cookie)).json();
    expect(api.community.months).toEqual([expect.objectContaining({ month: '2026-11', autoreplyAnswers: 2, pollVotes: 1, pollChanges: 1, kocReferrals: 1, kocSalesFen: 7800 })]);
  });

  it('says so when nothing happened yet', async () => {
    const s = await shop();
    const cookie = await s.signIn();
    const html = await (await s.get('/console/community?weeks=4', cookie)).text();
    expect(html).toContain('这段时间还没有自动回复过。');
    expect(html).toContain('还没有体验官。');
  });
});

describe('ranges', () => {
  it('counts weeks from Monday in the shop zone', () => {
    const tz = 'Asia/Shanghai';
    // T0 is Saturday 2026-11-21 09:00 in Shanghai: its week began Monday 11-16.
    expect(weekStart(T0, tz)).toBe(Date.parse('2026-11-16T00:00:00+08:00'));
    expect(lastWeeks(T0, tz, 4).from).toBe(Date.parse('2026-10-26T00:00:00+08:00'));
    const r = rangeFrom({ from: '2026-11-01', to: '2026-11-30' }, T0, tz);
    expect(r).toEqual({ ok: true, range: { from: Date.parse('2026-11-01T00:00:00+08:00'), to: Date.parse('2026-12-01T00:00:00+08:00') } });
  });
});
