import { describe, expect, it } from 'vitest';
import { dmText, groupText, member, T0, testBot } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');

async function twoOpen() {
  const bot = await testBot({ OWNER_IDS: owner.id });
  await bot.linli.handle(groupText(owner, '/接龙 开 周六水果团 苹果 20 截止 明晚8点', T0));
  await bot.linli.handle(groupText(owner, '/接龙 开 蔬菜团 小白菜 5 截止 明晚8点', T0 + 1000));
  return bot;
}

const texts = (sent: Array<{ text?: string }>, from: number) => sent.slice(from).map((m) => m.text ?? '');

describe('short messages with two 接龙 open and products the catalog does not know', () => {
  it('books each product into the 接龙 that offers it', async () => {
    const { linli, clock, channel } = await twoOpen();
    await linli.handle(groupText(wang, '接龙 小白菜1份', T0 + 60_000));
    await linli.handle(groupText(wang, '+2 苹果', T0 + 120_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const out = texts(channel.sent, 2);
    expect(out).toHaveLength(2);
    expect(out[0]).toContain('已登记「蔬菜团」：王阿姨 小白菜×1份');
    expect(out[1]).toContain('已登记「周六水果团」：王阿姨 苹果×2');
    const books = Object.values(linli.services.store.data.jielong).map((r) => [r.title, r.book.lines.filter((l) => l.state === 'active').length]);
    expect(books).toEqual(expect.arrayContaining([['周六水果团', 1], ['蔬菜团', 1]]));
  });

  it('changes the right line by product name', async () => {
    const { linli, clock, channel } = await twoOpen();
    await linli.handle(groupText(wang, '接龙 小白菜1份', T0 + 60_000));
    await linli.handle(groupText(wang, '改成 小白菜3份', T0 + 120_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const veg = Object.values(linli.services.store.data.jielong).find((r) => r.title === '蔬菜团')!;
    expect(veg.book.lines.find((l) => l.state === 'active')!.entry.items[0]).toMatchObject({ product: '小白菜', qty: 3 });
    expect(texts(channel.sent, 2).join('\n')).not.toContain('没看懂');
  });

  it('answers a 接龙 line it cannot read with what to type, and books nothing', async () => {
    const { linli, clock, channel } = await twoOpen();
    await linli.handle(groupText(wang, '接龙 一份菜一份肉', T0 + 60_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const out = texts(channel.sent, 2);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/没看懂.*“\+1 苹果”/);
    expect(Object.values(linli.services.store.data.jielong).every((r) => r.book.lines.length === 0)).toBe(true);
  });
});

describe('a shortened name of what the 接龙 offers', () => {
  it('books 脐橙 as the one offered 赣南脐橙, and asks which when two offers share the name', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, '/接龙 开 周六水果团 赣南脐橙 59.9 截止 明晚8点', T0));
    await linli.handle(groupText(wang, '接龙 脐橙3箱', T0 + 60_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(texts(channel.sent, 1)).toEqual(['已登记「周六水果团」：王阿姨 赣南脐橙×3箱']);

    const apples = await testBot({ OWNER_IDS: owner.id });
    await apples.linli.handle(groupText(owner, '/接龙 开 苹果团 红富士苹果 5 阿克苏苹果 6 截止 明晚8点', T0));
    await apples.linli.handle(groupText(member('陈姐'), '接龙 苹果2斤', T0 + 60_000));
    await apples.linli.engine.advanceTo(T0 + 600_000, apples.clock);
    expect(texts(apples.channel.sent, 1)).toEqual(['请问要哪一款？「苹果团」有：红富士苹果、阿克苏苹果。回复比如“+1 红富士苹果”。']);
  });
});

describe('several offered products in one short message', () => {
  it('signs up for all of them in one line and one confirmation', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, '/接龙 开 周六团 亚麻籽油 59.9 小米 20 截止 明晚8点', T0));
    await linli.handle(groupText(wang, '亚麻籽油 1 小米 1', T0 + 60_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(texts(channel.sent, 1)).toEqual(['已登记「周六团」：王阿姨 亚麻籽油×1份、小米×1份']);
    const record = Object.values(linli.services.store.data.jielong)[0]!;
    expect(record.book.lines.filter((l) => l.state === 'active')).toHaveLength(1);
    // Said again: not booked twice, and told how to change it.
    await linli.handle(groupText(wang, '亚麻籽油 2 小米 1', T0 + 700_000));
    await linli.engine.advanceTo(T0 + 800_000, clock);
    expect(texts(channel.sent, 2)).toEqual([expect.stringContaining('你已经登记过「周六团」了')]);
    expect(record.book.lines.filter((l) => l.state === 'active')).toHaveLength(1);
  });
});

describe('a product offered without a unit', () => {
  it('counts +1 and 我要两份 as the same 份, in the confirmation and the totals', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, '/接龙 开 周六水果团 赣南脐橙 59.9 限量20 截止 明晚8点', T0));
    await linli.handle(groupText(wang, '+1', T0 + 60_000));
    await linli.handle(groupText(member('陈姐'), '我要两份～', T0 + 61_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    await linli.handle(groupText(wang, '+2', T0 + 650_000));
    await linli.handle(groupText(owner, '/接龙 汇总', T0 + 700_000));
    await linli.engine.advanceTo(T0 + 800_000, clock);
    const out = texts(channel.sent, 1).join('\n');
    expect(out).toContain('王阿姨 赣南脐橙×1份');
    expect(out).toContain('陈姐 赣南脐橙×2份');
    // +2 on top of 1: the question names the total (3), and 2 in all for who meant that.
    expect(out).toContain('你在「周六水果团」已经登记了赣南脐橙1份，是再加2份（一共3份）吗？是的话回复“改成3份”就行～只要一共2份的话，回复“改成2份”。');
    expect(out).toContain('共2人，合计179.7元：\n赣南脐橙 3份（2人，剩17份）');
    expect(out).not.toMatch(/赣南脐橙 \d+（/);
  });
});

describe('a resident asking what they signed up for', () => {
  it('answers with their own lines only, in the group when asked and in a DM for all their groups', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    const chen = member('陈姐');
    await linli.handle(groupText(owner, '/接龙 开 周六水果团 赣南脐橙 59.9 限量20 截止 明晚8点', T0));
    await linli.handle(groupText(wang, '+2', T0 + 60_000));
    await linli.handle(groupText(chen, '+5', T0 + 61_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const ask = async (who: typeof wang, text: string, at: number, dm = false) => {
      const before = channel.sent.length;
      const event = dm ? dmText(who, text, at) : groupText(who, `@邻里小助手 ${text}`, at);
      if (!dm) event.mentionsBot = true;
      await linli.handle(event);
      await linli.engine.advanceTo(at + 30_000, clock);
      return texts(channel.sent, before);
    };
    const mine = '你登记了：\n「周六水果团」：赣南脐橙×2份，119.8元\n要改数量回复“改成3份”，不要了回复“取消”。';
    expect(await ask(wang, '我买了几份来着', T0 + 700_000)).toEqual([mine]);
    expect(await ask(wang, '我接龙了什么', T0 + 800_000)).toEqual([mine]);
    const dm = await ask(wang, '我的订单', T0 + 900_000, true);
    expect(dm).toEqual(['你登记了：\n「周六水果团」：赣南脐橙×2份，119.8元\n要改数量请在群里回复“改成3份”，不要了回复“取消”。']);
    // 陈姐's order is never in 王阿姨's answer, and someone with none is told so.
    expect([...dm, mine].join('\n')).not.toMatch(/陈姐|×5/);
    expect(await ask(member('小张'), '我的订单', T0 + 1_000_000)).toEqual(['你还没有登记正在进行的接龙～现在有「周六水果团」，回复“+1”就能报名。']);
  });
});

describe('short messages that are not orders, and hints that work', () => {
  const open = '/接龙 开 周六团 新鲜土鸡蛋 15 有机小米 20 赣南脐橙 59.9 东北大米 69 山东大葱 5 精品苹果 10 截止 明晚8点';
  const active = (linli: Awaited<ReturnType<typeof testBot>>['linli']) =>
    Object.values(linli.services.store.data.jielong).flatMap((r) => r.book.lines.filter((l) => l.state === 'active'));

  it('stays silent and books nothing for chat naming parts of products, prices or large numbers', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, open, T0));
    const chat = ['新鲜+1', '有机+1', '东北+1', '精品+1', '山东+1', '小米手机+1', '大葱好+1', '小米29 大米69', '小米3块 大米5块', '小米 29'];
    // At a neighbour's pace: ten lines in ten seconds would be 刷屏, which the owner hears of.
    for (const [i, text] of chat.entries()) await linli.handle(groupText(wang, text, T0 + 60_000 + i * 15_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(texts(channel.sent, 1)).toEqual([]);
    expect(active(linli)).toEqual([]);
  });

  it('says what is offered when one of several +1s is not, and books none of them', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, open, T0));
    await linli.handle(groupText(wang, '苹果+1 梨+1', T0 + 60_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(texts(channel.sent, 1)).toEqual(['现在的接龙只有新鲜土鸡蛋、有机小米、赣南脐橙、东北大米、山东大葱、精品苹果，没有梨哦，这条都没有登记。要的请重新回复，比如“+1 新鲜土鸡蛋”。']);
    expect(active(linli)).toEqual([]);
    // After the close, the same message is told it is too late rather than what is offered.
    await linli.handle(groupText(owner, '/接龙 关', T0 + 700_000));
    await linli.engine.advanceTo(T0 + 800_000, clock);
    const before = channel.sent.length;
    await linli.handle(groupText(wang, '苹果+1 梨+1', T0 + 900_000));
    await linli.engine.advanceTo(T0 + 1_000_000, clock);
    expect(texts(channel.sent, before)).toEqual([expect.stringContaining('「周六团」已经截单了')]);
    expect(active(linli)).toEqual([]);
  });

  it('books 小米 2 like 小米+2', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, open, T0));
    await linli.handle(groupText(wang, '小米 2', T0 + 60_000));
    await linli.handle(groupText(member('陈姐'), '小米+2 谢谢', T0 + 61_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(texts(channel.sent, 1)).toEqual(['已登记「周六团」：王阿姨 有机小米×2份；陈姐 有机小米×2份']);
  });

  it('after +1 小米, a message with another product gets a hint whose 改成 and 取消 both work', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, '/接龙 开 周六团 冷榨亚麻籽油 59.9 有机小米 20 截止 明晚8点', T0));
    await linli.handle(groupText(wang, '+1 小米', T0 + 60_000));
    await linli.engine.advanceTo(T0 + 300_000, clock);
    await linli.handle(groupText(wang, '亚麻籽油 1 小米 2', T0 + 301_000));
    await linli.handle(groupText(wang, '+1 亚麻籽油', T0 + 302_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(texts(channel.sent, 1)).toEqual([
      '已登记「周六团」：王阿姨 有机小米×1份',
      '你已经登记过「周六团」了（有机小米1份），这条没有重复登记。要改数量请回复“改成 有机小米 2份”，要加冷榨亚麻籽油，请先回复“取消”，再把要的一次写全，比如“冷榨亚麻籽油 1 有机小米 2”。',
      '你已经登记过「周六团」了（有机小米1份），这条没有重复登记。要改数量请回复“改成 有机小米 2份”，要加冷榨亚麻籽油，请先回复“取消”，再把要的一次写全，比如“冷榨亚麻籽油 1 有机小米 1”。',
    ]);
    // Doing what the hint says works: the count changes, then 取消 and one message books both.
    await linli.handle(groupText(wang, '改成 有机小米 2份', T0 + 700_000));
    await linli.engine.advanceTo(T0 + 800_000, clock);
    expect(active(linli).map((l) => l.entry.items.map((i) => [i.product, i.qty]))).toEqual([[['有机小米', 2]]]);
    await linli.handle(groupText(wang, '取消', T0 + 900_000));
    await linli.handle(groupText(wang, '冷榨亚麻籽油 1 有机小米 2', T0 + 901_000));
    await linli.engine.advanceTo(T0 + 1_000_000, clock);
    expect(active(linli).map((l) => l.entry.items.map((i) => [i.product, i.qty]))).toEqual([[['冷榨亚麻籽油', 1], ['有机小米', 2]]]);
    expect(texts(channel.sent, 4).join('\n')).not.toMatch(/没有|不止一样|没看懂/);
  });
});
