import type { EChartsOption } from 'echarts';
import type { Command } from '../../bot/commands.ts';
import type { Services } from '../../bot/context.ts';
import type { FeatureKit } from '../../bot/feature.ts';
import { ownerRefs } from '../../bot/owners.ts';
import type { JobHandler } from '../../scheduler/scheduler.ts';
import { dayKey, zonedInstant, zonedParts } from '../../scheduler/clock.ts';
import { fenYuan } from '../../text/money.ts';
import { renderChartPng, writePng, type ChartSize } from './chart-png.ts';
import { computeMetrics, monthKey, monthStartOf, weekStartOf, type Metrics, type MetricsInput, type MetricsRange } from './metrics/index.ts';
import { metricsInputFrom } from './metrics-input.ts';


// The shop's numbers in WeChat: `/数据 [本周|本月|上月]` DMs the owner a few lines (sales, orders,
// 客单价, buyers, new members, the month's repurchase rate and referral share, each against the
// period before) and a chart as a PNG image (weekly or monthly sales bars with an orders line);
// on Mondays the weekly report DMs every owner last week's. Weeks start on Monday, months on the
// 1st, both in the shop's time zone.

export type NumbersPeriod = '本周' | '上周' | '本月' | '上月';

/** What the owner may type after /数据 (and the plain ways to say it). */
const PERIOD_WORDS: Record<string, NumbersPeriod> = {
  '': '本周', 本周: '本周', 这周: '本周', 这星期: '本周', 本星期: '本周', 周: '本周', week: '本周',
  上周: '上周', 上星期: '上周', 上个星期: '上周',
  本月: '本月', 这个月: '本月', 这月: '本月', 月: '本月', month: '本月',
  上月: '上月', 上个月: '上月',
};

export function parsePeriod(args: string): NumbersPeriod | undefined {
  return PERIOD_WORDS[args.replace(/\s+/g, '').toLowerCase()];
}

/** A period to report: its range, the one it is compared with, and how to name both. */
export interface PeriodSpan {
  period: NumbersPeriod;
  unit: 'week' | 'month';
  /** [from, to): up to now for a period still running. */
  range: MetricsRange;
  /** The period before, as far into it as `range` is into its own (a week still running: 上周同期). */
  previous: MetricsRange;
  /** "本周（11月16日—21日）", "上月（10月）" */
  title: string;
  /** "上周同期", "上周", "上月同期", "9月" */
  before: string;
  /** The month the rates are for (repurchase, referral): the one the period ends in, `YYYY-MM`. */
  month: string;
}

