// Issue 15, point 8: a recall DM always carries one concrete reason to come back, drawn from
// the store's facts — or is not sent, and the owner's preview says who was left out and why.
// Through the real bot: events in, what the owner and the residents read out.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Linli } from '../../bot/app.ts';
import type { JoinEvent, MemberRef } from '../../bot/types.ts';
import { logGroupRoster } from '../../bot/behaviour.ts';
import { dmText, group1, groupText, member, T0, testBot } from '../../tests/helpers.ts';
import { fakeOpenAI, type FakeModel } from '../../tests/qa-helpers.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';

const owner = member('老赵', 'wxid_laozhao');
const he = member('何阿姨'); // on the group's member list, never said a word
const wang = member('王阿姨'); // bought 亚麻籽油 three times, then stopped
const li = member('小李'); // active
const OIL = { id: 'p1', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true };
const EMPTY_HELLO = /想你啦|天天开心|换季了|注意身体/;

type Bot = Awaited<ReturnType<typeof testBot>>;
let bots: Linli[] = [];
afterEach(async () => {
  for (const b of bots) await b.close();
  bots = [];
});

let n = 0;
async function shop(env: Record<string, string> = {}): Promise<Bot> {
  const bot = await testBot({ OWNER_IDS: owner.id, RECALL_HOLDOUT_PERCENT: '0', ...env }, T0 - 70 * DAY_MS);
  bots.push(bot.linli);
  const { linli, clock } = bot;
  const { store } = linli.services;
  store.data.catalog = [OIL];
  await linli.handle(groupText(owner, '大家好', T0 - 70 * DAY_MS));
  for (const m of [wang, li]) await linli.handle({ kind: 'join', id: `rr${++n}`, at: T0 - 70 * DAY_MS, group: group1, member: m } satisfies JoinEvent);
  for (const [i, days] of [60, 50, 40].entries()) {
    store.log.append({ kind: 'jielong', change: 'signup', id: `ro${i}`, at: T0 - days * DAY_MS, jielong: `j${i}`, group: group1, member: wang, amount: 58, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }] });
  }
  // Start-up reads the group's member list: 何阿姨 is there, and has never done a thing.
  logGroupRoster(store, group1, [owner, wang, li, he], T0 - 20 * DAY_MS);
  await linli.handle(groupText(li, '早', T0 - DAY_MS));
  clock.set(T0);
  return bot;
}

const dmsTo = (bot: Bot, who: MemberRef) => bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id).map((m) => m.text);

async function say(bot: Bot, from: MemberRef, text: string, inGroup = false): Promise<string> {
  const before = bot.channel.sent.length;
  await bot.linli.handle(inGroup ? groupText(from, text, bot.clock.now()) : dmText(from, text, bot.clock.now()));
  await bot.linli.engine.advanceTo(bot.clock.now() + 10_000, bot.clock);
  await bot.linli.idle();
  await bot.linli.engine.advanceTo(bot.clock.now() + 10_000, bot.clock);
  return bot.channel.sent.slice(before).map((m) => m.text).join('\n');
}

