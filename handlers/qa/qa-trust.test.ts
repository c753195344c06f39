// Issue 15: product questions residents can trust — short names, the live 接龙's price and
// stock, questions outside the fixed kinds, plain answers, owner answers kept, and a rate
// limit that counts answers. The real bot (router, handlers, store, scheduler, outbox).

import { afterEach, describe, expect, it } from 'vitest';
import { li, owner, qaBot, wang, zhang, type Sent } from '../../tests/qa-helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function shop(env: Record<string, string> = {}) {
  const bot = await qaBot({ QA_RATE_LIMIT: '50', ...env });
  close = () => bot.linli.close();
  return bot;
}

const texts = (sent: Sent[]) => sent.map((s) => s.text);
const open = (bot: Awaited<ReturnType<typeof shop>>) => Object.values(bot.linli.services.store.data.qa.questions).filter((q) => q.status === 'open');

describe('issue 15: answers residents can trust', () => {
  it('1. a shortened name is understood in the group: 亚麻籽油 for 冷榨亚麻籽油', async () => {
    const bot = await shop();
    const data = bot.linli.services.store.data;
    data.catalog = data.catalog.map((p) => (p.id === 'flaxseed-oil' ? { ...p, aliases: [] } : p));
    const sent = await bot.say(wang, '亚麻籽油多少钱一瓶？');
    expect(texts(sent)).toEqual(['冷榨亚麻籽油39.9元一瓶（500ml）～']);
    expect(sent[0]).toMatchObject({ to: { kind: 'group' }, mentions: [wang] });
    // A tail two products share names neither: chat about 油 stays chat.
    expect(await bot.say(li, '油多少钱一瓶？')).toEqual([]);
  });

  it('2. while an open 接龙 sells it at 35.9, the price is 35.9 (the catalog’s as 原价)', async () => {
    const bot = await shop();
    bot.record.status = 'closed';
    await bot.say(owner, '/接龙 开 周日油团 亚麻籽油 35.9 截止 明天 18:00');
    const sent = await bot.say(wang, '亚麻籽油多少钱？');
    expect(texts(sent)).toEqual(['冷榨亚麻籽油在「周日油团」接龙里是35.9元一瓶（500ml），原价39.9元～']);
    expect(bot.to(sent, owner)).toEqual([]);
  });

  it('3. stock is what the open 接龙’s bookings leave', async () => {
    const bot = await shop();
    bot.record.status = 'closed';
    await bot.say(owner, '/接龙 开 周日鸡蛋团 土鸡蛋 截止 明天 18:00');
    await bot.say(wang, '+4 3-501');
    await bot.say(li, '+2 7-1102');
    expect(bot.to(await bot.say(zhang, '鸡蛋还有吗'), zhang)).toEqual(['土鸡蛋还有19盒～']);
  });

  it('4. questions outside the fixed kinds: answered from the description, else passed quietly to the owner', async () => {
    const bot = await shop();
    expect(texts(await bot.say(wang, '鸡蛋是土鸡蛋吗'))).toEqual(['是的，就是土鸡蛋，散养土鸡下的蛋，个头不大，蛋黄颜色深～']);
    expect(texts(await bot.say(wang, '大米是新米吗'))).toEqual(['是的，东北大米：稻花香2号，今年新米～']);
    expect(texts(await bot.say(li, '土鸡蛋是散养的吗'))).toEqual(['是的，土鸡蛋：散养土鸡下的蛋，个头不大，蛋黄颜色深～']);
    expect(open(bot)).toEqual([]);
    // Nothing says it: not a word in the group, the owner hears it.
    const apple = await bot.say(zhang, '这苹果甜不甜啊');
    expect(apple.filter((s) => s.to.kind === 'group')).toEqual([]);
    expect(bot.to(apple, owner).join('\n')).toContain('小张（幸福里1群）：这苹果甜不甜啊');
    // Spoken to, the resident hears that the owner was asked.
    expect(bot.to(await bot.say(li, '苹果甜不甜', { mention: true }), li)).toEqual(['这个我问问团长，回头告诉你～']);
    // A product nobody sells yet, asked for by three residents: one line, counted, for the owner.
    for (const [who, q] of [[wang, '有没有车厘子？'], [li, '车厘子有吗'], [zhang, '有卖车厘子的吗']] as const) {
      expect((await bot.say(who, q)).filter((s) => s.to.kind === 'group'), q).toEqual([]);
    }
    const list = texts(await bot.say(owner, '/问题', { dm: true }))[0]!;
    expect(list).toContain('有没有车厘子？（3 位邻居想要车厘子）');
    // One answer reaches all three.
    const no = /#(\d+) 王阿姨（幸福里1群）：有没有车厘子/.exec(list)![1];
    const answered = await bot.say(owner, `/答 ${no} 下周进一批，到了群里说`, { dm: true });
    for (const who of [wang, li, zhang]) expect(bot.to(answered, who).join('\n'), who.name).toContain('团长回复：下周进一批，到了群里说');
  });

  it('5. 大米是有机的吗: the listed certifications say no, plainly, without the owner', async () => {
    const bot = await shop();
    const sent = await bot.say(wang, '大米是有机的吗？');
    expect(texts(sent)).toEqual(['东北大米不是有机的，有地理标志产品认证～']);
    expect(open(bot)).toEqual([]);
  });

  it('6. an answer given with /答 is kept as the product’s FAQ; the owner can change or drop it', async () => {
    const bot = await shop();
    await bot.say(wang, '带鱼新鲜吗？', { mention: true });
    const [q] = open(bot);
    const done = await bot.say(owner, `/答 ${q!.no} 今早刚到的，很新鲜`, { dm: true });
    expect(bot.to(done, owner)[0]).toContain('也记成了「舟山带鱼」的问答');
    // Asked again, by someone else, without an @mention: answered, the owner not bothered.
    const again = await bot.say(li, '带鱼新鲜吗');
    expect(texts(again)).toEqual(['舟山带鱼：今早刚到的，很新鲜～']);
    expect(open(bot)).toEqual([]);
    await bot.say(owner, '/商品 问答 舟山带鱼 带鱼新鲜吗？|今天的卖完了，明早再到', { dm: true });
    expect(texts(await bot.say(zhang, '带鱼新鲜吗', { mention: true }))).toEqual(['舟山带鱼：今天的卖完了，明早再到～']);
    expect(texts(await bot.say(owner, '/商品 问答 舟山带鱼 带鱼新鲜吗？|删除', { dm: true }))[0]).toContain('删掉了');
    expect(texts(await bot.say(zhang, '带鱼新鲜吗', { mention: true }))).toEqual(['这个我问问团长，回头告诉你～']);
  });

  it('7. the rate limit counts answers, not greetings or @-mentions', async () => {
    const bot = await shop({ QA_RATE_LIMIT: '5', QA_RATE_WINDOW_MINUTES: '10' });
    for (const t of ['你好', '在吗', '谢谢', '你好', '在吗']) expect((await bot.say(wang, t, { mention: true })).length, t).toBe(1);
    expect(texts(await bot.say(wang, '亚麻籽油多少钱？'))).toEqual(['冷榨亚麻籽油39.9元一瓶（500ml）～']);
    for (const q of ['苹果多少钱', '脐橙多少钱', '小米多少钱', '牛奶多少钱']) expect(texts(await bot.say(wang, q))[0]).toContain('元');
    expect(texts(await bot.say(wang, '大米多少钱'))).toEqual(['你问得有点快啦，我歇一会儿，过几分钟再问我吧～']);
  });
});
