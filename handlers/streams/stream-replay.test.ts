// The "done when" replays: a stream week, and a fortnight of scheduled posts with a
// restart in the middle (two scripts over the same data dir).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { testConfig } from '../../tests/helpers.ts';

const FIXTURES = join(process.cwd(), 'tests', 'fixtures');

async function replay(file: string, config: Config = testConfig()) {
  const out: ReplayOutput[] = [];
  const script = parseScript(readFileSync(join(FIXTURES, file), 'utf8'));
  await runReplay(script, { config, log: silentLogger(), scriptDir: FIXTURES, onOutput: (o) => out.push(o) });
  return out;
}

const where = (o: ReplayOutput) => ('group' in o ? o.group : `私信${o.dm}`);
/** "11-28T19:50:00 幸福里1群 first line": enough to read the timeline at a glance. */
const brief = (o: ReplayOutput) => `${o.at.slice(5, 19)} ${where(o)} ${o.text.split('\n')[0]}`;

describe('replay: a stream week', () => {
  it('runs from Monday’s /直播 新建 to the figures a week later', async () => {
    const out = await replay('stream-week.jsonl');
    const timeline = out.map(brief);

    // Reservations: the DM one at once, the group one in a batched confirmation a minute later.
    expect(timeline).toContain('11-24T09:00:10 私信张姐 已为你预约「冷榨油专场」（11月28日（周六）20:00），开播前会私信提醒～');
    expect(timeline).toContain('11-24T09:01:00 幸福里1群 已为你预约「冷榨油专场」（11月28日（周六）20:00），开播前会私信提醒～');
    // A question about the time is answered from the schedule (张姐 reserved by DM just before).
    expect(timeline).toContain('11-24T12:00:00 幸福里2群 下一场直播：11月28日（周六）20:00「冷榨油专场」。你已经预约了，开播前会私信提醒你～');

    // Three previews (24 h, 2 h, 10 min) in both groups, the second group a second later.
    expect(timeline.filter((l) => l.includes('【直播预告】'))).toEqual([
      '11-27T20:00:00 幸福里1群 【直播预告】冷榨油专场', '11-27T20:00:01 幸福里2群 【直播预告】冷榨油专场',
      '11-28T18:00:00 幸福里1群 【直播预告】冷榨油专场', '11-28T18:00:01 幸福里2群 【直播预告】冷榨油专场',
      '11-28T19:50:00 幸福里1群 【直播预告】冷榨油专场', '11-28T19:50:01 幸福里2群 【直播预告】冷榨油专场',
    ]);
    expect(out.find((o) => o.text.startsWith('【直播预告】'))!.text).toContain('· 冷榨亚麻籽油 35元/瓶\n· 薄皮核桃 42元/袋\n直播间：https://live.example.com/8');

    // The reminder DM 10 minutes before; 陈哥 reserved after that and gets his at once.
    expect(timeline.filter((l) => l.includes('马上就到'))).toEqual([
      '11-28T19:50:00 私信王阿姨 你预约的直播「冷榨油专场」今天 20:00 开始，马上就到啦～',
      '11-28T19:50:00 私信张姐 你预约的直播「冷榨油专场」今天 20:00 开始，马上就到啦～',
      '11-28T19:50:00 私信李叔 你预约的直播「冷榨油专场」今天 20:00 开始，马上就到啦～',
      '11-28T19:55:00 私信陈哥 你预约的直播「冷榨油专场」今天 20:00 开始，马上就到啦～',
    ]);
    expect(timeline.filter((l) => l.includes('开播了'))).toEqual([
      '11-28T20:00:00 幸福里1群 「冷榨油专场」开播了！快来直播间～', '11-28T20:00:01 幸福里2群 「冷榨油专场」开播了！快来直播间～',
    ]);

    // The end (150 minutes) opens the 接龙 at the stream's prices in both groups.
    const opened = out.filter((o) => o.text.startsWith('#接龙'));
    expect(opened.map(where)).toEqual(['幸福里1群', '幸福里2群']);
    expect(opened[0]!.at).toBe('2026-11-28T22:30:02+08:00');
    expect(opened[0]!.text).toMatch(/^#接龙\n冷榨油专场\n冷榨亚麻籽油 35元\/瓶\n薄皮核桃 42元\/袋\n截止：明天 22:30/);
    expect(timeline.filter((l) => l.includes('已登记'))).toEqual([
      '11-28T22:40:05 幸福里1群 已登记「冷榨油专场」：王阿姨 冷榨亚麻籽油×2瓶',
      '11-28T22:41:30 幸福里1群 已登记「冷榨油专场」：小张 薄皮核桃×1袋',
      '11-28T22:42:30 幸福里1群 已登记「冷榨油专场」：李叔 薄皮核桃×2袋',
    ]);

    // Reservers who did not order are 张姐 and 陈哥; 陈哥 said 退订. The 接龙 closes at 22:30
    // Sunday, a day after the end, so the DM goes three hours before, while it still takes orders.
    expect(out.filter((o) => o.text.startsWith('错过直播'))).toEqual([{
      at: '2026-11-29T19:30:00+08:00', dm: '张姐',
      text: '错过直播「冷榨油专场」了？回放在这里：https://live.example.com/8\n直播价接龙还开着，今天 22:30截止，回群里接龙就行～\n不想再收到这类消息，回复「退订」就好。',
    }]);

    // The figures match what happened: 4 reservations, 4 reminders, 3 orders (70 + 42 + 84).
    expect(out.at(-1)).toEqual({
      at: '2026-11-30T09:00:00+08:00', dm: '老赵', text: [
        '第 1 场直播「冷榨油专场」的数据：', '预约：4 人', '开播提醒：已私信 4 人', '下单：3 单，3 人，合计 196 元',
        '转化：3 单 ÷ 4 人预约 = 75%（预约的人里有 2 人下单）',
        '新入群：1 人（11月28日（周六）8:00 到 11月29日（周日）10:30，即开播前12小时到结束后12小时）',
      ].join('\n'),
    });
  });
});

describe('replay: scheduled posts over a restart', () => {
  it('weekly and daily posts, pause and resume, delete; no double fire, one catch-up', async () => {
    const config = testConfig();
    const first = (await replay('broadcasts-week-1.jsonl', config)).map(brief);
    expect(first.filter((l) => !l.includes('私信'))).toEqual([
      '11-23T08:00:00 幸福里1群 早安，今天也要好好吃饭',
      '11-24T08:00:00 幸福里1群 早安，今天也要好好吃饭',
      '11-25T08:00:00 幸福里1群 早安，今天也要好好吃饭',
      '11-25T19:00:00 幸福里1群 周三菜谱来啦', '11-25T19:00:01 幸福里2群 周三菜谱来啦',
      // Paused Wednesday night, resumed Friday morning: nothing Thursday or Friday, no catch-up.
      '11-28T08:00:00 幸福里1群 早安，今天也要好好吃饭',
    ]);
    expect(first).toContain('11-26T09:00:00 私信老赵 定时消息：');

    // Down from Saturday 08:05 to Sunday 08:30: Saturday's post is not sent again, Sunday's
    // 08:00 (within the missed window) goes once on start-up; after the delete no more Wednesdays.
    const second = (await replay('broadcasts-week-2.jsonl', config)).map(brief);
    expect(second).toEqual([
      '11-29T08:30:00 幸福里1群 早安，今天也要好好吃饭',
      '11-29T09:00:00 私信老赵 定时 #1 已删除，以后不会再发。',
      '11-30T08:00:00 幸福里1群 早安，今天也要好好吃饭',
      '12-01T08:00:00 幸福里1群 早安，今天也要好好吃饭',
      '12-02T08:00:00 幸福里1群 早安，今天也要好好吃饭',
      '12-03T08:00:00 幸福里1群 早安，今天也要好好吃饭',
    ]);
  });
});
