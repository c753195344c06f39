import type { GroupRef } from '../bot/types.ts';
import { dmText, groupText, group1, member, testBot, group2 } from './helpers.ts';

// A shop with two groups, a small catalog and an owner who types /直播 by DM: what the stream
// tests share.

export const at = (local: string) => Date.parse(`${local}+08:00`);
export const owner = member('老赵', 'wxid_laozhao');
export const wang = member('王阿姨');
export const li = member('李叔');
export const zhang = member('张姐');
export { group2 };
export const MONDAY = at('2026-11-23T10:00:00');

type Bot = Awaited<ReturnType<typeof testBot>>;

/** The owner types a command by DM; the DM answers that follow, joined. */
export function ownerSays(bot: Bot) {
  return async (text: string): Promise<string> => {
    const before = bot.channel.sent.length;
    await bot.linli.handle(dmText(owner, text, bot.clock.now()));
    // A few seconds: replies in one chat are paced by the outbox.
    await bot.linli.engine.advanceTo(bot.clock.now() + 5000, bot.clock);
    return bot.channel.sent.slice(before).filter((m) => m.to.kind === 'dm').map((m) => m.text).join('\n');
  };
}

export async function shop(start = MONDAY, env: Record<string, string> = {}) {
  const bot = await testBot({ OWNER_IDS: 'wxid_laozhao', ...env }, start);
  bot.linli.services.store.data.catalog = [
    { id: 'p1', name: '冷榨亚麻籽油', aliases: ['亚麻籽油'], price: 49, unit: '瓶', onSale: true },
    { id: 'p2', name: '山核桃', aliases: [], price: 35, unit: '袋', onSale: true },
  ];
  await bot.linli.handle(groupText(wang, '早', start, group1));
  await bot.linli.handle(groupText(li, '早', start, group2));
  const sentSince = (from: number) => bot.channel.sent.slice(from);
  const say = ownerSays(bot);
  const where = (m: (typeof bot.channel.sent)[number]) => (m.to.kind === 'group' ? m.to.group.name : `私信${m.to.member.name}`);
  return { ...bot, say, sentSince, where };
}
