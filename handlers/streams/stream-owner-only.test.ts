import { describe, expect, it } from 'vitest';
import { dmText, groupText, group1 } from '../../tests/helpers.ts';
import { shop, wang } from '../../tests/stream-shop.ts';

// Every /直播 and /定时 subcommand is the owner's: a resident is refused, and nothing changes.

const COMMANDS = [
  '/直播', '/直播 新建 周六 20:00 我的直播', '/直播 列表', '/直播 预览 1', '/直播 改 1 标题 改个名', '/直播 改 1 时间 周日 20:00',
  '/直播 取消 1', '/直播 结束 1', '/直播 数据 1',
  '/定时', '/定时 新建 每天 8:00 全部 广告', '/定时 列表', '/定时 删除 1', '/定时 暂停 1', '/定时 恢复 1',
];

describe('owner-only', () => {
  it.each(COMMANDS.flatMap((c) => [[c, 'group'], [c, 'dm']]))('%s (%s) is refused for a resident', async (command, where) => {
    const { linli, clock, channel, say } = await shop();
    await say('/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39');
    await say('/定时 新建 每天 8:00 全部 早安');
    const before = JSON.stringify([linli.services.store.data.streams, linli.services.store.data.broadcasts, linli.services.store.data.cron]);
    const mark = channel.sent.length;
    await linli.handle(where === 'group' ? groupText(wang, command, clock.now(), group1) : dmText(wang, command, clock.now()));
    await linli.engine.advanceTo(clock.now() + 5000, clock);
    expect(channel.sent.slice(mark).map((m) => m.text)).toEqual([expect.stringMatching(/^抱歉，\/(直播|定时) 只有团长可以使用。/)]);
    expect(JSON.stringify([linli.services.store.data.streams, linli.services.store.data.broadcasts, linli.services.store.data.cron])).toBe(before);
  });
});
