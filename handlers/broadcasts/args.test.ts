import { describe, expect, it } from 'vitest';
import { parseNewBroadcast, readGroups } from './args.ts';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const g1 = { id: 'g1', name: '幸福里1群' };
const g2 = { id: 'g2', name: '幸福里2群' };
const parse = (s: string) => parseNewBroadcast(s, [g1, g2], NOW, TZ);

describe('parseNewBroadcast', () => {
  it('splits a spaced schedule from groups and content', () => {
    expect(parse('每周三 19:00 全部 今晚直播\n记得来')).toEqual({
      schedule: { kind: 'cron', pattern: '0 19 * * 3', label: '每周三 19:00' }, groups: null, text: '今晚直播\n记得来',
    });
  });

  it('reads cron with spaces and a list of groups', () => {
    expect(parse('0 8 * * * 幸福里1群,幸福里2群 早上好')).toMatchObject({ schedule: { pattern: '0 8 * * *' }, groups: [g1, g2], text: '早上好' });
    expect(parse('每天 8:00 群:幸福里2群 早安')).toMatchObject({ groups: [g2], text: '早安' });
  });

  it('takes a group name inside the content as content', () => {
    expect(parse('每天 8:00 幸福里1群 全部 都来')).toMatchObject({ groups: [g1], text: '全部 都来' });
  });

  it('reads a one-off time', () => {
    expect(parse('明晚8点 幸福里1群 开播啦')).toMatchObject({ schedule: { kind: 'once', at: Date.parse('2026-11-22T20:00:00+08:00') } });
  });

  it.each([
    ['每天 25:00 全部 早', /钟点/],
    ['61 8 * * * 全部 早', /cron/],
    ['每天 8:00 幸福里9群 早', /没找到要发到哪个群.*幸福里1群、幸福里2群/s],
    ['每天 8:00 全部', /内容还没写/],
    ['', /用法/],
  ])('%j → a clear answer', (input, message) => {
    const r = parse(input);
    expect('error' in r && r.error).toMatch(message);
  });

  it('readGroups refuses an unknown name among known ones', () => {
    expect(readGroups('幸福里1群、幸福里3群', [g1, g2])).toBeUndefined();
    expect(readGroups('所有群', [g1])).toBeNull();
  });
});
