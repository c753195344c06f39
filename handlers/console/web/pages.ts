import { zonedParts } from '../../../scheduler/clock.ts';
import { fenText } from '../../../text/money.ts';
import { STAGES } from '../../profiles/index.ts';
import type { Metrics, MetricsRange } from '../metrics/types.ts';
import type { JielongDetail, JielongRow, MemberDetail, MemberRow } from './data.ts';
import { h, raw, type Html } from './html.ts';

// The console's pages, as HTML bodies (the layout is html.ts's). Numbers are written as the
// owner reads them: ¥ and 元, 12%, 11月21日; charts are placeholders client.js draws into.

export const PAGE_SIZE = 50;

/** ¥1,234.5 from fen. */
export function money(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const [whole, cents] = fenText(fen).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${grouped}${cents ? `.${cents}` : ''}`;
}

export function pct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const p = rate * 100;
  return `${p < 10 && p !== 0 ? p.toFixed(1) : Math.round(p)}%`;
}

export function day(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.month}月${p.day}日`;
}

function dayTime(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** "11月1日—11月28日" of a range (its last day is the one before `to`). */
function rangeText(range: MetricsRange, tz: string): string {
  return `${day(range.from, tz)}—${day(range.to - 1, tz)}`;
}

// ---------------------------------------------------------------------------------------
// 概览

interface Tile {
  label: string;
  value: string;
  /** The change from the period before: as a share, or in points for a rate. */
  change?: { now: number | null; before: number | null; rate?: boolean; lowerIsBetter?: boolean };
  note?: string;
}

function tile(t: Tile): Html {
  return h`<div class="tile"><div class="k">${t.label}</div><div class="v">${t.value}</div><div class="d">${t.change ? trend(t.change) : t.note ?? ''}</div></div>`;
}

function trend({ now, before, rate, lowerIsBetter }: NonNullable<Tile['change']>): Html {
  if (now === null || before === null) return h`<span>前期无数据</span>`;
  const diff = rate ? (now - before) * 100 : before === 0 ? (now === 0 ? 0 : null) : ((now - before) / before) * 100;
  if (diff === null) return h`<span class="up">新增</span>`;
  if (Math.abs(diff) < 0.5) return h`<span>和前期持平</span>`;
  const good = lowerIsBetter ? diff < 0 : diff > 0;
  const text = `${diff > 0 ? '↑' : '↓'} ${Math.abs(diff).toFixed(Math.abs(diff) < 10 ? 1 : 0)}${rate ? ' 个百分点' : '%'}`;
  return h`<span class="${good ? 'up' : 'down'}">${text}</span><span> 比前期</span>`;
}

export interface OverviewData {
  now: Metrics;
  before: Metrics;
  range: MetricsRange;
  tz: string;
  stages: Record<string, number>;
  base: string;
}

export function overviewBody({ now, before, range, tz, stages, base }: OverviewData): Html {
  const s = now.summary;
  const b = before.summary;
  // The last whole month: the month under way has had too few days to say anything.
  const thisMonth = now.range.to.slice(0, 7);
  const months = [...before.repurchase, ...now.repurchase].filter((r) => r.month < thisMonth && r.rate !== null);
  const lastRepurchase = months.at(-1);
  const beforeRepurchase = months.filter((r) => lastRepurchase && r.month < lastRepurchase.month).at(-1);
  const tiles: Tile[] = [
    { label: '销售额', value: money(s.salesFen), change: { now: s.salesFen, before: b.salesFen } },
    { label: '订单', value: String(s.orders), change: { now: s.orders, before: b.orders } },
    { label: '下单人数', value: String(s.buyers), change: { now: s.buyers, before: b.buyers } },
    { label: '客单价', value: money(s.avgOrderFen), change: { now: s.avgOrderFen, before: b.avgOrderFen } },
    { label: '成员', value: String(s.members), change: { now: s.members, before: b.members } },
    { label: '新成员', value: String(s.newMembers), change: { now: s.newMembers, before: b.newMembers } },
    { label: '沉默占比', value: pct(s.silentShare), change: { now: s.silentShare, before: b.silentShare, rate: true, lowerIsBetter: true } },
    lastRepurchase
      ? { label: `${Number(lastRepurchase.month.slice(5))}月复购率`, value: pct(lastRepurchase.rate), change: { now: lastRepurchase.rate, before: beforeRepurchase?.rate ?? null, rate: true } }
      : { label: '月复购率', value: '—', note: '下单满两个月后才有' },
  ];
  const recall = now.recall;
  const stageTotal = Object.values(stages).reduce((a, n) => a + n, 0);
  return h`<h1>概览</h1>
<p class="muted">近 4 周（${rangeText(range, tz)}），和再往前 4 周比。</p>
<section class="tiles">${tiles.map(tile)}</section>
<div class="grid2">
<section class="card"><h2>近 12 周销售</h2><div class="chart" data-chart="weekly" data-src="${base}/api/metrics?weeks=12"></div></section>
<section class="card"><h2>成员阶段 <span class="muted">共 ${stageTotal} 人</span></h2>
<div class="chart" data-chart="pyramid" data-values="${JSON.stringify(stages)}"></div></section>
</div>
<section class="card"><h2>召回效果 <span class="muted">近 4 周</span></h2>${recall.runs === 0
    ? h`<p class="muted">这段时间还没有召回过。</p>`
    : h`<ul class="lines">
<li class="row"><span>联系了 ${recall.contacted.members} 人，回来</span><b>${pct(recall.comeback.contacted)}</b></li>
<li class="row"><span>没联系的对照组 ${recall.control.members} 人，回来</span><b>${pct(recall.comeback.control)}</b></li>
<li class="row"><span>多回来（95% 区间）</span><b>${signedPct(recall.comeback.diff)}（${signedPct(recall.comeback.low)}～${signedPct(recall.comeback.high)}）</b></li>
</ul>`}
<p class="muted"><a href="${base}/charts">看全部图表 →</a></p></section>`;
}

function signedPct(rate: number | null): string {
  if (rate === null) return '—';
  const text = pct(Math.abs(rate));
  return rate > 0 ? `+${text}` : rate < 0 ? `-${text}` : text;
}

// ---------------------------------------------------------------------------------------
// 图表

export const RANGES = [
  { weeks: 4, label: '近 4 周' },
  { weeks: 12, label: '近 12 周' },
  { weeks: 26, label: '近半年' },
  { weeks: 52, label: '近一年' },
];

export function chartsBody(m: Metrics, weeks: number, range: MetricsRange, tz: string, base: string): Html {
  const src = `${base}/api/metrics?weeks=${weeks}`;
  // A chart with nothing to draw says so in words instead (the page has the same numbers the API gives).
  const chart = (kind: string, title: string, note: string, empty: string | false) =>
    h`<section class="card"><h2>${title}</h2>${note ? h`<p class="muted">${note}</p>` : ''}${empty
      ? h`<p class="empty">${empty}</p>`
      : h`<div class="chart" data-chart="${kind}" data-src="${src}"></div>`}</section>`;
  const noNewMembers = m.referral.every((r) => r.newMembers === 0);
  return h`<h1>图表</h1>
<nav class="ranges">${RANGES.map((r) => h`<a href="${base}/charts?weeks=${r.weeks}"${r.weeks === weeks ? raw(' class="on"') : ''}>${r.label}</a>`)}</nav>
<p class="muted">${rangeText(range, tz)}</p>
<div class="grid2">
${chart('stages', '成员阶段变化', '每周末各阶段的人数', m.stages.length === 0 && '还没有成员记录。')}
${chart('weekly', '每周销售和订单', '', m.weekly.every((w) => w.orders === 0) && '这段时间还没有订单。')}
${chart('repurchase', '月复购率', '上个月下过单的人，这个月又下单的比例', m.repurchase.every((r) => r.buyers === 0) && '要有两个月的订单才算得出来。')}
${chart('streams', '直播：预约 → 提醒 → 下单', '', m.streams.length === 0 && '这段时间没有直播。')}
${chart('recall', '召回：联系了 vs 没联系', recallNote(m), m.recall.runs === 0 && '联系了的人和没联系的对照组比一比，召回之后这里就有了。')}
${chart('referral', '邀请带来的新成员', '每月新成员里，由老成员邀请进群的', noNewMembers && '这段时间没有新成员进群。')}
</div>
<section class="card"><h2>新成员留存</h2>${retentionTable(m)}</section>
<section class="card"><h2>累计消费（按入群月份）</h2>${ltvTable(m)}</section>
<section class="card"><h2>买了还买</h2>${followOnTable(m)}</section>`;
}

function recallNote(m: Metrics): string {
  const r = m.recall;
  if (r.runs === 0) return '这段时间还没有召回过。';
  return `${r.runs} 轮，联系 ${r.contacted.members} 人、对照 ${r.control.members} 人；回来的比例多 ${signedPct(r.comeback.diff)}（95% 区间 ${signedPct(r.comeback.low)}～${signedPct(r.comeback.high)}）`;
}

const ARRIVALS: Record<string, string> = { invited: '被邀请进群', stream: '看直播来的', other: '其他' };

function retentionTable(m: Metrics): Html {
  if (m.retention.every((r) => r.members === 0)) return h`<p class="empty">这段时间没有新成员。</p>`;
  return h`<div class="scroll"><table><thead><tr><th>怎么来的</th><th class="num">人数</th><th class="num">7 天后还活跃</th><th class="num">30 天后还活跃</th></tr></thead><tbody>
${m.retention.map((r) => h`<tr><td>${ARRIVALS[r.arrival] ?? r.arrival}</td><td class="num">${r.members}</td><td class="num">${pct(r.rate7)}</td><td class="num">${pct(r.rate30)}</td></tr>`)}
</tbody></table></div>`;
}

function ltvTable(m: Metrics): Html {
  const head = h`<p class="muted">下过单的人平均 ${money(m.ltv.perBuyerFen)}，全部成员平均 ${money(m.ltv.perMemberFen)}</p>`;
  const cohorts = m.ltv.cohorts.filter((c) => c.members > 0);
  if (cohorts.length === 0) return h`${head}<p class="empty">还没有数据。</p>`;
  return h`${head}<div class="scroll"><table><thead><tr><th>入群月份</th><th class="num">人数</th><th class="num">累计消费</th><th class="num">人均</th></tr></thead><tbody>
${cohorts.map((c) => h`<tr><td>${monthText(c.month)}</td><td class="num">${c.members}</td><td class="num">${money(c.spendFen)}</td><td class="num">${money(c.perMemberFen)}</td></tr>`)}
</tbody></table></div>`;
}

function followOnTable(m: Metrics): Html {
  if (m.followOn.length === 0) return h`<p class="empty">还没有买了又买的记录。</p>`;
  return h`<div class="scroll"><table><thead><tr><th>买了</th><th>又买</th><th class="num">天内</th><th class="num">买了的人</th><th class="num">又买的</th><th class="num">比例</th></tr></thead><tbody>
${m.followOn.slice(0, 10).map((f) => h`<tr><td>${f.product}</td><td>${f.then === f.product ? '（再买一次）' : f.then}</td><td class="num">${f.days}</td><td class="num">${f.buyers}</td><td class="num">${f.again}</td><td class="num">${pct(f.rate)}</td></tr>`)}
</tbody></table></div>`;
}

// ---------------------------------------------------------------------------------------
// 社区

/** The community features month by month: quick answers, polls, 体验官; then each 体验官. */
export function communityBody(m: Metrics, weeks: number, range: MetricsRange, tz: string, base: string): Html {
  const c = m.community;
  const months = [...c.months].reverse();
  const rules = months.flatMap((r) => r.topRules.map((t) => ({ month: r.month, ...t })));
  const monthTable = months.length === 0 ? h`<p class="empty">这段时间没有数据。</p>` : h`<div class="scroll"><table class="community"><thead><tr><th>月份</th><th class="num">自动回复次数</th><th class="num">提问人数</th><th class="num">投票人数</th><th class="num">票数</th><th class="num">投票数</th><th class="num">改票</th><th class="num">体验官拉新</th><th class="num">其中下单</th><th class="num">下单金额</th></tr></thead><tbody>
${months.map((r) => h`<tr><td>${monthText(r.month)}</td><td class="num">${r.autoreplyAnswers}</td><td class="num">${r.autoreplyAskers}</td><td class="num">${r.pollVoters}</td><td class="num">${r.pollVotes}</td><td class="num">${r.polls}</td><td class="num">${r.pollChanges}</td><td class="num">${r.kocReferrals}</td><td class="num">${r.kocBuyers}</td><td class="num">${money(r.kocSalesFen)}</td></tr>`)}
</tbody></table></div>`;
  const ruleTable = rules.length === 0 ? h`<p class="empty">这段时间还没有自动回复过。</p>` : h`<div class="scroll"><table><thead><tr><th>月份</th><th>规则</th><th>关键词</th><th class="num">回答次数</th><th class="num">提问人数</th></tr></thead><tbody>
${rules.map((t) => h`<tr><td>${monthText(t.month)}</td><td>#${t.rule}</td><td class="wrap">${t.keywords === null ? '（已删除）' : t.keywords.join('、')}</td><td class="num">${t.answers}</td><td class="num">${t.askers}</td></tr>`)}
</tbody></table></div>`;
  const kocTable = c.koc.length === 0 ? h`<p class="empty">还没有体验官。</p>` : h`<div class="scroll"><table><thead><tr><th>体验官</th><th>邀请码</th><th class="num">拉新</th><th class="num">其中下单</th><th class="num">下单金额</th>${months.map((r) => h`<th class="num">${monthText(r.month)}拉新 / 下单 / 金额</th>`)}</tr></thead><tbody>
${c.koc.map((k) => h`<tr><td>${k.name}</td><td>${k.code}</td><td class="num">${k.referrals}</td><td class="num">${k.buyers}</td><td class="num">${money(k.salesFen)}</td>${[...k.months].reverse().map((mo) => h`<td class="num">${mo.referrals} / ${mo.buyers} / ${money(mo.salesFen)}</td>`)}</tr>`)}
</tbody></table></div>`;
  return h`<h1>社区</h1>
<nav class="ranges">${RANGES.map((r) => h`<a href="${base}/community?weeks=${r.weeks}"${r.weeks === weeks ? raw(' class="on"') : ''}>${r.label}</a>`)}</nav>
<p class="muted">${rangeText(range, tz)}，按月（第一个月从 1 日算起）</p>
<section class="card"><h2>每月</h2><p class="muted">自动回复：回答了几次、问的有几人；投票：投了票的人、票数（每人每个投票算一票）、有人投的投票、改票；体验官：带来的新成员、其中下了单的人和金额</p>${monthTable}</section>
<section class="card"><h2>常用的自动回复 <span class="muted">每月前 3 条</span></h2>${ruleTable}</section>
<section class="card"><h2>体验官 <span class="muted">${rangeText(range, tz)}合计，和每月</span></h2>${kocTable}</section>`;
}

// ---------------------------------------------------------------------------------------
// 成员

export function membersBody(rows: MemberRow[], all: Record<string, number>, q: string, stage: string, page: number, base: string): Html {
  const shown = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const query = (p: number) => `${base}/members?${new URLSearchParams({ ...(q ? { q } : {}), ...(stage ? { stage } : {}), ...(p ? { page: String(p) } : {}) })}`;
  const total = Object.values(all).reduce((a, n) => a + n, 0);
  return h`<h1>成员</h1>
<form class="search" method="get" action="${base}/members" role="search">
<input type="search" name="q" value="${q}" placeholder="名字、房号或标签" aria-label="搜索成员" enterkeyhint="search">
<select name="stage" aria-label="阶段"><option value="">全部阶段（${total}）</option>${STAGES.map((s) => h`<option value="${s}"${s === stage ? raw(' selected') : ''}>${s}（${all[s] ?? 0}）</option>`)}</select>
<button class="btn" type="submit">搜索</button></form>
<p class="muted" data-count="${rows.length}">${q || stage ? `找到 ${rows.length} 人` : `共 ${rows.length} 人，最近活跃的在前`}</p>
<section class="card list">${shown.length === 0 ? h`<p class="empty">没有找到${q ? `「${q}」` : '这样的成员'}。</p>` : shown.map((r) => memberItem(r, base))}</section>
${rows.length > PAGE_SIZE ? h`<nav class="pager">${page > 0 ? h`<a href="${query(page - 1)}">← 上一页</a>` : h`<span></span>`}<span class="muted">第 ${page + 1} / ${Math.ceil(rows.length / PAGE_SIZE)} 页</span>${(page + 1) * PAGE_SIZE < rows.length ? h`<a href="${query(page + 1)}">下一页 →</a>` : h`<span></span>`}</nav>` : ''}`;
}

function memberItem(r: MemberRow, base: string): Html {
  return h`<a class="item member" href="${base}/members/${encodeURIComponent(r.id)}">
<div class="row"><b>${r.name}</b><span class="pill">${r.stage}</span></div>
<div class="muted">${r.lastActive} · 累计 ${money(r.spendFen)} · ${r.orders} 单${r.optedOut ? ' · 已退订私信' : ''}</div>
${r.tags.length ? h`<div>${r.tags.slice(0, 5).map((t) => h`<span class="tag">${t}</span>`)}</div>` : ''}</a>`;
}

export function memberBody(d: MemberDetail, tz: string, base: string): Html {
  const [, ...lines] = d.card;
  return h`<p class="muted"><a href="${base}/members">← 成员</a></p>
<h1>${d.row.name} <span class="pill">${d.row.stage}</span></h1>
${d.row.groups.length ? h`<p class="muted">在 ${d.row.groups.join('、')}</p>` : ''}
<section class="card"><h2>画像</h2><ul class="lines">${lines.map((l) => h`<li>${l}</li>`)}</ul></section>
<section class="card"><h2>订单 <span class="muted">共 ${d.row.orders} 单，累计 ${money(d.row.spendFen)}</span></h2>
${d.orders.length === 0 ? h`<p class="empty">还没下过单。</p>` : h`<div class="scroll"><table><thead><tr><th>日期</th><th>接龙</th><th class="num">金额</th><th>买了</th></tr></thead><tbody>
${d.orders.map((o) => h`<tr><td>${day(o.at, tz)}</td><td><a href="${base}/jielong/${encodeURIComponent(o.jielong)}">${o.title}</a></td><td class="num">${money(o.amountFen)}</td><td>${o.products.join('、')}</td></tr>`)}
</tbody></table></div>`}
${d.olderOrders > 0 ? h`<p class="muted">更早的 ${d.olderOrders} 单已计入累计，不再逐条列出。</p>` : ''}</section>`;
}

// ---------------------------------------------------------------------------------------
// 接龙

export function jielongListBody(rows: JielongRow[], weekly: Metrics['weekly'], page: number, tz: string, base: string): Html {
  const open = rows.filter((r) => r.status === 'open');
  const closed = rows.filter((r) => r.status === 'closed');
  const shown = closed.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const item = (r: JielongRow) => h`<a class="item jielong" href="${base}/jielong/${encodeURIComponent(r.id)}">
<div class="row"><b>${r.title}</b>${r.status === 'open' ? h`<span class="pill">进行中</span>` : ''}</div>
<div class="muted">${r.group} · ${day(r.openedAt, tz)}开${r.closedAt !== undefined ? ` · ${day(r.closedAt, tz)}截单` : ''}${r.orders !== undefined ? h` · <span class="nw">${r.people} 人 ${r.orders} 单 ${money(r.amountFen)}</span>` : ''}</div></a>`;
  // From the first week with an order: the empty weeks before the shop began say nothing.
  const first = weekly.findIndex((w) => w.orders > 0);
  const weeks = first < 0 ? [] : weekly.slice(first).reverse();
  return h`<h1>接龙</h1>
<section class="card list"><h2>进行中</h2>${open.length ? open.map(item) : h`<p class="empty">现在没有开着的接龙。</p>`}</section>
<section class="card list"><h2>已截单</h2>${shown.length ? shown.map(item) : h`<p class="empty">还没有截单的接龙。</p>`}
${closed.length > PAGE_SIZE ? h`<nav class="pager">${page > 0 ? h`<a href="${base}/jielong?page=${page - 1}">← 更近的</a>` : h`<span></span>`}${(page + 1) * PAGE_SIZE < closed.length ? h`<a href="${base}/jielong?page=${page + 1}">更早的 →</a>` : h`<span></span>`}</nav>` : ''}</section>
<section class="card"><h2>按周销售 <span class="muted">近 12 周</span></h2>${weeks.length === 0 ? h`<p class="empty">这段时间还没有订单。</p>` : h`<div class="chart" data-chart="weekly" data-src="${base}/api/metrics?weeks=12"></div>
<div class="scroll"><table><thead><tr><th>周（周一起）</th><th class="num">销售额</th><th class="num">订单</th><th class="num">下单人数</th></tr></thead><tbody>
${weeks.map((w) => h`<tr><td>${weekLabel(w.week)}</td><td class="num">${money(w.salesFen)}</td><td class="num">${w.orders}</td><td class="num">${w.buyers}</td></tr>`)}
</tbody></table></div>`}</section>`;
}

function monthText(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

function weekLabel(week: string): string {
  const [, m, d] = week.split('-');
  return `${Number(m)}月${Number(d)}日起`;
}

export function jielongBody(d: JielongDetail, tz: string, base: string): Html {
  const { record, batch, book, pick } = d;
  const groups = batch.map((r) => r.group.name).join('、');
  const status = record.status === 'open' ? '进行中' : `${record.closedAt !== undefined ? dayTime(record.closedAt, tz) : ''}截单`;
  const link = `${base}/jielong/${encodeURIComponent(record.id)}`;
  return h`<p class="muted"><a href="${base}/jielong">← 接龙</a></p>
<h1>${record.title}</h1>
<p class="muted">${groups} · ${dayTime(record.openedAt, tz)}开 · ${status}</p>
<section class="tiles">
<div class="tile"><div class="k">人数</div><div class="v">${pick.total.people}</div></div>
<div class="tile"><div class="k">订单</div><div class="v">${pick.total.orders}</div></div>
<div class="tile"><div class="k">金额</div><div class="v">${money(pick.total.amountFen)}</div><div class="d">${pick.total.unknownAmounts ? `另有 ${pick.total.unknownAmounts} 行金额未知` : ''}</div></div>
<div class="tile"><div class="k">商品</div><div class="v">${pick.totals.length}</div></div>
</section>
<div class="actions"><a class="btn" href="${link}/pick.xlsx" download>下载配货单 Excel</a><a class="btn ghost" href="${link}/pick.csv" download>下载 CSV</a></div>
<section class="card"><h2>商品汇总</h2>${pick.totals.length === 0 ? h`<p class="empty">还没有人接龙。</p>` : h`<div class="scroll"><table><thead><tr><th>商品</th><th class="num">数量</th><th class="num">单价</th><th class="num">金额</th><th class="num">人数</th></tr></thead><tbody>
${pick.totals.map((t) => h`<tr><td>${t.product}</td><td class="num">${t.qty}${t.unit}${t.unread ? `（另 ${t.unread} 行未写数量）` : ''}</td><td class="num">${t.price === null ? '—' : money(Math.round(t.price * 100))}</td><td class="num">${t.amount === null ? '—' : money(Math.round(t.amount * 100))}</td><td class="num">${t.people}</td></tr>`)}
</tbody></table></div>`}</section>
<section class="card"><h2>接龙名单 <span class="muted">按下单先后</span></h2>${book.length === 0 ? h`<p class="empty">还没有人接龙。</p>` : h`<div class="scroll"><table class="book"><thead><tr><th class="num">#</th><th>房号</th><th>名字</th><th>买了</th><th class="num">金额</th><th>取货号</th><th>状态</th>${batch.length > 1 ? raw('<th>群</th>') : ''}</tr></thead><tbody>
${book.map((l) => h`<tr><td class="num">${l.lineId}</td><td>${l.room}</td><td>${l.name}</td><td class="wrap">${l.items}</td><td class="num">${money(l.amountFen)}</td><td>${l.pickupNo}</td><td>${[l.state, l.reminder].filter(Boolean).join(' · ')}</td>${batch.length > 1 ? h`<td>${l.group}</td>` : ''}</tr>`)}
</tbody></table></div>`}</section>`;
}
