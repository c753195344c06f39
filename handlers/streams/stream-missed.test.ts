// Issue 15, point 11: the missed-it DM goes while the stream's 接龙 still takes orders, and
// promises only what it has (no 👇, no 回放 without a link).

import { describe, expect, it } from 'vitest';
import { dmText, groupText, group1 } from '../../tests/helpers.ts';
import { at, owner, shop, zhang } from '../../tests/stream-shop.ts';

type Shop = Awaited<ReturnType<typeof shop>>;
const missedOf = (bot: Shop) => bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.text.startsWith('错过直播'));
const iso = (t: number) => new Date(t).toISOString();

describe('the missed-it DM', () => {
  it('without a link: sent 3 h before the 接龙 closes (not at the close), with the perk and no replay promised', async () => {
    const bot = await shop();
    const { linli, clock, say } = bot;
    // Tuesday 20:00–21:30; the 接龙 closes 24 h after the end, just when the DM was due before.
    await say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 福利：下单满99减10');
    const preview = await say('/直播 预览 1');
    await linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await linli.engine.advanceTo(at('2026-11-25T18:29:00'), clock);
    expect(missedOf(bot)).toEqual([]);
    await linli.engine.advanceTo(at('2026-11-25T18:31:00'), clock);
    const [dm, ...more] = missedOf(bot);
    expect(more).toEqual([]);
    expect(iso(dm!.at)).toBe(iso(at('2026-11-25T18:30:00')));
    expect(dm!.text).toBe('错过直播「冷榨油专场」了？没关系～\n给你留了专属福利：下单满99减10\n直播价接龙还开着，今天 21:30截止，回群里接龙就行～\n不想再收到这类消息，回复「退订」就好。');
    expect(dm!.text).not.toMatch(/👇|回放/);
    // The 接龙 it sends them to is open when they read it.
    expect(Object.values(linli.services.store.data.jielong).map((r) => r.status)).toEqual(['open', 'open']);
    // The owner's preview said the same, at the same time.
    expect(preview).toContain(`—— 结束21小时后私信预约了没下单的人 ——\n${dm!.text}`);
  });

  it('goes STREAM_MISSED_DM_HOURS after the end when that is well before the cut-off', async () => {
    const bot = await shop(undefined, { STREAM_MISSED_DM_HOURS: '2' });
    await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 https://live.example.com/8');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await bot.linli.engine.advanceTo(at('2026-11-25T12:00:00'), bot.clock);
    const [dm] = missedOf(bot);
    // 23:30 is inside quiet hours: the outbox holds it until 08:00, still 13.5 h before the cut-off.
    expect(iso(dm!.at)).toBe(iso(at('2026-11-25T08:00:00')));
    expect(dm!.text).toContain('回放在这里：https://live.example.com/8');
    expect(dm!.text).toContain('直播价接龙还开着');
  });

  it('is not held by quiet hours past the cut-off', async () => {
    // Ends 21:30; 2 h after is 23:30 (quiet) and the 接龙 (10 h) closes at 07:30, before the
    // outbox would let it out at 08:00: it goes the evening before instead, at 21:45.
    const bot = await shop(undefined, { STREAM_MISSED_DM_HOURS: '2', STREAM_JIELONG_CUTOFF_HOURS: '10' });
    await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 https://live.example.com/8');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await bot.linli.engine.advanceTo(at('2026-11-25T12:00:00'), bot.clock);
    const [dm] = missedOf(bot);
    expect(iso(dm!.at)).toBe(iso(at('2026-11-24T21:45:00')));
    expect(dm!.text).toContain('明天 7:30截止');
  });

  it('moves out of quiet hours when the cut-off comes in the night', async () => {
    // Ends 18:00, the 接龙 closes at 02:00: 3 h before is 23:00 (quiet), so it goes at 21:45.
    const bot = await shop(undefined, { STREAM_JIELONG_CUTOFF_HOURS: '8' });
    await bot.say('/直播 新建 明天 17:00 傍晚场 亚麻籽油 39 时长60分钟 福利：送小样');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await bot.linli.engine.advanceTo(at('2026-11-25T12:00:00'), bot.clock);
    const [dm] = missedOf(bot);
    expect(iso(dm!.at)).toBe(iso(at('2026-11-24T21:45:00')));
    expect(dm!.text).toContain('明天 2:00截止');
  });

  it('after the owner closes the 接龙 early: the perk is not offered; with nothing left, no DM', async () => {
    const bot = await shop();
    await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 群:幸福里1群 福利：下单满99减10');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await bot.linli.engine.advanceTo(at('2026-11-25T09:00:00'), bot.clock);
    await bot.linli.handle(groupText(owner, '/接龙 关', at('2026-11-25T09:00:00'), group1));
    await bot.linli.engine.advanceTo(at('2026-11-26T12:00:00'), bot.clock);
    expect(missedOf(bot)).toEqual([]);
  });

  it('after the owner closes the 接龙 early, a replay link still goes, without the perk', async () => {
    const bot = await shop();
    await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 群:幸福里1群 福利：下单满99减10 https://live.example.com/8');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:00:00')));
    await bot.linli.engine.advanceTo(at('2026-11-25T09:00:00'), bot.clock);
    await bot.linli.handle(groupText(owner, '/接龙 关', at('2026-11-25T09:00:00'), group1));
    await bot.linli.engine.advanceTo(at('2026-11-26T12:00:00'), bot.clock);
    expect(missedOf(bot).map((m) => m.text)).toEqual(['错过直播「冷榨油专场」了？回放在这里：https://live.example.com/8\n不想再收到这类消息，回复「退订」就好。']);
  });
});
