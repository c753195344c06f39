// The numbers in WeChat (issue 5): eight weeks of a shop's 接龙 through the real router,
// handlers, scheduler and outbox on a manual clock, then `/数据` — a few lines and a chart as a
// PNG, by DM to the owner only — and the weekly report on Monday morning, sent once.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinli, linliFeatures, type Linli } from '../../bot/app.ts';
import type { Config } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { GroupRef, MemberRef, OutboundMessage } from '../../bot/types.ts';
import { ManualClock, zonedInstant } from '../../scheduler/clock.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { closeAfterTest, closeShopsAfterEach, dmText, groupText, RecordingChannel, runOutboxUntil, testConfig } from '../../tests/helpers.ts';
import { z } from 'zod';
import { metricsInputFrom } from './metrics-input.ts';
import { consoleConfig } from './config.ts';
import {
  changeText, fromFirstOrder, numbersFigures, parsePeriod, periodSpan, WEEKLY_REPORT_CRON_ID,
  WEEKLY_REPORT_JOB,
} from './numbers.ts';

closeShopsAfterEach();

const TZ = 'Asia/Shanghai';
const at = (m: number, d: number, h = 0, mi = 0) => zonedInstant(TZ, 2026, m, d, h, mi);

const owner: MemberRef = { id: 'wxid_laozhao', name: '老赵' };
const group: GroupRef = { id: 'xingfuli@chatroom', name: '幸福里1群' };
const people = ['王阿姨', '小张', '李哥', '陈姐', '刘叔', '小美', '周奶奶', '孙姐', '吴叔', '郑阿姨'].map((name, i) => ({ id: `wxid_r${i}`, name }));
const resident = people[0]!;

// Tests leave the weekly report off unless they ask for it (tests/helpers.ts testConfig); these do.
async function shop(config: Config = testConfig({ OWNER_IDS: owner.id, WEEKLY_REPORT_CRON: '0 9 * * 1' })): Promise<{ linli: Linli; clock: ManualClock; channel: RecordingChannel }> {
  const clock = new ManualClock(at(9, 27, 20));
  const linli = await createLinli({ config, clock, log: silentLogger(), features: linliFeatures() });
  linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
  const channel = new RecordingChannel(clock);
  linli.attach(channel);
  return { linli, clock, channel };
}

/** Buyers per week (how many of `people`) and boxes each: eight weeks from Monday 28 September. */
const WEEKS = [
  { buyers: 3, boxes: 1 }, { buyers: 4, boxes: 1 }, { buyers: 4, boxes: 2 }, { buyers: 5, boxes: 1 },
  { buyers: 6, boxes: 2 }, { buyers: 5, boxes: 2 }, { buyers: 7, boxes: 2 }, { buyers: 8, boxes: 2 },
];

/**
 * Each week a 接龙 on Monday, closed by its 20:00 cut-off; the residents who join that week
 * (two a week, most invited by a neighbour) join on Sunday before.
 */
async function eightWeeks(linli: Linli, clock: ManualClock): Promise<void> {
  for (const [w, week] of WEEKS.entries()) {
    const monday = at(9, 28 + 7 * w);
    for (const [i, p] of people.slice(0, week.buyers).entries()) {
      if (w > 0 && i < WEEKS[w - 1]!.buyers) continue;
      const joined = monday - (10 - i) * 3600_000;
      await linli.engine.advanceTo(joined, clock);
      await linli.handle({ kind: 'join', id: `join-${p.id}`, at: joined, group, member: p, ...(i % 3 === 2 ? {} : { inviter: people[0]!.id === p.id ? owner : people[0]! }) });
    }
    const title = `第${w + 1}周苹果团`;
    await linli.engine.advanceTo(monday + 9 * 3600_000, clock);
    await linli.handle(groupText(owner, `/接龙 开 ${title} 红富士苹果 截止 今晚8点`, clock.now(), group));
    const head = `#接龙\n${title}\n红富士苹果 49.9元/箱\n截止：今天 20:00\n例 3-501 王阿姨 2箱\n`;
    const lines: string[] = [];
    for (const [i, p] of people.slice(0, week.buyers).entries()) {
      await linli.engine.advanceTo(monday + (10 + i) * 3600_000, clock);
      lines.push(`${i + 1}. ${i + 1}-${101 + i} ${p.name} ${week.boxes}箱`);
      await linli.handle(groupText(p, `${head}\n${lines.join('\n')}`, clock.now(), group));
    }
    await linli.engine.advanceTo(monday + 21 * 3600_000, clock);
  }
}

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const dmsTo = (sent: readonly OutboundMessage[], who: MemberRef) => sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === who.id);

