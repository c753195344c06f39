// When a 接龙 change is confirmed in the group: within seconds in a quiet group, gathered to
// one message a minute in a burst, exactly once across restarts. Residents repost the list
// through the real router, scheduler and outbox on a manual clock.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinli, type Linli } from '../../bot/app.ts';
import type { Config } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { ManualClock } from '../../scheduler/clock.ts';
import { Store } from '../../store/db.ts';
import { groupText, member, RecordingChannel, T0, testBot } from '../../tests/helpers.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HEADER = '#接龙\n周六冷榨油团购\n例 楼号-房号 名字 几瓶\n';

/** The residents who sign up, in order; each reposts the list with their own line added. */
const people = ['王阿姨', '李哥', '小张', '陈姐', '刘叔', '小美', '赵大妈', '孙姐'].map((name, i) => ({
  who: member(name),
  line: `${i + 1}. ${i + 1}-${101 + i} ${name} ${(i % 3) + 1}瓶`,
  confirmed: `${name} ${i + 1}-${101 + i} ×${(i % 3) + 1}瓶`,
}));

let bots: Linli[] = [];
afterEach(async () => {
  for (const b of bots) await b.close();
  bots = [];
});

interface Bot {
  linli: Linli;
  clock: ManualClock;
  channel: RecordingChannel;
  config: Config;
}

async function start(env: Record<string, string> = {}): Promise<Bot> {
  const bot = await testBot(env);
  bots.push(bot.linli);
  return bot;
}

/** The same data directory and clock, a fresh process (the old one was closed or lost). */
async function restart(bot: Bot): Promise<Bot> {
  const linli = await createLinli({ config: bot.config, clock: bot.clock, log: silentLogger(), store: await Store.open(bot.config.DATA_DIR) });
  bots.push(linli);
  const channel = new RecordingChannel(bot.clock);
  linli.attach(channel);
  return { linli, clock: bot.clock, channel, config: bot.config };
}

/** Resident n reposts the list with lines 0..n at `ms` after T0. */
async function signUp(bot: Bot, n: number, ms: number): Promise<void> {
  await bot.linli.engine.advanceTo(T0 + ms, bot.clock);
  const text = HEADER + '\n' + people.slice(0, n + 1).map((p) => p.line).join('\n') + '\n';
  await bot.linli.handle(groupText(people[n]!.who, text, T0 + ms));
}

/** Group confirmations as [seconds after T0, the confirmed lines]. */
function confirmations(channel: RecordingChannel): Array<[number, string[]]> {
  return channel.sent
    .filter((m) => m.to.kind === 'group' && m.text.startsWith('已登记'))
    .map((m) => [(m.at - T0) / SEC, m.text.replace(/^已登记「周六冷榨油团购」：/, '').trim().split(/[；\n]/)]);
}

/**
 * One sign-up confirmed, with a copy of state.json from before its confirmation job ran
 * (`${state}.before`): copied back, it is the file a crash that lost the last write leaves.
 */
async function confirmedWithStateBefore() {
  const first = await start();
  await signUp(first, 0, 0);
  await first.linli.services.store.flush();
  const state = join(first.config.DATA_DIR, 'state.json');
  copyFileSync(state, `${state}.before`);
  await first.linli.engine.advanceTo(T0 + 10 * SEC, first.clock);
  expect(confirmations(first.channel)).toEqual([[5, [people[0]!.confirmed]]]);
  return { first, state };
}

