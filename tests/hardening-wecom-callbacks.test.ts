// Issue 14 "Hardened", WeCom callbacks: a body is limited before it is read, an unsigned one
// never reaches the XML parser, and a captured callback replayed after a restart (inside
// WeCom's timestamp window) is refused, as it is without the restart.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLinli, type Linli } from '../bot/app.ts';
import { createWecom, MAX_CALLBACK_BYTES, type Wecom } from '../bot/channels/wecom/index.ts';
import { readXml } from '../bot/channels/wecom/xml.ts';
import type { Config } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import { serveWeb, type WebServer } from '../bot/web/serve.ts';
import type { ManualClock } from '../scheduler/clock.ts';
import { testBot } from './helpers.ts';
import { FakeWecom, SECRET } from './wecom-fake.ts';
import { envelope, seal, sealBot, textXml, WECOM_ENV } from './wecom-sign.ts';

// The real parser, watched: which requests got as far as an XML parse.
vi.mock(import('../bot/channels/wecom/xml.ts'), async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, readXml: vi.fn(real.readXml) };
});

let fake: FakeWecom | undefined;
let server: WebServer | undefined;
const open: Linli[] = [];

afterEach(async () => {
  for (const linli of open.splice(0)) await linli.close();
  await server?.close();
  await fake?.stop();
  fake = server = undefined;
  vi.mocked(readXml).mockClear();
});

interface Bot {
  linli: Linli;
  wecom: Wecom;
  texts: string[];
}

/** The bot with the WeCom routes, as `npm start` wires it, on an existing data directory. */
async function start(config: Config, clock: ManualClock): Promise<Bot> {
  const linli = await createLinli({ config, clock, log: silentLogger() });
  open.push(linli);
  const wecom = createWecom({
    config, store: linli.services.store, clock, log: silentLogger(),
    handle: async (e) => void (await linli.handle(e)), flush: async () => void (await linli.services.outbox.drain()),
  });
  linli.attach(wecom.channel);
  const texts: string[] = [];
  linli.services.store.log.subscribe((e) => {
    if (e.kind === 'text') texts.push(String(e.id));
  });
  return { linli, wecom, texts };
}

async function fresh(env: Record<string, string> = {}) {
  fake = await new FakeWecom().start();
  const made = await testBot({ ...WECOM_ENV, WECOM_SECRET: SECRET, WECOM_API_BASE: fake.url, WECOM_PASSIVE_REPLY_MS: '0', ...env });
  await made.linli.close();
  return { config: made.config, clock: made.clock };
}

/** Stops the bot as SIGTERM does: callbacks finish, everything acknowledged is flushed. */
async function stop(bot: Bot): Promise<void> {
  await bot.wecom.idle();
  await bot.linli.close();
  open.splice(open.indexOf(bot.linli), 1);
}

describe('WeCom callbacks: body limit', () => {
  it('refuses a body over the limit with 413, whether its length is declared or streamed', async () => {
    const { config, clock } = await fresh();
    const { wecom } = await start(config, clock);
    const big = `<xml><Encrypt>${'A'.repeat(MAX_CALLBACK_BYTES + 10)}</Encrypt></xml>`;
    const declared = await wecom.app.request('/wecom/callback?msg_signature=x&timestamp=1&nonce=1', {
      method: 'POST', body: big, headers: { 'content-length': String(big.length) },
    });
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(100_000).fill(65));
        controller.close();
      },
    });
    const streamed = await wecom.app.request('/wecom/aibot?msg_signature=x&timestamp=1&nonce=1', { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(readXml).not.toHaveBeenCalled();
  });

  it('answers an unsigned 50 MB body over HTTP at once, without holding it in memory', { timeout: 30_000 }, async () => {
    const { config, clock } = await fresh();
    const { wecom } = await start(config, clock);
    server = await serveWeb(wecom.app, { host: '127.0.0.1', port: 0 });
    // Well-formed XML, so a parser would walk all of it (the finding: 14–19 s and 2.1 GB).
    const body = Buffer.from(`<xml>${'<a>1</a>'.repeat(50 * 1024 * 1024 / 8)}</xml>`);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await fetch(`${server.url}/wecom/callback?msg_signature=x&timestamp=1&nonce=1`, { method: 'POST', body }).catch((err: Error) => err);
    const took = Date.now() - started;
    // Refused before the body is read: a 413, or the connection closed on the rest of it.
    if (res instanceof Response) expect(res.status).toBe(413);
    expect(took).toBeLessThan(3000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  });
});

