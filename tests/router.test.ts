import { describe, expect, it } from 'vitest';
import { stripBotMention } from '../bot/context.ts';
import { dmText, group1, groupText, member, T0, testBot } from './helpers.ts';

const owner = member('老赵', 'wxid_owner');
const resident = member('王阿姨');

async function bot() {
  const t = await testBot({ OWNER_IDS: 'wxid_owner' });
  const flush = () => t.linli.engine.advanceTo(t.clock.now() + 60_000, t.clock);
  return { ...t, flush };
}

describe('router and commands', () => {
  it('shows the owner the owner commands and residents only theirs', async () => {
    const { linli, channel, flush } = await bot();
    await linli.handle(groupText(owner, '/help', T0));
    await linli.handle(dmText(resident, '/帮助', T0));
    await flush();
    // In a group the list goes by DM (see tests/help-group.test.ts); the group gets one line.
    const [inGroup, toOwner, toResident] = channel.sent;
    expect(inGroup).toMatchObject({ to: { kind: 'group', group: group1 }, mentions: [owner], text: '我把你能用的说明私信发你啦～' });
    expect(toOwner).toMatchObject({ to: { kind: 'dm', member: owner } });
    expect(toOwner!.text).toContain('/状态');
    expect(toOwner!.text).toContain('居民可用');
    expect(toResident).toMatchObject({ to: { kind: 'dm', member: resident } });
    expect(toResident!.text).not.toContain('/状态');
    expect(toResident!.text).toContain('/帮助');
  });

  it('refuses owner commands to residents, politely and with a hint', async () => {
    const { linli, channel, flush } = await bot();
    await linli.handle(groupText(resident, '/状态', T0));
    await linli.handle(groupText(owner, '/状态', T0));
    await flush();
    expect(channel.sent[0]!.text).toBe('抱歉，/状态 只有团长可以使用。发送 /help 看看你能用的命令。');
    expect(channel.sent[1]!.text).toMatch(/^群 1 个，认识的成员 2 人/);
  });

  it('recognises the owner by name when OWNER_IDS lists a name', async () => {
    const t = await testBot({ OWNER_IDS: '老赵, 另一个' });
    await t.linli.handle(dmText(member('老赵', 'wxid_zzz'), '/状态', T0));
    await t.linli.engine.tick();
    expect(t.channel.sent[0]!.text).toContain('待发消息');
  });

  it('answers an unknown command with how to find the right one', async () => {
    const { linli, channel, flush } = await bot();
    await linli.handle(groupText(resident, '／积分榜', T0));
    await flush();
    expect(channel.sent[0]!.text).toBe('没有“/积分榜”这个命令。发送 /help 查看可用的命令。');
  });

  it('reads an owner command run together with its first word, and refuses it to residents', async () => {
    const t = await testBot({ OWNER_IDS: 'wxid_laozhao' });
    await t.linli.handle(groupText(member('老赵', 'wxid_laozhao'), '/接龙开 周六水果团 赣南脐橙 59.9', T0));
    await t.linli.handle(groupText(resident, '/接龙关', T0 + 1000));
    await t.linli.handle(dmText(member('老赵', 'wxid_laozhao'), '/接龙关', T0 + 2000));
    await t.linli.engine.advanceTo(T0 + 5000, t.clock);
    const texts = t.channel.sent.map((m) => m.text);
    expect(texts.filter((x) => x.includes('/接龙 只有团长可以使用'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('「周六水果团」') && x.includes('已截单'))).not.toHaveLength(0);
    expect(texts.join('\n')).not.toContain('这个命令');
    expect(Object.values(t.linli.services.store.data.jielong).map((r) => r.status)).toEqual(['closed']);
  });

  it('reads a one-character owner command run together with a number (/答1), and only then', async () => {
    const t = await testBot({ OWNER_IDS: 'wxid_laozhao' });
    const owner = member('老赵', 'wxid_laozhao');
    await t.linli.handle(dmText(owner, '/答1 好的', T0));
    await t.linli.handle(dmText(owner, '/答谢', T0 + 1000));
    await t.linli.engine.advanceTo(T0 + 5000, t.clock);
    const texts = t.channel.sent.map((m) => m.text);
    expect(texts[0]).not.toContain('这个命令');
    expect(texts[1]).toBe('没有“/答谢”这个命令。发送 /help 查看可用的命令。');
  });

  it('answers a DM at once even during quiet hours', async () => {
    const late = Date.parse('2026-11-21T23:30:00+08:00');
    const t = await testBot({}, late);
    await t.linli.handle(dmText(resident, '/help', late));
    await t.linli.engine.tick();
    expect(t.channel.sent.map((m) => [m.to.kind, m.at])).toEqual([['dm', late]]);
  });

  it('stays quiet on ordinary chat', async () => {
    const { linli, channel, flush } = await bot();
    await linli.handle(groupText(resident, '今天菜真新鲜', T0));
    await flush();
    expect(channel.sent).toEqual([]);
  });

  it('understands a command after an @mention of the bot', async () => {
    const { linli, channel, flush } = await bot();
    await linli.handle({ ...groupText(owner, '@邻里小助手\u2005/help', T0), mentionsBot: true });
    await flush();
    expect(channel.sent[1]!.text).toContain('团长命令');
    expect(stripBotMention('@邻里小助手 /状态 ', '邻里小助手')).toBe('/状态');
    expect(stripBotMention('问 @邻里小助手', '邻里小助手')).toBe('问 @邻里小助手');
  });

  it('logs every event before any feature, and a failing handler does not stop the next message', async () => {
    const { linli, channel, flush } = await bot();
    let calls = 0;
    linli.router.use(() => {
      calls++;
      throw new Error('feature bug');
    });
    await linli.handle(groupText(resident, '随便聊聊', T0));
    await linli.handle(groupText(owner, '/help', T0 + 1000));
    await flush();
    expect(calls).toBe(1);
    // The /help answer: one line in the group, the list by DM.
    expect(channel.sent.map((m) => m.to.kind)).toEqual(['group', 'dm']);
    expect(linli.services.store.log.count).toBe(2);
    expect(linli.services.store.data.members[resident.id]).toMatchObject({ name: '王阿姨', groups: [group1.id] });
  });

  it('handles a redelivered event once and never replies twice', async () => {
    const { linli, channel, flush } = await bot();
    const event = groupText(owner, '/help', T0);
    await linli.handle(event);
    await linli.handle(event);
    await flush();
    // One answer (the group line and the list by DM), not two.
    expect(channel.sent.map((m) => m.to.kind)).toEqual(['group', 'dm']);
    expect(linli.services.store.log.count).toBe(1);
  });

  it('remembers the last 5,000 event ids, not every id forever', async () => {
    const { linli } = await bot();
    const first = groupText(resident, '第一条', T0);
    await linli.handle(first);
    for (let i = 0; i < 5_000; i++) await linli.handle(groupText(resident, `${i}`, T0 + i));
    expect(await linli.handle(first)).toBeDefined();
    expect(await linli.handle(groupText(resident, '新的', T0 + 9_999))).toBeDefined();
  });

  it('tracks joins, inviters and leaves; re-joining is not new', async () => {
    const { linli } = await bot();
    const newcomer = member('小李');
    await linli.handle({ kind: 'join', id: 'j1', at: T0, group: group1, member: newcomer, inviter: resident });
    await linli.handle({ kind: 'leave', id: 'l1', at: T0 + 1, group: group1, member: newcomer });
    const rec = linli.services.store.data.members[newcomer.id]!;
    expect(rec.groups).toEqual([]);
    expect(rec.groupsEver).toEqual([group1.id]);
    expect(linli.services.store.data.members[resident.id]?.groups).toEqual([group1.id]);
  });
});
