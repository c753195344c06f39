import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import {
  checkinHowTo, checkinOutcome, currentStreak, dayNumber, inviteEarns, isCheckinQuestion, isCheckinText, normalizeUrl, parseAdjust, purchasePoints,
  dayBounds, rulesFrom, shareDecision, shareIdentity, weekStart,
} from './rules.ts';

const rules = rulesFrom(loadConfig({}));

describe('what counts as a check-in', () => {
  it.each(['签到', '打卡', '签到啦', '签到！', '每日签到', '早安打卡[太阳]', '签到签到', '打卡第7天', '已签到', '签到～🌞', ' 签到 '])('%s is a check-in', (text) => {
    expect(isCheckinText(text)).toBe(true);
  });

  it.each([
    '怎么签到', '签到有什么用？', '签到了吗', '今天忘记签到了', '签到不了', '签到奖励', '1. 3-501 王阿姨 签到',
    '大家记得每天来群里签到领积分哦', '签到?', '我想问一下打卡规则', '签到吧', '今天菜真新鲜', '',
  ])('%s is not', (text) => {
    expect(isCheckinText(text)).toBe(false);
  });
});

describe('questions about checking in', () => {
  it.each(['怎么签到', '怎么签到啊', '签到怎么弄', '怎么签到？', '打卡规则是啥', '签到有什么奖励', '我想问一下打卡规则'])('%s is a question', (text) => {
    expect(isCheckinQuestion(text)).toBe(true);
  });

  it.each(['签到', '签到了吗', '今天忘记签到了', '大家记得每天来群里签到领积分哦', '怎么这么多人', '周六签到送鸡蛋，怎么报名请看群公告', '今天怎么没人签到', '我签到了怎么没加分', '签到奖励没到账'])('%s is not', (text) => {
    expect(isCheckinQuestion(text)).toBe(false);
  });

  it('answers with the configured points and streak bonuses', () => {
    expect(checkinHowTo(rules)).toBe('每天在群里发「签到」就行，每次 +5 分；连续签到 7 天再奖 10 分，30 天再奖 30 分。发「我的积分」可以查积分～');
    expect(checkinHowTo(rulesFrom(loadConfig({ POINTS_CHECKIN: '3', POINTS_STREAK_BONUS: 'off' })))).toBe('每天在群里发「签到」就行，每次 +3 分。发「我的积分」可以查积分～');
  });
});

describe('streaks', () => {
  it('grows on consecutive days, pays the configured bonuses, and resets after a missed day', () => {
    let record: { lastDay: string; streak: number } | undefined;
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-09'];
    const seen = days.map((day) => {
      const o = checkinOutcome(record, day, rules)!;
      record = { lastDay: day, streak: o.streak };
      return [o.streak, o.base, o.bonus];
    });
    expect(seen).toEqual([[1, 5, 0], [2, 5, 0], [3, 5, 0], [4, 5, 0], [5, 5, 0], [6, 5, 0], [7, 5, 10], [1, 5, 0]]);
  });

  it('pays the 30-day bonus on day 30 only, and nothing twice on one day', () => {
    expect(checkinOutcome({ lastDay: '2026-11-29', streak: 29 }, '2026-11-30', rules)).toEqual({ streak: 30, base: 5, bonus: 30 });
    expect(checkinOutcome({ lastDay: '2026-11-30', streak: 30 }, '2026-12-01', rules)).toEqual({ streak: 31, base: 5, bonus: 0 });
    expect(checkinOutcome({ lastDay: '2026-11-30', streak: 30 }, '2026-11-30', rules)).toBeNull();
    expect(checkinOutcome({ lastDay: '2026-11-30', streak: 30 }, '2026-11-29', rules)).toBeNull();
  });

  it('crosses month and year ends', () => {
    expect(dayNumber('2027-01-01') - dayNumber('2026-12-31')).toBe(1);
    expect(dayNumber('2028-03-01') - dayNumber('2028-02-29')).toBe(1);
    expect(checkinOutcome({ lastDay: '2026-12-31', streak: 6 }, '2027-01-01', rules)).toEqual({ streak: 7, base: 5, bonus: 10 });
  });

  it('shows a streak while it can still go on, and 0 once a day was missed', () => {
    const record = { lastDay: '2026-11-20', streak: 4 };
    expect(currentStreak(record, '2026-11-20')).toBe(4);
    expect(currentStreak(record, '2026-11-21')).toBe(4);
    expect(currentStreak(record, '2026-11-22')).toBe(0);
    expect(currentStreak(undefined, '2026-11-22')).toBe(0);
  });

  it('takes bonuses from the configuration', () => {
    const custom = rulesFrom(loadConfig({ POINTS_CHECKIN: '3', POINTS_STREAK_BONUS: '3:1, 5:2' }));
    expect(checkinOutcome({ lastDay: '2026-11-01', streak: 2 }, '2026-11-02', custom)).toEqual({ streak: 3, base: 3, bonus: 1 });
    expect(rulesFrom(loadConfig({ POINTS_STREAK_BONUS: 'off' })).streakBonus).toEqual([]);
  });
});

