// The member card (/画像) gathers what the community features know of a member: the polls they
// voted in, the 体验官 code and the newcomers they brought.

import { describe, expect, it } from 'vitest';
import { group1, groupText, member, testBot } from './helpers.ts';
import { ownerSays, wang } from './stream-shop.ts';

describe('/画像 with the community features', () => {
  it('shows votes and the 体验官 programme on the card', async () => {
    const bot = await testBot({ OWNER_IDS: 'wxid_laozhao' });
    const { linli, clock } = bot;
    const say = ownerSays(bot);
    const inGroup = async (who: typeof wang, text: string) => {
      await linli.handle(groupText(who, text, clock.now()));
      await linli.engine.advanceTo(clock.now() + 5000, clock);
    };
    await inGroup(wang, '早上好');
    await inGroup(member('李叔'), '早');
    expect(await say(`/投票 新建 ${group1.name} 下周想吃什么？ 海盐 芝士 原味`)).toContain('#1');
    await inGroup(wang, '2');
    expect(await say('/体验官 @王阿姨')).toContain('邀请码');

    const card = await say('/画像 王阿姨');
    expect(card).toContain('参与投票：1 次（共 1 次投票）');
    expect(card).toMatch(/体验官（邀请码 [A-Z2-9]{4}）：带来新邻居 0 位/);
    const other = await say('/画像 李叔');
    expect(other).not.toContain('参与投票');
    expect(other).not.toContain('体验官');
  });
});
