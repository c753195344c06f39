import { describe, expect, it } from 'vitest';
import type { GroupRef } from '../../bot/types.ts';
import { dmText, groupText, member, testBot } from '../../tests/helpers.ts';
import { at, MONDAY, owner } from '../../tests/stream-shop.ts';

// A preview going to many groups leaves the account one group at a time (OUTBOX_GROUPS_GAP_MS),
// not in one burst.

describe('a stream in twelve groups', () => {
  it('posts each preview group by group, a second apart, while a reply elsewhere is not held up', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: 'wxid_laozhao' }, MONDAY);
    const groups: GroupRef[] = Array.from({ length: 12 }, (_, i) => ({ id: `g${i + 1}@chatroom`, name: `幸福里${i + 1}群` }));
    for (const g of groups) await linli.handle(groupText(member('王阿姨'), '早', MONDAY, g));
    await linli.handle(dmText(owner, '/直播 新建 周六 20:00 冷榨油专场 https://live.example.com/8', MONDAY));
    await linli.engine.advanceTo(at('2026-11-27T19:59:00'), clock);
    const before = channel.sent.length;
    await linli.engine.advanceTo(at('2026-11-27T20:00:03'), clock);
    // An owner's DM in the middle of the burst is answered at once.
    await linli.handle(dmText(owner, '/直播 列表', at('2026-11-27T20:00:03')));
    await linli.engine.advanceTo(at('2026-11-27T20:05:00'), clock);
    // Only the 24 h preview is due by now; the other steps are a day away.
    const sent = channel.sent.slice(before).map((m) => [m.to.kind === 'group' ? m.to.group.name : 'dm', (m.at - at('2026-11-27T20:00:00')) / 1000]);
    expect(sent.filter(([to]) => to !== 'dm')).toEqual(groups.map((g, i) => [g.name, i]));
    expect(sent.filter(([to]) => to === 'dm')).toEqual([['dm', 3]]);
  });
});
