// A /接龙 开 sent by DM goes to every group, so it is shown back to the owner and opens only
// on their 确认 (stored, so a restart in between loses nothing). In a group it opens at once.

import { describe, expect, it } from 'vitest';
import type { Linli } from '../../bot/app.ts';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { Store } from '../../store/db.ts';
import { dmText, group1, groupText, member, RecordingChannel, T0, testBot, catalogShop, closeAfterTest, closeShopsAfterEach, group2 } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const MIN = 60_000;

closeShopsAfterEach();

async function shop() {
  const bot = await catalogShop(owner.id);
  await bot.linli.handle(groupText(owner, '大家早上好', T0, group1));
  await bot.linli.handle(groupText(wang, '早', T0, group2));
  return drive(bot);
}

function drive(bot: { linli: Linli; clock: Awaited<ReturnType<typeof testBot>>['clock']; channel: RecordingChannel }) {
  /** Says something at `minutes` past T0 (by DM unless a group is given); returns what the bot sent in answer. */
  const say = async (from: MemberRef, text: string, minutes: number, group?: GroupRef): Promise<string[]> => {
    const t = T0 + minutes * MIN;
    await bot.linli.engine.advanceTo(t, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(group ? groupText(from, text, t, group) : dmText(from, text, t));
    await bot.linli.engine.advanceTo(t + 10_000, bot.clock);
    return bot.channel.sent.slice(before).map((m) => `${m.to.kind === 'group' ? m.to.group.name : `dm:${m.to.member.name}`}: ${m.text}`);
  };
  const records = () => Object.values(bot.linli.services.store.data.jielong);
  const pending = () => bot.linli.services.store.data.jielongPending;
  return { ...bot, say, records, pending };
}

describe('/接龙 开 from a DM', () => {
  it('a typo is shown back, without a cut-off warned about, and opens in every group only on 确认', async () => {
    const { say, records } = await shop();
    expect(await say(owner, '/接龙开团 苹果', 1)).toEqual([
      'dm:老赵: 这条接龙还没发出，请先核对：\n标题：苹果\n商品：红富士苹果 49.9元/箱\n发到：幸福里1群、幸福里2群（共2个群）\n' +
        '截止：⚠️ 没有截止时间，不会自动截单\n要加的话回复“截止 今晚8点”（换成你要的时间）；不加也能开，到时发 /接龙 关 苹果 截单。\n' +
        '回复“确认”开团，回复“取消”不开（30分钟内有效）。',
    ]);
    expect(records()).toEqual([]);
    expect(await say(owner, '确认', 2)).toEqual([
      '幸福里1群: #接龙\n苹果\n红富士苹果 49.9元/箱\n例 3-501 王阿姨 2箱',
      '幸福里2群: #接龙\n苹果\n红富士苹果 49.9元/箱\n例 3-501 王阿姨 2箱',
      'dm:老赵: 已在幸福里1群、幸福里2群开接龙「苹果」。\n「苹果」没有截止时间，不会自动截单。要截单时发 /接龙 关 苹果',
    ]);
    // One batch, as before: one shared stock.
    expect(records().map((r) => [r.group.name, r.status])).toEqual([['幸福里1群', 'open'], ['幸福里2群', 'open']]);
    expect(new Set(records().map((r) => r.batch)).size).toBe(1);
    // Once opened, a second 确认 opens nothing more.
    expect(await say(owner, '确认', 3)).toEqual(['dm:老赵: 现在没有等你确认的接龙。']);
    expect(records()).toHaveLength(2);
  });

  it('shows products with price and limits and the cut-off; 取消 drops it', async () => {
    const { say, records, pending } = await shop();
    const [preview] = await say(owner, '/接龙 开 周末粮油 亚麻籽油 限量10 每人限购3 大米 59 截止 今晚8点', 1);
    expect(preview).toBe(
      'dm:老赵: 这条接龙还没发出，请先核对：\n标题：周末粮油\n商品：\n· 冷榨亚麻籽油 39.9元/瓶，限量10瓶，每人限购3瓶\n· 东北大米 59元/袋\n' +
        '发到：幸福里1群、幸福里2群（共2个群）\n截止：今天 20:00，到点自动截单\n回复“确认”开团，回复“取消”不开（30分钟内有效）。',
    );
    expect(await say(owner, '取消', 2)).toEqual(['dm:老赵: 好的，「周末粮油」不开了。']);
    expect(pending()).toEqual({});
    expect(await say(owner, '确认', 3)).toEqual(['dm:老赵: 现在没有等你确认的接龙。']);
    expect(records()).toEqual([]);
  });

  it('a resident’s 确认 in a DM and the owner’s 确认 in a group open nothing; other messages leave it waiting', async () => {
    const { say, records, pending } = await shop();
    await say(owner, '/接龙 开 苹果团 苹果 截止 今晚8点', 1);
    const toWang = await say(wang, '确认', 2);
    expect(toWang.join('\n')).not.toMatch(/苹果团|接龙/);
    await say(owner, '确认', 3, group1);
    await say(owner, '今天几号来着', 4);
    await say(owner, '/接龙 汇总', 5);
    expect(records()).toEqual([]);
    expect(Object.keys(pending())).toEqual([owner.id]);
    const opened = await say(owner, '确认', 6);
    expect(opened.filter((m) => !m.startsWith('dm:'))).toHaveLength(2);
    expect(records().map((r) => r.title)).toEqual(['苹果团', '苹果团']);
  });

  it('a second /接龙 开 replaces the waiting one', async () => {
    const { say, records } = await shop();
    await say(owner, '/接龙 开 苹果', 1);
    const [second] = await say(owner, '/接龙 开 周六水果团 苹果 截止 今晚8点', 2);
    expect(second).toMatch(/^dm:老赵: 上一条「苹果」不开了，以这条为准。\n这条接龙还没发出/);
    await say(owner, '确认', 3);
    expect(records().map((r) => r.title)).toEqual(['周六水果团', '周六水果团']);
  });

  it('“截止 今晚8点” adds the cut-off it lacked; a cut-off already past is not opened', async () => {
    const { say, records, linli } = await shop();
    await say(owner, '/接龙 开 鸡蛋团 鸡蛋 截止 今天9:10', 1);
    expect(await say(owner, '确认', 12)).toEqual([
      'dm:老赵: 「鸡蛋团」的截止时间（今天 9:10）已经过了，还没开。回复“截止 今晚8点”换个时间，或回复“取消”。',
    ]);
    expect(records()).toEqual([]);
    const [again] = await say(owner, '截止 今晚8点', 13);
    expect(again).toContain('截止：今天 20:00，到点自动截单');
    await say(owner, '确认', 14);
    expect(records().map((r) => r.cutoffAt)).toEqual([Date.parse('2026-11-21T20:00:00+08:00'), Date.parse('2026-11-21T20:00:00+08:00')]);
    expect(linli.services.store.data.due.filter((d) => d.kind === 'jielong-cutoff' && d.state === 'pending')).toHaveLength(2);
  });

  it('expires after 30 minutes: a late 确认 opens nothing and gives the command back', async () => {
    const { say, records, pending } = await shop();
    await say(owner, '/接龙 开 苹果团 苹果', 1);
    // After the window, 取消 is ordinary chat again (nothing answers it).
    expect(await say(owner, '取消', 40)).toEqual([]);
    expect(await say(owner, '确认', 41)).toEqual([
      'dm:老赵: 「苹果团」等确认超过30分钟，已经作废，没有开。要开请重新发：\n/接龙 开 苹果团 苹果',
    ]);
    expect(records()).toEqual([]);
    expect(pending()).toEqual({});
  });

  it('survives a restart while waiting for 确认', async () => {
    const first = await testBot({ OWNER_IDS: owner.id });
    first.linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
    await first.linli.handle(groupText(owner, '大家早上好', T0, group1));
    await first.linli.handle(dmText(owner, '/接龙 开 苹果团 苹果 截止 今晚8点', T0 + MIN));
    await first.linli.close();

    const again = await createLinli({ config: first.config, clock: first.clock, log: silentLogger(), store: await Store.open(first.config.DATA_DIR) });
    closeAfterTest(again);
    const channel = new RecordingChannel(first.clock);
    again.attach(channel);
    const { say, records } = drive({ linli: again, clock: first.clock, channel });
    const opened = await say(owner, '确认', 5);
    expect(opened[0]).toBe('幸福里1群: #接龙\n苹果团\n红富士苹果 49.9元/箱\n截止：今天 20:00\n例 3-501 王阿姨 2箱');
    expect(records().map((r) => r.title)).toEqual(['苹果团']);
  });
});

describe('/接龙 开 in a group', () => {
  it('opens there at once; without a cut-off the owner is told how to close it, with one nothing more', async () => {
    const { say, records } = await shop();
    expect(await say(owner, '/接龙 开 苹果团 苹果', 1, group1)).toEqual([
      '幸福里1群: #接龙\n苹果团\n红富士苹果 49.9元/箱\n例 3-501 王阿姨 2箱',
      'dm:老赵: 「苹果团」没有截止时间，不会自动截单。要截单时在群里发 /接龙 关 苹果团',
    ]);
    expect(await say(owner, '/接龙 开 鸡蛋团 鸡蛋 截止 今晚8点', 2, group1)).toEqual([
      '幸福里1群: #接龙\n鸡蛋团\n土鸡蛋 32元/盒\n截止：今天 20:00\n例 3-501 王阿姨 2盒',
    ]);
    expect(records().map((r) => r.group.name)).toEqual(['幸福里1群', '幸福里1群']);
  });
});
