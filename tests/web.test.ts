import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SandboxDriver, TimelineEntry } from '../bot/channels/sandbox-driver.ts';
import { createWebApp } from '../bot/web/app.ts';
import { serveWeb } from '../bot/web/serve.ts';
import { MAX_TEXT_CHARS } from '../bot/too-long.ts';
import { DAY_MS } from '../scheduler/clock.ts';

const START = Date.UTC(2026, 10, 21, 1, 30); // 2026-11-21 09:30 in Shanghai

/** An in-memory sandbox: saying something appends to the timeline like the real one would. */
function fakeDriver() {
  const listeners = new Set<(entry: TimelineEntry) => void>();
  const entries: TimelineEntry[] = [];
  const said: Array<[string, string | null, string]> = [];
  const advanced: number[] = [];
  const people = [
    { id: 'zhao', name: '老赵', isOwner: true },
    { id: 'wang', name: '王阿姨', isOwner: false },
    { id: 'li', name: '李哥', isOwner: false },
  ];
  const groups = [
    { id: 'g1', name: '幸福里1群', memberIds: ['zhao', 'wang', 'li'] },
    { id: 'g2', name: '幸福里2群', memberIds: ['zhao', 'li'] },
  ];
  let now = START;

  const push = (chat: string, fromId: string, fromName: string, text: string, fromBot = false) => {
    const entry: TimelineEntry = { seq: entries.length + 1, at: now, chat, fromId, fromName, text, fromBot };
    entries.push(entry);
    for (const listener of listeners) listener(entry);
    return entry;
  };

  const driver: SandboxDriver = {
    botName: () => '邻里小助手',
    people: () => people,
    groups: () => groups,
    async say(fromId, groupId, text) {
      said.push([fromId, groupId, text]);
      const name = people.find((p) => p.id === fromId)?.name ?? fromId;
      push(groupId ?? `dm:${fromId}`, fromId, name, text);
    },
    timeline: () => [...entries],
    onEntry(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now: () => now,
    async advance(ms) {
      advanced.push(ms);
      now += ms;
    },
  };
  return {
    driver, said, advanced, listeners, push,
    setNow: (ms: number) => { now = ms; },
  };
}

function postJson(app: ReturnType<typeof createWebApp>, path: string, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Reads an event stream until `until` matches what has arrived so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: RegExp, ms = 3000): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!until.test(text)) {
    if (Date.now() > deadline) throw new Error(`stream did not show ${until} in time; got: ${text}`);
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out; got: ${text}`)), ms)),
    ]);
    if (chunk.done) throw new Error(`stream ended; got: ${text}`);
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

const HAN = /[\u4e00-\u9fff]/;

describe('web app', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves the page at /', async () => {
    const app = createWebApp(fakeDriver().driver);
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>邻里沙盒</title>');
    expect(html).toContain('/api/events');
    expect(html).toContain('试试发送');
    // Self-contained: nothing is loaded from elsewhere.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
  });

  it('reports the whole state', async () => {
    const fake = fakeDriver();
    fake.push('g1', 'wang', '王阿姨', '早上好');
    const res = await createWebApp(fake.driver).request('/api/state');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      botName: '邻里小助手',
      people: fake.driver.people(),
      groups: fake.driver.groups(),
      timeline: [expect.objectContaining({ seq: 1, chat: 'g1', fromName: '王阿姨', text: '早上好' })],
      now: START,
    });
  });

  describe('POST /api/say', () => {
    const bad: Array<[string, unknown, RegExp]> = [
      ['unknown person', { from: 'nobody', group: 'g1', text: '你好' }, /找不到这个人/],
      ['no person', { group: 'g1', text: '你好' }, /选择/],
      ['person not in the group', { from: 'wang', group: 'g2', text: '你好' }, /王阿姨不在「幸福里2群」里/],
      ['unknown group', { from: 'wang', group: 'g9', text: '你好' }, /找不到这个群/],
      ['empty text', { from: 'wang', group: 'g1', text: '' }, /不能为空/],
      ['blank text', { from: 'wang', group: null, text: '  \n ' }, /不能为空/],
      ['missing text', { from: 'wang', group: null }, /不能为空/],
      ['text too long', { from: 'wang', group: 'g1', text: '好'.repeat(MAX_TEXT_CHARS + 1) }, new RegExp(`太长.*${MAX_TEXT_CHARS + 1} 字.*最多 ${MAX_TEXT_CHARS} 字`)],
      ['not an object', ['wang', 'g1', '你好'], /JSON/],
    ];

    it.each(bad)('refuses %s with a Chinese message', async (_case, body, message) => {
      const fake = fakeDriver();
      const res = await postJson(createWebApp(fake.driver), '/api/say', body);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatch(message);
      expect(error).toMatch(HAN);
      expect(fake.said).toEqual([]);
    });

    it('refuses a body that is not JSON', async () => {
      const fake = fakeDriver();
      const app = createWebApp(fake.driver);
      for (const init of [
        { headers: { 'content-type': 'application/json' }, body: '{oops' },
        // A cross-site form can send text/plain without asking first: it must not get through.
        { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ from: 'wang', group: 'g1', text: '你好' }) },
      ]) {
        const res = await app.request('/api/say', { method: 'POST', ...init });
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatch(HAN);
      }
      expect(fake.said).toEqual([]);
    });

    it('passes a group message and a DM to the driver', async () => {
      const fake = fakeDriver();
      const app = createWebApp(fake.driver);
      const inGroup = await postJson(app, '/api/say', { from: 'wang', group: 'g1', text: ' 接龙 +1 ' });
      expect(inGroup.status).toBe(200);
      const dm = await postJson(app, '/api/say', { from: 'li', group: null, text: '/help' });
      expect(dm.status).toBe(200);
      expect(fake.said).toEqual([
        ['wang', 'g1', '接龙 +1'],
        ['li', null, '/help'],
      ]);
    });

    it('counts characters, not UTF-16 units, against the limit (what the bot reads)', async () => {
      const fake = fakeDriver();
      const res = await postJson(createWebApp(fake.driver), '/api/say', { from: 'wang', group: 'g1', text: '🍎'.repeat(MAX_TEXT_CHARS) });
      expect(res.status).toBe(200);
      expect(fake.said).toHaveLength(1);
    });

    it('answers 500 in Chinese when the driver fails', async () => {
      const fake = fakeDriver();
      fake.driver.say = async () => { throw new Error('boom'); };
      const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
      const res = await postJson(createWebApp(fake.driver), '/api/say', { from: 'wang', group: 'g1', text: '你好' });
      spy.mockRestore();
      expect(res.status).toBe(500);
      expect((await res.json()).error).toMatch(HAN);
    });
  });

  describe('POST /api/clock', () => {
    it('moves the clock and returns the new time', async () => {
      const fake = fakeDriver();
      const res = await postJson(createWebApp(fake.driver), '/api/clock', { minutes: 60 });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ now: START + 3_600_000 });
      expect(fake.advanced).toEqual([3_600_000]);
    });

    it('allows exactly 7 days', async () => {
      const fake = fakeDriver();
      const res = await postJson(createWebApp(fake.driver), '/api/clock', { minutes: 7 * 24 * 60 });
      expect(res.status).toBe(200);
      expect(fake.driver.now()).toBe(START + 7 * DAY_MS);
    });

    it.each([[0], [-10], [7 * 24 * 60 + 1], ['60'], [null], [Number.NaN]])('refuses minutes=%s', async (minutes) => {
      const fake = fakeDriver();
      const res = await postJson(createWebApp(fake.driver), '/api/clock', { minutes });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(HAN);
      expect(fake.advanced).toEqual([]);
    });

    it('runs two quick advances one after the other', async () => {
      const fake = fakeDriver();
      let running = 0;
      let overlapped = false;
      fake.driver.advance = async (ms) => {
        running++;
        if (running > 1) overlapped = true;
        await new Promise((r) => setTimeout(r, 20));
        fake.setNow(fake.driver.now() + ms);
        running--;
      };
      const app = createWebApp(fake.driver);
      const [a, b] = await Promise.all([
        postJson(app, '/api/clock', { minutes: 10 }),
        postJson(app, '/api/clock', { minutes: 10 }),
      ]);
      expect(overlapped).toBe(false);
      const nows = [(await a.json()).now, (await b.json()).now].sort();
      expect(nows).toEqual([START + 600_000, START + 1_200_000]);
    });
  });

  describe('GET /api/events', () => {
    it('streams new entries and clock changes, and unsubscribes when the client leaves', async () => {
      const fake = fakeDriver();
      const app = createWebApp(fake.driver);
      const res = await app.request('/api/events');
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      await readUntil(reader, /: connected/);
      expect(fake.listeners.size).toBe(1);

      fake.push('g1', 'bot', '邻里小助手', '今晚 8 点直播，记得来看', true);
      const text = await readUntil(reader, /event: entry\ndata: .*\nid: 1\n\n/);
      const data = /event: entry\ndata: (.*)\n/.exec(text)![1]!;
      expect(JSON.parse(data)).toMatchObject({ seq: 1, chat: 'g1', text: '今晚 8 点直播，记得来看', fromBot: true });

      await postJson(app, '/api/clock', { minutes: 10 });
      const clock = await readUntil(reader, /event: clock\ndata: .*\n\n/);
      expect(clock).toContain(`"now":${START + 600_000}`);

      await reader.cancel();
      await vi.waitFor(() => expect(fake.listeners.size).toBe(0));
    });

    it('sends keep-alives, and notices a clock that moved by itself', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const fake = fakeDriver();
      const reader = (await createWebApp(fake.driver).request('/api/events')).body!.getReader();
      await readUntil(reader, /: connected/);
      fake.setNow(START + 120_000);
      vi.advanceTimersByTime(15_000);
      const text = await readUntil(reader, /: keep-alive/);
      expect(text).toContain(`event: clock\ndata: {"now":${START + 120_000}}`);
      await reader.cancel();
    });
  });
});

describe('serveWeb', () => {
  it('listens on a free port, serves live events over HTTP, and closes with a stream open', async () => {
    const fake = fakeDriver();
    const server = await serveWeb(createWebApp(fake.driver), { host: '127.0.0.1', port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.url).not.toMatch(/:0$/);

      const state = await fetch(`${server.url}/api/state`).then((r) => r.json());
      expect(state.botName).toBe('邻里小助手');

      const events = await fetch(`${server.url}/api/events`);
      const reader = events.body!.getReader();
      await readUntil(reader, /: connected/);
      const said = await fetch(`${server.url}/api/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'wang', group: 'g1', text: '我要两份豆腐' }),
      });
      expect(said.status).toBe(200);
      const text = await readUntil(reader, /我要两份豆腐/);
      expect(text).toContain('"fromName":"王阿姨"');
    } finally {
      await server.close();
    }
    await vi.waitFor(() => expect(fake.listeners.size).toBe(0));
    await expect(fetch(`${server.url}/api/state`)).rejects.toThrow();
    await server.close(); // a second close is harmless
  });

  it('rejects when the port is taken', async () => {
    const first = await serveWeb(createWebApp(fakeDriver().driver), { host: '127.0.0.1', port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      await expect(serveWeb(createWebApp(fakeDriver().driver), { host: '127.0.0.1', port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
