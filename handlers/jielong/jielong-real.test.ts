// 接龙 the way real groups write it, through the real bot: the organiser's own product list,
// a cut-off in the text, stale copies, a room added by repost, natural sign-ups and chat.

import { describe, expect, it } from 'vitest';
import { ordersOf } from './orders.ts';
import type { JielongRecord } from './index.ts';
import { groupText, member, T0, testBot } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const li = member('李哥');
const liu = member('刘老师');
const zhang = member('小张');
const MIN = 60_000;

const texts = (sent: Array<{ text?: string }>, from = 0) => sent.slice(from).map((m) => m.text ?? '');
const only = (bot: Awaited<ReturnType<typeof testBot>>): JielongRecord => {
  const all = Object.values(bot.linli.services.store.data.jielong);
  expect(all).toHaveLength(1);
  return all[0]!;
};
const booked = (bot: Awaited<ReturnType<typeof testBot>>) =>
  ordersOf(only(bot), bot.linli.services.store.data.catalog).map((o) => `${o.name ?? ''}|${o.room ?? ''}|${o.items.map((i) => `${i.product}×${i.qty}`).join('+')}`);

const HEAD = ['#接龙', '周二团购 今晚9点截单', '1.土鸡蛋 32元/盒（30枚）', '2.东北大米 69元/袋', '3.有机小米 25元/袋，每人限购2袋', '例 3-501 王阿姨 土鸡蛋2盒', ''];
const list = (...lines: string[]) => [...HEAD, ...lines.map((l, i) => `${i + 1}. ${l}`)].join('\n');

async function posted() {
  const bot = await testBot({ OWNER_IDS: owner.id });
  await bot.linli.handle(groupText(owner, list(), T0));
  return bot;
}

describe('an organiser’s posted 接龙', () => {
  it('sells the products it lists at its prices; its numbered list and specs are no orders', async () => {
    const bot = await posted();
    const record = only(bot);
    expect(record.offer?.map((o) => [o.name, o.price, o.unit, o.perPerson])).toEqual([
      ['土鸡蛋', 32, '盒', null], ['东北大米', 69, '袋', null], ['有机小米', 25, '袋', 2],
    ]);
    expect(record.book.lines).toHaveLength(0);
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + MIN));
    await bot.linli.handle(groupText(li, list('3-501 王阿姨 鸡蛋2盒', '7-1102 李哥 大米1袋 小米2袋'), T0 + 2 * MIN));
    expect(booked(bot)).toEqual(['王阿姨|3-501|土鸡蛋×2', '李哥|7-1102|东北大米×1+有机小米×2']);
  });

  it('closes at the cut-off the text gives, tells the owner how it read it, and posts the right totals', async () => {
    const bot = await posted();
    // T0 is 2026-11-21 09:00 Shanghai: 今晚9点 is 21:00 that day.
    expect(only(bot).cutoffAt).toBe(T0 + 12 * 60 * MIN);
    await bot.linli.engine.advanceTo(T0 + MIN / 2, bot.clock);
    expect(texts(bot.channel.sent).join('\n')).toContain('写了“今晚9点截单”，我记为今天 21:00自动截单');
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + MIN));
    await bot.linli.handle(groupText(li, list('3-501 王阿姨 鸡蛋2盒', '7-1102 李哥 大米1袋'), T0 + 2 * MIN));
    await bot.linli.engine.advanceTo(T0 + 12 * 60 * MIN + MIN, bot.clock);
    const closing = texts(bot.channel.sent).find((t) => t.includes('已截单'))!;
    expect(closing).toContain('共2人，合计133元');
    expect(closing).toContain('土鸡蛋 2盒（1人）');
    expect(closing).toContain('东北大米 1袋（1人）');
  });
});

describe('a cut-off written in the organiser’s text', () => {
  it('answers 几点截止 from it', async () => {
    const bot = await posted();
    await bot.linli.engine.advanceTo(T0 + MIN, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(groupText(wang, '接龙几点截止？', T0 + 2 * MIN));
    await bot.linli.engine.advanceTo(T0 + 3 * MIN, bot.clock);
    expect(texts(bot.channel.sent, before).join('\n')).toContain('21:00');
  });

  it('closes with no cut-off when the text gives none, and tells the owner nothing about one', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(groupText(owner, ['#接龙', '周三水果团', '1.砂糖橘 15元/斤', '例 3-501 王阿姨 砂糖橘2斤'].join('\n'), T0));
    expect(only(bot).cutoffAt).toBeUndefined();
    await bot.linli.engine.advanceTo(T0 + MIN, bot.clock);
    expect(texts(bot.channel.sent).join('\n')).not.toContain('自动截单');
  });
});

