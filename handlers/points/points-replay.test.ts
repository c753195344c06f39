// A week of points in the shop's groups, replayed through the real router, handlers,
// scheduler and outbox (tests/fixtures/points-week.jsonl): daily check-ins with a streak
// and a missed day, a check-in from a second group on the same day, shares over the cap
// and a repeated link, an invite chain with a re-join and first orders, an owner's
// adjustment and a resident's refused one, one redemption that succeeds and one that does not.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { ledgerJournal } from './book.ts';
import { ledgerSums } from './ledger.ts';
import { Store } from '../../store/db.ts';
import { readLog } from '../../store/log.ts';
import { testConfig } from '../../tests/helpers.ts';

const G1 = '幸福里1群';

describe('a week of points in a group', () => {
  it('answers as a week of residents and an owner would expect, and keeps an honest ledger', async () => {
    const config = testConfig();
    const out: ReplayOutput[] = [];
    const script = parseScript(readFileSync('tests/fixtures/points-week.jsonl', 'utf8'));
    await runReplay(script, { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });

    const g = (at: string, text: string, mentions: string[] = [], group = G1) => ({ at: `2026-11-${at}+08:00`, group, text, mentions });
    const dm = (at: string, to: string, text: string) => ({ at: `2026-11-${at}+08:00`, dm: to, text });
    expect(out).toEqual([
      dm('23T07:30:00', '老赵', '已添加奖品「抽纸」：30 分，库存 5。居民发「兑换 抽纸」就能换。'),
      // The morning rush: the first answer at once, the next two gathered a minute later.
      g('23T08:00:00', '签到成功 +5，连续签到 1 天，现在共 5 分', ['王阿姨']),
      // A question about checking in is answered with the rules, and earns nothing.
      g('23T08:00:40', '每天在群里发「签到」就行，每次 +5 分；连续签到 7 天再奖 10 分，30 天再奖 30 分。发「我的积分」可以查积分～', ['陈姐']),
      g('23T08:01:00', '签到：李哥 +5（连续1天，共5分）；小张 +5（连续1天，共5分）'),
      // The second group the same day earns nothing.
      g('23T08:05:00', '今天已经签过到啦，明天再来～（连续 1 天，共 5 分）', ['王阿姨'], '幸福里2群'),
      // Shares and invites earn quietly; the 接龙 confirmations are the 接龙 feature's.
      g('23T11:00:05', '已登记「周六草莓团」：小李 3-501 ×2盒'),
      g('23T11:05:05', '已登记「周六草莓团」：小周 5-201 ×1盒'),
      g('23T11:10:05', '已登记「周六草莓团」：小李 3-501 鸡蛋×1板'),
      g('24T08:00:00', '签到成功 +5，连续签到 2 天，现在共 40 分', ['王阿姨']),
      g('24T08:02:00', '签到成功 +5，连续签到 2 天，现在共 10 分', ['李哥']),
      g('25T08:00:00', '签到成功 +5，连续签到 3 天，现在共 45 分', ['王阿姨']),
      g('26T08:00:00', '签到成功 +5，连续签到 4 天，现在共 50 分', ['王阿姨']),
      // 李哥 missed Wednesday: his streak starts again.
      g('26T08:30:00', '签到成功 +5，连续签到 1 天，现在共 15 分', ['李哥']),
      g('27T08:00:00', '签到成功 +5，连续签到 5 天，现在共 55 分', ['王阿姨']),
      g('27T20:00:00', '已给李哥加 20 分（帮忙搬货），现在共 35 分。', ['老赵']),
      g('27T20:05:00', '抱歉，调整积分只有团长可以。想看自己的积分，发 /积分 就行。', ['李哥']),
      g('28T08:00:00', '签到成功 +5，连续签到 6 天，现在共 60 分', ['王阿姨']),
      g('28T12:00:00', '兑换成功！「抽纸」给你留好了，扣 30 分，还剩 30 分。团长下次送货时带给你～', ['王阿姨']),
      dm('28T12:00:00', '老赵', '王阿姨（在幸福里1群）用 30 分兑换了「抽纸」，下次送货请带上。「抽纸」还剩 4 份。'),
      g('28T12:05:00', '兑换「抽纸」要 30 分，你现在有 17 分，还差 13 分。每天签到、分享都能攒积分，加油～', ['小张']),
      g('29T08:00:00', '签到成功 +5，连续签到 7 天再奖 10 分！现在共 45 分', ['王阿姨']),
      dm('29T09:00:00', '王阿姨', [
        '你现在有 45 分｜连续签到 7 天｜本周第 1 名', '最近：',
        '11-29 连续签到7天奖励 +10', '11-29 签到 +5', '11-28 兑换「抽纸」 -30', '11-28 签到 +5', '11-27 签到 +5',
      ].join('\n')),
      g('29T09:05:00', '本周积分榜（幸福里1群）：\n1. 王阿姨 75 分\n2. 李哥 35 分\n3. 小李 30 分\n4. 小张 17 分', ['李哥']),
      dm('29T09:10:00', '老赵', '最近的兑换（共 1 次）：\n11-28 12:00 王阿姨 兑换「抽纸」30 分（幸福里1群）'),
    ]);

    const store = await Store.open(config.DATA_DIR);
    const points = store.data.points;
    const ledger = ledgerJournal(store).entries;
    expect(points.balances).toEqual({ 王阿姨: 45, 李哥: 35, 小张: 17, 小李: 30 });
    const sums = ledgerSums(ledger);
    for (const [member, balance] of Object.entries(points.balances)) expect(balance).toBe(sums.get(member));

    const of = (member: string, kind: string) => ledger.filter((e) => e.member === member && e.kind === kind);
    // Three shares on Monday (the repeated link and the fourth card earn nothing), three on Tuesday.
    expect(of('小张', 'share').map((e) => e.reason)).toEqual([
      '分享「今晚直播」', '分享「幸福里团购」', '分享「草莓开箱」', '分享「葡萄上新」', '分享「鸡蛋特价」', '分享「牛奶」',
    ]);
    // The chain: 王阿姨 brought 小李, 小李 brought 小周; each paid on the join and on the first order.
    // 小周 re-joining, 孙奶奶 (already in 2群) and the owner's invite of 小吴 earn nothing.
    expect(ledger.filter((e) => e.kind === 'invite' || e.kind === 'referral').map((e) => [e.member, e.amount, e.reason])).toEqual([
      ['王阿姨', 10, '邀请小李入群'], ['小李', 10, '邀请小周入群'], ['王阿姨', 20, '小李首次接龙'], ['小李', 20, '小周首次接龙'],
    ]);
    expect(points.rewards).toEqual([expect.objectContaining({ name: '抽纸', stock: 4, redeemed: 1 })]);
    await store.close();

    // Every movement is a behaviour event, in ledger order.
    const logged: Array<{ kind: string; key?: string }> = [];
    for await (const e of readLog<{ kind: string; key?: string }>(join(config.DATA_DIR, 'events.jsonl'))) if (e.kind === 'points') logged.push(e);
    expect(logged.map((e) => e.key)).toEqual(ledger.map((e) => e.key));
  });
});
