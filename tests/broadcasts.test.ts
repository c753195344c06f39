import { describe, expect, it } from 'vitest';
import { createLinli } from '../bot/app.ts';
import { silentLogger } from '../bot/logger.ts';
import { groupText, group1, RecordingChannel, T0, testBot } from './helpers.ts';
import { at, group2, ownerSays, wang } from './stream-shop.ts';

const ENV = { OWNER_IDS: 'wxid_laozhao' };

async function shop(env: Record<string, string> = {}) {
  const bot = await testBot({ ...ENV, ...env });
  await bot.linli.handle(groupText(wang, '早', T0, group1));
  await bot.linli.handle(groupText(wang, '早', T0, group2));
  const say = ownerSays(bot);
  const posts = (from = 0) => bot.channel.sent.filter((m) => m.to.kind === 'group' && m.at >= from)
    .map((m) => `${m.to.kind === 'group' ? m.to.group.name : ''} ${new Date(m.at).toISOString()} ${m.text}`);
  return { ...bot, say, posts };
}

describe('/定时', () => {
  it('posts a weekly broadcast into every group, with placeholders filled at send time', async () => {
    const { linli, clock, say, posts } = await shop();
    const answer = await say('/定时 新建 每周三 19:00 全部 周三菜谱来啦\n{接龙汇总}');
    expect(answer).toContain('定时 #1 已设好：每周三 19:00 发到全部群');
    expect(answer).not.toContain('cron');
    expect(answer).toContain('下一次：11月25日（周三）19:00');
    await linli.engine.advanceTo(at('2026-11-25T18:59:00'), clock);
    expect(posts()).toEqual([]);
    await say('/接龙 开 周四橙子团 赣南脐橙 30元');
    await say('确认'); // from a DM it opens in every group only once confirmed
    const opened = posts().length;
    await linli.engine.advanceTo(at('2026-11-25T19:10:00'), clock);
    const sent = posts().slice(opened);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^幸福里1群 2026-11-25T11:00:00.000Z 周三菜谱来啦\n「周四橙子团」进行中/);
    // The second group a second later: a post to many groups leaves one group at a time.
    expect(sent[1]).toMatch(/^幸福里2群 2026-11-25T11:00:01.000Z 周三菜谱来啦/);
    await linli.engine.advanceTo(at('2026-12-02T19:10:00'), clock);
    expect(posts(at('2026-12-01T00:00:00'))).toHaveLength(2);
  });

  it('pauses, resumes and deletes; a daily post stops once deleted', async () => {
    const { linli, clock, say, posts } = await shop();
    expect(await say('/定时 新建 每天 8:00 幸福里1群 早安，今天也要好好吃饭')).toContain('#1');
    await linli.engine.advanceTo(at('2026-11-22T09:00:00'), clock);
    expect(posts()).toHaveLength(1);
    expect(await say('/定时 暂停 1')).toContain('已暂停');
    const listed = await say('/定时 列表');
    expect(listed).toContain('#1 每天 8:00 发到幸福里1群（已暂停）：早安，今天也要好好吃饭');
    expect(listed).not.toContain('cron');
    await linli.engine.advanceTo(at('2026-11-24T09:00:00'), clock);
    expect(posts()).toHaveLength(1);
    // Resuming does not fire the slots that passed while paused.
    expect(await say('/定时 恢复 1')).toContain('已恢复，下一次明天 8:00');
    await linli.engine.advanceTo(at('2026-11-25T09:00:00'), clock);
    expect(posts()).toHaveLength(2);
    expect(await say('/定时 删除 1')).toContain('已删除');
    await linli.engine.advanceTo(at('2026-11-27T09:00:00'), clock);
    expect(posts()).toHaveLength(2);
    expect(await say('/定时 列表')).toContain('还没有定时消息');
    expect(linli.services.store.data.cron['broadcast-1']).toBeUndefined();
  });

  it('shows a raw cron pattern only where the owner typed one', async () => {
    const { say } = await shop();
    expect(await say('/定时 新建 30 7 * * 1-5 全部 早安')).toContain('定时 #1 已设好：按 cron「30 7 * * 1-5」 发到全部群');
    expect(await say('/定时 列表')).toContain('#1 按 cron「30 7 * * 1-5」 发到全部群：早安');
  });

  it('sends a one-off post once', async () => {
    const { linli, clock, say, posts } = await shop();
    expect(await say('/定时 新建 今晚8点 幸福里2群 今晚8点直播见')).toContain('今天 20:00 发到幸福里2群');
    await linli.engine.advanceTo(at('2026-11-23T00:00:00'), clock);
    expect(posts()).toEqual([expect.stringMatching(/^幸福里2群 2026-11-21T12:00:00.000Z 今晚8点直播见$/)]);
    expect(await say('/定时 列表')).toContain('（已发出）');
  });

  it('answers bad input with what to type, and refuses residents', async () => {
    const { linli, say, channel, clock } = await shop();
    expect(await say('/定时 新建 每天 25点 全部 早')).toMatch(/看不懂钟点.*用法：\/定时 新建/s);
    expect(await say('/定时 新建 0 8 * * 8 全部 早')).toContain('不是有效的 cron');
    expect(await say('/定时 新建 每天 8:00 幸福里9群 早')).toContain('现在的群有：幸福里1群、幸福里2群');
    expect(await say('/定时 删除 7')).toContain('没有编号为 7 的定时消息');
    expect(await say('/定时 暂停')).toContain('请写上编号');
    expect(await say('/定时 改一下')).toContain('没有“/定时 改一下”这个用法');
    expect(await say('/定时 新建 每天 8:00 全部 {天气}')).toContain('{天气} 我不认识');
    await linli.handle(groupText(wang, '/定时 新建 每天 8:00 全部 广告', clock.now()));
    await linli.engine.advanceTo(clock.now(), clock);
    expect(channel.sent.at(-1)!.text).toContain('只有团长可以使用');
    expect(Object.keys(linli.services.store.data.broadcasts.items)).toEqual(['1']);
  });

  it('survives a restart: no double fire, one catch-up within the window, the owner told of a skipped run', async () => {
    const first = await shop({ SCHEDULER_MISSED_WINDOW_MINUTES: '60' });
    await first.say('/定时 新建 每天 8:00 全部 早安');
    await first.linli.engine.advanceTo(at('2026-11-22T08:30:00'), first.clock);
    expect(first.posts()).toHaveLength(2);
    await first.linli.close();

    // Back at 08:40 the same day: the 08:00 slot already went, so nothing is sent again.
    const reopen = async (t: number) => {
      const clock = new (first.clock.constructor as typeof import('../scheduler/clock.ts').ManualClock)(t);
      const linli = await createLinli({ config: first.config, clock, log: silentLogger() });
      const channel = new RecordingChannel(clock);
      linli.attach(channel);
      await linli.engine.advanceTo(t, clock);
      return { linli, clock, channel };
    };
    const second = await reopen(at('2026-11-22T08:40:00'));
    expect(second.channel.sent).toEqual([]);
    await second.linli.close();

    // Down from Monday 07:00 to 08:30: the 08:00 slot is within the hour, so it goes once.
    const third = await reopen(at('2026-11-23T08:30:00'));
    await third.linli.engine.advanceTo(at('2026-11-23T08:30:05'), third.clock);
    expect(third.channel.sent.map((m) => m.text)).toEqual(['早安', '早安']);
    await third.linli.engine.advanceTo(at('2026-11-23T12:00:00'), third.clock);
    expect(third.channel.sent).toHaveLength(2);
    await third.linli.close();

    // Back Tuesday at 10:00: two hours late is past the window; skipped and reported to the owner.
    const fourth = await reopen(at('2026-11-24T10:00:00'));
    await fourth.linli.engine.advanceTo(at('2026-11-24T10:00:00'), fourth.clock);
    expect(fourth.channel.sent.map((m) => [m.to.kind, m.text])).toEqual([
      ['dm', '定时 #1 本该在今天 8:00发出，那时我不在线，已经过了补发时限，这次就不补发了。'],
    ]);
    await fourth.linli.engine.advanceTo(at('2026-11-25T08:01:00'), fourth.clock);
    expect(fourth.channel.sent.filter((m) => m.to.kind === 'group')).toHaveLength(2);
    await fourth.linli.close();
  });
});
