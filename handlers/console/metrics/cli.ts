import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { DEMO_SHOP } from '../../../bot/channels/demo-shop.ts';
import { ConfigError, loadConfig, runsSandbox, type Config } from '../../../bot/config.ts';
import { DAY_MS, zonedInstant, zonedParts } from '../../../scheduler/clock.ts';
import { DataFileError } from '../../../store/errors.ts';
import { DataDirLockedError } from '../../../store/lock.ts';
import { fenYuan } from '../../../text/money.ts';
import { metricsInputFromDir } from '../metrics-input.ts';
import { computeMetrics, FOLLOW_ON_DAYS, SILENT_DAYS, type Metrics, type MetricsRange } from './index.ts';

// `npm run report -- --data DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]`: the shop's
// numbers (docs/console-metrics.md) for a data folder no bot is running on, as a table or as
// JSON (the Metrics object). Both days are included; the default range is the last 90 days up to
// today. Settings (TZ, OWNER_IDS, PROFILE_*) come from the environment and .env, as for npm start.
// Exit 0: printed; 1: the folder or the settings cannot be used; 2: bad arguments.

export const USAGE = [
  '用法 usage: npm run report -- [--data 数据目录] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]',
  '  --data   数据目录 the data folder (default: $DATA_DIR, else ./data)',
  '  --from   第一天 first day, included (default: 89 days before --to)',
  '  --to     最后一天 last day, included (default: today)',
  '  --json   输出 JSON print the figures as JSON',
].join('\n');

interface Args {
  data?: string;
  from?: string;
  to?: string;
  json: boolean;
}

type Parsed = { args: Args } | { error: string };

export function readArgs(argv: readonly string[]): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv], allowPositionals: true, strict: true,
      options: { data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) return { error: '' };
    if (positionals.length) return { error: `多余的参数 unexpected argument: ${positionals.join(' ')}` };
    for (const k of ['data', 'from', 'to'] as const) if (values[k] === '') return { error: `--${k} 没有值 needs a value` };
    return { args: { data: values.data, from: values.from, to: values.to, json: values.json ?? false } };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** A `YYYY-MM-DD` day as [its start, the next day's start) in the zone; undefined when it is no date. */
function dayRange(text: string, tz: string): { start: number; end: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = zonedInstant(tz, y, mo, d);
  const p = zonedParts(start, tz);
  if (p.year !== y || p.month !== mo || p.day !== d) return undefined;
  return { start, end: zonedInstant(tz, y, mo, d + 1) };
}

/** The range the options name, both days included: by default the 90 days up to today. */
export function rangeOf(args: Pick<Args, 'from' | 'to'>, tz: string, now: number): MetricsRange | { error: string } {
  let to: number;
  if (args.to !== undefined) {
    const day = dayRange(args.to, tz);
    if (!day) return { error: `--to ${args.to} 不是日期 is not a date (YYYY-MM-DD)` };
    to = day.end;
  } else {
    const p = zonedParts(now, tz);
    to = zonedInstant(tz, p.year, p.month, p.day + 1);
  }
  let from: number;
  if (args.from !== undefined) {
    const day = dayRange(args.from, tz);
    if (!day) return { error: `--from ${args.from} 不是日期 is not a date (YYYY-MM-DD)` };
    from = day.start;
  } else {
    const last = zonedParts(to - DAY_MS / 2, tz);
    from = zonedInstant(tz, last.year, last.month, last.day - 89);
  }
  if (from >= to) return { error: `--from 在 --to 之后 --from is after --to` };
  return { from, to };
}

// ---------------------------------------------------------------------------------------
// The table

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000 ? 2 : 1;
  }
  return w;
}

const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

/** Columns aligned; the first left-aligned, the rest right-aligned (numbers). */
function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ').trimEnd();
  if (rows.length === 0) return [line(headers), '  （无 none）'];
  return [line(headers), ...rows.map(line)];
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const signedPct = (r: number | null) => (r === null ? '—' : `${r > 0 ? '+' : ''}${(r * 100).toFixed(1)}%`);
const money = (fen: number | null) => (fen === null ? '—' : fenYuan(fen));
const n = (v: number) => String(v);