describe('a stale copy of the list', () => {
  it('never brings back a line its author cancelled', async () => {
    const bot = await posted();
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + MIN));
    await bot.linli.handle(groupText(wang, '不要了', T0 + 2 * MIN));
    // 李哥 copies the list as it was before 王阿姨 cancelled, and adds his line.
    await bot.linli.handle(groupText(li, list('3-501 王阿姨 鸡蛋2盒', '7-1102 李哥 大米1袋'), T0 + 3 * MIN));
    // 小张 copies an even older one.
    await bot.linli.handle(groupText(zhang, list('3-501 王阿姨 鸡蛋2盒', '7-1102 李哥 大米1袋', '5-201 小张 小米1袋'), T0 + 4 * MIN));
    expect(booked(bot)).toEqual(['李哥|7-1102|东北大米×1', '小张|5-201|有机小米×1']);
    const lines = only(bot).book.lines;
    expect(lines.filter((l) => l.state === 'active')).toHaveLength(lines.length - 1);
  });
});

describe('their own cancelled line in a list someone reposts', () => {
  it('stays cancelled; with a new line of theirs beside it, nothing more is said', async () => {
    const bot = await posted();
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + MIN));
    await bot.linli.handle(groupText(wang, '不要了', T0 + 2 * MIN));
    await bot.linli.engine.advanceTo(T0 + 5 * MIN, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒', '3-501 王阿姨 大米1袋'), T0 + 6 * MIN));
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒', '3-501 王阿姨 大米1袋', '7-1102 李哥 小米1袋'), T0 + 7 * MIN));
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(booked(bot)).toEqual(['王阿姨|3-501|东北大米×1', '李哥|7-1102|有机小米×1']);
    expect(texts(bot.channel.sent, before).filter((t) => t.includes('你之前取消了'))).toHaveLength(0);
  });

  it('reposted by its author with nothing else of theirs: they hear it once', async () => {
    const bot = await posted();
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + MIN));
    await bot.linli.handle(groupText(wang, '不要了', T0 + 2 * MIN));
    await bot.linli.engine.advanceTo(T0 + 5 * MIN, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + 6 * MIN));
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒', '7-1102 李哥 小米1袋'), T0 + 7 * MIN));
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(booked(bot).filter((b) => b.startsWith('王阿姨'))).toEqual([]);
    expect(texts(bot.channel.sent, before).filter((t) => t.includes('你之前取消了'))).toHaveLength(1);
  });
});

describe('a resident adds their room by reposting their own quick sign-up', () => {
  it('keeps one order, now with the room, even under a per-person limit', async () => {
    const bot = await posted();
    await bot.linli.handle(groupText(liu, '我要两份小米', T0 + MIN));
    await bot.linli.handle(groupText(liu, list('8-702 刘老师 有机小米2袋'), T0 + 2 * MIN));
    expect(booked(bot)).toEqual(['刘老师|8-702|有机小米×2']);
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(texts(bot.channel.sent).join('\n')).not.toContain('限购');
  });
});

