// Short sign-ups the way residents really write them, through the real bot: a hike call with
// details after its +1, a name beside several products, counts before the product, 那我也来一箱,
// a WeChat quote of the 接龙 answered +1, and the hint for a +1 said twice.

import { describe, expect, it } from 'vitest';
import { ordersOf } from './orders.ts';
import type { JielongRecord } from './index.ts';
import { groupText, member, T0, testBot } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const li = member('李哥');
const zhang = member('小张');
const meng = member('老孟');
const MIN = 60_000;

type Bot = Awaited<ReturnType<typeof testBot>>;
const texts = (bot: Bot, from = 0) => bot.channel.sent.slice(from).map((m) => m.text ?? '');
const only = (bot: Bot): JielongRecord => {
  const all = Object.values(bot.linli.services.store.data.jielong);
  expect(all).toHaveLength(1);
  return all[0]!;
};
const booked = (bot: Bot) =>
  ordersOf(only(bot), bot.linli.services.store.data.catalog).map((o) => `${o.name ?? ''}|${o.room ?? ''}|${o.items.map((i) => `${i.product}×${i.qty}`).join('+')}`);

/** A one-product 接龙 opened by command, its opening message already out. */
async function eggs(): Promise<Bot> {
  const bot = await testBot({ OWNER_IDS: owner.id });
  await bot.linli.handle(groupText(owner, '/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点', T0));
  await bot.linli.engine.advanceTo(T0 + MIN / 2, bot.clock);
  return bot;
}

const HEAD = ['#接龙', '周二团购 今晚9点截单', '1.土鸡蛋 32元/盒（30枚）', '2.东北大米 69元/袋', '3.有机小米 25元/袋', '例 3-501 王阿姨 土鸡蛋2盒'];

/** The organiser's posted three-product 接龙. */
async function posted(): Promise<Bot> {
  const bot = await testBot({ OWNER_IDS: owner.id });
  await bot.linli.handle(groupText(owner, HEAD.join('\n'), T0));
  await bot.linli.engine.advanceTo(T0 + MIN / 2, bot.clock);
  return bot;
}

/** Sends each text a minute apart from `at` (the bot's clock there too), then lets the outbox run; returns what the bot said. */
async function say(bot: Bot, at: number, ...lines: Array<[ReturnType<typeof member>, string]>): Promise<string[]> {
  const before = bot.channel.sent.length;
  for (const [i, [who, text]] of lines.entries()) {
    await bot.linli.engine.advanceTo(at + i * MIN, bot.clock);
    await bot.linli.handle(groupText(who, text, at + i * MIN));
  }
  await bot.linli.engine.advanceTo(at + lines.length * MIN + 5 * MIN, bot.clock);
  return texts(bot, before);
}

const ASK = '这个+1是接龙「鸡蛋团」的吗？刚才大家在聊别的，我先没登记～要的话请回复“接龙+1”。';

describe('a call for +1s about something else, with details after the +1', () => {
  it.each(['周六去爬山的+1，早上7点小区南门集合🏔', '要去的+1 周日早上出发', '羽毛球报名+1，周日下午两点', '去的扣1', '周六爬山的扣1，带好水'])(
    'the +1s after %s book nothing: one question, then quiet',
    async (call) => {
      const bot = await eggs();
      const out = await say(bot, T0 + MIN, [meng, call], [wang, '+1'], [li, '+1 带孩子一起'], [zhang, '扣1'], [member('钱叔'), '+2']);
      expect(only(bot).book.lines).toHaveLength(0);
      expect(out).toEqual([ASK]);
    },
  );

  it('still books what names the 接龙, a product or a room, and a +1 once the call is old', async () => {
    const bot = await eggs();
    await say(bot, T0 + MIN, [meng, '周六去爬山的+1，早上7点小区南门集合🏔'], [wang, '+1']);
    const out = await say(bot, T0 + 5 * MIN, [wang, '接龙+1'], [li, '+1 3-501'], [zhang, '鸡蛋+1']);
    expect(out).toHaveLength(1);
    expect(booked(bot)).toEqual(['王阿姨||土鸡蛋×1', '李哥|3-501|土鸡蛋×1', '小张||土鸡蛋×1']);
    await say(bot, T0 + 45 * MIN, [member('钱叔'), '+1']);
    expect(booked(bot)).toContain('钱叔||土鸡蛋×1');
  });

  it('takes the organiser’s own “要的扣1” as the 接龙’s call', async () => {
    const bot = await eggs();
    await say(bot, T0 + MIN, [owner, '还有要的扣1，晚上截单'], [wang, '扣1'], [li, '+1']);
    expect(booked(bot)).toEqual(['王阿姨||土鸡蛋×1', '李哥||土鸡蛋×1']);
  });
});

describe('a typed line with a name, a room and several products', () => {
  it('books them all on one line, under the name written', async () => {
    const bot = await posted();
    const out = await say(bot, T0 + MIN, [member('许大爷'), '许大爷 10-202 小米1袋 大米1袋'], [wang, '3-501 王阿姨 两盒鸡蛋 一袋大米']);
    expect(booked(bot)).toEqual(['许大爷|10-202|有机小米×1+东北大米×1', '王阿姨|3-501|土鸡蛋×2+东北大米×1']);
    expect(out.join('\n')).toContain('已登记「周二团购 今晚9点截单」：许大爷 10-202 有机小米×1袋、东北大米×1袋');
  });

  it('books nothing for chat that lists products beside other words', async () => {
    const bot = await posted();
    const out = await say(bot, T0 + MIN, [wang, '我家小米1袋 大米1袋 都吃完了'], [li, '昨天 小米1袋 大米1袋'], [zhang, '一箱苹果 两袋大米 都是上周买的']);
    expect(only(bot).book.lines).toHaveLength(0);
    expect(out.join('\n')).not.toContain('已登记');
  });
});

