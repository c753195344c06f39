import { describe, expect, it } from 'vitest';
import { formatIso } from './clock.ts';
import { formatWhen, parseWhen } from './when.ts';

const TZ = 'Asia/Shanghai';
// Saturday 2026-11-21 09:00 in Shanghai.
const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const at = (text: string) => {
  const w = parseWhen(text, NOW, TZ);
  return 'at' in w ? formatIso(w.at, TZ).slice(0, 16) : w.error;
};

describe('parseWhen', () => {
  it.each([
    ['今晚8点', '2026-11-21T20:00'],
    ['明晚8点', '2026-11-22T20:00'],
    ['明天18:00', '2026-11-22T18:00'],
    ['明天 下午3点半', '2026-11-22T15:30'],
    ['后天中午12点', '2026-11-23T12:00'],
    ['今天18点', '2026-11-21T18:00'],
    ['20:00', '2026-11-21T20:00'],
    ['8:30', '2026-11-22T08:30'], // already past today: the next one
    ['周六 20:00', '2026-11-21T20:00'],
    ['周六 8:00', '2026-11-28T08:00'],
    ['周五 20:00', '2026-11-27T20:00'],
    ['星期日晚上7点', '2026-11-22T19:00'],
    ['下周三晚上7点', '2026-11-25T19:00'],
    ['下周六 10:00', '2026-11-28T10:00'],
    ['11-29 20:00', '2026-11-29T20:00'],
    ['11月29日20:00', '2026-11-29T20:00'],
    ['12/1 9:00', '2026-12-01T09:00'],
    ['2027-01-05 10:00', '2027-01-05T10:00'],
    ['1-5 10:00', '2027-01-05T10:00'],
    ['明天晚上八点', '2026-11-22T20:00'],
    ['明天十点十五分', '2026-11-22T10:15'],
    ['１１－２９　２０：００', '2026-11-29T20:00'],
  ])('%s → %s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it.each([
    ['今天8点', '已经过去了'],
    ['11-20 20:00', '已经过去了'],
    ['明天', '没看懂'],
    ['下雨天', '没看懂'],
    ['', '没有写时间'],
    ['明天25:00', '不是有效的钟点'],
    ['13-40 10:00', '日期不对'],
  ])('%s is refused with a reason and an example', (text, reason) => {
    const result = at(text);
    expect(result).toContain(reason);
    expect(parseWhen(text, NOW, TZ)).toHaveProperty('error');
  });

  it('writes times back the way people say them', () => {
    expect(formatWhen(Date.parse('2026-11-21T18:00:00+08:00'), NOW, TZ)).toBe('今天 18:00');
    expect(formatWhen(Date.parse('2026-11-22T08:05:00+08:00'), NOW, TZ)).toBe('明天 8:05');
    expect(formatWhen(Date.parse('2026-11-29T20:00:00+08:00'), NOW, TZ)).toBe('11月29日（周日）20:00');
    expect(formatWhen(Date.parse('2027-01-05T10:00:00+08:00'), NOW, TZ)).toBe('2027年1月5日（周二）10:00');
  });
});
