import { describe, expect, it } from 'vitest';
import type { JoinEvent, LeaveEvent, MemberRef } from '../bot/types.ts';
import { dmText, group1, groupText, member, T0, testBot } from './helpers.ts';
import { DAY_MS, HOUR_MS } from '../scheduler/clock.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨'); // regular buyer who stopped → 流失风险
const zhang = member('小张'); // quiet for 20 days → 沉默
const li = member('小李'); // active
let n = 0;
const join = (who: MemberRef, at: number): JoinEvent => ({ kind: 'join', id: `rj${++n}`, at, group: group1, member: who });

type Bot = Awaited<ReturnType<typeof testBot>>;

async function shop(env: Record<string, string> = {}): Promise<Bot> {
  const bot = await testBot({ OWNER_IDS: 'wxid_laozhao', RECALL_HOLDOUT_PERCENT: '0', RECALL_OFFER: '回归福利：本周下单满 50 减 5。', ...env }, T0 - 70 * DAY_MS);
  const { linli, clock } = bot;
  const { store } = linli.services;
  store.data.catalog = [{ id: 'p1', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true }];
  await linli.handle(groupText(owner, '大家好', T0 - 70 * DAY_MS));
  for (const m of [wang, zhang, li]) await linli.handle(join(m, T0 - 70 * DAY_MS));
  // The 接龙 feature's events, as it logs them.
  for (const [i, days] of [60, 50, 40].entries()) {
    store.log.append({ kind: 'jielong', change: 'signup', id: `o${i}`, at: T0 - days * DAY_MS, jielong: `j${i}`, group: group1, member: wang, amount: 58, items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }] });
  }
  await linli.handle(groupText(zhang, '收到', T0 - 20 * DAY_MS));
  await linli.handle(groupText(li, '早', T0 - 1 * DAY_MS));
  clock.set(T0);
  return bot;
}

const dmsTo = (bot: Bot, who: MemberRef) => bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id);

async function say(bot: Bot, from: MemberRef, text: string): Promise<string> {
  const before = bot.channel.sent.length;
  await bot.linli.handle(dmText(from, text, bot.clock.now()));
  await bot.linli.engine.advanceTo(bot.clock.now() + 10_000, bot.clock);
  return bot.channel.sent.slice(before).map((m) => m.text).join('\n');
}

