// The owner's /接龙 commands and residents' short messages, on a manual clock.

import { describe, expect, it } from 'vitest';
import type { Linli } from '../../bot/app.ts';
import type { GroupRef } from '../../bot/types.ts';
import { Store } from '../../store/db.ts';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { dmText, group1, groupText, member, RecordingChannel, T0, testBot, catalogShop, closeAfterTest, closeShopsAfterEach, group2 } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const zhang = member('小张');
const MIN = 60_000;

closeShopsAfterEach();

async function shop() {
  const bot = await catalogShop(owner.id);
  // The bot has seen both groups (and the owner) before.
  await bot.linli.handle(groupText(owner, '大家早上好', T0, group1));
  await bot.linli.handle(groupText(owner, '大家早上好', T0, group2));
  const say = async (from: typeof wang, text: string, minutes: number, group: GroupRef | null = group1) => {
    const t = T0 + minutes * MIN;
    await bot.linli.engine.advanceTo(t, bot.clock);
    await bot.linli.handle(group ? groupText(from, text, t, group) : dmText(from, text, t));
    await bot.linli.engine.advanceTo(t + 1000, bot.clock);
  };
  const sent = () => bot.channel.sent.map((m) => `${m.to.kind === 'group' ? m.to.group.name : `dm:${m.to.member.name}`}: ${m.text}`);
  return { ...bot, say, sent };
}

describe('/接龙', () => {
  it('is for the owner only', async () => {
    const { say, sent } = await shop();
    await say(wang, '/接龙 开 偷偷开团', 1);
    expect(sent()).toEqual(['幸福里1群: 抱歉，/接龙 只有团长可以使用。发送 /help 看看你能用的命令。']);
  });

  it('answers a wrong or missing verb and a bad cut-off with the usage and an example', async () => {
    const { say, sent } = await shop();
    await say(owner, '/接龙', 1, null);
    await say(owner, '/接龙 开', 2, null);
    await say(owner, '/接龙 开 周日团 截止 昨天', 3, null);
    await say(owner, '/接龙 开 周日团 截止 今天8点', 4, null);
    await say(owner, '/接龙 开 周日团 限量50', 5, null);
    await say(owner, '/接龙 关', 6, null);
    const [help, noTitle, badTime, pastTime, orphan, nothing] = sent();
    expect(help).toContain('/接龙 关 [标题]');
    expect(noTitle).toContain('请写上接龙的标题');
    expect(noTitle).toContain('例如：/接龙 开 周六冷榨油团购');
    expect(badTime).toContain('截止时间：没看懂“昨天”');
    expect(pastTime).toContain('已经过去了');
    expect(orphan).toContain('要写在商品名后面');
    expect(nothing).toBe('dm:老赵: 现在没有进行中的接龙。');
  });

  it('opened from a DM goes to every group with one shared stock, and closes everywhere at the cut-off', async () => {
    const { say, sent, linli, clock } = await shop();
    await say(owner, '/接龙 开 周日大米团 大米 限量3 截止 今天10:00', 1, null);
    // From a DM it goes to every group: shown back first, opened on 确认.
    expect(sent()).toEqual([
      'dm:老赵: 这条接龙还没发出，请先核对：\n标题：周日大米团\n商品：东北大米 69元/袋，限量3袋\n发到：幸福里1群、幸福里2群（共2个群）\n截止：今天 10:00，到点自动截单\n回复“确认”开团，回复“取消”不开（30分钟内有效）。',
    ]);
    await say(owner, '确认', 2, null);
    expect(sent().slice(1)).toEqual([
      '幸福里1群: #接龙\n周日大米团\n东北大米 69元/袋，限量3袋\n截止：今天 10:00\n例 3-501 王阿姨 2袋',
      '幸福里2群: #接龙\n周日大米团\n东北大米 69元/袋，限量3袋\n截止：今天 10:00\n例 3-501 王阿姨 2袋',
      'dm:老赵: 已在幸福里1群、幸福里2群开接龙「周日大米团」。\n今天 10:00自动截单。',
    ]);
    await say(wang, '+2 3-501', 3, group1);
    await say(zhang, '+2 5-201', 4, group2);
    await linli.engine.advanceTo(T0 + 61 * MIN, clock);
    expect(sent().slice(4)).toEqual([
      '幸福里1群: 已登记「周日大米团」：王阿姨 3-501 东北大米×2袋',
      '幸福里2群: 小张，东北大米只剩1袋了，先给你登记了1袋～',
      '幸福里2群: 已登记「周日大米团」：小张 5-201 东北大米×1袋',
      '幸福里1群: 「周日大米团」已截单，谢谢大家！共1人，合计138元：\n东北大米 2袋（1人，剩0袋）\n团长会按楼栋配送，到货另行通知～',
      '幸福里2群: 「周日大米团」已截单，谢谢大家！共1人，合计69元：\n东北大米 1袋（1人，剩0袋）\n团长会按楼栋配送，到货另行通知～',
    ]);
  });

  it('keeps the cut-off across a restart', async () => {
    const clock = new ManualClock(T0);
    const { config, linli } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, '/接龙 开 周日团 截止 今天9:30', T0));
    await linli.close();
    const again = await createLinli({ config, clock, log: silentLogger(), store: await Store.open(config.DATA_DIR) });
    closeAfterTest(again);
    const channel = new RecordingChannel(clock);
    again.attach(channel);
    await again.engine.advanceTo(T0 + 31 * MIN, clock);
    expect(channel.sent.filter((m) => m.to.kind === 'group').map((m) => m.text)).toEqual([
      '#接龙\n周日团\n截止：今天 9:30\n例 3-501 王阿姨 2份',
      '「周日团」已截单，谢谢大家！还没有人接龙。\n团长会按楼栋配送，到货另行通知～',
    ]);
  });

  it('汇总 in the group posts the totals; 导出 in the group goes to the owner by DM', async () => {
    const { say, sent, channel, linli, clock } = await shop();
    await say(owner, '/接龙 开 苹果团 苹果', 1);
    await say(wang, '接龙 3-501 苹果2箱', 2);
    await say(zhang, '我要一箱', 3);
    await say(owner, '/接龙 汇总', 4);
    await say(owner, '/接龙 导出', 5);
    await linli.engine.advanceTo(T0 + 10 * MIN, clock);
    const texts = sent();
    expect(texts).toContain('幸福里1群: 「苹果团」进行中，共2人，合计149.7元：\n红富士苹果 3箱（2人）');
    expect(texts).toContain('幸福里1群: 配货单已经私信发给你了～');
    const files = channel.sent.filter((m) => m.file);
    expect(files.map((m) => [m.to.kind, m.file!.name])).toEqual([
      ['dm', '2026-11-21-苹果团-配货单.xlsx'],
      ['dm', '2026-11-21-苹果团-配货单.csv'],
    ]);
  });
});

