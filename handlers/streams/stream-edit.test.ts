import { describe, expect, it } from 'vitest';
import { dmText } from '../../tests/helpers.ts';
import { at, shop, zhang } from '../../tests/stream-shop.ts';

describe('/直播 改', () => {
  it('moves the time: old steps withdrawn, new ones scheduled, reservations kept, the groups told', async () => {
    const { linli, clock, channel, say, where } = await shop();
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 https://live.example.com/8');
    await linli.handle(dmText(zhang, '预约', at('2026-11-23T11:00:00')));
    // The 24 h preview goes out on Friday evening; then the owner moves it to Sunday.
    await linli.engine.advanceTo(at('2026-11-27T21:00:00'), clock);
    expect(channel.sent.filter((m) => m.text.startsWith('【直播预告】'))).toHaveLength(2);
    const answer = await say('/直播 改 1 时间 周日 19:30');
    expect(answer).toBe([
      '好的，第 1 场直播改到后天 19:30「冷榨油专场」（原定明天 20:00）。',
      '预告按新时间在开播前 24小时、2小时、10分钟 发出。',
      '已预约的 1 人不用重新预约，提醒按新时间发。',
      '预告已经发过，群里会收到改时间的通知。',
    ].join('\n'));
    const mark = channel.sent.length;
    await linli.engine.advanceTo(at('2026-11-29T23:00:00'), clock);
    const after = channel.sent.slice(mark).map((m) => `${where(m)} ${new Date(m.at).toISOString()} ${m.text.split('\n')[0]}`);
    expect(after).toEqual([
      // Nothing at the old times (Saturday 18:00, 19:50, 20:00); the new timeline on Sunday, one
      // group a second after the other.
      '幸福里1群 2026-11-28T11:30:00.000Z 【直播预告】冷榨油专场',
      '幸福里2群 2026-11-28T11:30:01.000Z 【直播预告】冷榨油专场',
      '幸福里1群 2026-11-29T09:30:00.000Z 【直播预告】冷榨油专场',
      '幸福里2群 2026-11-29T09:30:01.000Z 【直播预告】冷榨油专场',
      '幸福里1群 2026-11-29T11:20:00.000Z 【直播预告】冷榨油专场',
      '私信张姐 2026-11-29T11:20:00.000Z 你预约的直播「冷榨油专场」今天 19:30 开始，马上就到啦～',
      '幸福里2群 2026-11-29T11:20:01.000Z 【直播预告】冷榨油专场',
      '幸福里1群 2026-11-29T11:30:00.000Z 「冷榨油专场」开播了！快来直播间～',
      '幸福里2群 2026-11-29T11:30:01.000Z 「冷榨油专场」开播了！快来直播间～',
      '幸福里1群 2026-11-29T13:00:00.000Z 「冷榨油专场」直播结束啦，谢谢大家捧场！直播价接龙现在开始，照下面的格式接龙就行👇',
      '幸福里2群 2026-11-29T13:00:01.000Z 「冷榨油专场」直播结束啦，谢谢大家捧场！直播价接龙现在开始，照下面的格式接龙就行👇',
      '幸福里1群 2026-11-29T13:00:02.000Z #接龙',
      '幸福里2群 2026-11-29T13:00:03.000Z #接龙',
    ]);
    // The notice went out right away, in both groups.
    expect(channel.sent.filter((m) => m.text.includes('改时间啦')).map((m) => [where(m), m.text])).toEqual([
      ['幸福里1群', '「冷榨油专场」改时间啦：原定明天 20:00，改到后天 19:30。已经预约的不用再约，开播前照样私信提醒～'],
      ['幸福里2群', '「冷榨油专场」改时间啦：原定明天 20:00，改到后天 19:30。已经预约的不用再约，开播前照样私信提醒～'],
    ]);
    expect(linli.services.store.data.streams.items[1]!.reservations).toHaveLength(1);
  });

  it('moving before any preview says nothing in the groups', async () => {
    const { linli, clock, channel, say } = await shop();
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39');
    expect(await say('/直播 改 1 时间 周五 20:00')).not.toContain('群里会收到');
    await linli.engine.advanceTo(at('2026-11-27T00:00:00'), clock);
    expect(channel.sent.filter((m) => m.to.kind === 'group').map((m) => [m.text.split('\n')[0], new Date(m.at).toISOString()])).toEqual([
      ['【直播预告】冷榨油专场', '2026-11-26T12:00:00.000Z'], ['【直播预告】冷榨油专场', '2026-11-26T12:00:01.000Z'],
    ]);
  });

  it('changes title, products, link and perk; the next preview and the 接龙 use them', async () => {
    const { linli, clock, channel, say } = await shop();
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39');
    expect(await say('/直播 改 1 标题 周末好油')).toContain('改名为「周末好油」');
    expect(await say('/直播 改 1 商品 亚麻籽油 36 山核桃 30')).toContain('冷榨亚麻籽油 36元、山核桃 30元');
    expect(await say('/直播 改 1 链接 https://live.example.com/9')).toContain('https://live.example.com/9');
    expect(await say('/直播 改 1 福利 满99减10')).toContain('专属福利：满99减10');
    await linli.engine.advanceTo(at('2026-11-28T21:31:00'), clock);
    const preview = channel.sent.find((m) => m.text.startsWith('【直播预告】'))!.text;
    expect(preview).toContain('【直播预告】周末好油');
    expect(preview).toContain('· 冷榨亚麻籽油 36元/瓶\n· 山核桃 30元/袋\n直播间：https://live.example.com/9');
    expect(Object.values(linli.services.store.data.jielong).map((r) => [r.title, r.offer?.map((o) => o.price)])).toEqual([
      ['周末好油', [36, 30]], ['周末好油', [36, 30]],
    ]);
    // After the show only the replay link and the perk can change.
    expect(await say('/直播 改 1 时间 周日 20:00')).toContain('已经结束，只能改链接（回放）和福利了');
    expect(await say('/直播 改 1 链接 https://live.example.com/replay')).toContain('没下单的预约者会在回访私信里收到它');
  });

  it('answers bad input with the usage line', async () => {
    const { say } = await shop();
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39');
    expect(await say('/直播 改')).toContain('用法：/直播 改 <编号> 时间 <时间> | 标题 <标题>');
    expect(await say('/直播 改 1 颜色 红')).toContain('能改的是：时间、标题、商品、链接、福利');
    // A 截止 typed into the products is refused, not dropped: the stream's 接龙 closes on its own clock.
    expect(await say('/直播 改 1 商品 亚麻籽油 36 截止 周日 20:00')).toContain('这里不用写截止时间');
    expect(await say('/直播 新建 周日 20:00 油 亚麻籽油 截止 周一 20:00')).toContain('这里不用写截止时间。\n用法：/直播 新建');
    await say('/直播 新建 周日 20:00 取消的场');
    await say('/直播 取消 2');
    // A cancelled stream is not offered edits it would refuse; the way back is a new one.
    const cancelled = await say('/直播 改 2 链接 https://live.example.com/2');
    expect(cancelled).toContain('第 2 场直播已经取消了，改不了');
    expect(cancelled).toContain('/直播 新建 <时间> <标题>');
    expect(await say('/直播 改 2 时间 周日 21:00')).not.toContain('只能改链接');
    expect(await say('/直播 改 1 时间 下下下周')).toContain('用法：/直播 改');
    expect(await say('/直播 改 1 时间 11-01 20:00')).toContain('已经过去了');
    expect(await say('/直播 改 1 链接 live.example.com')).toContain('要以 http:// 或 https:// 开头');
    expect(await say('/直播 改 1 时间')).toContain('请写上新的时间');
    expect(await say('/直播 改 9 标题 新')).toContain('没有第 9 场直播');
  });
});
