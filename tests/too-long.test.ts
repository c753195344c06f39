// A message longer than the channel cap is not read: the sender hears why when it was for
// the bot, chat stays quiet, and nothing is booked.

import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS } from '../bot/too-long.ts';
import { dmText, groupText, member, T0, testBot } from './helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const long = (head: string) => head + '3-501 王阿姨 土鸡蛋2盒\n'.repeat(Math.ceil(MAX_TEXT_CHARS / 10));

describe('an over-long message', () => {
  it('posted as a 接龙 gets a short answer and books nothing', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(groupText(owner, '/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点', T0));
    await bot.linli.engine.advanceTo(T0 + 30_000, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(groupText(wang, long('#接龙\n鸡蛋团\n1. '), T0 + 60_000));
    await bot.linli.engine.advanceTo(T0 + 120_000, bot.clock);
    expect(bot.channel.sent.slice(before).map((m) => m.text)).toEqual([expect.stringContaining('这条消息太长了')]);
    expect(Object.values(bot.linli.services.store.data.jielong)[0]!.book.lines).toHaveLength(0);
  });

  it('in a DM gets the answer; as group chat, silence', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(dmText(wang, long('你好'), T0));
    await bot.linli.handle(groupText(wang, long('大家好'), T0 + 1000));
    await bot.linli.engine.advanceTo(T0 + 120_000, bot.clock);
    expect(bot.channel.sent.map((m) => m.text)).toEqual([expect.stringContaining('这条消息太长了')]);
  });

  it('just under the cap is read as usual', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(groupText(owner, '/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点', T0));
    const lines = Array.from({ length: 600 }, (_, i) => `${i + 1}. ${i % 30 + 1}-${101 + i} 邻居${i} 土鸡蛋1盒`).join('\n');
    expect(lines.length).toBeLessThan(MAX_TEXT_CHARS);
    await bot.linli.handle(groupText(wang, `#接龙\n鸡蛋团\n${lines}`, T0 + 60_000));
    expect(Object.values(bot.linli.services.store.data.jielong)[0]!.book.lines).toHaveLength(600);
  });
});
