// 看接龙 / 接龙发一下: the whole current list in WeChat's 接龙 format, ready to repost — in the
// group when short, by DM when long, and in a DM the lists of the member's own groups.

import { describe, expect, it } from 'vitest';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { dmText, group1, groupText, member, T0, catalogShop, closeShopsAfterEach, group2 } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const li = member('李叔');
const chen = member('陈姐');
const xu = member('小徐');
const MIN = 60_000;

closeShopsAfterEach();

async function shop() {
  const bot = await catalogShop(owner.id);
  await bot.linli.handle(groupText(owner, '大家早上好', T0, group1));
  await bot.linli.handle(groupText(owner, '大家早上好', T0, group2));
  let at = T0;
  /** Says something a minute after the last (in group1 unless told); returns what the bot sent in answer. */
  const say = async (from: MemberRef, text: string, where: GroupRef | 'dm' = group1): Promise<string[]> => {
    at += MIN;
    await bot.linli.engine.advanceTo(at, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(where === 'dm' ? dmText(from, text, at) : groupText(from, text, at, where));
    await bot.linli.engine.advanceTo(at + 10_000, bot.clock);
    return bot.channel.sent.slice(before).map((m) => `${m.to.kind === 'group' ? m.to.group.name : `dm:${m.to.member.name}`}: ${m.text}`);
  };
  const record = (title: string) => Object.values(bot.linli.services.store.data.jielong).find((r) => r.title === title)!;
  return { ...bot, say, record };
}

const HEAD = '#接龙\n周六团\n有机小米 29.8元/袋\n截止：今天 20:00\n例 3-501 王阿姨 2袋';

describe('看接龙 in a group', () => {
  it('posts the whole list, cancelled lines left out, and a repost of it with a line added is one sign-up', async () => {
    const { say, record, channel, linli, clock } = await shop();
    await say(owner, '/接龙 开 周六团 小米 截止 今晚8点');
    await say(wang, '+2 3-501');
    await say(li, `${HEAD}\n\n1. 5-202 李叔 小米1袋`);
    await say(chen, '+1');
    await say(chen, '取消');
    const list = `${HEAD}\n\n1. 王阿姨 3-501 有机小米2袋\n2. 5-202 李叔 小米1袋`;
    expect(await say(wang, '看接龙')).toEqual([`幸福里1群: ${list}`]);

    // Reposted with a line added, the list changes only by that line.
    const before = channel.sent.length;
    await say(xu, `${list}\n3. 7-101 小徐 小米3袋`);
    await linli.engine.advanceTo(clock.now() + MIN, clock); // the confirmation gathers for half a minute
    expect(channel.sent.slice(before).map((m) => m.text)).toEqual(['已登记「周六团」：小徐 7-101 有机小米×3袋']);
    const lines = record('周六团').book.lines;
    expect(lines.filter((l) => l.state === 'active').map((l) => l.entry.raw)).toEqual([
      '王阿姨 3-501 有机小米2袋', '5-202 李叔 小米1袋', '7-101 小徐 小米3袋',
    ]);
    expect(lines.flatMap((l) => l.history)).toHaveLength(4); // no line was edited
  });

  it('answers the natural ways of asking, @bot too; asked again at once, points up instead of reposting', async () => {
    const { say } = await shop();
    await say(owner, '/接龙 开 周六团 小米 截止 今晚8点');
    await say(wang, '+2 3-501');
    const list = `幸福里1群: ${HEAD}\n\n1. 王阿姨 3-501 有机小米2袋`;
    expect(await say(li, '接龙发一下')).toEqual([list]);
    expect(await say(chen, '现在接龙到哪了？')).toEqual(['幸福里1群: 「周六团」接龙刚发过，往上翻一下就能看到～']);
    // A sign-up since makes it a new list.
    await say(chen, '接龙 小米1袋');
    expect(await say(xu, '@邻里小助手 接龙列表')).toEqual([`${list}\n2. 陈姐 有机小米1袋`]);
  });

  it('a long list goes to the asker by DM, with a short answer in the group', async () => {
    const { say, linli } = await shop();
    await say(owner, '/接龙 开 周六团 小米 截止 今晚8点');
    for (let i = 1; i <= 15; i++) await say(member(`邻居${i}`), `+1 ${i}-101`);
    const fifteen = await say(wang, '看接龙');
    expect(fifteen).toHaveLength(1);
    expect(fifteen[0]).toMatch(/^幸福里1群: #接龙\n[\s\S]*\n15\. 邻居15 15-101 有机小米1袋$/);

    await say(member('邻居16'), '+1 16-101');
    const sixteen = await say(wang, '看接龙');
    expect(sixteen[0]).toBe('幸福里1群: 「周六团」已经有16人，名单比较长，完整的接龙私信发给你了～');
    expect(sixteen[1]).toMatch(/^dm:王阿姨: #接龙\n周六团\n[\s\S]*\n1\. 邻居1 1-101 有机小米1袋\n[\s\S]*\n16\. 邻居16 16-101 有机小米1袋$/);
    const dm = linli.services.store.data.outbox.find((i) => i.to.kind === 'dm' && i.to.member.id === wang.id);
    expect(dm?.purpose).toBe('requested');
  });

  it('with no 接龙 open says so; a sign-up with 接龙 in it is still a sign-up', async () => {
    const { say, record } = await shop();
    expect(await say(wang, '看接龙')).toEqual(['幸福里1群: 群里现在没有进行中的接龙～开团了会在群里通知大家。']);
    await say(owner, '/接龙 开 周六团 小米 截止 今晚8点');
    await say(wang, '接龙 小米2袋');
    expect(record('周六团').book.lines.map((l) => l.entry.raw)).toEqual(['王阿姨 有机小米2袋']);
  });
});

describe('看接龙 in a DM', () => {
  it('sends the lists of the member’s own groups only; the owner gets every group’s', async () => {
    const { say } = await shop();
    await say(owner, '/接龙 开 周六团 小米 截止 今晚8点', group1);
    await say(owner, '/接龙 开 鸡蛋团 鸡蛋 截止 今晚8点', group2);
    await say(wang, '+2 3-501', group1);
    await say(li, '+1 5-202', group2);
    await say(li, '早', group1);

    // 王阿姨 is only in 幸福里1群: its list, never 幸福里2群's.
    expect(await say(wang, '接龙发我看看', 'dm')).toEqual([`dm:王阿姨: ${HEAD}\n\n1. 王阿姨 3-501 有机小米2袋`]);
    const eggs = '#接龙\n鸡蛋团\n土鸡蛋 32元/盒\n截止：今天 20:00\n例 3-501 王阿姨 2盒\n\n1. 李叔 5-202 土鸡蛋1盒';
    const both = [
      '现在有2个接龙在进行：幸福里1群「周六团」、幸福里2群「鸡蛋团」，下面一个一个发给你～',
      `${HEAD}\n\n1. 王阿姨 3-501 有机小米2袋`,
      eggs,
    ];
    expect(await say(li, '看接龙', 'dm')).toEqual(both.map((t) => `dm:李叔: ${t}`));
    expect(await say(owner, '查看接龙', 'dm')).toEqual(both.map((t) => `dm:老赵: ${t}`));
  });

  it('with nothing open, or groups unknown, a short answer', async () => {
    const { say } = await shop();
    await say(wang, '早', group1);
    expect(await say(wang, '看接龙', 'dm')).toEqual(['dm:王阿姨: 你所在的群现在都没有进行中的接龙～开团了群里会通知。']);
    expect(await say(member('路人'), '看接龙', 'dm')).toEqual(['dm:路人: 我还不知道你在哪个群～在群里发“看接龙”，就能看到那个群的接龙。']);
  });
});
