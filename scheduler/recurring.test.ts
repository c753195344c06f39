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
    ['工作日 7:30', '30 7 * * 1-5', '工作日（周一到周五）7:30'],
    ['每月1号 10:00', '0 10 1 * *', '每月1号 10:00'],
    ['每月15日 下午3点', '0 15 15 * *', '每月15号 15:00'],
    ['0 8 * * *', '0 8 * * *', '按 cron「0 8 * * *」'],
    ['*/30 9-18 * * 1-5', '*/30 9-18 * * 1-5', '按 cron「*/30 9-18 * * 1-5」'],
  ])('%s → %s', (input, pattern, label) => {
    expect(read(input)).toEqual({ kind: 'cron', pattern, label });
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

describe('nextCronSlot', () => {
  it('finds the next Wednesday 19:00 in Shanghai', () => {
    expect(formatIso(nextCronSlot('0 19 * * 3', NOW, TZ)!, TZ).slice(0, 16)).toBe('2026-11-25T19:00');
  });
});