export function tableText(m: Metrics, tz: string): string {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => out.push('', title, ...lines);
  out.push(`邻里 Linli 经营数据 shop metrics  ${m.range.from} – ${m.range.to}（${tz}）`);
  const s = m.summary;
  section('概览 Summary', table(['', ''], [
    ['成员 members', n(s.members)],
    ['新成员 new members', n(s.newMembers)],
    ['下单人数 buyers', n(s.buyers)],
    ['订单 orders', n(s.orders)],
    ['销售额 sales', money(s.salesFen)],
    ['客单价 average order', money(s.avgOrderFen)],
    [`沉默占比 silent share (${SILENT_DAYS}天 days)`, pct(s.silentShare)],
  ]).slice(1));
  section('月复购率 Monthly repurchase', table(['月份 month', '上月下单 buyers', '本月再下单 repeat', '复购率 rate'],
    m.repurchase.map((r) => [r.month, n(r.buyers), n(r.repeat), pct(r.rate)])));
  section('拉新占比 Referral share', table(['月份 month', '新成员 new', '被邀请 invited', '占比 share'],
    m.referral.map((r) => [r.month, n(r.newMembers), n(r.invited), pct(r.share)])));
  section(`客户价值 LTV (to ${m.range.to})`, [
    ...table(['', ''], [['每位下单成员 per buyer', money(m.ltv.perBuyerFen)], ['每位成员 per member', money(m.ltv.perMemberFen)]]).slice(1),
    ...table(['加入月份 cohort', '成员 members', '累计消费 spend', '人均 per member'],
      m.ltv.cohorts.map((c) => [c.month, n(c.members), money(c.spendFen), money(c.perMemberFen)])),
  ]);
  section(`连带复购 Follow-on (${FOLLOW_ON_DAYS}天内 within ${FOLLOW_ON_DAYS} days)`, table(['买了 bought → 又买 then', '买家 buyers', '又买 again', '比例 rate'],
    m.followOn.map((f) => [`${f.product} → ${f.then}`, n(f.buyers), n(f.again), pct(f.rate)])));
  section('直播转化 Stream funnel', table(['直播 stream', '预约 reserved', '已提醒 reminded', '下单 ordered', '转化 conversion'],
    m.streams.map((r) => [`#${r.stream} ${r.title}`, n(r.reservations), n(r.reminded), n(r.ordered), pct(r.conversion)])));
  const arrival: Record<string, string> = { invited: '邀请 invited', stream: '直播 stream', other: '其他 other' };
  section('新成员留存 Retention of new members', table(['来源 arrival', '新成员 members', '7天 d7', '7天留存 rate7', '30天 d30', '30天留存 rate30'],
    m.retention.map((r) => [arrival[r.arrival] ?? r.arrival, n(r.members), `${r.d7}/${r.measured7}`, pct(r.rate7), `${r.d30}/${r.measured30}`, pct(r.rate30)])));
  const stages = m.stages[0] ? Object.keys(m.stages[0].counts) : [];
  section('成员分层 Lifecycle stages (每周末 at each week\'s end)', table(['周 week', ...stages],
    m.stages.map((w) => [w.week, ...stages.map((k) => n(w.counts[k] ?? 0))])));
  section('每周 Weekly', table(['周 week', '销售额 sales', '订单 orders', '下单人数 buyers'],
    m.weekly.map((w) => [w.week, money(w.salesFen), n(w.orders), n(w.buyers)])));
  const r = m.recall;
  section(`召回效果 Recall uplift (${r.runs} 次 runs)`, [
    ...table(['', '人次 members', '回来 came back', '回来率 rate', '下单 ordered', '下单率 rate'], [
      ['私信 contacted', n(r.contacted.members), n(r.contacted.cameBack), pct(r.comeback.contacted), n(r.contacted.ordered), pct(r.order.contacted)],
      ['对照 control', n(r.control.members), n(r.control.cameBack), pct(r.comeback.control), n(r.control.ordered), pct(r.order.control)],
    ]),
    `  回来率差 comeback uplift ${signedPct(r.comeback.diff)}（95% 区间 interval ${signedPct(r.comeback.low)} … ${signedPct(r.comeback.high)}）`,
    `  下单率差 order uplift ${signedPct(r.order.diff)}（95% 区间 interval ${signedPct(r.order.low)} … ${signedPct(r.order.high)}）`,
  ]);
  const c = m.community;
  section('社区 Community (每月 per month)', table(
    ['月份 month', '自动回复 answers', '提问人数 askers', '投票人数 voters', '票数 votes', '投票数 polls', '改票 changed', '体验官拉新 referrals', '其中下单 buyers', '下单金额 amount'],
    c.months.map((r) => [r.month, n(r.autoreplyAnswers), n(r.autoreplyAskers), n(r.pollVoters), n(r.pollVotes), n(r.polls), n(r.pollChanges), n(r.kocReferrals), n(r.kocBuyers), money(r.kocSalesFen)])));
  section('常用自动回复 Top quick answers', table(['月份 month', '规则 rule', '关键词 keywords', '回答 answers', '提问人数 askers'],
    c.months.flatMap((r) => r.topRules.map((t) => [r.month, `#${t.rule}`, t.keywords === null ? '（已删除 deleted）' : t.keywords.join('、'), n(t.answers), n(t.askers)]))));
  section('体验官 KOC', table(['体验官 KOC', '邀请码 code', '月份 month', '拉新 referrals', '下单人数 buyers', '下单金额 amount'],
    c.koc.flatMap((k) => [
      ...k.months.map((mo) => [k.name, k.code, mo.month, n(mo.referrals), n(mo.buyers), money(mo.salesFen)]),
      [k.name, k.code, '合计 total', n(k.referrals), n(k.buyers), money(k.salesFen)],
    ])));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------

/** With no owner configured, the sandbox's owner is the demo shop's (as bot/start.ts decides). */
function withOwner(config: Config): Config {
  return config.OWNER_IDS.length || !runsSandbox(config) ? config : { ...config, OWNER_IDS: [DEMO_SHOP.owner.id] };
}

export async function main(argv: readonly string[], env: Record<string, string | undefined> = process.env, now = Date.now()): Promise<number> {
  const parsed = readArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error ? `report: ${parsed.error}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const { args } = parsed;
  let config: Config;
  try {
    config = withOwner(loadConfig({ ...env, ...(args.data ? { DATA_DIR: args.data } : {}) }));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`report: ${err.message}\n`);
    return 1;
  }
  const range = rangeOf(args, config.TZ, now);
  if ('error' in range) {
    process.stderr.write(`report: ${range.error}\n${USAGE}\n`);
    return 2;
  }
  const dir = resolve(config.DATA_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(join(dir, 'events.jsonl'))) {
    process.stderr.write(`report: ${dir} 不是 Linli 的数据目录（没有 events.jsonl）is not a Linli data folder (no events.jsonl)\n${USAGE}\n`);
    return 1;
  }
  let input;
  try {
    input = await metricsInputFromDir(dir, config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      const who = err.holder ? `PID ${err.holder.pid}，${err.holder.startedAt} 启动` : '锁文件读不出';
      process.stderr.write([
        `report: Linli 正在使用数据目录 ${dir}（${who}），数据还在变，不读。`,
        `  The bot is running on ${dir}: stop it first, or copy the folder and run the report on the copy:`,
        `  cp -r ${dir} /tmp/linli-copy && npm run report -- --data /tmp/linli-copy`,
        `  确定没有 Linli 在用它时（PID 已不在），删掉 ${err.file} 再试。`,
      ].join('\n') + '\n');
      return 1;
    }
    if (err instanceof DataFileError) {
      process.stderr.write(`report: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const metrics = computeMetrics(input, range);
  process.stdout.write(args.json ? `${JSON.stringify(metrics, null, 2)}\n` : tableText(metrics, config.TZ));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  loadDotenv({ quiet: true });
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`report: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