describe('接龙 confirmations', () => {
  it('confirms a lone sign-up in a quiet group within seconds', async () => {
    const bot = await start();
    await signUp(bot, 0, 0);
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);
    expect(confirmations(bot.channel)).toEqual([[5, [people[0]!.confirmed]]]);

    // Quiet again (no confirmation for minutes): the next one is quick too.
    await signUp(bot, 1, 20 * MIN);
    await bot.linli.engine.advanceTo(T0 + 30 * MIN, bot.clock);
    expect(confirmations(bot.channel)).toEqual([[5, [people[0]!.confirmed]], [20 * 60 + 5, [people[1]!.confirmed]]]);
  });

  it('gathers what comes within the short delay into the quick message', async () => {
    const bot = await start();
    await signUp(bot, 0, 0);
    await signUp(bot, 1, 3 * SEC);
    await bot.linli.engine.advanceTo(T0 + 5 * MIN, bot.clock);
    expect(confirmations(bot.channel)).toEqual([[5, [people[0]!.confirmed, people[1]!.confirmed]]]);
  });

  it('in a burst: the quick message, then one consolidated message a minute, every line once', async () => {
    const bot = await start();
    const at = [0, 10, 20, 40, 70, 100, 130, 150].map((s) => s * SEC);
    for (const [n, ms] of at.entries()) await signUp(bot, n, ms);
    await bot.linli.engine.advanceTo(T0 + 10 * MIN, bot.clock);

    const got = confirmations(bot.channel);
    expect(got.map(([s]) => s)).toEqual([5, 65, 125, 185]);
    expect(got.map(([, lines]) => lines.length)).toEqual([1, 3, 2, 2]);
    for (let i = 1; i < got.length; i++) expect(got[i]![0] - got[i - 1]![0]).toBeGreaterThanOrEqual(60);
    // Every sign-up confirmed exactly once, in order.
    expect(got.flatMap(([, lines]) => lines)).toEqual(people.map((p) => p.confirmed));
  });

  it('a restart while a confirmation waits posts it once, at its time', async () => {
    const first = await start();
    await signUp(first, 0, 0);
    await first.linli.engine.advanceTo(T0 + 10 * SEC, first.clock);
    await signUp(first, 1, 20 * SEC);
    await signUp(first, 2, 30 * SEC);
    await first.linli.close();
    expect(confirmations(first.channel)).toEqual([[5, [people[0]!.confirmed]]]);

    const again = await restart(first);
    await again.linli.engine.advanceTo(T0 + 10 * MIN, again.clock);
    expect(confirmations(again.channel)).toEqual([[65, [people[1]!.confirmed, people[2]!.confirmed]]]);
  });

  it('a restart during the quick delay posts the quick message once', async () => {
    const first = await start();
    await signUp(first, 0, 0);
    await first.linli.close();
    const again = await restart(first);
    await again.linli.engine.advanceTo(T0 + 5 * MIN, again.clock);
    expect(confirmations(first.channel)).toEqual([]);
    expect(confirmations(again.channel)).toEqual([[5, [people[0]!.confirmed]]]);
  });

  it('a confirmation sent just before a crash that lost state.json’s last write is not sent again', async () => {
    const { first, state } = await confirmedWithStateBefore();
    await first.linli.close();
    // state.json as it was before the job ran: the job is pending again, the line unconfirmed.
    copyFileSync(`${state}.before`, state);

    const again = await restart(first);
    const [record] = Object.values(again.linli.services.store.data.jielong);
    expect(record!.pendingConfirm).toHaveLength(1);
    await again.linli.engine.advanceTo(T0 + 5 * MIN, again.clock);
    // The job ran again; the outbox knew its key and sent nothing.
    expect(record!.pendingConfirm).toEqual([]);
    expect(confirmations(again.channel)).toEqual([]);
  });

  it('a sign-up handled again after a crash that lost state.json joins no confirmation already sent: it is confirmed, the earlier one not again', async () => {
    const { first, state } = await confirmedWithStateBefore();
    // The next sign-up comes in; the crash takes it before its save (the channel hands it again).
    const text = HEADER + '\n' + people.slice(0, 2).map((p) => p.line).join('\n') + '\n';
    const event = groupText(people[1]!.who, text, T0 + 10 * SEC);
    await first.linli.handle(event);
    await first.linli.close();
    copyFileSync(`${state}.before`, state);

    const again = await restart(first);
    await again.linli.handle(event);
    await again.linli.engine.advanceTo(T0 + 5 * MIN, again.clock);
    expect(confirmations(again.channel).flatMap(([, l]) => l)).toEqual([people[1]!.confirmed]);
  });

  it('a confirmation whose job was missed in a long outage goes out with the next change', async () => {
    const first = await start({ SCHEDULER_MISSED_WINDOW_MINUTES: '10' });
    await signUp(first, 0, 0);
    await first.linli.close();
    first.clock.set(T0 + 60 * MIN);

    const again = await restart(first);
    await again.linli.engine.advanceTo(T0 + 61 * MIN, again.clock);
    expect(confirmations(again.channel)).toEqual([]);
    await signUp(again, 1, 62 * MIN);
    await again.linli.engine.advanceTo(T0 + 70 * MIN, again.clock);
    expect(confirmations(again.channel)).toEqual([[62 * 60 + 5, [people[0]!.confirmed, people[1]!.confirmed]]]);
    expect(Object.values(again.linli.services.store.data.jielong).map((r) => r.pendingConfirm)).toEqual([[]]);
  });
});
