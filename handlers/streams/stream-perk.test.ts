import { describe, expect, it } from 'vitest';
import { dmText } from '../../tests/helpers.ts';
import { at, shop, zhang } from '../../tests/stream-shop.ts';

// 福利 typed straight into /直播 新建, as owners write it, instead of a second /直播 改.

describe('/直播 新建 … 福利', () => {
  it('keeps the perk and sends it in the missed-it DM while the 接龙 is still open', async () => {
    const { linli, clock, channel, say } = await shop();
    const created = await say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 福利：下单满99减10 https://live.example.com/8');
    expect(created).toContain('第 1 场直播已安排');
    expect(created).toContain('商品：冷榨亚麻籽油 39元');
    expect(created).toContain('专属福利：下单满99减10。结束21小时后私信给预约了没下单的人。');
    expect(created).not.toContain('没有直播链接');
    const stream = linli.services.store.data.streams.items[1]!;
    expect([stream.perk, stream.link, stream.offer.map((o) => o.name)]).toEqual(['下单满99减10', 'https://live.example.com/8', ['冷榨亚麻籽油']]);

    await linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await linli.engine.advanceTo(at('2026-11-25T23:00:00'), clock);
    const missed = channel.sent.filter((m) => m.text.startsWith('错过直播'));
    expect(missed).toHaveLength(1);
    expect(missed[0]!.text).toContain('专属福利：下单满99减10');
    // The 接龙 (24 h) closes at 21:30 on the 25th: the DM goes three hours before, not at the close.
    expect(new Date(missed[0]!.at).toISOString()).toBe('2026-11-25T10:30:00.000Z');
    expect(missed[0]!.text).toContain('直播价接龙还开着');
  });

  it('reads 福利 as its own word, with spaces in the text, before groups and duration', async () => {
    const { linli, say } = await shop();
    const created = await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 福利 前20单 送小样 时长60分钟');
    expect(created).toContain('专属福利：前20单 送小样。');
    const stream = linli.services.store.data.streams.items[1]!;
    expect([stream.perk, stream.endAt - stream.startAt, stream.offer.length]).toEqual(['前20单 送小样', 60 * 60_000, 1]);
  });

  it('without 福利 a stream has none; an empty or doubled 福利 gets a polite example', async () => {
    const { linli, say } = await shop();
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39');
    expect(linli.services.store.data.streams.items[1]!.perk).toBeUndefined();
    const empty = await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 福利:');
    expect(empty).toBe('“福利”后面请写上给大家的福利。\n例如：/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 福利:下单满99减10');
    expect(await say('/直播 新建 周六 20:00 冷榨油专场 福利:满99减10 福利:送小样')).toContain('福利写一处就好');
    // Nothing was created by the refused commands.
    expect(Object.keys(linli.services.store.data.streams.items)).toEqual(['1']);
    expect(await say('/直播')).toContain('[福利:文字]');
  });
});
