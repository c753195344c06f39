// Orders past the horizon fold into each profile's `past` while the bot runs (the nightly
// profiles-fold job, handlers/profiles/past.ts): through the real bot, /画像 says the same
// after the fold as with every order kept, an open 接龙's order waits, and the folded
// profile survives a restart.

import { afterEach, describe, expect, it } from 'vitest';
import type { Linli } from '../../bot/app.ts';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { MemberRef } from '../../bot/types.ts';
import { profileCard } from './card.ts';
import { FOLD_HORIZON_DAYS } from './past.ts';
import { defaultStageRules, orderStats } from './stage.ts';
import type { Profile, ProfilesState } from './types.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { dmText, groupText, member, T0, tempDir, testBot, testConfig } from '../../tests/helpers.ts';

const MIN = 60_000;
const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');

let bots: Linli[] = [];
afterEach(async () => {
  for (const b of bots) await b.close();
  bots = [];
});

describe('profile orders folded while the bot runs', () => {
  it('folds closed 接龙 orders older than the horizon each night; /画像 and the totals stay the same; an open one waits', async () => {
    const dir = tempDir();
    const bot = await testBot({ OWNER_IDS: owner.id, DATA_DIR: dir });
    bots.push(bot.linli);
    const { linli, clock, channel } = bot;
    linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
    const say = async (from: MemberRef, text: string, at: number, dm = false) => {
      await linli.engine.advanceTo(at, clock);
      await linli.handle(dm ? dmText(from, text, at) : groupText(from, text, at));
      await linli.engine.advanceTo(at + 1000, clock);
    };
    await say(owner, '大家早上好', T0);
    await say(owner, '/接龙 开 周末团 亚麻籽油 鸡蛋', T0 + MIN);
    await say(wang, '+2 亚麻籽油', T0 + 2 * MIN);
    await say(owner, '/接龙 关', T0 + 10 * MIN);
    await say(owner, '/接龙 开 下周团 苹果', T0 + 3 * DAY_MS);
    await say(wang, '+1 苹果', T0 + 3 * DAY_MS + MIN);
    await say(owner, '/接龙 关', T0 + 3 * DAY_MS + 10 * MIN);
    // Still open when the others fold (no cut-off): its order waits, and so does what follows it.
    await say(owner, '/接龙 开 长期团 鸡蛋', T0 + 5 * DAY_MS);
    await say(wang, '+1 鸡蛋', T0 + 5 * DAY_MS + MIN);

    const profiles = () => linli.services.store.data.profiles;
    const p = () => profiles().members[wang.id]!;
    expect(Object.keys(p().orders)).toHaveLength(3);
    // The same profile never folded: a copy, read by the same code at the same instants.
    const kept = JSON.parse(JSON.stringify(profiles())) as ProfilesState;
    const card = (profile: Profile, now: number) =>
      profileCard(profile, now, defaultStageRules, { tz: 'Asia/Shanghai', nameOfMember: () => '王阿姨', nameOfProduct: () => undefined, streak: 0 });

    const later = T0 + (FOLD_HORIZON_DAYS + 10) * DAY_MS;
    await linli.engine.advanceTo(later, clock);
    expect(p().past?.count).toBe(2);
    expect(Object.keys(p().orders)).toHaveLength(1);
    expect(orderStats(p(), later)).toEqual(orderStats(kept.members[wang.id]!, later));
    expect(card(p(), later)).toBe(card(kept.members[wang.id]!, later));

    // The owner's /画像 through the bot says what the unfolded profile says.
    const before = channel.sent.length;
    await say(owner, '/画像 王阿姨', later + MIN, true);
    const shown = channel.sent.slice(before).map((m) => m.text).join('\n');
    expect(shown).toContain(card(kept.members[wang.id]!, later + MIN).split('\n')[3]!);

    // Once the long-open 接龙 closes, its order folds too (the next night past the horizon for it).
    await say(owner, '/接龙 关', later + 2 * MIN);
    await linli.engine.advanceTo(later + 2 * DAY_MS, clock);
    expect(p().past?.count).toBe(3);
    expect(Object.keys(p().orders)).toHaveLength(0);
    const now = later + 2 * DAY_MS;
    expect(card(p(), now)).toBe(card(kept.members[wang.id]!, now));

    // A restart reads the folded profile back as it was.
    await linli.close();
    bots = bots.filter((b) => b !== linli);
    const again = await createLinli({ config: testConfig({ OWNER_IDS: owner.id, DATA_DIR: dir }), clock, log: silentLogger() });
    bots.push(again);
    const reread = again.services.store.data.profiles.members[wang.id]!;
    expect(JSON.parse(JSON.stringify(reread))).toEqual(JSON.parse(JSON.stringify(p())));
    expect(card(reread, now)).toBe(card(kept.members[wang.id]!, now));
  });

  it('folds at start-up too: a bot not running at night still bounds its profiles', async () => {
    const dir = tempDir();
    const bot = await testBot({ OWNER_IDS: owner.id, DATA_DIR: dir });
    const { linli, clock } = bot;
    linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
    for (const [text, at] of [['/接龙 开 周末团 亚麻籽油', T0 + MIN], ['+1 亚麻籽油', T0 + 2 * MIN], ['/接龙 关', T0 + 3 * MIN]] as const) {
      await linli.handle(groupText(text.startsWith('/') ? owner : wang, text, at));
      await linli.engine.advanceTo(at + 1000, clock);
    }
    const saved = JSON.parse(JSON.stringify(linli.services.store.data.profiles.members[wang.id]));
    expect(Object.keys(saved.orders)).toHaveLength(1);
    await linli.close();
    // Off for half a year; started again in the afternoon.
    clock.set(T0 + (FOLD_HORIZON_DAYS + 1) * DAY_MS + 5 * 3600_000);
    const again = await createLinli({ config: testConfig({ OWNER_IDS: owner.id, DATA_DIR: dir }), clock, log: silentLogger() });
    bots.push(again);
    const p = again.services.store.data.profiles.members[wang.id]!;
    expect(Object.keys(p.orders)).toHaveLength(0);
    expect(p.past?.count).toBe(1);
    expect(p.past?.spend).toBe(saved.orders[Object.keys(saved.orders)[0]!].amount);
    expect(orderStats(p, clock.now())).toEqual(orderStats(saved as Profile, clock.now()));
  });
});
