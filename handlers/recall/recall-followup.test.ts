// Follow-up DMs after a 接龙 closes: one per buyer, RECALL_FOLLOWUP_DAYS later, by category,
// unless they ordered again, opted out or are the owner. Driven through the real bot.

import { afterEach, describe, expect, it } from 'vitest';
import type { Linli } from '../../bot/app.ts';
import type { LeaveEvent, MemberRef } from '../../bot/types.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { dmText, group1, groupText, member, T0, testBot } from '../../tests/helpers.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';

const MIN = 60_000;
const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const zhang = member('小张');
const li = member('小李');
const chen = member('陈姐');
const xu = member('小徐');

let bots: Linli[] = [];
afterEach(async () => {
  for (const b of bots) await b.close();
  bots = [];
});

async function shop(env: Record<string, string> = {}) {
  const bot = await testBot({ OWNER_IDS: owner.id, ...env });
  bots.push(bot.linli);
  bot.linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
  await bot.linli.handle(groupText(owner, '大家早上好', T0));
  const say = async (from: MemberRef, text: string, at: number, dm = false) => {
    await bot.linli.engine.advanceTo(at, bot.clock);
    await bot.linli.handle(dm ? dmText(from, text, at) : groupText(from, text, at));
    await bot.linli.engine.advanceTo(at + 1000, bot.clock);
  };
  const dmsTo = (who: MemberRef) => bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id);
  return { ...bot, say, dmsTo };
}

describe('follow-ups after a 接龙', () => {
  it('each buyer gets one DM 5 days after the close, naming what they bought, in the category’s words', async () => {
    const { say, dmsTo, linli, clock } = await shop();
    await say(owner, '/接龙 开 周末团 亚麻籽油 苹果 鸡蛋', T0 + MIN);
    await say(wang, '+2 亚麻籽油', T0 + 2 * MIN);
    await say(zhang, '+1 苹果', T0 + 3 * MIN);
    await say(li, '+1 鸡蛋', T0 + 4 * MIN);
    await say(owner, '+1 鸡蛋', T0 + 5 * MIN); // the owner buying is no reason to DM the owner
    await say(owner, '/接龙 关', T0 + 10 * MIN);
    const closedAt = T0 + 10 * MIN;

    await linli.engine.advanceTo(closedAt + 5 * DAY_MS - MIN, clock);
    expect(dmsTo(wang)).toHaveLength(0);
    await linli.engine.advanceTo(closedAt + 5 * DAY_MS + 5 * MIN, clock);
    const [toWang] = dmsTo(wang);
    expect(toWang!.text).toContain('王阿姨');
    expect(toWang!.text).toContain('冷榨亚麻籽油');
    expect(toWang!.text).toContain('用得还顺手吗？');
    expect(toWang!.text).toContain('退订');
    expect(dmsTo(zhang)[0]!.text).toContain('红富士苹果');
    expect(dmsTo(zhang)[0]!.text).toContain('味道还甜吗？');
    expect(dmsTo(li)[0]!.text).toContain('土鸡蛋');
    expect(dmsTo(li)[0]!.text).toContain('吃着还满意吗？');
    expect(dmsTo(owner).filter((m) => m.text.includes('收到啦'))).toHaveLength(0);
    const items = linli.services.store.data.outbox.filter((i) => i.key.startsWith('followup:'));
    expect(items.map((i) => i.purpose)).toEqual(['unsolicited', 'unsolicited', 'unsolicited']);

    // Once only, even days later.
    await linli.engine.advanceTo(closedAt + 12 * DAY_MS, clock);
    expect(dmsTo(wang)).toHaveLength(1);
  });

  it('skips a buyer who ordered again since, opted out or left every group; a reply counts as activity', async () => {
    const { say, dmsTo, linli, clock } = await shop();
    await say(owner, '/接龙 开 油团 亚麻籽油', T0 + MIN);
    await say(wang, '+1', T0 + 2 * MIN);
    await say(zhang, '+1', T0 + 3 * MIN);
    await say(li, '+1', T0 + 4 * MIN);
    await say(chen, '+1', T0 + 5 * MIN);
    await say(xu, '+1', T0 + 6 * MIN);
    await say(owner, '/接龙 关', T0 + 10 * MIN);
    await linli.handle({ kind: 'leave', id: 'xu-left', at: T0 + DAY_MS, group: group1, member: xu } satisfies LeaveEvent);
    await say(owner, '/接龙 开 米团 大米', T0 + 2 * DAY_MS);
    await say(wang, '+1', T0 + 2 * DAY_MS + MIN); // ordered again
    await say(zhang, '退订', T0 + 2 * DAY_MS + 2 * MIN, true);
    await linli.engine.advanceTo(T0 + 6 * DAY_MS, clock);
    expect(dmsTo(wang)).toHaveLength(0);
    expect(dmsTo(zhang).map((m) => m.text)).toEqual([expect.stringContaining('不再给你发')]);
    expect(dmsTo(li)).toHaveLength(1);
    expect(dmsTo(chen)).toHaveLength(1);
    expect(dmsTo(xu)).toHaveLength(0);
    const due = linli.services.store.data.due.filter((d) => d.kind === 'recall-followup');
    expect(due.map((d) => d.state).sort()).toEqual(['done', 'done', 'done', 'done', 'done']);

    // 小李 replies to the DM: the behaviour log has it and the profile counts it as activity.
    const replyAt = clock.now() + MIN;
    await say(li, '挺好用的，谢谢', replyAt, true);
    expect(linli.services.store.data.profiles.members[li.id]!.lastActiveAt).toBe(replyAt);
  });

  it('follow-ups respect quiet hours and the daily DM cap; RECALL_FOLLOWUP_DAYS=0 turns them off', async () => {
    // Closed at 23:00, so the due time (5 days later, 23:00) is inside quiet hours.
    const { say, dmsTo, linli, clock } = await shop({ DM_DAILY_CAP: '1' });
    await say(owner, '/接龙 开 油团 亚麻籽油', T0 + MIN);
    await say(wang, '+1', T0 + 2 * MIN);
    await say(zhang, '+1', T0 + 3 * MIN);
    await say(owner, '/接龙 关', T0 + 14 * HOUR_MS);
    await linli.engine.advanceTo(T0 + 5 * DAY_MS + 22.5 * HOUR_MS, clock); // 07:30 six days on
    expect(dmsTo(wang).length + dmsTo(zhang).length).toBe(0);
    await linli.engine.advanceTo(T0 + 6 * DAY_MS + HOUR_MS, clock); // 10:00
    const first = [...dmsTo(wang), ...dmsTo(zhang)];
    expect(first).toHaveLength(1);
    // The cap is planned, not queued: the other follow-up had no place that day and was not
    // sent, then or later (handlers/recall/places.ts).
    await linli.engine.advanceTo(T0 + 7 * DAY_MS + HOUR_MS, clock);
    expect(dmsTo(wang).length + dmsTo(zhang).length).toBe(1);

    const off = await shop({ RECALL_FOLLOWUP_DAYS: '0' });
    await off.say(owner, '/接龙 开 油团 亚麻籽油', T0 + MIN);
    await off.say(wang, '+1', T0 + 2 * MIN);
    await off.say(owner, '/接龙 关', T0 + 10 * MIN);
    await off.linli.engine.advanceTo(T0 + 8 * DAY_MS, off.clock);
    expect(off.dmsTo(wang)).toHaveLength(0);
  });
});
