// Product questions with a model: the real openai SDK against a fake OpenAI-compatible
// server (hono on 127.0.0.1, random port). The model may phrase, never invent.

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinli } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { groupText, RecordingChannel, T0, testConfig } from '../../tests/helpers.ts';
import { CATALOG_20, fakeOpenAI, owner, promptFile, qaBot, wang, type FakeModel } from '../../tests/qa-helpers.ts';

let model: FakeModel;
beforeAll(async () => {
  model = await fakeOpenAI();
});
afterAll(async () => {
  await model.close();
});

async function shop(env: Record<string, string> = {}) {
  model.requests.length = 0;
  return qaBot({ OPENAI_API_KEY: 'sk-test-secret-123', OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: 'test-model', QA_RATE_LIMIT: '50', ...env });
}

describe('answers with a model', () => {
  it('a good answer passes through, and the request carries the facts and the prompt file’s text', async () => {
    model.respond = () => '冷榨亚麻籽油39.9元一瓶，500ml，低温冷榨的，凉拌最香～';
    const { say, linli } = await shop();
    const sent = await say(wang, '亚麻籽油多少钱？');
    expect(sent.map((s) => [s.text, s.mentions])).toEqual([['冷榨亚麻籽油39.9元一瓶，500ml，低温冷榨的，凉拌最香～', [wang]]]);

    expect(model.requests).toHaveLength(1);
    const [req] = model.requests;
    expect(req!.auth).toBe('Bearer sk-test-secret-123');
    expect(req!.body.model).toBe('test-model');
    const [system, user] = req!.body.messages;
    expect(system).toEqual({ role: 'system', content: promptFile('qa').replace('{{bot}}', '邻里小助手') });
    expect(user!.role).toBe('user');
    expect(user!.content).toContain('商品1：冷榨亚麻籽油');
    expect(user!.content).toContain('- 价格：39.9元/瓶');
    expect(user!.content).toContain('- 产地：内蒙古乌兰察布');
    expect(user!.content).toContain('接龙「周六冷榨油团购」截止 今天 20:00');
    expect(user!.content).toContain('<<<\n亚麻籽油多少钱？\n>>>');
    // Only the product asked about is in the facts, and no member's data.
    expect(user!.content).not.toContain('花生油');
    expect(user!.content).not.toMatch(/王阿姨|李哥|3-501|7-1102|13800138000/);
    await linli.close();
  });

  it('an answer with an invented price falls back to the template answer', async () => {
    model.respond = () => '冷榨亚麻籽油今天特价19.9元一瓶～';
    const { say, linli } = await shop();
    expect((await say(wang, '亚麻籽油多少钱？')).map((s) => s.text)).toEqual(['冷榨亚麻籽油39.9元一瓶（500ml）～']);
    expect(model.requests).toHaveLength(1);
    await linli.close();
  });

  it('an answer about a product that was not retrieved falls back', async () => {
    model.respond = () => '亚麻籽油不错，也可以看看古法花生油～';
    const { say, linli } = await shop();
    expect((await say(wang, '亚麻籽油哪里产的')).map((s) => s.text)).toEqual(['冷榨亚麻籽油是内蒙古乌兰察布产的～']);
    await linli.close();
  });

  it('a timeout falls back to the template answer', async () => {
    model.respond = () => new Promise((resolve) => setTimeout(() => resolve('太慢了'), 3000));
    const { say, linli } = await shop({ OPENAI_TIMEOUT_MS: '300' });
    const started = Date.now();
    expect((await say(wang, '脐橙哪里产的')).map((s) => s.text)).toEqual(['赣南脐橙是江西赣州产的～']);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(model.requests).toHaveLength(1);
    await linli.close();
  });

  it('a 500 error falls back, with one call and no retry', async () => {
    model.respond = () => new Response(JSON.stringify({ error: { message: 'boom' } }), { status: 500, headers: { 'content-type': 'application/json' } });
    const { say, linli } = await shop();
    expect((await say(wang, '鸡蛋还有吗')).map((s) => s.text)).toEqual(['土鸡蛋还有25盒～']);
    expect(model.requests).toHaveLength(1);
    await linli.close();
  });

  it('when the model says the facts do not hold it, the question goes to the owner', async () => {
    model.respond = () => '【问团长】';
    const { say, to, linli } = await shop();
    const sent = await say(wang, '带鱼新鲜吗？', { mention: true });
    expect(to(sent, wang)).toEqual(['这个我问问团长，回头告诉你～']);
    expect(to(sent, owner)[0]).toContain('#1 王阿姨（幸福里1群）：带鱼新鲜吗？');
    await linli.close();
  });

  it('no product, no model call: unknowns go to the owner without asking the model', async () => {
    model.respond = () => '周末也送哦～';
    const { say, linli } = await shop();
    await say(wang, '你们周末送货吗', { dm: true });
    expect(model.requests).toHaveLength(0);
    await linli.close();
  });

  it('logs model answers as such, and never writes the API key to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const clock = new ManualClock(T0);
    const config = testConfig({ OPENAI_API_KEY: 'sk-test-secret-123', OPENAI_BASE_URL: model.baseURL, OWNER_IDS: owner.id });
    const linli = await createLinli({ config, clock, log: createLogger('trace', sink) });
    linli.attach(new RecordingChannel(clock));
    linli.services.store.data.catalog = loadCatalogFile(CATALOG_20);
    const seen: unknown[] = [];
    linli.services.store.log.subscribe((e) => void (e.kind === 'question' && seen.push(e.answered)));
    model.respond = () => '土鸡蛋32元一盒～';
    await linli.handle(groupText(wang, '鸡蛋多少钱？', T0 + 1000));
    await linli.idle();
    model.respond = () => new Response('{}', { status: 500 });
    await linli.handle(groupText(wang, '苹果多少钱？', T0 + 2000));
    await linli.idle();
    await linli.close();
    expect(seen).toEqual(['model', 'template']);
    expect(lines.join('')).toContain('model call failed');
    expect(lines.join('')).not.toContain('sk-test-secret-123');
  });
});
