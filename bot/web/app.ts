// The sandbox page and its small JSON/SSE API: a person picks who they are, types into a group
// or into their DM with the bot, and watches every timeline and the sandbox clock live.

import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { SandboxDriver } from '../channels/sandbox-driver.ts';
import type { FeatureRoute } from '../feature.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { MAX_TEXT_CHARS } from '../too-long.ts';
import { mountSandboxActions, type PostRequest } from './actions.ts';
import { checkHost, requireSignIn, type PageAccess } from './access.ts';
import { fail, isRecord, readJson } from './json.ts';
import { checkWho, type Checked } from './who.ts';

// Read once: the page is static and has no build step.
const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

/**
 * A message is refused (and the page says so before sending) when longer than the bot reads
 * (MAX_TEXT_CHARS, bot/too-long.ts): a long 接龙 pasted whole goes through. Its body is under
 * 128 KB, a photo (bot/web/actions.ts) under 220 KB; nothing the page sends is bigger.
 */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_ADVANCE_MINUTES = 7 * 24 * 60;
const KEEP_ALIVE_MS = 15_000;
/** How often an open event stream looks at the clock, so a clock that runs by itself shows too. */
const CLOCK_CHECK_MS = 5_000;



export interface SayRequest {
  from: string;
  group: string | null;
  text: string;
}

/** Checks a /api/say body against the sandbox's people and groups. */
export function checkSay(driver: SandboxDriver, body: unknown): Checked<SayRequest> {
  if (!isRecord(body)) return fail('请求内容应为 JSON 对象');
  const who = checkWho(driver, body);
  if (!who.ok) return who;
  const { from, group } = who.value;
  const { text } = body;
  if (typeof text !== 'string' || text.trim() === '') return fail('消息不能为空');
  // Count characters, not UTF-16 units, so an emoji counts once like it does for a person.
  const chars = [...text].length;
  if (chars > MAX_TEXT_CHARS) return fail(`消息太长了（${chars} 字），最多 ${MAX_TEXT_CHARS} 字，没有发出。请分成几条发`);
  return { ok: true, value: { from, group, text: text.trim() } };
}

/** Checks a /api/clock body; returns how many minutes to move forward. */
export function checkAdvance(body: unknown): Checked<number> {
  const minutes = isRecord(body) ? body.minutes : undefined;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes)) return fail('请给出要快进的分钟数');
  if (minutes <= 0) return fail('快进的分钟数要大于 0');
  if (minutes > MAX_ADVANCE_MINUTES) return fail('一次最多快进 7 天');
  return { ok: true, value: minutes };
}

/**
 * Where /api/say records a message before answering 200 (bot/inbound.ts): resolves with the
 * message id it was journaled under once it is on disk, rejects when it could not be written.
 */
export interface SayJournal {
  acceptSay(say: SayRequest, at: number): Promise<string>;
  /** The same for a card or a photo (bot/web/actions.ts). */
  acceptPost?(post: PostRequest, at: number): Promise<string>;
  /** The message was journaled but the mock refused it: nothing to handle after a restart. */
  abandon(id: string): void;
}

/**
 * `access`: which hosts may reach the page and, when public, the sign-in token (bot/web/access.ts).
 * `journal`: what makes a message the page answered 200 for survive a crash (`npm start` passes one).
 */