describe('/数据 and the weekly report, after eight weeks of 接龙', () => {
  let linli: Linli;
  let clock: ManualClock;
  let channel: RecordingChannel;
  beforeAll(async () => {
    ({ linli, clock, channel } = await shop());
    await eightWeeks(linli, clock);
    await runOutboxUntil(linli.services.outbox, clock, clock.now() + 3600_000);
    channel.sent.length = 0;
    return () => linli.close();
  }, 60_000);

  it('sends the owner a few lines and the chart as a PNG, by DM, and says so in the group', async () => {
    const when = at(11, 19, 15);
    await linli.engine.advanceTo(when, clock);
    await linli.handle(groupText(owner, '/数据', clock.now(), group));
    await runOutboxUntil(linli.services.outbox, clock, clock.now() + 600_000);
    const inGroup = channel.sent.filter((m) => m.to.kind === 'group');
    expect(inGroup.map((m) => m.text)).toEqual(['私信发你了～']);
    const [text, image, ...rest] = dmsTo(channel.sent, owner);
    expect(rest).toEqual([]);
    // This week so far (Monday 16 to Thursday 19 November): 8 buyers × 2 boxes × 49.9元, against
    // last week to Thursday 15:00, 7 buyers; November's two newcomers were both invited; all six
    // of October's buyers ordered again in November.
    expect(text!.text).toBe([
      '本周（11月16日—19日）的经营数据：',
      '销售额 798.4元，比上周同期↑14%',
      '订单 8单（↑14%），8人下单，客单价 99.8元',
      '新成员 0人（11月共新来2人，邻居邀请来的占100%）',
      '11月复购率 100%（10月下单的6人里，6人11月又下单了）',
      '生意越来越好，辛苦啦，继续加油！',
    ].join('\n'));
    expect(text!.file).toBeUndefined();
    expect(image!.file?.name).toMatch(/^经营数据-本周-2026-11-16\.png$/);
    const file = readFileSync(image!.file!.path);
    expect(file.subarray(0, 8)).toEqual(png);
    expect(file.readUInt32BE(16)).toBe(1440);
    expect(file.readUInt32BE(20)).toBe(900);
    // For a person to look at: SAVE_PNG=1 npx vitest run handlers/console/numbers.test.ts (.tmp/ is gitignored).
    if (process.env.SAVE_PNG) {
      mkdirSync('.tmp', { recursive: true });
      writeFileSync('.tmp/numbers.png', file);
    }
  });

  it('answers 本月 and 上月 in a DM, with a monthly chart', async () => {
    channel.sent.length = 0;
    await linli.handle(dmText(owner, '/数据 本月', clock.now()));
    await linli.handle(dmText(owner, '/数据 上月', clock.now()));
    await runOutboxUntil(linli.services.outbox, clock, clock.now() + 600_000);
    const dms = dmsTo(channel.sent, owner);
    expect(dms.map((m) => m.file?.name ?? m.text.split('\n')[0])).toEqual([
      '本月（11月）的经营数据：', '经营数据-本月-2026-11-01.png', '上月（10月）的经营数据：', '经营数据-上月-2026-10-01.png',
    ]);
    expect(dms[2]!.text).toContain('销售额 1447.1元，比9月↑867%\n订单 19单（↑533%），6人下单，客单价 76.16元\n新成员 3人（邻居邀请来的占67%）');
    // The chart starts with the shop's first month: September, not six months back.
    const input = await metricsInputFrom(linli.services.store, linli.services.config);
    const chart = numbersFigures(input, periodSpan('本月', clock.now(), TZ), clock.now()).chart;
    expect((chart.title as { text: string }).text).toBe('近3个月销售额和订单');
    expect((chart.xAxis as Array<{ data: string[] }>)[1]!.data).toEqual(['9月', '10月', '11月']);
    for (const m of dms.filter((d) => d.file)) expect(readFileSync(m.file!.path).subarray(0, 8)).toEqual(png);
    if (process.env.SAVE_PNG) writeFileSync('.tmp/numbers-month.png', readFileSync(dms[1]!.file!.path));
  });

  it('refuses residents, and says how to ask for a period it does not know', async () => {
    channel.sent.length = 0;
    await linli.handle(groupText(resident, '/数据', clock.now(), group));
    await linli.handle(dmText(owner, '/数据 去年', clock.now()));
    await runOutboxUntil(linli.services.outbox, clock, clock.now() + 600_000);
    expect(channel.sent.map((m) => m.text)).toEqual([
      '抱歉，/数据 只有团长可以使用。发送 /help 看看你能用的命令。',
      '发 /数据 [本周|本月|上月]，比如 /数据 本月。',
    ]);
    expect(channel.sent.some((m) => m.file)).toBe(false);
  });

  it('DMs each owner last week on Monday at 09:00, once', async () => {
    channel.sent.length = 0;
    await linli.engine.advanceTo(at(11, 23, 8, 59), clock);
    expect(dmsTo(channel.sent, owner)).toEqual([]);
    await linli.engine.advanceTo(at(11, 23, 9, 30), clock);
    await runOutboxUntil(linli.services.outbox, clock, clock.now() + 600_000);
    const [text, image, ...rest] = dmsTo(channel.sent, owner);
    expect(rest).toEqual([]);
    expect(text!.key).toBe('weekly-report:2026-11-16:wxid_laozhao');
    expect(text!.text.split('\n')[0]).toBe('上周（11月16日—22日）的经营数据：');
    expect(text!.text).toContain('销售额 798.4元，比前一周↑14%');
    expect(image!.key).toBe('weekly-report:2026-11-16:wxid_laozhao:chart');
    expect(readFileSync(image!.file!.path).subarray(0, 8)).toEqual(png);
    // Run again (a restart replaying the slot, a second trigger): nothing more goes.
    linli.services.scheduler.at(clock.now(), WEEKLY_REPORT_JOB, null, 'again');
    await linli.engine.advanceTo(clock.now() + 120_000, clock);
    await runOutboxUntil(linli.services.outbox, clock, clock.now() + 600_000);
    expect(dmsTo(channel.sent, owner)).toHaveLength(2);
  });
});