describe('shares', () => {
  it('treats the same page as the same link however it was shared', () => {
    const a = normalizeUrl('https://mp.weixin.qq.com/s?__biz=MzA&mid=22&idx=1&sn=abc&scene=21#wechat_redirect');
    const b = normalizeUrl('HTTPS://MP.WEIXIN.QQ.COM/s?sn=abc&idx=1&mid=22&__biz=MzA&from=timeline&isappinstalled=0');
    expect(a).toBe(b);
    expect(normalizeUrl('https://example.com/live/')).toBe(normalizeUrl('https://example.com/live'));
    expect(normalizeUrl('https://example.com/live?utm_source=x')).toBe('https://example.com/live');
    expect(normalizeUrl('https://example.com/a')).not.toBe(normalizeUrl('https://example.com/b'));
    expect(normalizeUrl('https://example.com/deal?id=1')).not.toBe(normalizeUrl('https://example.com/deal?id=2'));
  });

  it('knows a card without a URL by its type and title, and a photo is not a card', () => {
    expect(shareIdentity({ type: 'miniprogram', title: '团购小程序' })).toBe('miniprogram:团购小程序');
    expect(shareIdentity({ type: 'channel', title: '开箱', url: 'finder:14' })).toBe('finder:14');
    expect(shareIdentity({ type: 'miniprogram', title: '  ' })).toBeNull();
    expect(shareIdentity({ type: 'photo', title: '晒单' })).toBeNull();
  });

  it('pays a few a day, each thing once', () => {
    expect(shareDecision(false, 0, 3)).toBe('award');
    expect(shareDecision(false, 2, 3)).toBe('award');
    expect(shareDecision(false, 3, 3)).toBe('cap');
    expect(shareDecision(false, 0, 0)).toBe('cap');
    expect(shareDecision(true, 0, 3)).toBe('repeat');
  });
});

describe('invites and purchases', () => {
  const facts = { inviterId: 'a', inviteeId: 'b', newcomer: true, inviterIsOwner: false, inviterIsBot: false };
  it('pays only a resident who brings someone new', () => {
    expect(inviteEarns(facts)).toBe(true);
    expect(inviteEarns({ ...facts, newcomer: false })).toBe(false);
    expect(inviteEarns({ ...facts, inviterIsOwner: true })).toBe(false);
    expect(inviteEarns({ ...facts, inviterIsBot: true })).toBe(false);
    expect(inviteEarns({ ...facts, inviteeId: 'a' })).toBe(false);
  });

  it('pays a point per yuan, rounded down, never for a missing or odd amount', () => {
    expect(purchasePoints(35.5, 1)).toBe(35);
    expect(purchasePoints(19.9 * 3, 1)).toBe(59);
    expect(purchasePoints(2.3, 3)).toBe(6);
    expect(purchasePoints(0.99, 1)).toBe(0);
    expect(purchasePoints(null, 1)).toBe(0);
    expect(purchasePoints(-5, 1)).toBe(0);
    expect(purchasePoints(Number.NaN, 1)).toBe(0);
    expect(purchasePoints(100, 0)).toBe(0);
  });
});

describe('owner adjustments', () => {
  it.each([
    ['@王阿姨 +20 帮忙搬货', { who: '王阿姨', amount: 20, reason: '帮忙搬货' }],
    ['@王阿姨\u2005-20 重复领取', { who: '王阿姨', amount: -20, reason: '重复领取' }],
    ['王阿姨 20 分 活动奖励', { who: '王阿姨', amount: 20, reason: '活动奖励' }],
    ['@王阿姨 扣10 迟到', { who: '王阿姨', amount: -10, reason: '迟到' }],
    ['@3栋王阿姨 +5 帮忙', { who: '3栋王阿姨', amount: 5, reason: '帮忙' }],
    ['@小王2 +20 帮忙 2 次', { who: '小王2', amount: 20, reason: '帮忙 2 次' }],
    ['@王阿姨＋20 好评', { who: '王阿姨', amount: 20, reason: '好评' }],
  ])('reads %s', (args, expected) => {
    expect(parseAdjust(args)).toEqual({ ok: true, ...expected });
  });

  it.each([
    ['', 'who'],
    ['@王阿姨 +20', 'reason'],
    ['@王阿姨 很多 原因', 'amount'],
    ['@王阿姨 +0 原因', 'amount'],
    ['@王阿姨 +9999999 原因', 'amount'],
    ['+20 原因', 'amount'],
  ])('says what is missing in %s', (args, problem) => {
    expect(parseAdjust(args)).toEqual({ ok: false, problem });
  });
});

describe('days and weeks', () => {
  it('a day runs from midnight to midnight in the shop’s time zone', () => {
    expect(dayBounds(Date.parse('2026-11-21T00:30:00+08:00'), 'Asia/Shanghai'))
      .toEqual([Date.parse('2026-11-21T00:00:00+08:00'), Date.parse('2026-11-22T00:00:00+08:00')]);
    expect(dayBounds(Date.parse('2026-12-31T23:59:00+08:00'), 'Asia/Shanghai'))
      .toEqual([Date.parse('2026-12-31T00:00:00+08:00'), Date.parse('2027-01-01T00:00:00+08:00')]);
  });


  it('a week starts on Monday at midnight in the shop’s time zone', () => {
    const tz = 'Asia/Shanghai';
    const monday = Date.parse('2026-11-16T00:00:00+08:00');
    expect(weekStart(Date.parse('2026-11-21T09:00:00+08:00'), tz)).toBe(monday);
    expect(weekStart(Date.parse('2026-11-22T23:59:00+08:00'), tz)).toBe(monday);
    expect(weekStart(monday, tz)).toBe(monday);
    expect(weekStart(Date.parse('2026-11-23T00:00:00+08:00'), tz)).toBe(Date.parse('2026-11-23T00:00:00+08:00'));
    // 2026-11-15 20:00 UTC is already Monday the 16th in Shanghai.
    expect(weekStart(Date.parse('2026-11-15T20:00:00Z'), tz)).toBe(monday);
  });
});
