// The shared safety check in the real bot: the openai SDK against a fake OpenAI-compatible
// server on 127.0.0.1. A harmful model answer to a product question, or a harmful recall
// text, never reaches the resident: the template answer (or text) goes instead, and the log
// says why.

import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLinli, type Linli } from '../../bot/app.ts';
import { createLogger } from '../../bot/logger.ts';
import type { JoinEvent, MemberRef } from '../../bot/types.ts';
import { DAY_MS, HOUR_MS, ManualClock } from '../../scheduler/clock.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { group1, groupText, member, RecordingChannel, T0, testConfig } from '../../tests/helpers.ts';
import { CATALOG_20, fakeOpenAI, qaBot, wang, type FakeModel } from '../../tests/qa-helpers.ts';

/** What issue 14 item 5 saw a model say, one of each kind. */
const HARMFUL = [
  '冷榨亚麻籽油39.9元一瓶，加我微信 linli_shop88 私聊更方便～',
  '冷榨亚麻籽油39.9元一瓶，详情见 http://linli-shop.top/oil',
  '好的，已为您下单并登记三瓶冷榨亚麻籽油～',
  '已经给你留了三瓶，39.9元一瓶～',
  '冷榨亚麻籽油今天免费送，买二送一～',
  '冷榨亚麻籽油39.9元一瓶，这周打五折～',
  '冷榨亚麻籽油能治高血压，39.9元一瓶～',
  '冷榨亚麻籽油比多多买菜便宜多了～',
  '这都不懂？价格群里早就发了',
  '不想收到消息就回复TD～',
  '<a href="https://linli.top/oil">冷榨亚麻籽油39.9元一瓶</a>',
];
const TEMPLATE = '冷榨亚麻籽油39.9元一瓶（500ml）～';

let model: FakeModel;
const bots: Linli[] = [];
beforeAll(async () => {
  model = await fakeOpenAI();
});
afterAll(async () => {
  await model.close();
});
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
});

/** A logger whose lines the test can read. */
function logSink() {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { log: createLogger('warn', sink), lines };
}

describe('product answers: a harmful model answer is replaced by the template', () => {
  it(`${HARMFUL.length} harmful answers, each replaced; a good one still passes`, async () => {
    model.requests.length = 0;
    const bot = await qaBot({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseURL, QA_RATE_LIMIT: '1000' });
    bots.push(bot.linli);
    const answered: unknown[] = [];
    bot.linli.services.store.log.subscribe((e) => void (e.kind === 'question' && answered.push(e.answered)));
    for (const harmful of HARMFUL) {
      model.respond = () => harmful;
      const sent = await bot.say(wang, '亚麻籽油多少钱？');
      expect([harmful, sent.map((s) => s.text)]).toEqual([harmful, [TEMPLATE]]);
      // In the group, to the asker only.
      expect(sent[0]!.mentions).toEqual([wang]);
    }
    expect(model.requests).toHaveLength(HARMFUL.length);
    expect(answered).toEqual(HARMFUL.map(() => 'template'));

    model.respond = () => '冷榨亚麻籽油39.9元一瓶，内蒙古乌兰察布产的，今天20:00截止～';
    expect((await bot.say(wang, '亚麻籽油多少钱？')).map((s) => s.text)).toEqual(['冷榨亚麻籽油39.9元一瓶，内蒙古乌兰察布产的，今天20:00截止～']);
    expect(answered.at(-1)).toBe('model');
  });

  it('the same in a DM, and the log names the reasons', async () => {
    const { log, lines } = logSink();
    const clock = new ManualClock(T0);
    const linli = await createLinli({ config: testConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseURL }), clock, log });
    bots.push(linli);
    const channel = new RecordingChannel(clock);
    linli.attach(channel);
    linli.services.store.data.catalog = loadCatalogFile(CATALOG_20);
    model.respond = () => '好的，已为您下单并登记三瓶，加我微信 linli_shop88～';
    await linli.handle({ kind: 'text', id: 'dm1', at: T0 + 1000, from: wang, text: '亚麻籽油多少钱？', mentionsBot: false, mentions: [] });
    await linli.idle();
    await linli.engine.advanceTo(T0 + 60_000, clock);
    expect(channel.sent.map((s) => [s.to.kind, s.text])).toEqual([['dm', TEMPLATE]]);
    const warn = lines.map((l) => JSON.parse(l) as { msg: string; reason?: string }).find((l) => l.msg.startsWith('model answer failed the check'));
    expect(warn?.reason).toContain('claims an action: 已为您下单');
    expect(warn?.reason).toContain('contact 加我微信 not in the facts');
  });
});