describe('the weekly report can be turned off', () => {
  it('with WEEKLY_REPORT_CRON=off there is no cron job, and one left from before is withdrawn', async () => {
    const base = testConfig({ OWNER_IDS: owner.id, WEEKLY_REPORT_CRON: '0 9 * * 1' });
    const first = await shop(base);
    closeAfterTest(first.linli);
    expect(first.linli.services.store.data.cron[WEEKLY_REPORT_CRON_ID]?.pattern).toBe('0 9 * * 1');
    // Monday 09:00 comes, but a shop with no members yet gets no report.
    await first.linli.engine.advanceTo(at(9, 28, 10), first.clock);
    expect(first.channel.sent).toEqual([]);
    await first.linli.close();
    const off = await shop({ ...base, WEEKLY_REPORT_CRON: 'off' } as Config);
    closeAfterTest(off.linli);
    expect(off.linli.services.store.data.cron[WEEKLY_REPORT_CRON_ID]).toBeUndefined();
    await off.linli.engine.advanceTo(at(9, 28, 10), off.clock);
    expect(off.channel.sent).toEqual([]);
  });
});

describe('WEEKLY_REPORT_CRON', () => {
  it('takes a cron pattern or off, Monday 09:00 by default', () => {
    const settings = z.object({ WEEKLY_REPORT_CRON: consoleConfig.WEEKLY_REPORT_CRON });
    expect(settings.parse({}).WEEKLY_REPORT_CRON).toBe('0 9 * * 1');
    expect(settings.parse({ WEEKLY_REPORT_CRON: '30 20 * * 0' }).WEEKLY_REPORT_CRON).toBe('30 20 * * 0');
    expect(settings.parse({ WEEKLY_REPORT_CRON: ' OFF ' }).WEEKLY_REPORT_CRON).toBe('off');
    expect(settings.safeParse({ WEEKLY_REPORT_CRON: '每周一' }).success).toBe(false);
  });
});

