// Recall texts written by a model: the real openai SDK against a fake OpenAI-compatible
// server on 127.0.0.1. The model may phrase the member's facts, never add to them.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Linli } from '../../bot/app.ts';
import type { JoinEvent, MemberRef } from '../../bot/types.ts';
import { dmText, group1, groupText, member, T0, testBot } from '../../tests/helpers.ts';
import { fakeOpenAI, promptFile, type FakeModel } from '../../tests/qa-helpers.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨'); // bought 亚麻籽油 three times, then stopped → 流失风险
const zhang = member('小张'); // quiet for 20 days → 沉默
const li = member('小李'); // active, not recalled
const OFFER = '回归福利：本周下单满 50 减 5。';
const GOOD_WANG = '王阿姨，好久没见你啦～上次的亚麻籽油用着还顺手吗？回归福利：本周下单满 50 减 5。';
const GOOD_ZHANG = '小张，最近忙吗？好一阵子没在群里见到你了。回归福利：本周下单满 50 减 5。有空来逛逛～';

let model: FakeModel;
let bots: Linli[] = [];
beforeAll(async () => {
  model = await fakeOpenAI();
});
afterAll(async () => {
  await model.close();
});
afterEach(async () => {
  for (const b of bots) await b.close();
  bots = [];
});

/** Answers per member, as the user message names them. */
function answer(texts: { wang: string | (() => unknown); zhang: string }) {
  model.respond = (body) => {
    const user = body.messages[1]!.content;
    const out = user.includes('称呼：王阿姨') ? texts.wang : texts.zhang;
    return typeof out === 'function' ? (out() as string) : out;
  };
}

let n = 0;
async function shop(env: Record<string, string> = {}) {
  model.requests.length = 0;
  const bot = await testBot({
    OWNER_IDS: owner.id, RECALL_HOLDOUT_PERCENT: '0', RECALL_MODE: 'auto', RECALL_OFFER: OFFER,
    OPENAI_API_KEY: 'sk-test-secret-123', OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: 'test-model', ...env,
  }, T0 - 70 * DAY_MS);
  bots.push(bot.linli);
  const { linli, clock } = bot;
  const { store } = linli.services;
  store.data.catalog = [{ id: 'p1', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true }];
  await linli.handle(groupText(owner, '大家好', T0 - 70 * DAY_MS));
  for (const m of [wang, zhang, li]) await linli.handle({ kind: 'join', id: `mj${++n}`, at: T0 - 70 * DAY_MS, group: group1, member: m } satisfies JoinEvent);
  for (const [i, days] of [60, 50, 40].entries()) {
    store.log.append({ kind: 'jielong', change: 'signup', id: `mo${i}`, at: T0 - days * DAY_MS, jielong: `j${i}`, group: group1, member: wang, amount: 58, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }] });
  }
  await linli.handle(groupText(zhang, '收到', T0 - 20 * DAY_MS));
  await linli.handle(groupText(li, '早', T0 - DAY_MS));
  clock.set(T0);
  const dmsTo = (who: MemberRef) => bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id).map((m) => m.text);
  const runAt = async (day: number) => {
    bot.clock.set(Math.max(bot.clock.now(), T0 + day * DAY_MS));
    await linli.engine.advanceTo(T0 + day * DAY_MS + 2 * HOUR_MS, bot.clock);
    // The model writes beside the scheduler: wait for it, then let the DMs go.
    await linli.idle();
    await linli.engine.advanceTo(bot.clock.now() + 60_000, bot.clock);
  };
  return { ...bot, dmsTo, runAt };
}

const isTemplate = (text: string) => /好久没在群里见到你啦|最近还好吗？\n|好一阵子没见到你了，来打个招呼/.test(text);