// ---------------------------------------------------------------------------------------
// Recall: the shop of handlers/recall/recall-model.test.ts (王阿姨 lapsed, 小张 quiet), auto mode.

const owner = member('老赵', 'wxid_laozhao');
const rwang = member('王阿姨');
const zhang = member('小张');
const li = member('小李');
const OFFER = '回归福利：本周下单满 50 减 5。';
// A good text carries a reason to come back from the facts (here the shop's offer), or it is not kept.
const GOOD_ZHANG = '小张，最近忙吗？好一阵子没在群里见到你了。回归福利：本周下单满 50 减 5。有空来逛逛～';
let n = 0;

async function recallShop(wangText: string) {
  const { log, lines } = logSink();
  const clock = new ManualClock(T0 - 70 * DAY_MS);
  const config = testConfig({
    OWNER_IDS: owner.id, RECALL_HOLDOUT_PERCENT: '0', RECALL_MODE: 'auto', RECALL_OFFER: OFFER,
    OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseURL,
  });
  const linli = await createLinli({ config, clock, log });
  bots.push(linli);
  const channel = new RecordingChannel(clock);
  linli.attach(channel);
  model.respond = (body) => (body.messages[1]!.content.includes('称呼：王阿姨') ? wangText : GOOD_ZHANG);
  const { store } = linli.services;
  store.data.catalog = [{ id: 'p1', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true }];
  await linli.handle(groupText(owner, '大家好', T0 - 70 * DAY_MS));
  for (const m of [rwang, zhang, li]) await linli.handle({ kind: 'join', id: `sj${++n}`, at: T0 - 70 * DAY_MS, group: group1, member: m } satisfies JoinEvent);
  for (const [i, days] of [60, 50, 40].entries()) {
    store.log.append({ kind: 'jielong', change: 'signup', id: `so${n}-${i}`, at: T0 - days * DAY_MS, jielong: `j${i}`, group: group1, member: rwang, amount: 58, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }] });
  }
  await linli.handle(groupText(zhang, '收到', T0 - 20 * DAY_MS));
  await linli.handle(groupText(li, '早', T0 - DAY_MS));
  clock.set(T0);
  await linli.engine.advanceTo(T0 + 2 * HOUR_MS, clock);
  await linli.idle();
  await linli.engine.advanceTo(clock.now() + 60_000, clock);
  const dmsTo = (who: MemberRef) => channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id).map((m) => m.text);
  const reasons = lines.map((l) => JSON.parse(l) as { msg: string; reason?: string }).filter((l) => l.msg.startsWith('recall text from the model not used')).map((l) => l.reason);
  return { dmsTo, reasons };
}

const isTemplate = (text: string) => /好久没在群里见到你啦|最近还好吗？想你啦|好一阵子没见到你了，来打个招呼/.test(text);

describe('recall texts: a harmful model text is replaced by the template', () => {
  it.each([
    ['王阿姨，好久不见～加我微信 laozhao_2026，有好货第一时间告诉你～', 'contact'],
    ['王阿姨，已经给你留了三瓶亚麻籽油，记得来拿～', 'claims an action'],
    ['王阿姨，亚麻籽油能降血压，回来买两瓶吧～', 'health claim'],
    ['王阿姨，回来就免费送你一瓶亚麻籽油～', 'offer word'],
    ['王阿姨，我们的亚麻籽油比拼多多便宜～', 'competitor'],
    ['王阿姨，不想收到就回复TD～', 'command'],
  ])('%s', async (text, reason) => {
    const shop = await recallShop(text);
    const [dm] = shop.dmsTo(rwang);
    expect(dm).toBeDefined();
    expect(dm).not.toContain(text);
    expect(isTemplate(dm!)).toBe(true);
    // The shop's own offer, word for word, and the bot's opt-out line.
    expect(dm).toContain(OFFER);
    expect(dm).toContain('不想再收到这类消息，回复「退订」就好。');
    expect(shop.reasons.join('\n')).toContain(reason);
    // The other member's good text still goes out.
    expect(shop.dmsTo(zhang)).toEqual([`${GOOD_ZHANG}\n不想再收到这类消息，回复「退订」就好。`]);
  });
});