describe('periods and comparisons', () => {
  it('reads the period the owner typed', () => {
    expect(['', '本周', '这周', '本月', '这个月', '上月', '上个月', '上周', ' 本 月 '].map(parsePeriod))
      .toEqual(['本周', '本周', '本周', '本月', '本月', '上月', '上月', '上周', '本月']);
    expect(parsePeriod('去年')).toBeUndefined();
  });

  it('weeks start on Monday, months on the 1st, in shop time; a running period is compared with as much of the one before', () => {
    const now = at(11, 19, 15);
    const week = periodSpan('本周', now, TZ);
    expect(week.range).toEqual({ from: at(11, 16), to: now });
    expect(week.previous).toEqual({ from: at(11, 9), to: at(11, 12, 15) });
    expect([week.title, week.before, week.month]).toEqual(['本周（11月16日—19日）', '上周同期', '2026-11']);
    const month = periodSpan('本月', now, TZ);
    expect(month.range).toEqual({ from: at(11, 1), to: now });
    expect(month.previous).toEqual({ from: at(10, 1), to: at(10, 19, 15) });
    const last = periodSpan('上月', now, TZ);
    expect(last.range).toEqual({ from: at(10, 1), to: at(11, 1) });
    expect(last.previous).toEqual({ from: at(9, 1), to: at(10, 1) });
    expect([last.title, last.before]).toEqual(['上月（10月）', '9月']);
    // Sunday night is still the week that began on Monday; a week across two months names both.
    expect(periodSpan('本周', at(11, 1, 23), TZ).title).toBe('本周（10月26日—11月1日）');
    expect(periodSpan('上月', at(1, 5), TZ).title).toBe('上月（12月）');
  });

  it('says up, down or the same', () => {
    expect([changeText(112, 100), changeText(92, 100), changeText(100, 100), changeText(5, 0)]).toEqual(['↑12%', '↓8%', '持平', '']);
  });

  it('draws a chart from the first week or month with an order, keeping two bars at least', () => {
    const bar = (label: string, orders: number) => ({ label, orders, salesFen: orders * 1000 });
    expect(fromFirstOrder([bar('a', 0), bar('b', 0), bar('c', 2), bar('d', 0)]).map((b) => b.label)).toEqual(['c', 'd']);
    expect(fromFirstOrder([bar('a', 0), bar('b', 0), bar('c', 0), bar('d', 3)]).map((b) => b.label)).toEqual(['c', 'd']);
    expect(fromFirstOrder([bar('a', 0), bar('b', 0), bar('c', 0)]).map((b) => b.label)).toEqual(['b', 'c']);
    expect(fromFirstOrder([bar('a', 1), bar('b', 0)]).map((b) => b.label)).toEqual(['a', 'b']);
  });
});