/** "11月16日" */
export function dayLabel(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.month}月${p.day}日`;
}

/** "11月" */
function monthLabel(at: number, tz: string): string {
  return `${zonedParts(at, tz).month}月`;
}

/** The period `period` names at `now`. */
export function periodSpan(period: NumbersPeriod, now: number, tz: string): PeriodSpan {
  const unit = period === '本周' || period === '上周' ? 'week' : 'month';
  const startOf = unit === 'week' ? weekStartOf : monthStartOf;
  const running = period === '本周' || period === '本月';
  const from = startOf(now, tz, running ? 0 : -1);
  const to = running ? now : startOf(now, tz, 0);
  const prevFrom = startOf(from, tz, -1);
  // A period still running is compared with as much of the one before.
  const previous = { from: prevFrom, to: running ? Math.min(prevFrom + (to - from), from) : from };
  const last = Math.max(from, to - 1);
  let title: string;
  if (unit === 'week') {
    const end = zonedParts(last, tz);
    const days = zonedParts(from, tz).month === end.month ? `${end.day}日` : dayLabel(last, tz);
    title = `${period}（${dayLabel(from, tz)}—${days}）`;
  } else {
    title = `${period}（${monthLabel(from, tz)}）`;
  }
  const before = unit === 'week' ? (running ? '上周同期' : '前一周') : running ? '上月同期' : monthLabel(prevFrom, tz);
  return { period, unit, range: { from, to }, previous, title, before, month: monthKey(last, tz) };
}

/** "↑12%", "↓8%", "持平"; '' when there is nothing to compare with. */
export function changeText(now: number, before: number): string {
  if (before === 0) return '';
  const pct = Math.round(((now - before) / before) * 100);
  if (pct === 0) return '持平';
  return pct > 0 ? `↑${pct}%` : `↓${-pct}%`;
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function compared(now: number, before: number, span: PeriodSpan, unit = ''): string {
  const change = changeText(now, before);
  if (change) return `比${span.before}${change}`;
  return now > 0 ? `${span.before}是0${unit}` : '';
}

function monthName(key: string): string {
  return `${Number(key.slice(5))}月`;
}

/** The few lines the owner reads first: the period's numbers against the one before. */
export function summaryText(span: PeriodSpan, now: Metrics, before: Metrics): string {
  const s = now.summary;
  const b = before.summary;
  const lines = [`${span.title}的经营数据：`];
  if (span.range.to <= span.range.from) {
    lines.push(`${span.period}刚开始，还没有数据。发 /数据 上${span.unit === 'week' ? '周' : '月'} 看看上一段吧～`);
    return lines.join('\n');
  }
  const sales = compared(s.salesFen, b.salesFen, span, '元');
  lines.push(`销售额 ${fenYuan(s.salesFen)}${sales ? `，${sales}` : ''}`);
  const orders = changeText(s.orders, b.orders);
  const avg = s.avgOrderFen === null ? '' : `，客单价 ${fenYuan(s.avgOrderFen)}`;
  lines.push(`订单 ${s.orders}单${orders ? `（${orders}）` : ''}，${s.buyers}人下单${avg}`);
  // Who invited whom is counted by the month: for a week, the month it ends in so far.
  const referral = now.referral.find((r) => r.month === span.month);
  let invited = '';
  if (referral && referral.share !== null) {
    const of = span.unit === 'week' ? `（${monthName(span.month)}共新来${referral.newMembers}人，` : '（';
    invited = `${of}邻居邀请来的占${percent(referral.share)}）`;
  }
  lines.push(`新成员 ${s.newMembers}人${invited}`);
  const repurchase = now.repurchase.find((r) => r.month === span.month);
  if (repurchase && repurchase.rate !== null) {
    const prevMonth = `${Number(span.month.slice(5)) === 1 ? 12 : Number(span.month.slice(5)) - 1}月`;
    lines.push(`${monthName(span.month)}复购率 ${percent(repurchase.rate)}（${prevMonth}下单的${repurchase.buyers}人里，${repurchase.repeat}人${monthName(span.month)}又下单了）`);
  }
  lines.push(cheer(span, s.salesFen, b.salesFen, s.orders));
  return lines.join('\n');
}

function cheer(span: PeriodSpan, sales: number, before: number, orders: number): string {
  if (orders === 0) return `${span.period}还没有订单，开个团试试吧～`;
  if (before === 0 || sales >= before * 1.05) return '生意越来越好，辛苦啦，继续加油！';
  if (sales >= before * 0.95) return '和之前差不多，稳稳的，辛苦啦～';
  return '比之前少了一点，别着急，下个团再冲～';
}

/** One bar of the chart: a week or a month. */
export interface ChartBar {
  label: string;
  salesFen: number;
  orders: number;
}

/** "1.2万" past ten thousand yuan, else the number. */
function yuanAxis(v: number): string {
  return v >= 10_000 ? `${Math.round(v / 1000) / 10}万` : String(v);
}

/**
 * The chart: orders as a line in a narrow band on top, sales as bars below it, each labelled
 * with its numbers (two bands, so the labels never sit on each other), one row of dates.
 */
export function chartOption(bars: readonly ChartBar[], title: string, subtitle: string): EChartsOption {
  const sales = bars.map((b) => Math.round(b.salesFen) / 100);
  const labels = bars.map((b) => b.label);
  const axisText = { fontSize: 12, color: '#666666' };
  const left = 76;
  const right = 28;
  return {
    backgroundColor: '#ffffff',
    title: {
      text: title, subtext: subtitle, left: 'center', top: 12, itemGap: 8,
      textStyle: { fontSize: 22, color: '#222222' }, subtextStyle: { fontSize: 14, color: '#777777' },
    },
    legend: { bottom: 10, itemGap: 28, textStyle: { fontSize: 14, color: '#444444' } },
    grid: [{ top: 112, height: 80, left, right }, { top: 240, bottom: 72, left, right }],
    xAxis: [
      { gridIndex: 0, type: 'category', data: labels, axisLabel: { show: false }, axisTick: { show: false } },
      { gridIndex: 1, type: 'category', data: labels, axisLabel: { fontSize: 13, color: '#444444', interval: 0 } },
    ],
    yAxis: [
      {
        gridIndex: 0, type: 'value', name: '订单（单）', minInterval: 1, splitNumber: 2,
        nameTextStyle: { ...axisText, align: 'left', padding: [0, 0, 0, -left + 8] }, axisLabel: axisText,
      },
      {
        gridIndex: 1, type: 'value', name: '销售额（元）',
        nameTextStyle: { ...axisText, align: 'left', padding: [0, 0, 0, -left + 8] },
        axisLabel: { ...axisText, formatter: (v: number) => yuanAxis(v) },
      },
    ],
    series: [
      {
        type: 'line', name: '订单数', xAxisIndex: 0, yAxisIndex: 0, data: bars.map((b) => b.orders), symbolSize: 8,
        lineStyle: { width: 3, color: '#2f6fd6' }, itemStyle: { color: '#2f6fd6' },
        label: { show: true, position: 'top', fontSize: 12, color: '#1d4f9e' },
      },
      {
        type: 'bar', name: '销售额', xAxisIndex: 1, yAxisIndex: 1, data: sales, barMaxWidth: 44,
        itemStyle: { color: '#f5a03a', borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top', fontSize: 12, color: '#8a4b00', formatter: (p) => yuanAxis(Math.round(Number(p.value))) },
      },
    ],
  };
}

export const CHART_SIZE: ChartSize = { width: 720, height: 450, scale: 2 };
const WEEKS_SHOWN = 8;
const MONTHS_SHOWN = 6;

/** The chart's bars: the last 8 weeks, or the last 6 months, ending with the period's. */
export function chartBars(input: MetricsInput, span: PeriodSpan, metrics: (range: MetricsRange) => Metrics = (r) => computeMetrics(input, r)): ChartBar[] {
  const { tz } = input;
  const { from, to } = span.range;
  if (span.unit === 'week') {
    const start = weekStartOf(from, tz, -(WEEKS_SHOWN - 1));
    return metrics({ from: start, to: Math.max(to, from + 1) }).weekly.slice(-WEEKS_SHOWN).map((w) => ({
      label: dayLabel(zonedInstant(tz, Number(w.week.slice(0, 4)), Number(w.week.slice(5, 7)), Number(w.week.slice(8, 10))), tz),
      salesFen: w.salesFen, orders: w.orders,
    }));
  }
  const bars: ChartBar[] = [];
  for (let i = MONTHS_SHOWN - 1; i >= 0; i--) {
    const start = monthStartOf(from, tz, -i);
    const end = i === 0 ? to : monthStartOf(from, tz, -i + 1);
    const s = end > start ? metrics({ from: start, to: end }).summary : { salesFen: 0, orders: 0 };
    bars.push({ label: monthLabel(start, tz), salesFen: s.salesFen, orders: s.orders });
  }
  return bars;
}

/** Without the empty weeks or months before the shop's first order (a new shop's chart starts with it), at least two. */
export function fromFirstOrder(bars: readonly ChartBar[]): ChartBar[] {
  const first = bars.findIndex((b) => b.orders > 0 || b.salesFen > 0);
  return bars.slice(Math.max(0, Math.min(first < 0 ? bars.length : first, bars.length - 2)));
}

/** The report for a period: its text and its chart, not yet drawn. */
export interface NumbersFigures {
  text: string;
  chart: EChartsOption;
  /** The period's own metrics. */
  metrics: Metrics;
  /** The name the owner sees on the image. */
  fileName: string;
}

export function numbersFigures(input: MetricsInput, span: PeriodSpan, now: number): NumbersFigures {
  const { tz } = input;
  // Each range once: the chart's last month is the period itself.
  const cache = new Map<string, Metrics>();
  const metrics = (r: MetricsRange) => {
    const range = r.to > r.from ? r : { from: r.from, to: r.from + 1 };
    const key = `${range.from}-${range.to}`;
    let m = cache.get(key);
    if (!m) cache.set(key, (m = computeMetrics(input, range)));
    return m;
  };
  const current = metrics(span.range);
  const text = summaryText(span, current, metrics(span.previous));
  const bars = fromFirstOrder(chartBars(input, span, metrics));
  const title = span.unit === 'week' ? `近${bars.length}周销售额和订单` : `近${bars.length}个月销售额和订单`;
  const running = span.period === '本周' || span.period === '本月';
  const asOf = running ? `截至${dayLabel(now, tz)}` : `到${span.unit === 'week' ? dayLabel(span.range.to - 1, tz) : `${zonedParts(span.range.from, tz).month}月底`}`;
  const subtitle = `${span.unit === 'week' ? '每周从周一算起' : '每月从1号算起'} · ${asOf}`;
  return { text, chart: chartOption(bars, title, subtitle), metrics: current, fileName: `经营数据-${span.period}-${dayKey(span.range.from, tz)}.png` };
}

const PERIOD_SLUG: Record<NumbersPeriod, string> = { 本周: 'this-week', 上周: 'last-week', 本月: 'this-month', 上月: 'last-month' };

export const NUMBERS_USAGE = '/数据 [本周|本月|上月]';

export const numbersCommand: Command = {
  name: '数据', aliases: ['numbers'], ownerOnly: true, usage: NUMBERS_USAGE,
  summary: '私信你这段时间的经营数据：销售额、订单、客单价、新成员、复购率，和一张趋势图（不写默认本周）',
  async run(ctx, args) {
    const period = parsePeriod(args);
    if (!period) return void ctx.reply(`发 ${NUMBERS_USAGE}，比如 /数据 本月。`);
    const { store, config, log } = ctx.services;
    const now = ctx.now;
    const span = periodSpan(period, now, config.TZ);
    let figures: NumbersFigures;
    let path: string;
    try {
      figures = numbersFigures(await metricsInputFrom(store, config), span, now);
      const png = await renderChartPng(figures.chart, CHART_SIZE);
      // A file of its own per request: a message still waiting must send the image it was made with.
      path = writePng(store.dir, `numbers-${PERIOD_SLUG[period]}-${dayKey(now, config.TZ)}-${now}`, png);
    } catch (err) {
      log.error({ err: (err as Error).message }, '/数据: the numbers or the chart failed');
      return void ctx.reply('数据这会儿没算出来，过一会儿再发一次 /数据 试试～');
    }
    // In a group the numbers are nobody else's business: a line there, the rest by DM.
    ctx.dm(ctx.member, figures.text, { purpose: 'reply' });
    ctx.dm(ctx.member, figures.fileName, { purpose: 'reply', file: { path, name: figures.fileName } });
    if (ctx.group) ctx.reply('私信发你了～');
  },
};

/** The weekly report's job kind, and the id of its cron job. */
export const WEEKLY_REPORT_JOB = 'console-weekly-report';
export const WEEKLY_REPORT_CRON_ID = 'console:weekly-report';
/** The setting that says when it runs (`off`: never). */
export const WEEKLY_REPORT_SETTING = 'WEEKLY_REPORT_CRON';

/**
 * Last week's numbers to every owner: the text and the chart, keyed by the week
 * (`weekly-report:<Monday>:<owner>`), so a second run the same week sends nothing. A shop that
 * has no members yet gets nothing.
 */
export function weeklyReportJob(services: Services): JobHandler {
  return async (_payload, job) => {
    const { store, config, outbox } = services;
    const tz = config.TZ;
    // The slot it was due at, not the time it ran: a run late after a restart reports the same week.
    const at = job.at;
    const span = periodSpan('上周', at, tz);
    const week = dayKey(span.range.from, tz);
    const owners = ownerRefs(services);
    if (owners.length === 0) return;
    const figures = numbersFigures(await metricsInputFrom(store, config), span, at);
    if (figures.metrics.summary.members === 0) return;
    const path = writePng(store.dir, `weekly-report-${week}`, await renderChartPng(figures.chart, CHART_SIZE));
    const text = `${figures.text}\n（每周自动发一次；不想收的话，把设置 ${WEEKLY_REPORT_SETTING} 改成 off）`;
    for (const owner of owners) {
      const key = `weekly-report:${week}:${owner.id}`;
      outbox.enqueue({ key, to: { kind: 'dm', member: owner }, text, purpose: 'requested' });
      outbox.enqueue({ key: `${key}:chart`, to: { kind: 'dm', member: owner }, text: figures.fileName, purpose: 'requested', file: { path, name: figures.fileName } });
    }
  };
}

/** Registers the weekly report: its job, and its cron job unless the setting is `off` (then a cron job left from before is withdrawn). */
export function installWeeklyReport(kit: FeatureKit): void {
  kit.job(WEEKLY_REPORT_JOB, weeklyReportJob(kit.services));
  const pattern = kit.services.config.WEEKLY_REPORT_CRON;
  if (pattern.trim().toLowerCase() === 'off') kit.services.scheduler.cancel(WEEKLY_REPORT_CRON_ID);
  else kit.every(WEEKLY_REPORT_CRON_ID, pattern, WEEKLY_REPORT_JOB);
}
