import { describe, expect, it } from 'vitest';
import { groupText, group1 } from '../../tests/helpers.ts';
import { at, group2, li, shop, wang } from '../../tests/stream-shop.ts';

describe('orders from the 接龙 a stream opened', () => {
  it('carry the stream: on the record, on every order event and on the close', async () => {
    const { linli, clock, say } = await shop();
    await say('/直播 新建 今天 20:00 冷榨油专场 亚麻籽油 39 山核桃');
    await say('/接龙 开 周二蔬菜 小白菜 5元');
    await say('确认'); // from a DM it opens in every group only once confirmed
    await linli.engine.advanceTo(at('2026-11-23T21:31:00'), clock);
    const records = Object.values(linli.services.store.data.jielong);
    expect(records.map((r) => [r.title, r.group.name, r.stream])).toEqual([
      ['周二蔬菜', '幸福里1群', undefined], ['周二蔬菜', '幸福里2群', undefined],
      ['冷榨油专场', '幸福里1群', 1], ['冷榨油专场', '幸福里2群', 1],
    ]);

    const events: Array<Record<string, unknown>> = [];
    linli.services.store.log.subscribe((e) => events.push(e as Record<string, unknown>));
    await linli.handle(groupText(wang, '接龙 亚麻籽油2瓶', at('2026-11-23T21:40:00'), group1));
    await linli.handle(groupText(li, '接龙 山核桃1袋', at('2026-11-23T21:41:00'), group2));
    await linli.engine.advanceTo(at('2026-11-25T00:00:00'), clock);
    const orders = events.filter((e) => e.kind === 'jielong').map((e) => [(e.member as { name: string }).name, e.change, e.stream]);
    expect(orders).toEqual([['王阿姨', 'signup', 1], ['李叔', 'signup', 1]]);
    const closed = events.filter((e) => e.kind === 'jielong-closed').map((e) => [e.title, (e.group as { name: string }).name, e.stream]);
    expect(closed).toEqual(expect.arrayContaining([['冷榨油专场', '幸福里1群', 1], ['冷榨油专场', '幸福里2群', 1]]));
  });
});