describe('natural sign-ups', () => {
  it.each([
    ['3-501 鸡蛋2盒', '王阿姨|3-501|土鸡蛋×2'],
    ['鸡蛋 2 2-302', '王阿姨|2-302|土鸡蛋×2'],
    ['鸡蛋加一', '王阿姨||土鸡蛋×1'],
    ['大米+1 周大爷 7-101', '周大爷|7-101|东北大米×1'],
    ['小米 2 5-302', '王阿姨|5-302|有机小米×2'],
    ['鸡蛋两盒 谢谢团长', '王阿姨||土鸡蛋×2'],
    ['土鸡蛋2盒 大米1袋', '王阿姨||土鸡蛋×2+东北大米×1'],
    ['3-501 王阿姨 土鸡蛋2盒', '王阿姨|3-501|土鸡蛋×2'],
  ])('books %s', async (text, expected) => {
    const bot = await posted();
    await bot.linli.handle(groupText(wang, text, T0 + MIN));
    expect(booked(bot)).toEqual([expected]);
    await bot.linli.engine.advanceTo(T0 + 5 * MIN, bot.clock);
    expect(texts(bot.channel.sent).at(-1)).toContain('已登记「周二团购 今晚9点截单」');
  });

  it('answers the example line copied by someone else with how to write their own, and books nothing', async () => {
    const bot = await posted();
    await bot.linli.handle(groupText(zhang, '3-501 王阿姨 土鸡蛋2盒', T0 + MIN));
    expect(only(bot).book.lines).toHaveLength(0);
    await bot.linli.engine.advanceTo(T0 + 2 * MIN, bot.clock);
    expect(texts(bot.channel.sent).at(-1)).toContain('格式示例');
  });

  it.each(['鸡蛋昨天到了吗', '我家鸡蛋还有两盒', '小米29 大米69', '3号楼电梯坏了', '今天18度', '收到', '谢谢团长', '昨天的鸡蛋2盒都很新鲜', '鸡蛋3盒够不够吃一周'])(
    'books nothing for chat: %s',
    async (text) => {
      const bot = await posted();
      const before = bot.channel.sent.length;
      await bot.linli.handle(groupText(wang, text, T0 + MIN));
      await bot.linli.engine.advanceTo(T0 + 5 * MIN, bot.clock);
      expect(only(bot).book.lines).toHaveLength(0);
      expect(texts(bot.channel.sent, before).join('\n')).not.toContain('已登记');
    },
  );
});

describe('+1 that answers a neighbour', () => {
  it('is not booked after someone asks for +1s about something else: one question, then quiet', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(groupText(owner, '/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点', T0));
    await bot.linli.engine.advanceTo(T0 + MIN / 2, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(groupText(zhang, '周六去爬山的+1', T0 + MIN));
    await bot.linli.handle(groupText(wang, '+1', T0 + 2 * MIN));
    await bot.linli.handle(groupText(li, '+1', T0 + 3 * MIN));
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(only(bot).book.lines).toHaveLength(0);
    const out = texts(bot.channel.sent, before);
    expect(out).toEqual(['这个+1是接龙「鸡蛋团」的吗？刚才大家在聊别的，我先没登记～要的话请回复“接龙+1”。']);
    // Said plainly, it books.
    await bot.linli.handle(groupText(wang, '接龙+1', T0 + 11 * MIN));
    expect(booked(bot)).toEqual(['王阿姨||土鸡蛋×1']);
  });

  it('still books a +1 when nobody asked about anything else', async () => {
    const bot = await testBot({ OWNER_IDS: owner.id });
    await bot.linli.handle(groupText(owner, '/接龙 开 鸡蛋团 土鸡蛋 32 截止 今晚9点', T0));
    await bot.linli.handle(groupText(owner, '要鸡蛋的扣1', T0 + MIN));
    await bot.linli.handle(groupText(wang, '+1', T0 + 2 * MIN));
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(booked(bot)).toEqual(['王阿姨||土鸡蛋×1']);
  });
});

describe('a list line the bot cannot book for sure', () => {
  it('names something not on offer: asked once, not booked; the clear lines around it are', async () => {
    const bot = await posted();
    await bot.linli.engine.advanceTo(T0 + MIN, bot.clock);
    const before = bot.channel.sent.length;
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 榴莲2个'), T0 + 2 * MIN));
    await bot.linli.handle(groupText(li, list('3-501 王阿姨 榴莲2个', '7-1102 李哥 大米1袋'), T0 + 3 * MIN));
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(booked(bot)).toEqual(['李哥|7-1102|东北大米×1']);
    const asked = texts(bot.channel.sent, before).filter((t) => t.includes('榴莲这次没有'));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('土鸡蛋、东北大米、有机小米');
  });

  it('gives no product when several are on offer: asked which, booked once written', async () => {
    const bot = await posted();
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 2'), T0 + MIN));
    await bot.linli.engine.advanceTo(T0 + 2 * MIN, bot.clock);
    expect(booked(bot)).toEqual([]);
    expect(texts(bot.channel.sent).join('\n')).toContain('没写是哪样');
    await bot.linli.handle(groupText(wang, list('3-501 王阿姨 鸡蛋2盒'), T0 + 3 * MIN));
    expect(booked(bot)).toEqual(['王阿姨|3-501|土鸡蛋×2']);
  });
});
