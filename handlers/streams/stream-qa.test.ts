import { describe, expect, it } from 'vitest';
import { dmText, groupText, group1 } from '../../tests/helpers.ts';
import { asksStreamTime } from '../qa/stream-facts.ts';
import { at, li, shop, wang, zhang } from '../../tests/stream-shop.ts';

describe('"when is the stream?" questions', () => {
  it.each([
    ['什么时候直播？', true], ['下次直播几点', true], ['哪天开播呀', true], ['今晚直播是几点啊', true],
    ['直播几点结束', false], ['直播回放在哪', false], ['亚麻籽油多少钱', false], ['什么时候到货', false],
  ])('%s → %s', (text, asks) => expect(asksStreamTime(text)).toBe(asks));

  it('answer the next stream from the schedule, in a group and by DM', async () => {
    const { linli, clock, channel, say, where } = await shop();
    const ask = async (text: string, asker = wang, inGroup = true) => {
      const before = channel.sent.length;
      await linli.handle(inGroup ? groupText(asker, text, clock.now(), group1) : dmText(asker, text, clock.now()));
      await linli.engine.advanceTo(clock.now() + 5000, clock);
      return channel.sent.slice(before).map((m) => `${where(m)}：${m.text}`);
    };
    expect(await ask('什么时候直播？')).toEqual(['幸福里1群：最近还没有安排直播，有新直播会第一时间在群里通知大家～']);
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 https://live.example.com/8');
    await say('/直播 新建 周五 19:00 周五上新 山核桃');
    expect(await ask('下次直播几点')).toEqual(['幸福里1群：下一场直播：11月27日（周五）19:00「周五上新」。回复“预约”，开播前私信提醒你～']);
    expect(await ask('哪天开播', zhang, false)).toEqual(['私信张姐：下一场直播：11月27日（周五）19:00「周五上新」。回复“预约”，开播前私信提醒你～']);
    // Someone who already reserved is told so, not asked to reserve again.
    await ask('预约', zhang, false);
    expect(await ask('下次什么时候直播', zhang, false)).toEqual(['私信张姐：下一场直播：11月27日（周五）19:00「周五上新」。你已经预约了，开播前会私信提醒你～']);
    expect(await say('什么时候直播')).toBe('');
    // Residents asking each other (an @mention of someone else) are left to answer themselves.
    const before = channel.sent.length;
    await linli.handle({ ...groupText(li, '@王阿姨 你知道什么时候直播吗', clock.now(), group1), mentions: [wang] });
    await linli.engine.advanceTo(clock.now() + 5000, clock);
    expect(channel.sent.slice(before)).toEqual([]);
    await say('/直播 取消 2');
    await linli.engine.advanceTo(at('2026-11-28T20:10:00'), clock);
    expect(await ask('直播什么时候开始', li)).toEqual(['幸福里1群：「冷榨油专场」正在直播，直接来看吧～\nhttps://live.example.com/8']);
    // Product questions are answered as before.
    expect((await ask('亚麻籽油多少钱', li))[0]).toContain('49');
  });
});
