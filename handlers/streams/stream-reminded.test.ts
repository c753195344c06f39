import { describe, expect, it } from 'vitest';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import { ManualClock, DAY_MS } from '../../scheduler/clock.ts';
import { FINISHED_RETENTION_MS } from '../../store/schema.ts';
import type { Config } from '../../bot/config.ts';
import { dmText, groupText, group1, RecordingChannel } from '../../tests/helpers.ts';
import { at, group2, li, ownerSays, shop, wang, zhang } from '../../tests/stream-shop.ts';

// /直播 数据 counts reminded members from the stream's own record: a month later, when the
// outbox has let the DMs go, and after a move that reminded everyone twice.

const remindersTo = (sent: Array<{ to: { kind: string }; text: string }>) =>
  sent.filter((m) => m.to.kind === 'dm' && m.text.startsWith('你预约的直播')).length;

async function reopen(config: Config, t: number) {
  const clock = new ManualClock(t);
  const linli = await createLinli({ config, clock, log: silentLogger() });
  const channel = new RecordingChannel(clock);
  linli.attach(channel);
  return { linli, clock, channel, config, say: ownerSays({ linli, clock, channel, config }) };
}

/** A stream on Tuesday 20:00 with three reservers, run past its end. */
async function remindedStream() {
  const bot = await shop();
  await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39 https://live.example.com/8');
  await bot.linli.handle(groupText(wang, '预约', at('2026-11-23T12:00:00'), group1));
  await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:01:00')));
  await bot.linli.handle(groupText(li, '预约', at('2026-11-23T12:02:00'), group2));
  await bot.linli.engine.advanceTo(at('2026-11-24T21:31:00'), bot.clock);
  expect(remindersTo(bot.channel.sent)).toBe(3);
  return bot;
}

describe('/直播 数据: reminded members', () => {
  it('still reports reminders after the outbox has let them go', async () => {
    const { linli, config } = await remindedStream();
    await linli.close();
    const later = at('2026-11-24T21:31:00') + FINISHED_RETENTION_MS + DAY_MS;
    const bot = await reopen(config, later);
    // The outbox no longer holds a single reminder: the figure comes from the stream itself.
    expect(bot.linli.services.store.data.outbox.filter((m) => m.key.startsWith('stream:1:reminder'))).toEqual([]);
    expect(await bot.say('/直播 数据 1')).toContain('开播提醒：已私信 3 人');
  });

  it('counts a member reminded before and after a move once', async () => {
    const bot = await shop();
    await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:01:00')));
    await bot.linli.handle(dmText(wang, '预约', at('2026-11-23T12:02:00')));
    await bot.linli.engine.advanceTo(at('2026-11-24T19:55:00'), bot.clock);
    expect(remindersTo(bot.channel.sent)).toBe(2);
    expect(await bot.say('/直播 改 1 时间 明天 20:00')).toContain('改到');
    await bot.linli.engine.advanceTo(at('2026-11-25T19:55:00'), bot.clock);
    // Each was really reminded twice…
    expect(remindersTo(bot.channel.sent)).toBe(4);
    // …and each is one reminded member.
    expect(await bot.say('/直播 数据 1')).toContain('开播提醒：已私信 2 人\n');
  });

  it('reads streams saved before the record existed from the outbox, one per member', async () => {
    const bot = await shop();
    await bot.say('/直播 新建 明天 20:00 冷榨油专场 亚麻籽油 39');
    await bot.linli.handle(dmText(zhang, '预约', at('2026-11-23T12:01:00')));
    await bot.linli.engine.advanceTo(at('2026-11-24T19:55:00'), bot.clock);
    await bot.say('/直播 改 1 时间 明天 20:00');
    await bot.linli.engine.advanceTo(at('2026-11-25T19:55:00'), bot.clock);
    expect(remindersTo(bot.channel.sent)).toBe(2);
    // state.json as an older version wrote it: no `reminded` on the stream.
    delete bot.linli.services.store.data.streams.items[1]!.reminded;
    bot.linli.services.store.changed();
    await bot.linli.close();
    const again = await reopen(bot.config, at('2026-11-25T20:00:00'));
    expect(again.linli.services.store.data.streams.items[1]!.reminded).toBeUndefined();
    expect(await again.say('/直播 数据 1')).toContain('开播提醒：已私信 1 人\n');
    // Reading the figures adopted the outbox's reminder onto the stream, for after it is pruned.
    expect(Object.keys(again.linli.services.store.data.streams.items[1]!.reminded ?? {})).toEqual([zhang.id]);
  });
});
