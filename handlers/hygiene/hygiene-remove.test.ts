// /移出 where the channel can remove members: through the real bot with a recording channel
// that has the capability (and one whose removal WeChat refuses), and end to end on the
// embedded sandbox (real Wechaty on the mock puppet), where the newcomer really leaves the group.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as PUPPET from 'wechaty-puppet';
import { createLinli, type Linli } from '../../bot/app.ts';
import { createSandboxDriver, startSandbox, type Sandbox, type SandboxControls } from '../../bot/channels/sandbox.ts';
import { attachWechaty, type WechatyChannel } from '../../bot/channels/wechaty.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { dmText, group1, groupText, member, RecordingChannel, runOutboxUntil, T0, tempDir, testBot, testConfig } from '../../tests/helpers.ts';

class RemovingChannel extends RecordingChannel {
  readonly removed: Array<{ group: string; member: string }> = [];
  refuse = false;
  async removeMember(group: GroupRef, who: MemberRef): Promise<void> {
    if (this.refuse) throw new Error('not the group owner');
    this.removed.push({ group: group.id, member: who.id });
  }
}

const owner = member('老赵');
const staff = member('小刘');
const resident = member('王阿姨');
const spammer = member('小广告');

async function shop() {
  const bot = await testBot({ OWNER_IDS: owner.id, STAFF_IDS: staff.id });
  const channel = new RemovingChannel(bot.clock);
  bot.linli.attach(channel);
  const { linli, clock } = bot;
  await linli.handle(groupText(resident, '早上好', T0));
  await linli.handle(groupText(staff, '今天的货到了', T0));
  await linli.handle({ kind: 'join', id: 'j1', at: T0 + 60_000, group: group1, member: spammer });
  await linli.handle(groupText(spammer, '加我微信 abc123 优惠多多', T0 + 120_000));
  const flush = () => runOutboxUntil(linli.services.outbox, clock, clock.now() + 3600_000);
  await flush();
  return { linli, clock, channel, flush };
}

const dmsTo = (channel: RecordingChannel, who: MemberRef) => channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id).map((m) => m.text);

describe('/移出 on a channel that can remove members', () => {
  it('offers /移出 in the flag, removes the member from the group and confirms', async () => {
    const { linli, clock, channel, flush } = await shop();
    expect(dmsTo(channel, owner)[0]).toContain('要移出群的话，回我：/移出 @小广告（或 /移出 1）');
    await linli.handle(dmText(owner, '/移出 @小广告', clock.now()));
    await flush();
    expect(channel.removed).toEqual([{ group: group1.id, member: spammer.id }]);
    expect(dmsTo(channel, owner).at(-1)).toBe('好的，已把小广告移出「幸福里1群」。');
    await linli.close();
  });

  it('by the flag\'s number too, and says so when WeChat refuses', async () => {
    const { linli, clock, channel, flush } = await shop();
    channel.refuse = true;
    await linli.handle(dmText(owner, '/移出 1', clock.now()));
    await flush();
    expect(channel.removed).toEqual([]);
    expect(dmsTo(channel, owner).at(-1)).toBe('「幸福里1群」没移成（可能我不是群主或管理员），请在群聊设置里手动移出。');
    await linli.close();
  });

  it('refuses staff and the owner, and staff cannot run it', async () => {
    const { linli, clock, channel, flush } = await shop();
    await linli.handle(dmText(owner, '/移出 小刘', clock.now()));
    await linli.handle(dmText(staff, '/移出 小广告', clock.now()));
    await flush();
    expect(channel.removed).toEqual([]);
    expect(dmsTo(channel, owner).at(-1)).toContain('小刘是店员，不能移出');
    expect(dmsTo(channel, staff).at(-1)).toContain('/移出 只有团长可以使用');
    await linli.close();
  });
});

describe('/移出 on the sandbox', () => {
  let sandbox: Sandbox;
  let driver: SandboxControls;
  let wechaty: WechatyChannel;
  let linli: Linli;
  const clock = new ManualClock(T0);
  const savedHome = process.env.HOME;

  beforeAll(async () => {
    PUPPET.log.level('silent');
    process.env.HOME = tempDir('linli-home-');
    sandbox = await startSandbox({ log: silentLogger() });
    linli = await createLinli({ config: testConfig({ OWNER_IDS: sandbox.ids.owner }), clock, log: silentLogger() });
    wechaty = attachWechaty(sandbox.bot, { clock, log: silentLogger(), onEvent: async (e) => void (await linli.handle(e)) });
    linli.attach(wechaty);
    driver = createSandboxDriver(sandbox, { clock, advance: async (ms) => clock.set(clock.now() + ms), botName: sandbox.shop.bot.name });
  }, 30_000);

  afterAll(async () => {
    driver?.close();
    await linli?.close();
    await sandbox?.stop();
    process.env.HOME = savedHome;
  });

  it('a newcomer\'s ad is flagged, and /移出 takes them out of the group for real', async () => {
    const { ids } = sandbox;
    const groupId = ids.groups['幸福里1群']!;
    const newcomer = await driver.invite(groupId, ids.residents['王阿姨']!, { name: '发广告的' });
    await vi.waitFor(() => expect(linli.services.store.data.members[newcomer.id]?.groups).toContain(groupId));
    const toOwner = () => driver.timeline().filter((e) => e.chat === `dm:${ids.owner}` && e.fromBot).map((e) => e.text);
    // Wechaty hands messages over asynchronously: wait for them, then let the outbox send.
    const settle = (check: () => void) => vi.waitFor(async () => {
      await wechaty.idle();
      await runOutboxUntil(linli.services.outbox, clock, clock.now() + 3600_000);
      check();
    });
    await driver.say(newcomer.id, groupId, '兼职日结，加我vx：abc12345');
    await settle(() => expect(toOwner().some((t) => t.includes('/移出 @发广告的'))).toBe(true));
    await driver.say(ids.owner, null, '/移出 发广告的');
    await settle(() => expect(toOwner().at(-1)).toBe('好的，已把发广告的移出「幸福里1群」。'));
    expect(driver.groups().find((g) => g.id === groupId)!.memberIds).not.toContain(newcomer.id);
    expect(driver.timeline().some((e) => e.chat === groupId && e.text.includes('将“发广告的”移出了群聊'))).toBe(true);
  });
});
