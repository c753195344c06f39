import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { MemberRef, OutboundMessage, TextEvent } from '../bot/types.ts';
import { serveWeb } from '../bot/web/serve.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { dmText, group1, groupText, member, T0, testBot } from './helpers.ts';

// A shop for product-question tests: the 20-product catalog, an owner, residents in
// 幸福里1群, and an open 接龙 for 冷榨亚麻籽油 with orders in it (other people's data).

export const CATALOG_20 = new URL('./fixtures/catalog-20.json', import.meta.url).pathname;
export const owner = member('老赵');
export const wang = member('王阿姨');
export const li = member('李哥');
export const zhang = member('小张');
/** 20:00 on the test day (T0 is 09:00 Asia/Shanghai). */
export const CUTOFF = T0 + 11 * 3600_000;

const JIELONG = '#接龙\n周六冷榨油团购\n\n1. 3-501 王阿姨 亚麻籽油2瓶\n2. 7-1102 李哥 亚麻籽油1瓶 13800138000';

export type Sent = OutboundMessage & { at: number };

export async function qaBot(env: Record<string, string> = {}) {
  const bot = await testBot({ OWNER_IDS: owner.id, ...env });
  const { linli, clock, channel } = bot;
  linli.services.store.data.catalog = loadCatalogFile(CATALOG_20);
  let t = T0;
  const tick = () => (t = Math.max(t, clock.now()) + 1000);
  // The owner and residents have spoken once, so they are known members.
  for (const who of [owner, wang, li, zhang]) await linli.handle(groupText(who, '早上好', tick()));
  await linli.handle(groupText(wang, JIELONG, tick()));
  const record = Object.values(linli.services.store.data.jielong)[0]!;
  record.cutoffAt = CUTOFF;
  await linli.engine.advanceTo(t + 60_000, clock);
  channel.sent.length = 0;

  /** Sends one message and returns what the bot sent because of it (the next 30 s). */
  async function say(from: MemberRef, text: string, opts: { dm?: boolean; mention?: boolean } = {}): Promise<Sent[]> {
    const at = tick();
    const event: TextEvent = opts.dm ? dmText(from, text, at) : groupText(from, opts.mention ? `@邻里小助手 ${text}` : text, at);
    if (opts.mention) event.mentionsBot = true;
    const before = channel.sent.length;
    await linli.handle(event);
    await linli.idle();
    await linli.engine.advanceTo(at + 30_000, clock);
    t = clock.now();
    return channel.sent.slice(before);
  }

  /** The texts sent to a member's DM or @mentioning them in a group. */
  const to = (sent: Sent[], who: MemberRef) => sent.filter((s) => (s.to.kind === 'dm' ? s.to.member.id === who.id : s.mentions.some((m) => m.id === who.id))).map((s) => s.text);

  return { ...bot, say, to, record, advance: async (ms: number) => { await linli.engine.advanceTo(clock.now() + ms, clock); t = clock.now(); } };
}

export interface FakeModel {
  baseURL: string;
  /** Bodies of the chat-completion requests received, and their auth headers. */
  requests: Array<{ body: { model: string; messages: Array<{ role: string; content: string }> }; auth: string | undefined }>;
  /** How the next requests are answered. */
  respond: (body: FakeModel['requests'][number]['body']) => Promise<Response | string> | Response | string;
  close(): Promise<void>;
}

/** An OpenAI-compatible chat-completions endpoint on 127.0.0.1 (random port). */
export async function fakeOpenAI(): Promise<FakeModel> {
  const app = new Hono();
  const model: FakeModel = { baseURL: '', requests: [], respond: () => '好的～', close: async () => {} };
  app.post('/v1/chat/completions', async (c) => {
    const body = await c.req.json();
    model.requests.push({ body, auth: c.req.header('authorization') });
    const out = await model.respond(body);
    if (out instanceof Response) return out;
    return c.json({
      id: `chatcmpl-${model.requests.length}`, object: 'chat.completion', created: 0, model: body.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: out } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  });
  const server = await serveWeb(app, { host: '127.0.0.1', port: 0 });
  model.baseURL = `${server.url}/v1`;
  model.close = server.close;
  return model;
}

export function promptFile(name: string): string {
  return readFileSync(new URL(`../prompts/${name}.md`, import.meta.url), 'utf8').trim();
}

export { group1 };
