// Issue 15, point 9: what the owner reads from /画像, /名单 and /召回 报告 is plain words a
// neighbour would use — no RFM scores, no 还没有 where a sentence belongs, counts behind every
// percentage. Through the real bot.

import { describe, expect, it } from 'vitest';
import type { JoinEvent, MemberRef } from '../bot/types.ts';
import { logGroupRoster } from '../bot/behaviour.ts';
import { dmText, group1, groupText, member, T0, testBot } from './helpers.ts';
import { DAY_MS, HOUR_MS } from '../scheduler/clock.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const liu = member('潜水的刘姐');
const li = member('小李');
const JARGON = /\bR\d|\bF\d|\bM\d|RFM|还没有/;

async function shop(env: Record<string, string> = {}) {
  const bot = await testBot({ OWNER_IDS: owner.id, ...env }, T0 - 70 * DAY_MS);
  const { linli, clock } = bot;
  const { store } = linli.services;
  store.data.catalog = [{ id: 'p1', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true }];
  await linli.handle(groupText(owner, '大家好', T0 - 70 * DAY_MS));
  for (const m of [wang, li]) await linli.handle({ kind: 'join', id: `ov-${m.name}`, at: T0 - 70 * DAY_MS, group: group1, member: m } satisfies JoinEvent);
  for (const [i, days] of [80, 50, 20, 3].entries()) {
    store.log.append({ kind: 'jielong', change: 'signup', id: `ov${i}`, at: T0 - days * DAY_MS, jielong: `j${i}`, group: group1, member: wang, amount: 58, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }] });
  }
  logGroupRoster(store, group1, [owner, wang, li, liu], T0 - 20 * DAY_MS);
  await linli.handle(groupText(li, '早', T0 - 20 * DAY_MS));
  clock.set(T0);
  const say = async (from: MemberRef, text: string) => {
    const before = bot.channel.sent.length;
    await linli.handle(dmText(from, text, clock.now()));
    await linli.engine.advanceTo(clock.now() + 10_000, clock);
    return bot.channel.sent.slice(before).map((m) => m.text).join('\n');
  };
  return { ...bot, say };
}

describe('the owner’s views in plain words', () => {
  it('/画像 says how recently, how often and how much a member buys, not R5 F3 M2', async () => {
    const bot = await shop();
    const card = await bot.say(owner, '/画像 @王阿姨');
    expect(card).not.toMatch(JARGON);
    expect(card).toContain('王阿姨 · 忠实');
    expect(card).toContain('买东西：最近一周买过，30天买了2次、花了116元，90天买了4次、花了232元，一共买了4次、共花了232元');
    expect(card).toContain('还没在群里说过话');
    const lurker = await bot.say(owner, '/画像 潜水的刘姐');
    expect(lurker).not.toMatch(JARGON);
    expect(lurker).toContain('还没在群里说过话，还没下过单，进群以来还没露过面');
    expect(lurker).not.toContain('买东西');
  });

  it('/名单 says when each member was last about in a sentence', async () => {
    const bot = await shop();
    const list = await bot.say(owner, '/名单 沉默');
    expect(list).not.toMatch(JARGON);
    expect(list).toContain('小李 · 20 天没露面了');
    expect(list).toContain('潜水的刘姐 · 进群以来还没露过面');
  });

  it('/召回 报告 gives the counts behind each percentage', async () => {
    const bot = await shop({ RECALL_MODE: 'auto', RECALL_HOLDOUT_PERCENT: '0', RECALL_OFFER: '回归福利：本周下单满 50 减 5。' });
    await bot.linli.engine.advanceTo(T0 + 3 * HOUR_MS, bot.clock);
    // 小李 and 潜水的刘姐 are DM'd; 小李 comes back two days later.
    bot.clock.set(T0 + 2 * DAY_MS);
    await bot.linli.handle(groupText(li, '最近有什么好吃的', bot.clock.now()));
    const report = await bot.say(owner, '/召回 报告');
    expect(report).toContain('发了私信：联系了 2 人，回来了 1 人（50%），下单了 0 人（0%）');
    expect(report).toContain('对照组（随机留着没发）：0 人，自己回来了 0 人，下单了 0 人');
    expect(report).toContain('“回来”是 7 天内在群里说话、签到、问东西或下单。');
    expect(report).not.toMatch(/—/);
    expect(report).toContain('还没有留对照组');
  });
});
