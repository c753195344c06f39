// Posts on the Chinese calendar through the real bot: 工作日 skips 国庆 and posts on the 调休
// Saturday, a festival post lands on the lunar day each year, and a restart in between changes
// nothing.

import { describe, expect, it } from 'vitest';
import { groupText, group1, testBot } from './helpers.ts';
import { at, ownerSays, wang } from './stream-shop.ts';

async function shop(start: number) {
  const bot = await testBot({ OWNER_IDS: 'wxid_laozhao' }, start);
  await bot.linli.handle(groupText(wang, '早', start, group1));
  const say = ownerSays(bot);
  /** The local days (MM-DD) the group got a post on. */
  const postDays = () => bot.channel.sent.filter((m) => m.to.kind === 'group')
    .map((m) => new Date(m.at + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' '));
  return { ...bot, say, postDays };
}

describe('/定时 on the Chinese calendar', () => {
  it('工作日 skips the National Day holiday and posts on the 调休 Saturday', async () => {
    const { linli, clock, say, postDays } = await shop(at('2026-09-28T07:00:00'));
    const answer = await say('/定时 新建 工作日 8:00 全部 早上好，今天的团购开始啦');
    expect(answer).toContain('工作日 8:00（按国家法定节假日和调休）');
    expect(answer).toContain('下一次：今天 8:00');
    await linli.engine.advanceTo(at('2026-10-12T09:00:00'), clock);
    expect(postDays()).toEqual([
      '09-28 08:00', '09-29 08:00', '09-30 08:00',
      // 10-01 to 10-07 are 国庆; 10-10 is the Saturday worked in lieu; 10-11 a plain Sunday.
      '10-08 08:00', '10-09 08:00', '10-10 08:00', '10-12 08:00',
    ]);
  });

  it('a festival post goes out on the festival each year, 中秋 moving with the moon', async () => {
    const { linli, clock, say, postDays } = await shop(at('2026-09-01T09:00:00'));
    const answer = await say('/定时 新建 中秋节 10:00 全部 中秋快乐！月饼团今晚8点截止～');
    expect(answer).toContain('每年中秋节 10:00');
    expect(answer).toContain('下一次：9月25日（周五）10:00');
    await linli.engine.advanceTo(at('2026-09-30T00:00:00'), clock);
    expect(postDays()).toEqual(['09-25 10:00']);
    expect(await say('/定时 列表')).toContain('#1 每年中秋节 10:00 发到全部群');
    await linli.engine.advanceTo(at('2027-09-16T00:00:00'), clock);
    expect(postDays()).toEqual(['09-25 10:00', '09-15 10:00']);
  });

  it('says what it did not understand and how to write a festival', async () => {
    const { say } = await shop(at('2026-09-01T09:00:00'));
    const answer = await say('/定时 新建 猴年马月 10:00 全部 你好');
    expect(answer).toContain('比如');
    expect(answer).toContain('中秋节 10:00');
  });
});