describe('recall', () => {
  it('approve mode: the owner gets the preview at 10:30, nothing goes to members until /召回 确认', async () => {
    const bot = await shop();
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    const preview = dmsTo(bot, owner).map((m) => m.text).join('\n');
    expect(preview).toContain('召回名单：2 人');
    expect(preview).toContain('王阿姨（流失风险）');
    expect(preview).toContain('小张（沉默）');
    expect(preview).not.toContain('小李');
    expect(dmsTo(bot, wang)).toHaveLength(0);

    expect(await say(bot, owner, '/召回 确认')).toContain('2 条召回私信已排进发送队列');
    await bot.linli.engine.advanceTo(bot.clock.now() + 60_000, bot.clock);
    const [toWang] = dmsTo(bot, wang);
    expect(toWang!.text).toContain('王阿姨');
    expect(toWang!.text).toContain('亚麻籽油');
    expect(toWang!.text).toContain('回归福利：本周下单满 50 减 5。');
    expect(toWang!.text).toContain('退订');
    expect(dmsTo(bot, zhang)).toHaveLength(1);
    const item = bot.linli.services.store.data.outbox.find((i) => i.key.startsWith('recall:') && i.to.kind === 'dm' && i.to.member.id === wang.id);
    expect(item?.purpose).toBe('unsolicited');
    expect(await say(bot, owner, '/召回 确认')).toContain('没有等你确认');

    // Next day: both are in the 7-day cool-down, so no run, no preview.
    const ownerDms = dmsTo(bot, owner).length;
    await bot.linli.engine.advanceTo(T0 + DAY_MS + 2 * HOUR_MS, bot.clock);
    expect(dmsTo(bot, owner)).toHaveLength(ownerDms);
    expect(dmsTo(bot, wang)).toHaveLength(1);
  });

  it('a quiet member who has left every group is not picked; back in a group, they are', async () => {
    const bot = await shop();
    const chen = member('陈姐');
    await bot.linli.handle(join(chen, T0 - 70 * DAY_MS));
    await bot.linli.handle({ kind: 'leave', id: 'chen-left', at: T0 - 30 * DAY_MS, group: group1, member: chen } satisfies LeaveEvent);
    expect(await say(bot, owner, '/召回 预览')).not.toContain('陈姐');
    await bot.linli.handle(join(chen, bot.clock.now()));
    bot.clock.set(bot.clock.now() + 15 * DAY_MS);
    expect(await say(bot, owner, '/召回 预览')).toContain('陈姐（沉默）');
  });

  it('/召回 取消 drops the list; /召回 预览 sends nothing', async () => {
    const bot = await shop();
    expect(await say(bot, owner, '/召回 预览')).toContain('这是预览，什么都没有发出');
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    expect(await say(bot, owner, '/召回 取消')).toContain('不发了');
    expect(await say(bot, owner, '/召回 确认')).toContain('没有等你确认');
    await bot.linli.engine.advanceTo(T0 + 3 * HOUR_MS, bot.clock);
    expect(dmsTo(bot, wang)).toHaveLength(0);
    expect(await say(bot, owner, '/召回 随便')).toContain('/召回 预览 | 确认 | 取消 | 报告');
  });

  it('opt-out: 退订 is confirmed and the member is never picked again; 订阅 turns it back on', async () => {
    const bot = await shop({ RECALL_MODE: 'auto' });
    expect(await say(bot, zhang, '退订')).toContain('不再给你发');
    // Said again: told it is already done, and how to undo it, not the same confirmation.
    expect(await say(bot, zhang, 'TD')).toBe('你已经退订过啦，不会再收到这类私信。想恢复的话，回复「订阅」就行～');
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    expect(dmsTo(bot, wang)).toHaveLength(1);
    expect(dmsTo(bot, zhang).filter((m) => m.text.includes('好久') || m.text.includes('最近还好吗') || m.text.includes('好一阵子'))).toHaveLength(0);
    // Weeks later, 小张 is still silent but opted out; 王阿姨 gets a different text.
    bot.clock.set(T0 + 9 * DAY_MS);
    await bot.linli.engine.advanceTo(T0 + 9 * DAY_MS + 2 * HOUR_MS, bot.clock);
    const wangTexts = dmsTo(bot, wang).map((m) => m.text);
    expect(wangTexts).toHaveLength(2);
    expect(wangTexts[1]).not.toBe(wangTexts[0]);
    expect(bot.linli.services.store.data.profiles.members[zhang.id]!.recalls).toEqual([]);
    expect(await say(bot, zhang, '订阅')).toContain('已经恢复');
    expect(bot.linli.services.store.data.profiles.members[zhang.id]!.optedOut).toBe(false);
  });

  it('auto mode respects the daily DM cap and quiet hours', async () => {
    const bot = await shop({ RECALL_MODE: 'auto', DM_DAILY_CAP: '1', RECALL_CRON: '0 23 * * *' });
    await bot.linli.engine.advanceTo(T0 + 15 * HOUR_MS, bot.clock); // 00:00 next day
    expect(dmsTo(bot, wang).length + dmsTo(bot, zhang).length).toBe(0); // quiet hours
    await bot.linli.engine.advanceTo(T0 + DAY_MS + HOUR_MS, bot.clock); // 10:00
    expect(dmsTo(bot, wang).length + dmsTo(bot, zhang).length).toBe(1); // cap 1 per day
    await bot.linli.engine.advanceTo(T0 + 2 * DAY_MS + HOUR_MS, bot.clock);
    expect(dmsTo(bot, wang).length + dmsTo(bot, zhang).length).toBe(2);
  });

  it('holds back a control group, records it, and /召回 报告 compares the two', async () => {
    const bot = await shop({ RECALL_MODE: 'auto', RECALL_HOLDOUT_PERCENT: '90' });
    const { store } = bot.linli.services;
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    const run = Object.values(store.data.recall.runs)[0]!;
    const contacted = Object.keys(run.contacted);
    const control = Object.keys(run.control);
    expect(contacted.length + control.length).toBe(2);
    expect(control.length).toBeGreaterThan(0);
    for (const id of control) expect(bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === id)).toHaveLength(0);
    // A control member comes back by themselves within the week.
    const back = control[0] === wang.id ? wang : zhang;
    bot.clock.set(T0 + 3 * DAY_MS);
    await say(bot, back, '最近有什么好吃的');
    const report = await say(bot, owner, '/召回 报告');
    expect(report).toContain(`对照组（随机留着没发）：${control.length} 人，自己回来了 1 人（${Math.round(100 / control.length)}%）`);
    expect(report).toContain('还不满 7 天');
  });

  it('names the next stream featuring the member’s favourite category, and 预约 N in reply reserves it', async () => {
    const bot = await shop({ RECALL_MODE: 'auto' });
    const { store } = bot.linli.services;
    store.data.catalog = [...store.data.catalog, { id: 'p2', name: '红富士苹果', aliases: ['苹果'], category: '水果', price: 49.9, unit: '箱', onSale: true }];
    expect(await say(bot, owner, '/直播 新建 11-24 19:00 水果专场 苹果')).toContain('水果专场');
    expect(await say(bot, owner, '/直播 新建 11-25 20:00 粮油专场 亚麻籽油')).toContain('粮油专场');
    await bot.linli.engine.advanceTo(T0 + 2 * HOUR_MS, bot.clock);
    const [toWang] = dmsTo(bot, wang);
    // 王阿姨 buys 粮油: the fruit stream comes first but is not hers, so she is told the number.
    expect(toWang!.text).toContain('11月25日（周三）20:00有场直播「粮油专场」，有你喜欢的粮油，想看的话回复“预约 2”');
    expect(toWang!.text).not.toContain('水果专场');
    // 小张 never bought or asked anything: no stream is pushed on him.
    expect(dmsTo(bot, zhang)[0]!.text).not.toContain('直播');
    expect(await say(bot, wang, '预约 2')).toContain('粮油专场');
    expect(store.data.streams.items['2']!.reservations.map((r) => r.member.id)).toEqual([wang.id]);
  });

  it('refuses /召回 to a non-owner', async () => {
    const bot = await shop();
    for (const sub of ['预览', '确认', '取消', '报告']) expect(await say(bot, li, `/召回 ${sub}`)).toContain('抱歉，/召回 只有团长可以使用');
  });
});