describe('a recall DM needs a reason to come back', () => {
  it('a member who never spoke, with nothing to tell her, is skipped: no DM, and the preview says so', async () => {
    const bot = await shop({ RECALL_MODE: 'auto' });
    const preview = await say(bot, owner, '/召回 预览');
    // 王阿姨 has nothing new either (no 接龙 open, no stream, no offer): both are left out.
    expect(preview).toContain('这次没有能发的召回私信');
    expect(preview).toContain('这 2 人没发');
    expect(preview).toContain('何阿姨（沉默）：从没在群里说过话（20天前就在群里了）');
    expect(preview).toContain('王阿姨（流失风险）：40天没下单了（以前买过3次），上次买过亚麻籽油');
    expect(preview).toContain('开个接龙、排一场直播，或者设一个回归福利');
    await bot.linli.engine.advanceTo(T0 + 3 * HOUR_MS, bot.clock);
    expect(dmsTo(bot, he)).toEqual([]);
    expect(dmsTo(bot, wang)).toEqual([]);
    const run = Object.values(bot.linli.services.store.data.recall.runs)[0];
    // Nothing to send or measure: not even a run for the day, and nobody held in a cool-down.
    expect(run).toBeUndefined();
    expect(bot.linli.services.store.data.profiles.members[he.id]!.lastRecallPickAt).toBeUndefined();
  });

  it('an open 接龙 in her group is the reason: the DM names it, never an empty hello, and the preview says why she was picked', async () => {
    const bot = await shop();
    const opened = await say(bot, owner, '/接龙 开 周末粮油团 亚麻籽油', true);
    expect(opened).toContain('周末粮油团');
    const preview = await say(bot, owner, '/召回 预览');
    expect(preview).toContain('召回名单：2 人');
    expect(preview).toContain('1. 王阿姨（流失风险）：40天没下单了（以前买过3次），上次买过亚麻籽油');
    expect(preview).toContain('2. 何阿姨（沉默）：从没在群里说过话（20天前就在群里了）');
    expect(preview).toContain('私信里提了：群里正在接龙「周末粮油团」');
    expect(preview).not.toContain('没发：');
    // Approve mode: the daily run's list goes to the owner, then 确认 sends it.
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    expect(await say(bot, owner, '/召回 确认')).toContain('2 条召回私信');
    await bot.linli.engine.advanceTo(bot.clock.now() + 60_000, bot.clock);
    const [toHe] = dmsTo(bot, he);
    expect(toHe).toContain('何阿姨');
    expect(toHe).toContain('现在群里正在接龙「周末粮油团」，有亚麻籽油 58元/瓶，要的话在群里接一下就好。');
    expect(toHe).not.toMatch(EMPTY_HELLO);
    const [toWang] = dmsTo(bot, wang);
    expect(toWang).toContain('你之前买过亚麻籽油，现在群里正在接龙「周末粮油团」');
    expect(toWang).not.toMatch(EMPTY_HELLO);
  });

  it('the owner’s offer is a reason for everyone; a claimable reward or a product asked about and now in stock is a reason too', async () => {
    const bot = await shop({ RECALL_MODE: 'auto', RECALL_OFFER: '回归福利：本周下单满 50 减 5。' });
    const { store } = bot.linli.services;
    const asker = member('陈姐');
    await bot.linli.handle({ kind: 'join', id: 'rr-chen', at: T0 - 70 * DAY_MS, group: group1, member: asker } satisfies JoinEvent);
    store.log.append({ kind: 'question', id: 'q-chen', at: T0 - 30 * DAY_MS, member: asker, group: group1, productIds: ['p1'], categories: ['粮油'] });
    await bot.linli.engine.advanceTo(T0 + 3 * HOUR_MS, bot.clock);
    for (const who of [he, wang, asker]) {
      const [text] = dmsTo(bot, who);
      expect(text, who.name).toContain('回归福利：本周下单满 50 减 5。');
      expect(text, who.name).not.toMatch(EMPTY_HELLO);
    }
    expect(dmsTo(bot, asker)[0]).toContain('你之前问过的亚麻籽油现在有货，58元/瓶');
  });

  it('/召回 预览 with nobody eligible explains the rule and the earliest date', async () => {
    const bot = await shop();
    // Everyone was about lately: 小李 yesterday, the others today (王阿姨 ordered again).
    bot.linli.services.store.log.append({ kind: 'jielong', change: 'signup', id: 'ro-again', at: T0, jielong: 'j-again', group: group1, member: wang, amount: 58, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }] });
    await say(bot, he, '大家好，我是新来的何阿姨', true);
    const preview = await say(bot, owner, '/召回 预览');
    expect(preview).toContain('现在没有需要召回的人');
    expect(preview).toContain('在群里沉默满14天');
    expect(preview).toContain('30天没下单');
    expect(preview).toContain('最早的是小李，要是到时还没动静，12月4日起就能召回。');
  });
});

describe('with a model', () => {
  let model: FakeModel;
  beforeAll(async () => {
    model = await fakeOpenAI();
  });
  afterAll(async () => {
    await model.close();
  });

  it('a model text that keeps no reason from the facts falls back to the template, which does', async () => {
    model.respond = (body) => (body.messages[1]!.content.includes('称呼：何阿姨')
      ? '何阿姨，好久没在群里见到你啦～祝你天天开心～'
      : '王阿姨，周末粮油团开始啦，亚麻籽油 58元/瓶，要的话在群里接一下～');
    const bot = await shop({ RECALL_MODE: 'auto', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: 'm' });
    await say(bot, owner, '/接龙 开 周末粮油团 亚麻籽油', true);
    bot.clock.set(T0 + HOUR_MS);
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    await bot.linli.idle();
    await bot.linli.engine.advanceTo(bot.clock.now() + 60_000, bot.clock);
    const [toHe] = dmsTo(bot, he);
    expect(toHe).not.toContain('天天开心');
    expect(toHe).toContain('「周末粮油团」');
    // The model's text that keeps the reason is used as written.
    expect(dmsTo(bot, wang)[0]).toContain('王阿姨，周末粮油团开始啦');
    // The model was told to keep a reason.
    expect(model.requests[0]!.body.messages[0]!.content).toContain('至少照原样说一条');
  });
});
