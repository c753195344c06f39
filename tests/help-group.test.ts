// Issue 15, point 10: /help in a group posts one short line there and sends the list by DM;
// nobody else in the group reads the owner's commands or a resident's dozen lines.

import { describe, expect, it } from 'vitest';
import { dmText, group1, groupText, member, T0, testBot } from './helpers.ts';

const owner = member('老赵', 'wxid_owner');
const wang = member('王阿姨');

async function bot() {
  const t = await testBot({ OWNER_IDS: owner.id });
  const say = async (event: Parameters<typeof t.linli.handle>[0]) => {
    const from = t.channel.sent.length;
    await t.linli.handle(event);
    await t.linli.engine.advanceTo(t.clock.now() + 60_000, t.clock);
    return t.channel.sent.slice(from);
  };
  return { ...t, say };
}

describe('/help in a group', () => {
  it('the owner: one line in the group, the owner commands only by DM', async () => {
    const { say, linli } = await bot();
    const out = await say(groupText(owner, '/help', T0));
    const inGroup = out.filter((m) => m.to.kind === 'group');
    expect(inGroup).toEqual([expect.objectContaining({ to: { kind: 'group', group: group1 }, text: '我把你能用的说明私信发你啦～', mentions: [owner] })]);
    const dm = out.filter((m) => m.to.kind === 'dm');
    expect(dm).toHaveLength(1);
    expect(dm[0]).toMatchObject({ to: { kind: 'dm', member: owner } });
    expect(dm[0]!.text).toContain('团长命令');
    expect(dm[0]!.text).toContain('/积分 调整');
    expect(dm[0]!.text).toContain('/召回');
    for (const m of inGroup) expect(m.text).not.toMatch(/积分 调整|召回|团长命令/);
    // An answer to what they just typed: it goes at once, never held for quiet hours.
    const queued = linli.services.store.data.outbox.find((m) => m.to.kind === 'dm');
    expect(queued?.purpose).toBe('reply');
  });

  it('at 23:30 the DM still comes at once, not the next morning', async () => {
    const late = Date.parse('2026-11-21T23:30:00+08:00');
    const t = await testBot({ OWNER_IDS: owner.id }, late);
    await t.linli.handle(groupText(wang, '/help', late));
    await t.linli.engine.advanceTo(late + 60_000, t.clock);
    expect(t.channel.sent.map((m) => [m.to.kind, m.at - late < 60_000])).toEqual([['group', true], ['dm', true]]);
  });

  it('a resident: one line in the group, their list by DM, no owner commands', async () => {
    const { say } = await bot();
    const out = await say({ ...groupText(wang, '@邻里小助手 /帮助', T0), mentionsBot: true });
    expect(out.filter((m) => m.to.kind === 'group').map((m) => m.text)).toEqual(['我把你能用的说明私信发你啦～']);
    const dm = out.filter((m) => m.to.kind === 'dm');
    expect(dm).toHaveLength(1);
    expect(dm[0]).toMatchObject({ to: { kind: 'dm', member: wang } });
    expect(dm[0]!.text).toMatch(/^我能帮你做这些：/);
    expect(dm[0]!.text).not.toContain('/状态');
    expect(dm[0]!.text).not.toContain('/积分 调整');
  });

  it('in a DM: the whole list there, as before, and nothing in any group', async () => {
    const { say } = await bot();
    const out = await say(dmText(wang, '/help', T0));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ to: { kind: 'dm', member: wang } });
    expect(out[0]!.text).toMatch(/^我能帮你做这些：/);
    const mine = await say(dmText(owner, '/help', T0 + 1000));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('/积分 调整');
  });
});
