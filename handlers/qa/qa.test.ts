// Product questions end to end without a model: the 20-product catalog, the real router,
// handlers, store, scheduler and outbox on a manual clock.

import { afterEach, describe, expect, it } from 'vitest';
import { groupText } from '../../tests/helpers.ts';
import { CHECKIN_IN_DM } from '../points/checkin.ts';
import { CUTOFF, li, owner, qaBot, wang, zhang, type Sent } from '../../tests/qa-helpers.ts';
import { DAY_MS } from '../../scheduler/clock.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function shop(env: Record<string, string> = {}) {
  const bot = await qaBot(env);
  close = () => bot.linli.close();
  return bot;
}

const texts = (sent: Sent[]) => sent.map((s) => s.text);

describe('product questions without a model', () => {
  it('answers price, origin, certification, stock and cut-off questions in the group, with an @mention', async () => {
    const { say } = await shop({ QA_RATE_LIMIT: '50' });
    const cases: Array<[string, string]> = [
      ['亚麻籽油多少钱？', '冷榨亚麻籽油39.9元一瓶（500ml）～'],
      ['脐橙是哪里产的', '赣南脐橙是江西赣州产的～'],
      ['有机小米是不是真的有机', '有机小米有中国有机产品认证～'],
      ['牛奶是有机的吗', '高原纯牛奶有中国有机产品认证～'],
      ['鸡蛋还有吗', '土鸡蛋还有25盒～'],
      ['猕猴桃还有没有', '猕猴桃已经卖完了，补货了群里会说～'],
      ['亚麻籽油什么时候截止？', '「周六冷榨油团购」接龙今天 20:00截止～'],
      ['五花肉怎么保存', '黑猪五花肉：冷冻保存，吃前一晚放冷藏解冻～'],
    ];
    for (const [q, a] of cases) {
      const sent = await say(wang, q);
      expect(sent, q).toHaveLength(1);
      expect(sent[0]).toMatchObject({ to: { kind: 'group' }, text: a, mentions: [wang] });
    }
  });

  it('answers in a DM and after an @mention, with or without a product name written in full', async () => {
    const { say } = await shop();
    expect(texts(await say(li, '花生油多少钱', { dm: true }))).toEqual(['古法花生油99元一桶（5L）～']);
    expect(texts(await say(li, '油多少钱', { mention: true }))[0]).toMatch(/^冷榨亚麻籽油39\.9元一瓶/);
    expect(texts(await say(li, '什么时候截止', { dm: true }))).toEqual(['「周六冷榨油团购」接龙今天 20:00截止～']);
    expect(texts(await say(li, '多少钱？', { dm: true }))).toEqual(['你想问哪款商品呀？带上名字问我就行，比如“亚麻油多少钱”～']);
  });

  it('ignores ordinary chat, the owner’s own messages, 接龙 lines, check-ins and talk between residents', async () => {
    const { say, linli } = await shop();
    for (const text of ['今天天气真好', '苹果真好吃', '我家的鸡蛋吃完了', '大家早上好！', '有人一起拼车吗？']) {
      expect(await say(zhang, text), text).toEqual([]);
    }
    // A check-in is points' to answer, never a product question.
    expect((await say(zhang, '签到')).map((s) => s.text)).toEqual(['签到成功 +5，连续签到 1 天，现在共 5 分']);
    expect(await say(owner, '亚麻籽油多少钱？')).toEqual([]);
    expect(await say(owner, '亚麻籽油还有吗', { dm: true })).toEqual([]);
    const atLi = groupText(zhang, '@李哥 你的苹果还有吗？', linli.services.clock.now() + 1000);
    atLi.mentions = [li];
    await linli.handle(atLi);
    expect((await say(zhang, '签到', { dm: true })).map((s) => s.text)).toEqual([CHECKIN_IN_DM]);
    // A new 接龙 version with a product and a question mark is a 接龙 (confirmed later), not a question.
    const jielong = await say(zhang, '#接龙\n周六冷榨油团购\n\n1. 3-501 王阿姨 亚麻籽油2瓶\n2. 7-1102 李哥 亚麻籽油1瓶 13800138000\n3. 5-201 小张 亚麻籽油1瓶？');
    expect(jielong.map((s) => s.text)).toEqual(['已登记「周六冷榨油团购」：小张 5-201 冷榨亚麻籽油×1瓶']);
    const questions = linli.services.store.data.qa.questions;
    expect(Object.keys(questions)).toEqual([]);
  });

  it('hands an unknown question to the owner: a friendly line now, one batched DM per 10 minutes, /问题 and /答', async () => {
    const { say, to, advance, linli, channel } = await shop();
    const first = await say(wang, '你们周末送货吗', { dm: true });
    // What the data holds (the open 接龙 in her group) is said; the rest goes to the owner.
    expect(to(first, wang)).toEqual(['「周六冷榨油团购」接龙今天 20:00截止～\n到货时间我问问团长，回头告诉你～']);
    expect(to(first, owner)).toEqual(['有 1 个邻居的问题等你回答：\n#1 王阿姨（私聊）：你们周末送货吗\n回答就发“/答 1 你的回答”，我替你转告～']);

    // Two more within ten minutes: answered kindly at once, but no DM to the owner yet.
    const second = await say(li, '带鱼新鲜吗？', { mention: true });
    expect(to(second, li)).toEqual(['这个我问问团长，回头告诉你～']);
    expect(to(second, owner)).toEqual([]);
    const third = await say(zhang, '有没有卖车厘子的？', { dm: true });
    expect(to(third, owner)).toEqual([]);
    // The same question again is not filed twice.
    await say(zhang, '有没有卖车厘子的？', { dm: true });

    const before = channel.sent.length;
    await advance(10 * 60_000);
    const digest = to(channel.sent.slice(before), owner);
    expect(digest).toEqual([
      '有 2 个邻居的问题等你回答：\n#2 李哥（幸福里1群）：带鱼新鲜吗？\n#3 小张（私聊）：有没有卖车厘子的？\n回答就发“/答 编号 你的回答”，我替你转告～',
    ]);

    const list = await say(owner, '/问题', { dm: true });
    expect(to(list, owner)[0]).toBe('等你回答的问题（3 个）：\n#1 王阿姨（私聊）：你们周末送货吗\n#2 李哥（幸福里1群）：带鱼新鲜吗？\n#3 小张（私聊）：有没有卖车厘子的？\n回答：/答 <编号> <答案>');

    const answered = await say(owner, '/答 2 今早刚到的，很新鲜', { dm: true });
    expect(answered.find((s) => s.to.kind === 'group')).toMatchObject({ text: '你问的“带鱼新鲜吗？”，团长回复：今早刚到的，很新鲜', mentions: [li] });
    expect(to(answered, owner)).toEqual(['已转告李哥（幸福里1群），也记成了「舟山带鱼」的问答，下次有人这么问我直接回答～\n要改：/商品 问答 舟山带鱼 带鱼新鲜吗？|新的答案\n不要了：/商品 问答 舟山带鱼 带鱼新鲜吗？|删除']);

    // The owner takes up the offer: next time the bot answers by itself.
    await say(owner, '/商品 问答 舟山带鱼 带鱼新鲜吗？|今早刚到的，很新鲜', { dm: true });
    expect(texts(await say(zhang, '带鱼新鲜吗', { mention: true }))).toEqual(['舟山带鱼：今早刚到的，很新鲜～']);

    expect(texts(await say(owner, '/答 2 再说一次', { dm: true }))).toEqual(['第 2 个问题已经回答过了（今早刚到的，很新鲜）。']);
    expect(texts(await say(owner, '/答 9 有的', { dm: true }))).toEqual(['没有第 9 个问题。发 /问题 看看等你回答的有哪些。']);
    expect(texts(await say(owner, '/答 有的', { dm: true }))).toEqual(['格式不太对，这样发：/答 <编号> <答案>，比如 /答 3 有的，明天到货。发 /问题 看编号。']);
    expect(texts(await say(wang, '/答 1 我自己答', { dm: true }))).toEqual(['抱歉，/答 只有团长可以使用。发送 /help 看看你能用的命令。']);
    // A DM question is answered by DM.
    const dmAnswer = await say(owner, '/答 1 周末也送', { dm: true });
    expect(to(dmAnswer, wang)).toEqual(['你问的“你们周末送货吗”，团长回复：周末也送']);
    expect(linli.services.store.data.qa.questions['1']).toMatchObject({ status: 'answered', answer: '周末也送' });
  });

  it('rate-limits a resident asking many in a row, with one polite line', async () => {
    const { say } = await shop({ QA_RATE_LIMIT: '3', QA_RATE_WINDOW_MINUTES: '10' });
    const replies: string[][] = [];
    for (const q of ['苹果多少钱', '脐橙多少钱', '鸡蛋多少钱', '大米多少钱', '小米多少钱', '牛奶多少钱']) replies.push(texts(await say(wang, q)));
    expect(replies.slice(0, 3).every((r) => r.length === 1 && r[0]!.includes('元'))).toBe(true);
    expect(replies.slice(3)).toEqual([['你问得有点快啦，我歇一会儿，过几分钟再问我吧～'], [], []]);
    // Others are not affected.
    expect(texts(await say(li, '苹果多少钱'))).toEqual(['红富士苹果49.9元一箱（5kg）～']);
  });

  it('answers a redelivered message once', async () => {
    const { linli, clock, channel } = await shop();
    const event = groupText(wang, '亚麻籽油多少钱？', clock.now() + 1000);
    await linli.handle(event);
    await linli.handle({ ...event });
    await linli.engine.advanceTo(clock.now() + 60_000, clock);
    expect(channel.sent.filter((s) => s.text.includes('39.9'))).toHaveLength(1);
  });

  it('logs every question with its products, categories and how it was answered', async () => {
    const { say, linli } = await shop({ QA_RATE_LIMIT: '2' });
    const seen: Array<Record<string, unknown>> = [];
    linli.services.store.log.subscribe((e) => void (e.kind === 'question' && seen.push(e)));
    await say(wang, '亚麻籽油多少钱？');
    await say(wang, '带鱼新鲜吗？', { mention: true });
    await say(wang, '苹果多少钱？');
    expect(seen.map(({ member, group, productIds, categories, intents, answered }) => ({ member, group, productIds, categories, intents, answered }))).toEqual([
      { member: { id: wang.id, name: '王阿姨', no: 2 }, group: { id: 'g1@chatroom', name: '幸福里1群' }, productIds: ['flaxseed-oil'], categories: ['粮油'], intents: ['price'], answered: 'template' },
      { member: { id: wang.id, name: '王阿姨', no: 2 }, group: { id: 'g1@chatroom', name: '幸福里1群' }, productIds: ['hairtail'], categories: ['水产'], intents: ['describe'], answered: 'owner' },
      { member: { id: wang.id, name: '王阿姨', no: 2 }, group: { id: 'g1@chatroom', name: '幸福里1群' }, productIds: ['fuji-apple'], categories: ['水果'], intents: ['price'], answered: 'limited' },
    ]);
    expect(seen.every((e) => typeof e.id === 'string' && typeof e.at === 'number')).toBe(true);
  });

  it('greets, thanks and gives a hint when spoken to without a question', async () => {
    const { say } = await shop();
    expect(texts(await say(wang, '你好', { dm: true }))).toEqual(['在的～商品的价格、产地、库存都可以问我，比如“亚麻油多少钱”。']);
    expect(texts(await say(wang, '谢谢', { mention: true }))).toEqual(['不客气～有事随时问我。']);
    expect(texts(await say(wang, '我家楼下新开了一家店', { dm: true }))).toEqual(['我是邻里小助手，商品的价格、产地、库存、截止时间都可以问我，比如“亚麻油多少钱”～发 /help 看看我还能做什么。']);
  });

  it('the cut-off answer follows the data: a later cut-off, and a past one', async () => {
    const { say, record, advance } = await shop();
    record.cutoffAt = CUTOFF + DAY_MS;
    expect(texts(await say(wang, '亚麻籽油几点截止'))).toEqual(['「周六冷榨油团购」接龙明天 20:00截止～']);
    await advance(36 * 3600_000);
    expect(texts(await say(wang, '亚麻籽油几点截止'))).toEqual(['「周六冷榨油团购」接龙已经在今天 20:00截止了～']);
  });

  it('answers "接龙几点截止？" in a group with a 接龙 open, though it names no product', async () => {
    const { say, record } = await shop();
    expect(texts(await say(wang, '接龙几点截止？'))).toEqual(['「周六冷榨油团购」接龙今天 20:00截止～']);
    expect(texts(await say(li, '今天几点截单啊'))).toEqual(['「周六冷榨油团购」接龙今天 20:00截止～']);
    // Chat about a 接龙 is not a question, and with no 接龙 open the group stays quiet.
    expect(texts(await say(zhang, '这次接龙截止得好早'))).toEqual([]);
    record.status = 'closed';
    expect(texts(await say(wang, '接龙几点截止？'))).toEqual([]);
  });

  it('asked when a product with no 接龙 closes: says none is open for it and names the open ones, without the owner', async () => {
    const { say, record, to } = await shop();
    const sent = await say(wang, '苹果几点截止');
    expect(texts(sent)).toEqual(['红富士苹果现在没有开接龙哦，正在进行的是「周六冷榨油团购」（今天 20:00截止）～']);
    expect(to(sent, owner)).toEqual([]);
    record.status = 'closed';
    expect(texts(await say(wang, '苹果几点截止', { dm: true }))).toEqual(['红富士苹果现在没有开接龙，开团了群里会通知～']);
  });

  it('a product only an open 接龙 sells is priced from the 接龙, without asking the owner', async () => {
    const { say, to } = await shop();
    await say(owner, '/接龙 开 周日水果团 沃柑 59.9 限量20 截止 明天 18:00');
    const sent = await say(wang, '沃柑多少钱一箱', { mention: true });
    expect(texts(sent)).toEqual(['沃柑在「周日水果团」接龙里是59.9元一份～']);
    expect(to(sent, owner)).toEqual([]);
    // Asked when it arrives, the answer is about that, not the price.
    expect(texts(await say(wang, '沃柑什么时候到', { mention: true })).join('\n')).not.toContain('59.9');
  });

  it('a 接龙 the owner opens with /接龙 开 answers "when" for what it offers', async () => {
    const { say } = await shop();
    await say(owner, '/接龙 开 周日水果团 脐橙 限量20 截止 明天 18:00');
    expect(texts(await say(wang, '脐橙什么时候截止？'))).toEqual(['「周日水果团」接龙明天 18:00截止～']);
    // Asked without a product: every open 接龙 in her groups.
    expect(texts(await say(wang, '什么时候截止', { dm: true }))).toEqual(['「周六冷榨油团购」接龙今天 20:00截止；「周日水果团」接龙明天 18:00截止～']);
  });
});