describe('short messages while a 接龙 is open', () => {
  it('asks which product when the 接龙 has several, and records the answer', async () => {
    const { say, sent } = await shop();
    await say(owner, '/接龙 开 周末粮油 亚麻籽油 大米', 1);
    await say(wang, '+1', 2);
    await say(wang, '+1 大米', 3);
    expect(sent().filter((m) => !m.startsWith('dm:')).slice(1, 2)).toEqual(['幸福里1群: 请问要哪一款？「周末粮油」有：冷榨亚麻籽油、东北大米。回复比如“+1 冷榨亚麻籽油”。']);
    await say(zhang, '+1 小米', 4);
    expect(sent().at(-1)).toBe('幸福里1群: 「周末粮油」这次只有冷榨亚麻籽油、东北大米，没有有机小米哦。');
  });

  it('asks which 接龙 when two are open and the message names neither', async () => {
    const { say, sent, linli } = await shop();
    await say(owner, '/接龙 开 油团 亚麻籽油', 1);
    await say(owner, '/接龙 开 米团 大米', 2);
    await say(wang, '+1', 3);
    expect(sent().at(-1)).toBe('幸福里1群: 现在有2个接龙在进行：「油团」「米团」。请在要参加的接龙里直接写，或回复“+1 商品名”。');
    await say(wang, '+1 大米', 4);
    await say(wang, '改成3袋', 5);
    await say(zhang, '取消', 6);
    await say(wang, '+1 大米', 7);
    await say(wang, '不要了', 8);
    const book = Object.values(linli.services.store.data.jielong).find((r) => r.title === '米团')!.book;
    expect(book.lines.map((l) => [l.entry.raw, l.state])).toEqual([['王阿姨 东北大米3袋', 'cancelled']]);
    expect(sent()).toContain('幸福里1群: 你还没有登记正在进行的接龙，不用取消～');
    // The hint shows what is booked and uses the number just typed, in the booked unit.
    expect(sent()).toContain('幸福里1群: 你在「米团」已经登记了东北大米3袋，是再加1袋（一共4袋）吗？是的话回复“改成4袋”就行～');
  });

  it('remembers a resident’s room from their earlier line', async () => {
    const { say, linli } = await shop();
    await say(owner, '/接龙 开 油团 亚麻籽油', 1);
    await say(wang, '#接龙\n油团\n\n1. 3-501 王阿姨 1瓶', 2);
    await say(owner, '/接龙 关', 3);
    await say(owner, '/接龙 开 第二期油团 亚麻籽油', 4);
    await say(wang, '+2', 5);
    const second = Object.values(linli.services.store.data.jielong).find((r) => r.title === '第二期油团')!;
    expect(second.book.lines[0]!.entry).toMatchObject({ name: '王阿姨', room: '3-501', items: [{ qty: 2 }] });
  });

  it('leaves ordinary chat alone', async () => {
    const { say, sent } = await shop();
    await say(owner, '/接龙 开 油团 亚麻籽油', 1);
    for (const [i, text] of ['今天天气真好', '我要去接孩子', '谢谢团长', '取消了吗？那我明天再来'].entries()) await say(wang, text, 2 + i);
    // The post, and the owner's note that it has no cut-off; nothing to the chat.
    expect(sent()).toEqual([
      '幸福里1群: #接龙\n油团\n冷榨亚麻籽油 39.9元/瓶\n例 3-501 王阿姨 2瓶',
      'dm:老赵: 「油团」没有截止时间，不会自动截单。要截单时在群里发 /接龙 关 油团',
    ]);
  });
});
