import { describe, expect, it } from 'vitest';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { JoinEvent } from '../../bot/types.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { dmText, groupText, group1, member, RecordingChannel } from '../../tests/helpers.ts';
import { at, group2, li, owner, shop, wang, zhang } from '../../tests/stream-shop.ts';

// After the show: /直播 数据 and the missed-it DM while the stream's 接龙 is still open.

const chen = member('陈哥');
const join = (who: string, when: string, group = group1): JoinEvent => ({ kind: 'join', id: `join-${who}`, at: at(when), group, member: member(who) });

/** A stream on Tuesday 20:00; three reservations; two orders, one of them a reserver's. */
async function streamWithOrders() {
  const bot = await shop();
  const { linli, clock, say } = bot;
  await say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 山核桃 https://live.example.com/8');
  await linli.handle(join('小周', '2026-11-23T11:00:00'));
  await linli.handle(groupText(wang, '预约', at('2026-11-23T12:00:00'), group1));
  await linli.handle(dmText(zhang, '预约', at('2026-11-23T12:01:00')));
  await linli.handle(groupText(li, '预约', at('2026-11-23T12:02:00'), group2));
  await linli.handle(join('小新', '2026-11-24T15:00:00', group2));
  await linli.engine.advanceTo(at('2026-11-24T21:31:00'), clock);
  await linli.handle(groupText(wang, '接龙 亚麻籽油2瓶', at('2026-11-24T21:40:00'), group1));
  await linli.handle(groupText(chen, '接龙 山核桃1袋', at('2026-11-24T21:41:00'), group1));
  await linli.handle(join('小林', '2026-11-25T09:00:00'));
  await linli.handle(join('小赵', '2026-11-25T09:40:00'));
  await linli.engine.advanceTo(at('2026-11-25T10:00:00'), clock);
  return bot;
}

describe('/直播 数据', () => {
  it('counts reservations, reminders, orders, conversion and newcomers of the 24 h around it', async () => {
    const { say } = await streamWithOrders();
    expect(await say('/直播 数据 1')).toBe([
      '第 1 场直播「冷榨油专场」的数据：',
      '预约：3 人',
      '开播提醒：已私信 3 人',
      '下单：2 单，2 人，合计 113 元',
      '转化：2 单 ÷ 3 人预约 = 66.7%（预约的人里有 1 人下单）',
      // 小周 joined the day before (too early), 小赵 after the window closed at 09:30.
      '新入群：2 人（11月24日（周二）8:00 到 今天 9:30，即开播前12小时到结束后12小时）',
    ].join('\n'));
  });

  it('before the end there are no orders yet; bad numbers get a usage line', async () => {
    const { linli, clock, say } = await shop();
    await say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39');
    await linli.handle(dmText(zhang, '预约', clock.now()));
    await linli.engine.advanceTo(at('2026-11-23T11:00:00'), clock);
    const answer = await say('/直播 数据 1');
    expect(answer).toContain('预约：1 人');
    expect(answer).toContain('开播提醒：已私信 0 人');
    expect(answer).toContain('下单：直播结束后开接龙，之后再来看');
    expect(await say('/直播 数据')).toContain('请写上编号，比如：/直播 数据 1');
    expect(await say('/直播 数据 7')).toContain('没有第 7 场直播');
  });
});

describe('the missed-it DM', () => {
  it('goes before the 接龙 closes, once, only to reservers who did not order and did not opt out', async () => {
    const { linli, clock, channel, config } = await streamWithOrders();
    // 李叔 says 退订 (by DM): no more DMs nobody asked for.
    await linli.handle(dmText(li, '退订', at('2026-11-25T10:00:00')));
    await linli.engine.advanceTo(at('2026-11-25T17:00:00'), clock);
    await linli.close();

    // A restart before the DM is due, and another after it went: one DM in all.
    const reopen = async (t: number) => {
      const c = new ManualClock(t);
      const bot = await createLinli({ config, clock: c, log: silentLogger() });
      const ch = new RecordingChannel(c);
      bot.attach(ch);
      return { bot, c, ch };
    };
    const second = await reopen(at('2026-11-25T17:00:00'));
    await second.bot.engine.advanceTo(at('2026-11-25T23:00:00'), second.c);
    const missed = second.ch.sent.filter((m) => m.text.startsWith('错过直播'));
    expect(missed.map((m) => [m.to.kind === 'dm' && m.to.member.name, new Date(m.at).toISOString()])).toEqual([['张姐', '2026-11-25T10:30:00.000Z']]);
    // The 接龙 closes at 21:30, a day after the end: the DM goes at 18:30, while it still takes orders.
    expect(missed[0]!.text).toBe('错过直播「冷榨油专场」了？回放在这里：https://live.example.com/8\n直播价接龙还开着，今天 21:30截止，回群里接龙就行～\n不想再收到这类消息，回复「退订」就好。');
    expect(second.bot.services.store.data.outbox.find((m) => m.key.includes(':missed'))?.purpose).toBe('unsolicited');
    await second.bot.close();

    const third = await reopen(at('2026-11-26T09:00:00'));
    await third.bot.engine.advanceTo(at('2026-11-27T09:00:00'), third.c);
    expect(third.ch.sent.filter((m) => m.text.startsWith('错过直播'))).toEqual([]);
    await third.bot.close();
    expect(channel.sent.filter((m) => m.text.startsWith('错过直播'))).toEqual([]);
  });

  it('counts against the daily cap and waits out quiet hours', async () => {
    const { linli, clock, channel, say } = await shop(at('2026-11-23T10:00:00'), { DM_DAILY_CAP: '1' });
    // No products, so no 接龙 to catch: the DM keeps to STREAM_MISSED_DM_HOURS after the end.
    await say('/直播 新建 今天 21:00 夜场 https://live.example.com/9 时长60分钟');
    await linli.handle(dmText(zhang, '预约', clock.now()));
    await linli.handle(dmText(chen, '预约', clock.now()));
    // The DMs fall due at 22:00 Tuesday: quiet hours hold them until 08:00, and the cap of one
    // unsolicited DM a day lets one out on Wednesday and the other on Thursday.
    await linli.engine.advanceTo(at('2026-11-27T12:00:00'), clock);
    const missed = channel.sent.filter((m) => m.text.startsWith('错过直播'));
    expect(missed.map((m) => new Date(m.at).toISOString())).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z']);
    expect(missed[0]!.text).not.toContain('接龙还开着');
  });
});