describe('recall texts from a model', () => {
  it('a good text is used, with the opt-out line added; each prompt holds only that member’s facts', async () => {
    answer({ wang: GOOD_WANG, zhang: GOOD_ZHANG });
    const bot = await shop();
    await bot.runAt(0);
    expect(bot.dmsTo(wang)).toEqual([`${GOOD_WANG}\n不想再收到这类消息，回复「退订」就好。`]);
    expect(bot.dmsTo(zhang)).toEqual([`${GOOD_ZHANG}\n不想再收到这类消息，回复「退订」就好。`]);

    expect(model.requests).toHaveLength(2);
    for (const req of model.requests) {
      expect(req.auth).toBe('Bearer sk-test-secret-123');
      expect(req.body.messages[0]).toEqual({ role: 'system', content: promptFile('recall').replace('{{bot}}', '邻里小助手') });
    }
    const toWang = model.requests.find((r) => r.body.messages[1]!.content.includes('称呼：王阿姨'))!.body.messages[1]!.content;
    const toZhang = model.requests.find((r) => r.body.messages[1]!.content.includes('称呼：小张'))!.body.messages[1]!.content;
    expect(toWang).toContain('以前买过：亚麻籽油');
    expect(toWang).toContain(OFFER);
    // Nobody else's name, purchases or id reaches the model.
    for (const other of ['小张', '小李', '老赵', 'wxid_']) expect(toWang).not.toContain(other);
    expect(toZhang).not.toMatch(/王阿姨|小李|老赵|亚麻籽油|wxid_/);
  });

  it('a text with an invented offer, price or number falls back to the template', async () => {
    for (const invented of [
      '王阿姨，好久不见～这周亚麻籽油给你打八折，快来看看！',
      '王阿姨，亚麻籽油现在只要39元一瓶，回来看看呀～',
      '王阿姨，回来就送你一张优惠券哦～',
      '王阿姨，明天上午10点有新货到～',
    ]) {
      answer({ wang: invented, zhang: GOOD_ZHANG });
      const bot = await shop();
      await bot.runAt(0);
      const [text] = bot.dmsTo(wang);
      expect(text).not.toContain(invented);
      expect(isTemplate(text!)).toBe(true);
      expect(text).toContain(OFFER);
      // The other member's good text still goes out: one bad text spoils nothing else.
      expect(bot.dmsTo(zhang)[0]).toContain(GOOD_ZHANG);
    }
  });

  it('a text naming another member, or not the member, falls back', async () => {
    for (const bad of ['王阿姨，小李前两天还问起你呢～', '好久不见，最近还好吗～']) {
      answer({ wang: bad, zhang: GOOD_ZHANG });
      const bot = await shop();
      await bot.runAt(0);
      expect(isTemplate(bot.dmsTo(wang)[0]!)).toBe(true);
    }
  });

  it('a model error or a timeout falls back to the template, one call each, no retry', async () => {
    answer({ wang: () => new Response(JSON.stringify({ error: { message: 'boom' } }), { status: 500, headers: { 'content-type': 'application/json' } }), zhang: GOOD_ZHANG });
    let bot = await shop();
    await bot.runAt(0);
    expect(isTemplate(bot.dmsTo(wang)[0]!)).toBe(true);
    expect(model.requests).toHaveLength(2);

    answer({ wang: () => new Promise((resolve) => setTimeout(() => resolve(GOOD_WANG), 2000)), zhang: GOOD_ZHANG });
    bot = await shop({ OPENAI_TIMEOUT_MS: '200' });
    const started = Date.now();
    await bot.runAt(0);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(isTemplate(bot.dmsTo(wang)[0]!)).toBe(true);
    expect(bot.dmsTo(zhang)[0]).toContain(GOOD_ZHANG);
  });

  it('never sends a member the same text twice: a repeated model text gives way to the template', async () => {
    answer({ wang: GOOD_WANG, zhang: GOOD_ZHANG });
    const bot = await shop();
    await bot.runAt(0);
    await bot.runAt(9); // past the 7-day cool-down, still 流失风险 and 沉默
    const texts = bot.dmsTo(wang);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(GOOD_WANG);
    expect(texts[1]).not.toBe(texts[0]);
    expect(isTemplate(texts[1]!)).toBe(true);
  });

  it('approve mode: the owner’s preview shows the model’s texts, and 确认 sends exactly those', async () => {
    answer({ wang: GOOD_WANG, zhang: GOOD_ZHANG });
    const bot = await shop({ RECALL_MODE: 'approve' });
    await bot.runAt(0);
    expect(bot.dmsTo(owner).join('\n')).toContain(GOOD_WANG);
    expect(bot.dmsTo(wang)).toEqual([]);
    await bot.linli.handle(dmText(owner, '/召回 确认', bot.clock.now()));
    await bot.linli.engine.advanceTo(bot.clock.now() + 60_000, bot.clock);
    expect(bot.dmsTo(wang)[0]).toContain(GOOD_WANG);
    expect(model.requests).toHaveLength(2);
  });

  it('/召回 预览 with a model: the owner hears it is being written, the groups are not kept waiting, the preview follows', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    model.respond = async (body) => {
      await gate;
      return body.messages[1]!.content.includes('称呼：王阿姨') ? GOOD_WANG : GOOD_ZHANG;
    };
    const bot = await shop({ RECALL_MODE: 'approve' });
    const toOwner = () => bot.dmsTo(owner);
    await bot.linli.handle(dmText(owner, '/召回 预览', bot.clock.now()));
    // While the model is still writing, a resident's check-in is handled and answered.
    await bot.linli.handle(groupText(li, '签到', bot.clock.now() + 1000));
    await bot.linli.engine.advanceTo(bot.clock.now() + 10_000, bot.clock);
    expect(toOwner()).toEqual(['好的，正在按每个人的情况写召回私信，写好马上发你预览～']);
    expect(bot.channel.sent.some((m) => m.to.kind === 'group' && m.text.includes('签到'))).toBe(true);
    release();
    await bot.linli.idle();
    await bot.linli.engine.advanceTo(bot.clock.now() + 10_000, bot.clock);
    expect(toOwner()).toHaveLength(2);
    expect(toOwner()[1]).toContain(GOOD_WANG);
    expect(bot.dmsTo(wang)).toEqual([]);
  });
});

describe('the daily run with a model', () => {
  it('writes beside the scheduler: work due a minute after the run goes on time while the model is still writing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    model.respond = async (body) => {
      await gate;
      return body.messages[1]!.content.includes('称呼：王阿姨') ? GOOD_WANG : GOOD_ZHANG;
    };
    const bot = await shop();
    const { scheduler } = bot.linli.services;
    const ran: number[] = [];
    scheduler.handle('test-after-recall', () => void ran.push(bot.clock.now()));
    const runAt = Date.parse('2026-11-21T10:30:00+08:00');
    bot.clock.set(runAt - 60_000);
    scheduler.at(runAt + 60_000, 'test-after-recall', {});
    await bot.linli.engine.advanceTo(runAt + 5 * 60_000, bot.clock);
    // The recall run started at 10:30 and is waiting for the model; 10:31's work ran at 10:31.
    expect(ran).toEqual([runAt + 60_000]);
    expect(bot.dmsTo(wang)).toEqual([]);
    release();
    await bot.linli.idle();
    await bot.linli.engine.advanceTo(bot.clock.now() + 60_000, bot.clock);
    expect(bot.dmsTo(wang)).toEqual([`${GOOD_WANG}\n不想再收到这类消息，回复「退订」就好。`]);
  });
});
