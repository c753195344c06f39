// Issue 15, point 12: “+1” (or “+N”) from someone who already has a line means N more. The bot
// books nothing and asks once, naming the total it would make and the 改成 that makes it.

import { describe, expect, it } from 'vitest';
import { ordersOf } from './orders.ts';
import type { JielongRecord } from './index.ts';
import { groupText, member, T0, testBot } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const MIN = 60_000;

type Bot = Awaited<ReturnType<typeof testBot>>;
const only = (bot: Bot): JielongRecord => Object.values(bot.linli.services.store.data.jielong)[0]!;
const booked = (bot: Bot) =>
  ordersOf(only(bot), bot.linli.services.store.data.catalog).map((o) => `${o.name ?? ''}:${o.items.map((i) => `${i.product}×${i.qty}`).join('+')}`);

async function open(command: string): Promise<Bot> {
  const bot = await testBot({ OWNER_IDS: owner.id });
  await bot.linli.handle(groupText(owner, command, T0));
  await bot.linli.engine.advanceTo(T0 + MIN / 2, bot.clock);
  return bot;
}

/** What the group reads after `text` (the bot's messages since). */
async function say(bot: Bot, at: number, text: string): Promise<string[]> {
  const from = bot.channel.sent.length;
  await bot.linli.handle(groupText(wang, text, at));
  await bot.linli.engine.advanceTo(at + 2 * MIN, bot.clock);
  return bot.channel.sent.slice(from).map((m) => m.text);
}

describe('+N from someone already booked', () => {
  it('+1 over 1份 asks about 2 in all, books nothing, and 改成2份 books it', async () => {
    const bot = await open('/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点');
    await say(bot, T0 + MIN, '+1');
    const out = await say(bot, T0 + 10 * MIN, '+1');
    expect(out).toEqual(['你在「鸡蛋团」已经登记了土鸡蛋1份，是再加1份（一共2份）吗？是的话回复“改成2份”就行～']);
    // Never the count they already have.
    expect(out[0]).not.toContain('改成1份');
    expect(booked(bot)).toEqual(['王阿姨:土鸡蛋×1']);
    await say(bot, T0 + 20 * MIN, '改成2份');
    expect(booked(bot)).toEqual(['王阿姨:土鸡蛋×2']);
  });

  it('+1 over 3份 names 4, not 1', async () => {
    const bot = await open('/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点');
    await say(bot, T0 + MIN, '+3');
    const out = await say(bot, T0 + 10 * MIN, '+1');
    expect(out).toEqual(['你在「鸡蛋团」已经登记了土鸡蛋3份，是再加1份（一共4份）吗？是的话回复“改成4份”就行～']);
    expect(booked(bot)).toEqual(['王阿姨:土鸡蛋×3']);
  });

  it('+2 over 1份 names 3 in all, and 2 in all for who meant that', async () => {
    const bot = await open('/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点');
    await say(bot, T0 + MIN, '+1');
    const out = await say(bot, T0 + 10 * MIN, '+2');
    expect(out).toEqual(['你在「鸡蛋团」已经登记了土鸡蛋1份，是再加2份（一共3份）吗？是的话回复“改成3份”就行～只要一共2份的话，回复“改成2份”。']);
    expect(booked(bot)).toEqual(['王阿姨:土鸡蛋×1']);
  });

  it('小米+1 on a line with two products names the 小米 total it would make', async () => {
    const bot = await open('/接龙 开 周六团 冷榨亚麻籽油 59.9 有机小米 20 截止 明晚8点');
    await say(bot, T0 + MIN, '亚麻籽油 1 小米 2');
    expect(booked(bot)).toEqual(['王阿姨:冷榨亚麻籽油×1+有机小米×2']);
    const out = await say(bot, T0 + 10 * MIN, '小米+1');
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('要再加1份有机小米（一共3份）的话，回复“改成 有机小米 3份”');
    expect(out[0]).not.toContain('改成 有机小米 1份');
    await say(bot, T0 + 20 * MIN, '改成 有机小米 3份');
    expect(booked(bot)).toEqual(['王阿姨:冷榨亚麻籽油×1+有机小米×3']);
  });
});
