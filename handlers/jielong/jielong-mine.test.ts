import { describe, expect, it } from 'vitest';
import { dmText, groupText, member, T0, testBot } from '../../tests/helpers.ts';

// Lines that arrive inside someone else's repost have no author: they belong to whoever's name
// they carry exactly, never to someone whose name is only part of it.

const owner = member('老赵', 'wxid_laozhao');
const li = member('李叔');
const wang1 = member('王', 'wxid_wang_short');

describe('lines without an author', () => {
  it('are not shown to, changed or cancelled by a member whose name is only part of the line’s name', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id });
    await linli.handle(groupText(owner, '/接龙 开 周六团 小米 12', T0));
    await linli.engine.advanceTo(T0 + 5_000, clock);
    // The group's post (the owner also gets a DM: no cut-off).
    const post = channel.sent.filter((m) => m.to.kind === 'group').at(-1)!.text;
    // 李叔 reposts the list with his own line and 王阿姨's, written for her.
    await linli.handle(groupText(li, `${post}\n1. 3-501 王阿姨 小米2袋\n2. 5-202 李叔 小米1袋`, T0 + 60_000));
    await linli.engine.advanceTo(T0 + 200_000, clock);
    const record = Object.values(linli.services.store.data.jielong)[0]!;
    const wangLine = record.book.lines.find((l) => l.entry.name === '王阿姨')!;
    expect(wangLine.authorId).toBeNull();

    const before = channel.sent.length;
    await linli.handle(dmText(wang1, '我的订单', T0 + 300_000));
    await linli.handle(groupText(wang1, '取消', T0 + 310_000));
    await linli.engine.advanceTo(T0 + 400_000, clock);
    const replies = channel.sent.slice(before).map((m) => m.text).join('\n');
    expect(replies).not.toContain('小米×2');
    expect(replies).toContain('你还没有登记');
    expect(Object.values(linli.services.store.data.jielong)[0]!.book.lines.find((l) => l.id === wangLine.id)!.state).toBe('active');

    // 王阿姨 herself (the same name) does see it.
    const after = channel.sent.length;
    await linli.handle(dmText(member('王阿姨'), '我的订单', T0 + 500_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    expect(channel.sent.slice(after).map((m) => m.text).join('\n')).toContain('小米×2袋');
  });
});
