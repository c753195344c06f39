import { describe, expect, it } from 'vitest';
import type { JoinEvent } from '../../bot/types.ts';
import { dmText, group1, groupText, member, T0, testBot } from '../../tests/helpers.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { logGroupRoster } from '../../bot/behaviour.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const li = member('小李');
let n = 0;
const joinEvent = (who: typeof wang, at: number, inviter?: typeof wang): JoinEvent => ({ kind: 'join', id: `join${++n}`, at, group: group1, member: who, ...(inviter ? { inviter } : {}) });

async function setup() {
  const bot = await testBot({ OWNER_IDS: 'wxid_laozhao' }, T0 - 40 * DAY_MS);
  const { linli, clock } = bot;
  await linli.handle(groupText(owner, '大家好', T0 - 40 * DAY_MS));
  await linli.handle(joinEvent(wang, T0 - 40 * DAY_MS));
  await linli.handle(joinEvent(li, T0 - 39 * DAY_MS, wang));
  await linli.handle(groupText(wang, '今天的菜不错', T0 - 30 * DAY_MS));
  await linli.handle(groupText(li, '早上好', T0 - 2 * DAY_MS));
  clock.set(T0);
  return bot;
}

async function ask(bot: Awaited<ReturnType<typeof setup>>, from: typeof wang, text: string): Promise<string> {
  const before = bot.channel.sent.length;
  await bot.linli.handle(dmText(from, text, bot.clock.now()));
  await bot.linli.engine.advanceTo(bot.clock.now() + 10_000, bot.clock);
  return bot.channel.sent.slice(before).map((m) => m.text).join('\n');
}

describe('owner profile commands', () => {
  it('/画像 shows the stage, inviter, activity and tags', async () => {
    const bot = await setup();
    const card = await ask(bot, owner, '/画像 @小李');
    expect(card).toContain('小李 · 活跃');
    expect(card).toContain('由 王阿姨 邀请');
    expect(card).toContain('最近发言 2 天前');
    const wangCard = await ask(bot, owner, '/画像 王阿姨');
    expect(wangCard).toContain('王阿姨 · 沉默');
    expect(wangCard).toContain('邀请 1 人（0 人已下单）');
    expect(await ask(bot, owner, '/画像 @没这人')).toContain('没找到「没这人」');
    expect(await ask(bot, owner, '/画像')).toContain('/画像 @王阿姨');
  });

  it('/画像 counts a member’s stream reservations (logged by the streams feature)', async () => {
    const bot = await setup();
    await ask(bot, owner, '/直播 新建 明晚8点 周末上新');
    await bot.linli.handle(groupText(li, '预约', bot.clock.now() + 1000));
    await bot.linli.engine.advanceTo(bot.clock.now() + 120_000, bot.clock);
    expect(bot.linli.services.store.data.profiles.members[li.id]?.reservations).toBe(1);
    expect(await ask(bot, owner, '/画像 @小李')).toContain('预约直播 1 次');
  });

  it('/分层 counts members per stage (owner not counted) and shows movement after the weekly snapshot', async () => {
    const bot = await setup();
    const first = await ask(bot, owner, '/分层');
    expect(first).toContain('共 2 人');
    expect(first).toContain('沉默 1 人');
    expect(first).toContain('活跃 1 人');
    expect(first).toContain('下周起');
    // Monday 00:05 the snapshot is taken; then 小李 goes quiet for two weeks.
    await bot.linli.engine.advanceTo(T0 + 3 * DAY_MS, bot.clock);
    bot.clock.set(T0 + 14 * DAY_MS);
    const later = await ask(bot, owner, '/分层');
    expect(later).toContain('沉默 2 人（+1）');
    expect(later).toContain('活跃 → 沉默：1 人');
  });

  it('/名单 lists who is in a stage and explains a wrong stage', async () => {
    const bot = await setup();
    const list = await ask(bot, owner, '/名单 沉默');
    expect(list).toContain('沉默（1 人）');
    expect(list).toContain('王阿姨');
    expect(list).not.toContain('小李');
    expect(await ask(bot, owner, '/名单 koc')).toContain('现在没有「KOC」的成员');
    expect(await ask(bot, owner, '/名单 大客户')).toContain('没有「大客户」这个阶段');
  });

  it('/标签 adds and removes owner tags, shown on the card', async () => {
    const bot = await setup();
    expect(await ask(bot, owner, '/标签 @王阿姨 宝妈')).toContain('已加上「宝妈」');
    expect(await ask(bot, owner, '/画像 王阿姨')).toContain('宝妈');
    expect(await ask(bot, owner, '/标签 王阿姨 -宝妈')).toContain('已去掉「宝妈」');
    expect(await ask(bot, owner, '/标签 王阿姨')).toContain('/标签 @王阿姨 宝妈');
  });

  it('refuses every profile command to a non-owner', async () => {
    const bot = await setup();
    for (const cmd of ['/画像 @小李', '/分层', '/名单 沉默', '/标签 @小李 宝妈']) {
      const name = cmd.split(' ')[0]!;
      expect(await ask(bot, li, cmd)).toContain(`抱歉，${name} 只有团长可以使用`);
    }
    expect(bot.linli.services.store.data.profiles.members['wxid_小李']!.ownerTags).toEqual([]);
  });
});

describe('members found only on a group’s member list', () => {
  it('get a profile once, count in /分层, and fall silent (and into recall) after the silent days', async () => {
    const bot = await testBot({ OWNER_IDS: 'wxid_laozhao', RECALL_HOLDOUT_PERCENT: '0' }, T0);
    const { linli, clock } = bot;
    const { store } = linli.services;
    const lurker = member('潜水的刘姐');
    await linli.handle(groupText(owner, '大家好', T0));
    await linli.handle(groupText(li, '早', T0));
    // Start-up reads the group's members: two the profiles never heard of, two they know.
    expect(logGroupRoster(store, group1, [owner, li, lurker, wang], T0)).toBe(2);
    // A restart reads the list again: nothing new to log.
    expect(logGroupRoster(store, group1, [owner, li, lurker, wang], T0 + DAY_MS)).toBe(0);
    expect(store.data.profiles.members[lurker.id]).toMatchObject({ firstSeenAt: T0, lastActiveAt: T0, checkins: 0 });
    // Seen doing nothing: silent from the start, but recalled only after the silent days.
    const segments = await ask(bot, owner, '/分层');
    expect(segments).toContain('共 3 人');
    expect(segments).toContain('活跃 1 人');
    expect(segments).toContain('沉默 2 人');
    expect(await ask(bot, owner, '/召回 预览')).not.toContain('潜水的刘姐');
    expect(await ask(bot, owner, '/画像 潜水的刘姐')).toContain('潜水的刘姐 · 沉默');
    expect(await ask(bot, owner, '/画像 潜水的刘姐')).toContain('进群以来还没露过面');

    clock.set(T0 + 15 * DAY_MS);
    expect(await ask(bot, owner, '/名单 沉默')).toContain('潜水的刘姐');
    expect(await ask(bot, owner, '/召回 预览')).toContain('潜水的刘姐（沉默）');
  });
});
