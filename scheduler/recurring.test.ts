import { describe, expect, it } from 'vitest';
import { formatIso } from './clock.ts';
import { nextCronSlot, parseSchedule } from './recurring.ts';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const read = (s: string) => parseSchedule(s, NOW, TZ);

describe('parseSchedule', () => {
  it.each([
    ['每天 8:00', '0 8 * * *', '每天 8:00'],
    ['每天早上8点', '0 8 * * *', '每天 8:00'],
    ['每天晚上8点半', '30 20 * * *', '每天 20:30'],
    ['每周三 19:00', '0 19 * * 3', '每周三 19:00'],
    ['每周日 10:00', '0 10 * * 0', '每周日 10:00'],
    ['每周一三五 晚上7点', '0 19 * * 1,3,5', '每周一、三、五 19:00'],
    ['每周日、六 9:05', '5 9 * * 6,0', '每周六、日 9:05'],
    ['每月1号 10:00', '0 10 1 * *', '每月1号 10:00'],
    ['每月15日 下午3点', '0 15 15 * *', '每月15号 15:00'],
    ['0 8 * * *', '0 8 * * *', '按 cron「0 8 * * *」'],
    ['*/30 9-18 * * 1-5', '*/30 9-18 * * 1-5', '按 cron「*/30 9-18 * * 1-5」'],
  ])('%s → %s', (input, pattern, label) => {
    expect(read(input)).toEqual({ kind: 'cron', pattern, label });
  });

  it.each([
    ['工作日 7:30', '30 7 * * *', 'workday', '工作日 7:30（按国家法定节假日和调休）'],
    ['每个工作日早上8点', '0 8 * * *', 'workday', '工作日 8:00（按国家法定节假日和调休）'],
    ['休息日 10:00', '0 10 * * *', 'restday', '休息日 10:00（周末和法定节假日，调休上班的周末不算）'],
    ['中秋节 10:00', '0 10 * * *', 'festival:中秋节', '每年中秋节 10:00'],
    ['中秋 10:00', '0 10 * * *', 'festival:中秋节', '每年中秋节 10:00'],
    ['每年春节 上午9点', '0 9 * * *', 'festival:春节', '每年春节 9:00'],
    ['端午节晚上8点', '0 20 * * *', 'festival:端午节', '每年端午节 20:00'],
    ['母亲节 9:30', '30 9 * * *', 'festival:母亲节', '每年母亲节 9:30'],
    ['国庆 8:00', '0 8 * * *', 'festival:国庆节', '每年国庆节 8:00'],
  ])('%s → %s on %s days', (input, pattern, days, label) => {
    expect(read(input)).toEqual({ kind: 'cron', pattern, days, label });
  });

  it('reads a word before the clock that is no festival as a one-off day', () => {
    const s = read('明晚8点');
    expect('at' in s && formatIso(s.at, TZ).slice(0, 16)).toBe('2026-11-22T20:00');
  });

  it('reads a one-off time with parseWhen', () => {
    const s = read('周六 20:00');
    expect('at' in s && formatIso(s.at, TZ).slice(0, 16)).toBe('2026-11-21T20:00');
  });

  it('warns that months without the day are skipped', () => {
    const s = read('每月31号 9:00');
    expect(s).toMatchObject({ pattern: '0 9 31 * *' });
    expect('label' in s && s.label).toContain('没有这一天的月份不发');
  });

  it.each(['每天', '每天 25:00', '每周八 9:00', '每月32号 9:00', '61 8 * * *', '0 8 * * 9', '下辈子', '', '11-01 8:00'])(
    'refuses %j with an example', (input) => {
      const s = read(input);
      expect(s).toHaveProperty('error');
      expect((s as { error: string }).error).toMatch(/比如|请写/);
    },
  );
});

describe('nextCronSlot with the Chinese calendar', () => {
  const next = (schedule: { pattern: string; days?: 'workday' | 'restday' | `festival:${string}` }, from: string) =>
    formatIso(nextCronSlot(schedule, Date.parse(from), TZ)!, TZ).slice(0, 16);

  it('skips 国庆 for 工作日 and posts on the 调休 Saturday', () => {
    expect(next({ pattern: '0 8 * * *', days: 'workday' }, '2026-09-30T09:00:00+08:00')).toBe('2026-10-08T08:00');
    expect(next({ pattern: '0 8 * * *', days: 'workday' }, '2026-10-09T09:00:00+08:00')).toBe('2026-10-10T08:00');
    expect(next({ pattern: '0 8 * * *', days: 'workday' }, '2026-10-10T09:00:00+08:00')).toBe('2026-10-12T08:00');
  });

  it('puts 休息日 on holidays and plain weekends, not on a 调休 Saturday', () => {
    expect(next({ pattern: '0 10 * * *', days: 'restday' }, '2026-09-30T11:00:00+08:00')).toBe('2026-10-01T10:00');
    expect(next({ pattern: '0 10 * * *', days: 'restday' }, '2026-10-07T11:00:00+08:00')).toBe('2026-10-11T10:00');
  });

  it('lands lunar festivals on their day each year', () => {
    expect(next({ pattern: '0 10 * * *', days: 'festival:中秋节' }, '2026-01-01T00:00:00+08:00')).toBe('2026-09-25T10:00');
    expect(next({ pattern: '0 10 * * *', days: 'festival:中秋节' }, '2026-09-25T10:00:00+08:00')).toBe('2027-09-15T10:00');
    expect(next({ pattern: '0 9 * * *', days: 'festival:春节' }, '2026-03-01T00:00:00+08:00')).toBe('2027-02-06T09:00');
    expect(next({ pattern: '0 9 * * *', days: 'festival:端午节' }, '2027-01-01T00:00:00+08:00')).toBe('2027-06-09T09:00');
    expect(next({ pattern: '0 9 * * *', days: 'festival:母亲节' }, '2027-01-01T00:00:00+08:00')).toBe('2027-05-09T09:00');
  });
});

describe('nextCronSlot', () => {
  it('finds the next Wednesday 19:00 in Shanghai', () => {
    expect(formatIso(nextCronSlot({ pattern: '0 19 * * 3' }, NOW, TZ)!, TZ).slice(0, 16)).toBe('2026-11-25T19:00');
  });
});