describe('WeCom callbacks: signature before parsing', () => {
  it('never hands an unsigned or wrongly signed body to the XML parser', async () => {
    const { config, clock } = await fresh();
    const { wecom } = await start(config, clock);
    const { encrypted, query } = seal(textXml('laozhao', '/help', '7000000000000000009', clock.now()), clock.now());
    const forged = query.replace(/msg_signature=[0-9a-f]{4}/, 'msg_signature=0000');
    const nested = `<xml>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    for (const [q, body] of [[forged, envelope(encrypted)], ['', envelope(encrypted)], [forged, nested]] as const) {
      const res = await wecom.app.request(`/wecom/callback?${q}`, { method: 'POST', body });
      expect(res.status).toBe(403);
    }
    expect(readXml).not.toHaveBeenCalled();

    // The same message correctly signed is parsed and taken.
    const good = await wecom.app.request(`/wecom/callback?${query}`, { method: 'POST', body: envelope(encrypted) });
    expect(good.status).toBe(200);
    expect(readXml).toHaveBeenCalledTimes(1);
  });
});

describe('WeCom callbacks: replays across a restart', () => {
  it('refuses a captured callback replayed after a restart, inside the timestamp window', async () => {
    const { config, clock } = await fresh();
    const captured = seal(textXml('laozhao', '/help', '7000000000000000001', clock.now()), clock.now());
    const post = (w: Wecom) => w.app.request(`/wecom/callback?${captured.query}`, { method: 'POST', body: envelope(captured.encrypted) });

    const first = await start(config, clock);
    expect((await post(first.wecom)).status).toBe(200);
    await stop(first);
    expect(first.texts).toEqual(['wecom:7000000000000000001']);

    clock.advance(60_000);
    const second = await start(config, clock);
    expect((await post(second.wecom)).status).toBe(403);
    await second.wecom.idle();
    expect(second.texts).toEqual([]);
    // Only one answer ever goes to the owner (the first one, waiting in the outbox over the restart).
    await second.linli.services.outbox.drain();
    expect(fake!.callsTo('message/send')).toHaveLength(1);
  });

  it('does not handle again a WeCom resend (same MsgId, new signature) that arrives after a restart', async () => {
    const { config, clock } = await fresh();
    const xml = textXml('laozhao', '/help', '7000000000000000002', clock.now());
    const first = await start(config, clock);
    const sent = seal(xml, clock.now());
    await first.wecom.app.request(`/wecom/callback?${sent.query}`, { method: 'POST', body: envelope(sent.encrypted) });
    await stop(first);

    clock.advance(5_000);
    const second = await start(config, clock);
    const resent = seal(xml, clock.now());
    expect((await second.wecom.app.request(`/wecom/callback?${resent.query}`, { method: 'POST', body: envelope(resent.encrypted) })).status).toBe(200);
    await second.wecom.idle();
    expect(second.texts).toEqual([]);
  });

  it('refuses a 智能机器人 callback replayed after a restart', async () => {
    const { config, clock } = await fresh();
    const message = { msgid: 'bot-replay-1', aibotid: 'aibotLinli', chattype: 'single', from: { userid: 'xiaoli' }, msgtype: 'text', text: { content: '你好' } };
    const captured = sealBot(JSON.stringify(message), clock.now());
    const post = (w: Wecom) => w.app.request(`/wecom/aibot?${captured.query}`, { method: 'POST', body: JSON.stringify({ encrypt: captured.encrypted }) });

    const first = await start(config, clock);
    expect((await post(first.wecom)).status).toBe(200);
    await stop(first);
    expect(first.texts).toEqual(['wecom-bot:bot-replay-1']);

    clock.advance(30_000);
    const second = await start(config, clock);
    expect((await post(second.wecom)).status).toBe(403);
    await second.wecom.idle();
    expect(second.texts).toEqual([]);
  });

  it('keeps only what the window needs: older entries leave state.json', async () => {
    const { config, clock } = await fresh({ WECOM_TIMESTAMP_WINDOW_SECONDS: '60' });
    const first = await start(config, clock);
    const a = seal(textXml('laozhao', 'hi', '7000000000000000003', clock.now()), clock.now());
    await first.wecom.app.request(`/wecom/callback?${a.query}`, { method: 'POST', body: envelope(a.encrypted) });
    await stop(first);

    clock.advance(3 * 60_000);
    const second = await start(config, clock);
    const b = seal(textXml('laozhao', 'hi', '7000000000000000004', clock.now()), clock.now());
    await second.wecom.app.request(`/wecom/callback?${b.query}`, { method: 'POST', body: envelope(b.encrypted) });
    const signatures = second.linli.services.store.data.wecom.seen?.['callback-signatures'] ?? {};
    expect(Object.values(signatures)).toEqual([clock.now()]);
  });
});