describe('counts written before the products', () => {
  it.each([
    ['我要一袋大米 两盒鸡蛋', '王阿姨||东北大米×1+土鸡蛋×2'],
    ['一袋大米', '王阿姨||东北大米×1'],
    ['我要2盒鸡蛋', '王阿姨||土鸡蛋×2'],
    ['两袋小米 3-501', '王阿姨|3-501|有机小米×2'],
  ])('books %s', async (text, expected) => {
    const bot = await posted();
    const out = await say(bot, T0 + MIN, [wang, text]);
    expect(booked(bot)).toEqual([expected]);
    expect(out).toEqual([expect.stringContaining('已登记')]);
  });

  it('asks which product when a count names none of them plainly', async () => {
    const bot = await posted();
    const out = await say(bot, T0 + MIN, [wang, '两袋米']);
    expect(only(bot).book.lines).toHaveLength(0);
    expect(out).toEqual(['请问要哪一款？「周二团购 今晚9点截单」有：土鸡蛋、东北大米、有机小米。回复比如“+1 土鸡蛋”。']);
  });
});

describe('那我也来一箱', () => {
  it('books 来 with a count and a room like 我要', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(groupText(owner, '/接龙 开 苹果团 苹果 49.9 截止 今晚8点', T0));
    await bot.linli.engine.advanceTo(T0 + MIN / 2, bot.clock);
    await say(bot, T0 + MIN, [member('贺叔'), '那我也来一箱，八栋202'], [wang, '来两箱吧'], [li, '再来一箱苹果 3-501']);
    expect(booked(bot)).toEqual(['贺叔|8-202|苹果×1', '王阿姨||苹果×2', '李哥|3-501|苹果×1']);
  });

  it('asks which product when several are on offer, and leaves chat with 来 alone', async () => {
    const bot = await posted();
    const out = await say(bot, T0 + MIN, [wang, '来一个人帮忙搬下东西'], [li, '我也来'], [zhang, '来晚了'], [member('贺叔'), '那我也来一袋']);
    expect(only(bot).book.lines).toHaveLength(0);
    expect(out).toEqual(['请问要哪一款？「周二团购 今晚9点截单」有：土鸡蛋、东北大米、有机小米。回复比如“+1 土鸡蛋”。']);
  });
});

describe('a WeChat quote answered below the line', () => {
  const quote = (quoted: string, reply: string) => `「${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`;

  it('books the reply to a quote of the 接龙 post, and the +1 to someone’s order', async () => {
    const bot = await posted();
    const out = await say(bot, T0 + MIN,
      [member('燕子'), quote(`老赵：${HEAD.join('\n')}`, '+1 7-1101 鸡蛋')],
      [wang, quote('李哥：大米+1 5-301', '+1')],
    );
    expect(booked(bot)).toEqual(['燕子|7-1101|土鸡蛋×1']);
    // Which product 王阿姨's +1 is for is asked, as for any +1 with several on offer.
    expect(out).toEqual([expect.stringContaining('燕子 7-1101 土鸡蛋×1'), expect.stringContaining('请问要哪一款？')]);
  });

  it('books a bare +1 to a quote of a one-product 接龙, even just after a hike call', async () => {
    const bot = await eggs();
    await say(bot, T0 + MIN, [meng, '周六去爬山的+1，早上7点小区南门集合🏔']);
    await say(bot, T0 + 3 * MIN, [wang, quote('邻里小助手：#接龙\n鸡蛋团\n土鸡蛋 32元', '+1 3-501')], [li, quote('老赵：鸡蛋团今晚9点截单', '+1')]);
    expect(booked(bot)).toEqual(['王阿姨|3-501|土鸡蛋×1', '李哥||土鸡蛋×1']);
  });

  it('stays silent for +1 under a quote of chat, and asks once for +1 under chat naming the product', async () => {
    const bot = await eggs();
    const chat = await say(bot, T0 + MIN, [wang, quote('老孟：周六去爬山的+1，早上7点小区南门集合🏔', '+1')], [li, quote('小张：鸡蛋甜吗？', '+1')]);
    expect(chat).toEqual([]);
    const product = await say(bot, T0 + 10 * MIN, [zhang, quote('老赵：鸡蛋今天到了，很新鲜', '+1')]);
    expect(product).toEqual(['这个+1是接龙「鸡蛋团」的吗？我先没登记～要的话请回复“接龙+1”。']);
    expect(only(bot).book.lines).toHaveLength(0);
  });

  it('tells a quote answered after the close that it is too late', async () => {
    const bot = await eggs();
    await say(bot, T0 + MIN, [owner, '/接龙 关']);
    const out = await say(bot, T0 + 10 * MIN, [wang, quote('老赵：#接龙\n鸡蛋团\n土鸡蛋 32元', '+1')]);
    expect(out).toEqual([expect.stringContaining('「鸡蛋团」已经截单了')]);
  });
});

describe('a +1 from someone already booked', () => {
  it('asks whether it means one more, naming the total, and books nothing until 改成', async () => {
    const bot = await eggs();
    await say(bot, T0 + MIN, [wang, '+1']);
    const out = await say(bot, T0 + 10 * MIN, [wang, '+1']);
    expect(out).toEqual(['你在「鸡蛋团」已经登记了土鸡蛋1份，是再加1份（一共2份）吗？是的话回复“改成2份”就行～']);
    expect(booked(bot)).toEqual(['王阿姨||土鸡蛋×1']);
    await say(bot, T0 + 20 * MIN, [wang, '改成2份']);
    expect(booked(bot)).toEqual(['王阿姨||土鸡蛋×2']);
  });
});