export function createWebApp(driver: SandboxDriver, log: Logger = silentLogger(), access: PageAccess = {}, journal?: SayJournal): Hono {
  const app = new Hono();
  checkHost(app, access.hosts ?? [], log);
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: '请求太大了' }, 413) }));
  if (access.token) requireSignIn(app, access.token, log);
  const clockListeners = new Set<(now: number) => void>();
  // Two quick clicks on 快进 must not run two advances over the same due items at once.
  let advancing: Promise<unknown> = Promise.resolve();

  app.onError((err, c) => {
    log.error({ err: err.message, path: c.req.path }, 'sandbox page request failed');
    return c.json({ error: '出错了，请稍后再试' }, 500);
  });

  app.get('/', (c) => c.html(PAGE));

  app.get('/api/state', (c) =>
    c.json({
      botName: driver.botName(),
      people: driver.people(),
      groups: driver.groups(),
      timeline: driver.timeline(),
      now: driver.now(),
    }),
  );

  app.post('/api/say', async (c) => {
    const checked = checkSay(driver, await readJson(c.req.raw));
    if (!checked.ok) return c.json({ error: checked.error }, 400);
    const { from, group, text } = checked.value;
    // Acknowledged means durable: on disk before the 200, handled from there after a crash.
    let id: string | undefined;
    if (journal) {
      try {
        id = await journal.acceptSay(checked.value, driver.now());
      } catch (err) {
        log.error({ err: (err as Error).message }, 'could not journal a sandbox message; refused it');
        return c.json({ error: '消息没能保存下来，请稍后再发一次' }, 503);
      }
    }
    try {
      await driver.say(from, group, text, id);
    } catch (err) {
      if (id !== undefined) journal!.abandon(id);
      throw err;
    }
    return c.json({ ok: true });
  });

  app.post('/api/clock', async (c) => {
    const checked = checkAdvance(await readJson(c.req.raw));
    if (!checked.ok) return c.json({ error: checked.error }, 400);
    const run = advancing.then(() => driver.advance(checked.value * 60_000));
    advancing = run.catch(() => undefined);
    await run;
    const now = driver.now();
    for (const listener of clockListeners) listener(now);
    return c.json({ now });
  });

  app.get('/api/events', (c) =>
    streamSSE(c, (stream) => pipeEvents(driver, clockListeners, stream)),
  );

  // The 更多 menu (share, photo, invite) and the files the timeline shows.
  mountSandboxActions(app, driver, log, journal);

  return app;
}

/**
 * Mounts the features' web routes (kit.route: the owner's console) on a web app, the sandbox
 * page's, the WeCom callbacks' or /healthz's, after what that app installed first (the host check).
 */
export function mountRoutes(app: Hono, routes: readonly FeatureRoute[]): Hono {
  for (const { prefix, app: routed } of routes) app.route(prefix, routed);
  return app;
}

/** Streams new entries and clock changes until the client goes away. */
async function pipeEvents(
  driver: SandboxDriver,
  clockListeners: Set<(now: number) => void>,
  stream: SSEStreamingApi,
): Promise<void> {
  // One queue keeps events in the order they happened even though each write is async.
  let queue = Promise.resolve();
  const send = (write: () => Promise<unknown>) => {
    queue = queue.then(write).then(() => undefined, () => undefined);
  };
  let lastMinute = Math.floor(driver.now() / 60_000);
  const sendClock = (now: number) => {
    lastMinute = Math.floor(now / 60_000);
    send(() => stream.writeSSE({ event: 'clock', data: JSON.stringify({ now }) }));
  };

  // Subscribe before the first await: the page loads /api/state once the stream opens,
  // so nothing said in between can slip through.
  const offEntry = driver.onEntry((entry) =>
    send(() => stream.writeSSE({ event: 'entry', id: String(entry.seq), data: JSON.stringify(entry) })),
  );
  clockListeners.add(sendClock);
  send(() => stream.write(': connected\n\n'));

  let sinceKeepAlive = 0;
  const timer = setInterval(() => {
    const now = driver.now();
    if (Math.floor(now / 60_000) !== lastMinute) sendClock(now);
    sinceKeepAlive += CLOCK_CHECK_MS;
    if (sinceKeepAlive >= KEEP_ALIVE_MS) {
      sinceKeepAlive = 0;
      // A comment line: ignored by EventSource, but keeps proxies and idle timeouts away.
      send(() => stream.write(': keep-alive\n\n'));
    }
  }, CLOCK_CHECK_MS);

  await new Promise<void>((resolve) => stream.onAbort(resolve));
  clearInterval(timer);
  offEntry();
  clockListeners.delete(sendClock);
}

