// Points through the real router, handlers, store, scheduler and outbox on a manual clock.

import { readFileSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { GroupRef, InboundEvent, JoinEvent, MemberRef, ShareEvent } from '../../bot/types.ts';
import { ledgerJournal } from './book.ts';
import { ledgerSums } from './ledger.ts';
import type { LedgerEntry } from './state.ts';
import { ManualClock, DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { Store } from '../../store/db.ts';
import { dmText, group1, groupText, member, RecordingChannel, T0, testBot, group2 } from '../../tests/helpers.ts';

const owner = member('老赵', 'wxid_owner');
const wang = member('王阿姨');
const li = member('李哥');
const zhang = member('小张');
const MIN = 60_000;

let seq = 0;
const share = (from: MemberRef, card: ShareEvent['card'], at: number, group: GroupRef | null = group1): ShareEvent =>
  ({ kind: 'share', id: `s${++seq}`, at, ...(group ? { group } : {}), from, card });
const join = (who: MemberRef, at: number, inviter?: MemberRef, group: GroupRef = group1): JoinEvent =>
  ({ kind: 'join', id: `j${++seq}`, at, group, member: who, ...(inviter ? { inviter } : {}) });
const leave = (who: MemberRef, at: number, group: GroupRef = group1): InboundEvent =>
  ({ kind: 'leave', id: `l${++seq}`, at, group, member: who });
const link = (url: string, title = '链接'): ShareEvent['card'] => ({ type: 'link', title, url });

async function bot(env: Record<string, string> = {}) {
  const t = await testBot({ OWNER_IDS: 'wxid_owner', ...env });
  const points: Array<Record<string, unknown>> = [];
  t.linli.services.store.log.subscribe((e) => void (e.kind === 'points' && points.push(e)));
  const state = () => t.linli.services.store.data.points;
  const ledger = () => ledgerJournal(t.linli.services.store).entries;
  const balance = (m: MemberRef) => state().balances[m.id] ?? 0;
  /** Handles each event at its time, then lets everything due run. */
  const run = async (...events: InboundEvent[]) => {
    for (const e of events) {
      await t.linli.engine.advanceTo(Math.max(e.at, t.clock.now()), t.clock);
      await t.linli.handle(e);
    }
    await t.linli.engine.advanceTo(t.clock.now() + 2 * MIN, t.clock);
  };
  const texts = () => t.channel.sent.map((m) => m.text);
  const say = async (from: MemberRef, text: string, at = t.clock.now(), group: GroupRef | null = group1) => {
    await run(group ? groupText(from, text, at, group) : dmText(from, text, at));
    // The answer to the speaker: a DM to them, or a group post that @mentions them.
    const toSpeaker = t.channel.sent.filter((m) => (m.to.kind === 'dm' ? m.to.member.id === from.id : m.mentions.some((x) => x.id === from.id)));
    return toSpeaker.at(-1)?.text ?? '';
  };
  // Everyone the tests talk about is a known member of group 1 (and 王阿姨 of group 2).
  for (const m of [owner, wang, li, zhang]) await t.linli.handle(groupText(m, '大家好', T0 - 10 * MIN));
  await t.linli.handle(groupText(wang, '大家好', T0 - 10 * MIN, group2));
  return { ...t, points, state, ledger, balance, run, texts, say };
}

function expectHonestLedger(ledger: readonly LedgerEntry[], balances: Record<string, number>) {
  const sums = ledgerSums(ledger);
  for (const [m, b] of Object.entries(balances)) expect(b).toBe(sums.get(m) ?? 0);
  for (const [m, s] of sums) expect(balances[m]).toBe(s);
}

describe('check-ins', () => {
  it('earns once a day whichever group, answers in one short line, and says "already" once', async () => {
    const b = await bot();
    expect(await b.say(wang, '签到', T0)).toBe('签到成功 +5，连续签到 1 天，现在共 5 分');
    expect(b.channel.sent.at(-1)).toMatchObject({ to: { kind: 'group', group: group1 }, mentions: [wang] });
    expect(await b.say(wang, '打卡', T0 + 5 * MIN, group2)).toBe('今天已经签过到啦，明天再来～（连续 1 天，共 5 分）');
    const sent = b.channel.sent.length;
    await b.say(wang, '签到啦', T0 + 10 * MIN);
    expect(b.channel.sent.length).toBe(sent);
    expect(b.balance(wang)).toBe(5);
    expect(b.points).toEqual([expect.objectContaining({
      kind: 'points', member: { id: wang.id, name: '王阿姨', no: 2 }, amount: 5, balance: 5, movement: 'checkin', reason: '签到',
      key: `checkin:${wang.id}:2026-11-21`, group: group1,
    })]);
  });

  it('counts a streak by calendar day in Shanghai, pays the day-7 bonus, and starts again after a missed day', async () => {
    const b = await bot();
    // 23:50 and 00:10 are two days in Shanghai.
    const late = Date.parse('2026-11-21T23:50:00+08:00');
    await b.say(wang, '签到', late);
    expect(await b.say(wang, '签到', late + 20 * MIN)).toBe('签到成功 +5，连续签到 2 天，现在共 10 分');
    for (let d = 2; d < 6; d++) await b.say(wang, '签到', Date.parse('2026-11-22T08:00:00+08:00') + d * DAY_MS - DAY_MS);
    expect(await b.say(wang, '签到', Date.parse('2026-11-27T08:00:00+08:00'))).toBe('签到成功 +5，连续签到 7 天再奖 10 分！现在共 45 分');
    expect(await b.say(wang, '签到', Date.parse('2026-11-29T08:00:00+08:00'))).toBe('签到成功 +5，连续签到 1 天，现在共 50 分');
    expect(b.ledger().filter((e) => e.kind === 'streak')).toEqual([
      expect.objectContaining({ amount: 10, reason: '连续签到7天奖励', key: `streak:${wang.id}:2026-11-27` }),
    ]);
  });

  it('gathers the morning rush into one message a minute per group', async () => {
    const b = await bot();
    const people = ['王阿姨', '李哥', '小张', '陈姐', '刘老师'].map((n) => member(n));
    await b.run(...people.map((p, i) => groupText(p, i === 2 ? '打卡' : '签到', T0 + i * 5_000)), groupText(member('周大爷'), '签到', T0 + 90_000));
    const inGroup = b.channel.sent.filter((m) => m.to.kind === 'group');
    expect(inGroup.map((m) => [m.at - T0, m.text])).toEqual([
      [0, '签到成功 +5，连续签到 1 天，现在共 5 分'],
      [60_000, '签到：\n李哥 +5（连续1天，共5分）\n小张 +5（连续1天，共5分）\n陈姐 +5（连续1天，共5分）\n刘老师 +5（连续1天，共5分）'],
      [120_000, '签到：周大爷 +5（连续1天，共5分）'],
    ]);
    for (const p of people) expect(b.balance(p)).toBe(5);
  });

  it('keeps groups apart when gathering', async () => {
    const b = await bot();
    await b.run(groupText(wang, '签到', T0), groupText(li, '签到', T0 + 1_000), groupText(zhang, '签到', T0 + 2_000, group2));
    expect(b.channel.sent.map((m) => [m.to.kind === 'group' ? m.to.group.name : '', m.at - T0, m.text])).toEqual([
      ['幸福里1群', 0, '签到成功 +5，连续签到 1 天，现在共 5 分'],
      ['幸福里2群', 2_000, '签到成功 +5，连续签到 1 天，现在共 5 分'],
      ['幸福里1群', 60_000, '签到：李哥 +5（连续1天，共5分）'],
    ]);
  });

  it('is not a question, a 接龙 or a DM', async () => {
    const b = await bot();
    await b.run(groupText(wang, '怎么签到？', T0), groupText(li, '签到有什么奖励', T0 + 1_000));
    await b.run(groupText(zhang, '#接龙\n周六签到送鸡蛋\n\n1. 3-501 小张 签到', T0 + 2_000));
    expect(b.ledger()).toEqual([]);
    expect(b.texts().every((t) => t.startsWith('已登记') || t.startsWith('每天在群里发「签到」'))).toBe(true);
    expect(await b.say(wang, '签到', T0 + 5 * MIN, null)).toBe('签到要在群里发哦：在任意一个邻里群里发「签到」就行～');
    expect(b.ledger()).toEqual([]);
  });

  it('answers how to check in, with the configured points, and pays nothing', async () => {
    const b = await bot({ POINTS_CHECKIN: '3', POINTS_STREAK_BONUS: '5:4' });
    const how = '每天在群里发「签到」就行，每次 +3 分；连续签到 5 天再奖 4 分。发「我的积分」可以查积分～';
    expect(await b.say(wang, '怎么签到', T0)).toBe(how);
    expect(await b.say(li, '怎么签到啊', T0 + MIN)).toBe(how);
    expect(await b.say(zhang, '签到怎么弄', T0 + 2 * MIN)).toBe(how);
    expect(b.ledger()).toEqual([]);
  });

  it('never pays twice for one check-in, also after a restart', async () => {
    const b = await bot();
    const event = groupText(wang, '签到', T0);
    await b.run(event);
    await b.linli.close();
    const store = await Store.open(b.config.DATA_DIR);
    const clock = new ManualClock(T0 + MIN);
    const again = await createLinli({ config: b.config, clock, log: silentLogger(), store });
    await again.handle(event);
    await again.handle(groupText(wang, '签到', T0 + 2 * MIN, group2));
    expect(store.data.points.balances[wang.id]).toBe(5);
    expect(ledgerJournal(store).entries).toHaveLength(1);
    await again.close();
  });

  it('follows the configured amounts', async () => {
    const b = await bot({ POINTS_CHECKIN: '3', POINTS_STREAK_BONUS: '2:4' });
    await b.say(wang, '签到', T0);
    expect(await b.say(wang, '签到', T0 + DAY_MS)).toBe('签到成功 +3，连续签到 2 天再奖 4 分！现在共 10 分');
  });
});

describe('shares', () => {
  it('pays quietly, three a day, and a link once per member however it is dressed', async () => {
    const b = await bot();
    const before = b.channel.sent.length;
    await b.run(
      share(zhang, link('https://example.com/live?utm_source=wx', '今晚直播'), T0),
      share(zhang, link('https://example.com/live#top', '今晚直播'), T0 + 1_000),
      share(zhang, { type: 'miniprogram', title: '团购小程序' }, T0 + 2_000),
      share(zhang, { type: 'channel', title: '草莓开箱', url: 'finder:14' }, T0 + 3_000),
      share(zhang, link('https://example.com/deal'), T0 + 4_000),
      share(li, link('https://example.com/live'), T0 + 5_000),
      share(li, link('https://example.com/elsewhere'), T0 + 6_000, null),
    );
    // Nothing to the group or the sharers (the owner may hear that a newcomer posted a link: hygiene).
    expect(b.channel.sent.slice(before).filter((m) => !(m.to.kind === 'dm' && m.to.member.id === 'wxid_owner'))).toEqual([]);
    expect(b.ledger().filter((e) => e.member === zhang.id).map((e) => e.reason)).toEqual(['分享「今晚直播」', '分享「团购小程序」', '分享「草莓开箱」']);
    expect(b.balance(zhang)).toBe(6);
    expect(b.balance(li)).toBe(2);
    // A new day, a new allowance; the old link still counts once.
    await b.run(share(zhang, link('https://example.com/live'), T0 + DAY_MS), share(zhang, link('https://example.com/deal'), T0 + DAY_MS + 1_000));
    expect(b.balance(zhang)).toBe(8);
  });

  it('counts a photo as a share when 晒单 is said beside it', async () => {
    const b = await bot();
    const photo = (from: MemberRef, at: number, title = '') => share(from, { type: 'photo', title }, at);
    await b.run(photo(wang, T0), groupText(wang, '晒单！草莓好甜', T0 + 30_000));
    await b.run(groupText(li, '晒单：今天的菜', T0 + 60_000), photo(li, T0 + 90_000));
    await b.run(photo(zhang, T0 + 100_000), groupText(zhang, '晒单', T0 + 100_000 + 3 * MIN));
    await b.run(photo(zhang, T0 + 10 * MIN));
    expect([b.balance(wang), b.balance(li), b.balance(zhang)]).toEqual([2, 2, 0]);
    expect(b.ledger().map((e) => e.reason)).toEqual(['晒单', '晒单']);
  });
});

describe('invites', () => {
  it('pays a resident for a newcomer, not for a re-join, an old member, the owner or the bot', async () => {
    const b = await bot();
    const xiaoli = member('小李');
    const chen = member('陈姐');
    await b.run(groupText(chen, '早', T0, group2));
    await b.run(
      join(xiaoli, T0 + MIN, wang),
      leave(xiaoli, T0 + 2 * MIN),
      join(xiaoli, T0 + 3 * MIN, li),
      join(chen, T0 + 4 * MIN, li),
      join(member('小周'), T0 + 5 * MIN, owner),
      join(member('小吴'), T0 + 6 * MIN, member('邻里小助手', 'wxid_bot')),
      join(member('小郑'), T0 + 7 * MIN),
    );
    expect(b.ledger().map((e) => [e.member, e.amount, e.reason, e.key])).toEqual([
      [wang.id, 10, '邀请小李入群', `invite:${wang.id}:${xiaoli.id}`],
    ]);
    expect(b.channel.sent.filter((m) => m.at > T0)).toEqual([]);
  });

  it('pays the inviter again on the newcomer’s first 接龙 sign-up, once ever', async () => {
    const b = await bot();
    const xiaoli = member('小李');
    await b.run(join(xiaoli, T0, wang));
    const { log } = b.linli.services.store;
    const signup = (id: string, who: MemberRef | null, change = 'signup') => log.append({
      kind: 'jielong', change, id, at: T0 + MIN, jielong: 'jl-1', group: group1, member: who && { id: who.id, name: who.name },
      name: who?.name ?? null, room: null, items: [], amount: 30,
    });
    signup('e1', null);
    signup('e2', li);
    expect(b.balance(wang)).toBe(10);
    signup('e3', xiaoli, 'edit');
    expect(b.balance(wang)).toBe(10);
    signup('e4', xiaoli);
    signup('e5', xiaoli);
    signup('e4', xiaoli);
    expect(b.balance(wang)).toBe(30);
    expect(b.ledger().at(-1)).toMatchObject({ kind: 'referral', reason: '小李首次接龙', source: 'e4', key: `referral:${wang.id}:${xiaoli.id}` });
    expect(b.points.at(-1)).toMatchObject({ movement: 'referral', amount: 20, balance: 30, group: group1 });
  });

  it('the 接龙 handler’s own sign-up events pay the referral', async () => {
    const b = await bot();
    const xiaoli = member('小李');
    await b.run(join(xiaoli, T0, wang), groupText(xiaoli, '#接龙\n周六草莓团\n\n1. 3-501 小李 2盒', T0 + MIN));
    expect(b.balance(wang)).toBe(30);
  });
});

describe('purchases', () => {
  const closed = (id: string, orders: unknown[]) => ({
    kind: 'jielong-closed', id, at: T0 + MIN, jielong: 'jl-7', group: group1, title: '周六冷榨油团购', orders,
  });

  it('pays a point per yuan, rounded down, once per order however often the 接龙 closes', async () => {
    const b = await bot();
    const { log } = b.linli.services.store;
    const orders = [
      { lineId: 1, member: { id: wang.id, name: '王阿姨' }, amount: 79.8, items: [] },
      { lineId: 2, member: { id: li.id, name: '李哥' }, amount: null, items: [] },
      { lineId: 3, member: null, amount: 50, items: [] },
      { lineId: 4, member: { id: 'wxid_new', name: '新邻居' }, amount: 0.5, items: [] },
      { lineId: 5, member: { id: wang.id, name: '王阿姨' }, amount: 20, items: [] },
    ];
    log.append(closed('c1', orders));
    log.append(closed('c2', orders));
    expect(b.ledger().map((e) => [e.member, e.amount, e.key, e.reason])).toEqual([
      [wang.id, 79, 'purchase:jl-7:1', '接龙「周六冷榨油团购」¥79.8'],
      [wang.id, 20, 'purchase:jl-7:5', '接龙「周六冷榨油团购」¥20'],
    ]);
    expect(b.points.map((p) => p.group)).toEqual([group1, group1]);
  });

  it('skips a malformed close without losing the next one', async () => {
    const b = await bot();
    const { log } = b.linli.services.store;
    log.append({ kind: 'jielong-closed', id: 'bad', at: T0, orders: 'none' });
    log.append(closed('c1', [{ lineId: 1, member: { id: wang.id, name: '王阿姨' }, amount: 12 }]));
    expect(b.balance(wang)).toBe(12);
  });
});

describe('what residents see', () => {
  it('我的积分 shows balance, streak, this week’s place and the last five movements', async () => {
    const b = await bot();
    expect(await b.say(wang, '我的积分', T0, null)).toBe('你现在还没有积分。每天在群里发「签到」+5 分，分享链接、邀请邻居也能攒积分～');
    await b.run(groupText(wang, '签到', T0), groupText(li, '签到', T0 + 5 * MIN));
    for (let i = 0; i < 5; i++) await b.run(share(wang, link(`https://example.com/${i}`, `团购${i}`), T0 + DAY_MS + i * 1_000));
    await b.run(groupText(li, '签到', T0 + DAY_MS + 10 * MIN), groupText(li, '@王阿姨 /积分', T0 + DAY_MS + 11 * MIN));
    expect(await b.say(wang, '我的积分', T0 + DAY_MS + 20 * MIN, null)).toBe([
      '你现在有 11 分｜连续签到 1 天（今天还没签）｜本周第 1 名',
      '最近：', '11-22 分享「团购2」 +2', '11-22 分享「团购1」 +2', '11-22 分享「团购0」 +2', '11-21 签到 +5',
    ].join('\n'));
    expect(await b.say(li, '/积分', T0 + DAY_MS + 21 * MIN)).toBe(['你现在有 10 分｜连续签到 2 天｜本周第 2 名', '最近：', '11-22 签到 +5', '11-21 签到 +5'].join('\n'));
  });

  it('积分排行 lists this week’s top ten in the group, or the whole shop in a DM', async () => {
    const b = await bot();
    const sunday = Date.parse('2026-11-22T09:00:00+08:00');
    const chen = member('陈姐');
    await b.run(groupText(wang, '签到', sunday), groupText(chen, '签到', sunday + 2 * MIN, group2), share(wang, link('https://a.example/1'), sunday + 3 * MIN));
    expect(await b.say(li, '积分排行', sunday + 10 * MIN)).toBe('本周积分榜（幸福里1群）：\n1. 王阿姨 7 分');
    expect(await b.say(li, '/排行', sunday + 11 * MIN, null)).toBe('本周积分榜：\n1. 王阿姨 7 分\n2. 陈姐 5 分');
    expect(await b.say(chen, '积分排行', sunday + 12 * MIN, group2)).toBe('本周积分榜（幸福里2群）：\n1. 王阿姨 7 分\n2. 陈姐 5 分');
    // Monday: a new week.
    expect(await b.say(li, '积分排行', sunday + DAY_MS)).toBe('本周还没有人得分，发「签到」就能上榜～');
    expect(b.balance(wang)).toBe(7);
  });

  it('/help lists the points words for everyone and the owner forms only for the owner', async () => {
    const b = await bot();
    const resident = await b.say(wang, '/help', T0, null);
    expect(resident).toContain('签到（或 打卡） — 在群里每天签到 +5 分');
    expect(resident).toContain('/兑换 名称（或发「兑换 名称」） — 用积分兑换奖品');
    expect(resident).toContain('/积分（或发「我的积分」）');
    expect(resident).not.toContain('/积分 调整');
    expect(resident).not.toContain('/奖品');
    const forOwner = await b.say(owner, '/help', T0 + MIN, null);
    expect(forOwner.split('居民可用')[0]).toContain('/积分 调整 @某人 +20 原因');
    expect(forOwner.split('居民可用')[0]).toContain('/奖品 新增 名称 积分 库存');
  });
});

describe('owner adjustments', () => {
  it('adds and deducts with a reason, never below zero, only for the owner', async () => {
    const b = await bot();
    const at = (n: number) => T0 + n * MIN;
    expect(await b.say(owner, '/积分 调整 @王阿姨 +20 帮忙搬货', at(1))).toBe('已给王阿姨加 20 分（帮忙搬货），现在共 20 分。');
    expect(await b.say(owner, '/积分 调整 王阿姨 -30 重复领取', at(2), null)).toBe('王阿姨现在只有 20 分，最多能扣 20 分，积分不会扣成负数。');
    expect(await b.say(owner, '/积分 调整 王阿姨 -20 重复领取', at(3), null)).toBe('已给王阿姨扣 20 分（重复领取），现在共 0 分。');
    expect(await b.say(owner, '/积分 调整 @王阿姨 +20', at(4))).toBe('请写上原因，居民会在积分明细里看到，比如：/积分 调整 @王阿姨 +20 帮忙搬货');
    expect(await b.say(owner, '/积分 调整 @不认识 +20 原因', at(5))).toBe('没找到「不认识」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。');
    expect(await b.say(li, '/积分 调整 @李哥 +100 我想要', at(6))).toBe('抱歉，调整积分只有团长可以。想看自己的积分，发 /积分 就行。');
    expect(await b.say(li, '/积分 查 @王阿姨', at(7))).toBe('抱歉，查看别人的积分只有团长可以。想看自己的积分，发 /积分 就行。');
    expect(b.balance(li)).toBe(0);
    expect(b.ledger().map((e) => [e.amount, e.reason, e.by])).toEqual([[20, '团长调整：帮忙搬货', owner.id], [-20, '团长调整：重复领取', owner.id]]);
    expect(await b.say(owner, '/积分 查 @王阿姨', at(8))).toBe([
      '王阿姨现在有 0 分｜今天还没签到｜本周还没上榜', '最近：', '11-21 团长调整：重复领取 -20', '11-21 团长调整：帮忙搬货 +20',
    ].join('\n'));
  });

  it('finds the person by the @mention the message carries', async () => {
    const b = await bot();
    const mentioned = { id: 'wxid_hidden', name: '小美', groupAlias: '8栋小美' };
    await b.run({ ...groupText(owner, '/积分 调整 @8栋小美\u2005+5 好评', T0), mentions: [mentioned] });
    expect(b.ledger()).toEqual([expect.objectContaining({ member: 'wxid_hidden', amount: 5 })]);
    expect(b.points[0]).toMatchObject({ member: { id: 'wxid_hidden', name: '小美' } });
  });
});

describe('rewards', () => {
  it('the owner adds, lists and takes down rewards; residents redeem, and the owner hears of it', async () => {
    const b = await bot();
    const at = (n: number) => T0 + n * MIN;
    expect(await b.say(owner, '/奖品 新增 维达抽纸 30 1', at(1), null)).toBe('已添加奖品「维达抽纸」：30 分，库存 1。居民发「兑换 维达抽纸」就能换。');
    expect(await b.say(owner, '/奖品 新增 鸡蛋 10 个', at(2), null)).toBe('格式是：/奖品 新增 名称 积分 库存，比如 /奖品 新增 抽纸 30 10（30 分换一包，共 10 包）');
    await b.say(owner, '/奖品 新增 洗洁精 50 5', at(3), null);
    await b.say(owner, '/积分 调整 王阿姨 +40 老顾客', at(4), null);
    await b.say(owner, '/积分 调整 李哥 +40 老顾客', at(5), null);

    expect(await b.say(zhang, '兑换 抽纸', at(6))).toBe('兑换「维达抽纸」要 30 分，你现在有 0 分，还差 30 分。每天签到、分享都能攒积分，加油～');
    expect(await b.say(wang, '兑换 抽纸', at(7))).toBe('兑换成功！「维达抽纸」给你留好了，扣 30 分，还剩 10 分。团长下次送货时带给你～');
    const toOwner = b.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === owner.id).at(-1);
    expect(toOwner!.text).toBe('王阿姨（在幸福里1群）用 30 分兑换了「维达抽纸」，下次送货请带上。「维达抽纸」还剩 0 份。');
    expect(await b.say(li, '兑换 维达抽纸', at(8), null)).toBe('「维达抽纸」已经换完了。还可以换：「洗洁精」。');
    expect(await b.say(li, '兑换 酱油', at(9), null)).toBe('没有「酱油」这个奖品。现在可以兑换：「维达抽纸」、「洗洁精」。发「兑换 名称」就行。');
    expect(await b.say(li, '兑换', at(10), null)).toBe('你有 40 分，可以兑换：\n维达抽纸 30 分（已换完）\n洗洁精 50 分\n发「兑换 名称」就行。');
    const sent = b.channel.sent.length;
    await b.say(li, '兑换好麻烦啊', at(11));
    expect(b.channel.sent.length).toBe(sent);

    expect(await b.say(owner, '/奖品 下架 洗洁精', at(12), null)).toBe('「洗洁精」已下架，居民不能再兑换了；已经兑换的照常送。');
    expect(await b.say(owner, '/奖品 列表', at(13), null)).toBe('奖品：\n维达抽纸：30 分，库存 0，已兑 1\n（已下架）洗洁精：50 分，库存 5，已兑 0');
    expect(await b.say(owner, '/兑换记录', at(14), null)).toBe('最近的兑换（共 1 次）：\n11-21 09:07 王阿姨 兑换「维达抽纸」30 分（幸福里1群）');
    expect(await b.say(li, '/奖品 列表', at(15), null)).toBe('抱歉，/奖品 只有团长可以使用。发送 /help 看看你能用的命令。');
    expect(b.ledger().filter((e) => e.kind === 'redeem')).toEqual([expect.objectContaining({ member: wang.id, amount: -30, reason: '兑换「维达抽纸」' })]);
    expectHonestLedger(b.ledger(), b.state().balances);
  });

  it('gives the last one to one of two residents asking at once, and deducts once', async () => {
    const b = await bot();
    await b.say(owner, '/奖品 新增 鸡蛋 10 1', T0, null);
    await b.say(owner, '/积分 调整 王阿姨 +10 活动', T0 + 1_000, null);
    await b.say(owner, '/积分 调整 李哥 +10 活动', T0 + 2_000, null);
    const e1 = dmText(wang, '兑换 鸡蛋', T0 + MIN);
    const e2 = dmText(li, '兑换 鸡蛋', T0 + MIN);
    await Promise.all([b.linli.handle(e1), b.linli.handle(e2), b.linli.handle(e1)]);
    await b.run();
    expect(b.state().rewards[0]).toMatchObject({ stock: 0, redeemed: 1 });
    expect(b.state().redemptions).toHaveLength(1);
    expect(b.balance(wang) + b.balance(li)).toBe(10);
    expectHonestLedger(b.ledger(), b.state().balances);
  });

  it('updates a reward added again under the same name', async () => {
    const b = await bot();
    await b.say(owner, '/奖品 新增 鸡蛋 10 1', T0, null);
    await b.say(owner, '/奖品 下架 鸡蛋', T0 + MIN, null);
    expect(await b.say(owner, '/奖品 新增 鸡蛋 12 20', T0 + 2 * MIN, null)).toBe('「鸡蛋」已更新：12 分，库存 20。');
    expect(b.state().rewards).toEqual([expect.objectContaining({ name: '鸡蛋', cost: 12, stock: 20, active: true })]);
  });
});

describe('the ledger in the store', () => {
  it('logs every movement as a behaviour event and keeps balances equal to the ledger after a restart', async () => {
    const b = await bot();
    await b.run(groupText(wang, '签到', T0), share(wang, link('https://x.example/1'), T0 + 1_000), join(member('小李'), T0 + 2_000, wang));
    await b.say(owner, '/积分 调整 王阿姨 -3 测试', T0 + MIN, null);
    expect(b.points.map((p) => p.key)).toEqual(b.ledger().map((e) => e.key));
    expect(b.points.map((p) => p.balance)).toEqual([5, 7, 17, 14]);
    await b.linli.close();

    const store = await Store.open(b.config.DATA_DIR);
    store.data.points.balances[wang.id] = 999;
    const again = await createLinli({ config: b.config, clock: new ManualClock(T0 + DAY_MS), log: silentLogger(), store });
    expect(store.data.points.balances[wang.id]).toBe(14);
    expectHonestLedger(ledgerJournal(store).entries, store.data.points.balances);
    await again.close();
  });
});

describe('after a crash between the ledger and state.json', () => {
  it('balances, streaks and redemptions are mended from the ledger, and the owner hears of the gift once', async () => {
    const b = await bot();
    await b.say(owner, '/奖品 新增 鸡蛋 10 3', T0, null);
    await b.say(owner, '/积分 调整 王阿姨 +20 活动', T0 + 1_000, null);
    await b.linli.services.store.flush();
    const before = readFileSync(joinPath(b.config.DATA_DIR, 'state.json'));
    // The ledger lines are written at once; state.json only later, and here never.
    await b.run(groupText(wang, '签到', T0 + MIN), dmText(wang, '兑换 鸡蛋', T0 + 2 * MIN));
    await b.linli.close();
    writeFileSync(joinPath(b.config.DATA_DIR, 'state.json'), before);

    const store = await Store.open(b.config.DATA_DIR);
    const clock = new ManualClock(T0 + 10 * MIN);
    const again = await createLinli({ config: b.config, clock, log: silentLogger(), store });
    const channel = new RecordingChannel(clock);
    again.attach(channel);
    const points = store.data.points;
    expect(points.balances[wang.id]).toBe(15);
    expectHonestLedger(ledgerJournal(store).entries, points.balances);
    expect(points.redemptions).toEqual([expect.objectContaining({ reward: '鸡蛋', cost: 10, member: { id: wang.id, name: '王阿姨' } })]);
    expect(points.rewards[0]).toMatchObject({ stock: 2, redeemed: 1 });

    await again.handle(groupText(wang, '签到', T0 + 10 * MIN));
    await again.engine.advanceTo(T0 + 12 * MIN, clock);
    expect(points.balances[wang.id]).toBe(15);
    expect(points.streaks[wang.id]).toMatchObject({ lastDay: '2026-11-21', streak: 1 });
    // The notice went out before the crash; outbox.jsonl, like the ledger, outlives the lost
    // state.json, so the mended redemption's notice is refused by its key, not sent twice.
    const gift = '王阿姨用 10 分兑换了「鸡蛋」，下次送货请带上。「鸡蛋」还剩 2 份。';
    expect(b.channel.sent.filter((m) => m.text === gift)).toHaveLength(1);
    expect(channel.sent.map((m) => m.text)).toEqual(['今天已经签过到啦，明天再来～（连续 1 天，共 15 分）']);
    await again.close();
  });
});

describe('gathered check-in answers after downtime', () => {
  it('a gathering skipped while the bot was down does not hold later answers back', async () => {
    const b = await bot();
    await b.linli.handle(groupText(wang, '签到', T0));
    await b.linli.handle(groupText(li, '签到', T0 + 1_000));
    // The bot is down past the scheduler's missed window: the gathered answer is skipped.
    b.clock.set(T0 + 8 * HOUR_MS);
    await b.linli.services.scheduler.runDue();
    await b.run(groupText(zhang, '签到', T0 + 8 * HOUR_MS + 1_000));
    expect(b.texts()).toContain('签到成功 +5，连续签到 1 天，现在共 5 分');
    expect(b.channel.sent.at(-1)).toMatchObject({ mentions: [zhang], text: '签到成功 +5，连续签到 1 天，现在共 5 分' });
    expect(b.texts().some((t) => t.includes('李哥'))).toBe(false);
  });
});

describe('purchases from the 接龙 feature', () => {
  it('an owner closing a 接龙 pays each order a point per yuan, once', async () => {
    const b = await bot();
    b.linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
    await b.run(
      groupText(wang, '#接龙\n周六亚麻籽油团购\n\n1. 3-501 王阿姨 亚麻籽油2瓶', T0),
      groupText(li, '#接龙\n周六亚麻籽油团购\n\n1. 3-501 王阿姨 亚麻籽油2瓶\n2. 7-1102 李哥 亚麻籽油1瓶', T0 + MIN),
      groupText(owner, '/接龙 关 周六亚麻籽油团购', T0 + 5 * MIN),
      groupText(owner, '/接龙 关 周六亚麻籽油团购', T0 + 6 * MIN),
    );
    expect(b.ledger().map((e) => [e.member, e.amount, e.kind])).toEqual([[wang.id, 79, 'purchase'], [li.id, 39, 'purchase']]);
    expect(b.ledger()[0]!.reason).toBe('接龙「周六亚麻籽油团购」¥79.8');
  });
});
