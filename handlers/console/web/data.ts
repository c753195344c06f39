import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../../../bot/context.ts';
import { dayKey, DAY_MS, zonedInstant, zonedParts } from '../../../scheduler/clock.ts';
import { memberName } from '../../../store/members.ts';
import { toFen } from '../../../text/money.ts';
import {
  archivedCandidates, buildPickList, findRecord, itemsText, ordersOf, siblingsOf, writePickList,
  type JielongRecord, type OrderMarksOf, type PickList,
} from '../../jielong/index.ts';
import {
  activeAgo, catalogLookup, orderCount, profileCard, seenDoingNothing, spendOf, stageOf, stageRulesFrom, STAGES, tagsOf,
  type Profile, type Stage,
} from '../../profiles/index.ts';
import type { Metrics, MetricsRange } from '../metrics/types.ts';

// What the console's pages show, read from the store through the features' own functions:
// members with their stage and card (profiles), 接龙 and their order books and pick lists
// (jielong, with fulfilment's marks), and the shop's numbers (metrics). No HTML here.

export interface ConsoleDeps {
  services: Services;
  /** The shop's numbers over a range (computeMetrics over the behaviour log). */
  metrics(range: MetricsRange): Promise<Metrics>;
  /** Fulfilment's marks of an order: pick-up number, state, unpaid, uncollected. */
  orderMarks?: OrderMarksOf;
  /** Lines other features add to a member's card (fulfilment). */
  cardMore?: (services: Services, memberId: string) => string[];
}

// ---------------------------------------------------------------------------------------
// Time ranges

const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 (shop time) of the week `at` falls in. */
export function weekStart(at: number, tz: string): number {
  const p = zonedParts(at, tz);
  const back = (p.weekday + 6) % 7;
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day - back));
  return zonedInstant(tz, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The last `weeks` calendar weeks up to now (this week so far included). */
export function lastWeeks(now: number, tz: string, weeks: number): MetricsRange {
  const start = weekStart(now, tz);
  const from = weekStart(start - (weeks - 1) * WEEK_MS + 3 * DAY_MS, tz);
  return { from, to: now + 1 };
}

export type RangeQuery = { ok: true; range: MetricsRange } | { ok: false; error: string };

const MAX_SPAN_MS = 3 * 366 * DAY_MS;

/** `?weeks=12`, or `?from=2026-09-01&to=2026-11-30` (days in shop time, `to` included) or epoch ms. */
export function rangeFrom(query: { from?: string; to?: string; weeks?: string }, now: number, tz: string): RangeQuery {
  if (query.from === undefined && query.to === undefined) {
    const weeks = query.weeks === undefined ? 12 : Number(query.weeks);
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 156) return { ok: false, error: 'weeks 应为 1 到 156 的整数' };
    return { ok: true, range: lastWeeks(now, tz, weeks) };
  }
  const from = query.from === undefined ? undefined : instantOf(query.from, tz, false);
  const to = query.to === undefined ? now + 1 : instantOf(query.to, tz, true);
  if (from === undefined || to === undefined) return { ok: false, error: 'from、to 写成 2026-11-01 这样的日期' };
  if (from >= to) return { ok: false, error: 'from 要早于 to' };
  if (to - from > MAX_SPAN_MS) return { ok: false, error: '一次最多看三年' };
  return { ok: true, range: { from, to } };
}

function instantOf(text: string, tz: string, end: boolean): number | undefined {
  if (/^\d{10,14}$/.test(text)) return Number(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const start = zonedInstant(tz, y, mo, d);
  if (!end) return start;
  const next = new Date(Date.UTC(y, mo - 1, d + 1));
  return zonedInstant(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

// ---------------------------------------------------------------------------------------
// Members

export interface MemberRow {
  id: string;
  name: string;
  stage: Stage;
  tags: string[];
  lastActiveAt: number;
  /** "3 天前露过面". */
  lastActive: string;
  /** All-time spend, in fen. */
  spendFen: number;
  orders: number;
  groups: string[];
  optedOut: boolean;
  /** Known only from a group's member list: never said or did anything. */
  neverSeen: boolean;
}

export interface MemberQuery {
  q?: string;
  stage?: string;
}

/** The members (owners left out), most recently active first, filtered by a search and a stage. */
export function memberRows(services: Services, query: MemberQuery = {}): MemberRow[] {
  const { store } = services;
  const wanted = STAGES.find((s) => s.toUpperCase() === query.stage?.trim().toUpperCase());
  const needle = normalise(query.q ?? '');
  const rowOf = rowMaker(services);
  const rows: MemberRow[] = [];
  for (const p of Object.values(store.data.profiles.members)) {
    const row = rowOf(p);
    if (!row || (wanted && row.stage !== wanted)) continue;
    if (needle) {
      const record = store.data.members[p.id];
      const hay = [row.name, p.id, record?.room ?? '', ...Object.values(record?.aliases ?? {}), ...row.tags].map(normalise);
      if (!hay.some((s) => s.includes(needle))) continue;
    }
    rows.push(row);
  }
  // Those only ever seen on a group's member list go last, however recently they were listed.
  return rows.sort((a, b) => Number(a.neverSeen) - Number(b.neverSeen) || b.lastActiveAt - a.lastActiveAt || a.name.localeCompare(b.name, 'zh-CN'));
}

/** A member's row as of now; undefined for an owner. */
function rowMaker(services: Services): (p: Profile) => MemberRow | undefined {
  const { store, config, clock } = services;
  const now = clock.now();
  const rules = stageRulesFrom(config);
  const look = catalogLookup(store.data.catalog);
  return (p) => {
    const name = memberName(store.data, p.id);
    if (services.isOwner({ id: p.id, name })) return undefined;
    const record = store.data.members[p.id];
    return {
      id: p.id, name, stage: stageOf(p, now, rules), tags: tagsOf(p, look.nameOf), lastActiveAt: p.lastActiveAt,
      lastActive: activeAgo(p, now), spendFen: toFen(spendOf(p)), orders: orderCount(p),
      groups: (record?.groups ?? []).map((g) => store.data.groups[g]?.name ?? g), optedOut: p.optedOut, neverSeen: seenDoingNothing(p),
    };
  };
}

function normalise(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

/** How many members are in each stage now (owners left out). */
export function stageCounts(rows: readonly MemberRow[]): Record<Stage, number> {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const r of rows) counts[r.stage]++;
  return counts;
}

export interface MemberDetail {
  row: MemberRow;
  /** The owner's /画像 card, line by line, with what fulfilment adds. */
  card: string[];
  orders: Array<{ jielong: string; title: string; at: number; amountFen: number; products: string[] }>;
  /** More orders than shown (folded into the profile's totals, or past the list's length). */
  olderOrders: number;
}

const MEMBER_ORDERS_SHOWN = 30;

export function memberDetail(deps: ConsoleDeps, id: string): MemberDetail | undefined {
  const { services } = deps;
  const { store, config, clock } = services;
  const p: Profile | undefined = store.data.profiles.members[id];
  const row = p && rowMaker(services)(p);
  if (!p || !row) return undefined;
  const now = clock.now();
  const look = catalogLookup(store.data.catalog);
  const card = profileCard(p, now, stageRulesFrom(config), {
    tz: config.TZ, nameOfProduct: look.nameOf, nameOfMember: (m) => memberName(store.data, m),
    streak: store.data.points?.streaks[p.id]?.streak ?? 0, more: deps.cardMore?.(services, p.id) ?? [],
  }).split('\n');
  const all = Object.entries(p.orders).sort((a, b) => b[1].at - a[1].at);
  const orders = all.slice(0, MEMBER_ORDERS_SHOWN).map(([jielong, o]) => ({
    jielong, title: titleOf(services, jielong), at: o.at, amountFen: toFen(o.amount), products: o.products,
  }));
  return { row, card, orders, olderOrders: orderCount(p) - orders.length };
}

function titleOf(services: Services, jielongId: string): string {
  return findRecord(services.store, jielongId)?.title ?? jielongId;
}

// ---------------------------------------------------------------------------------------
// 接龙

export interface JielongRow {
  id: string;
  title: string;
  group: string;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt?: number;
  /** Known for 接龙 still in state.json; archived ones are read only when opened. */
  orders?: number;
  people?: number;
  amountFen?: number;
  archived: boolean;
}

/** Every 接龙, newest first: open and recently closed ones with their totals, archived ones by title. */
export function jielongRows(services: Services): JielongRow[] {
  const { store } = services;
  const { catalog } = store.data;
  const live: JielongRow[] = Object.values(store.data.jielong).map((r) => {
    const orders = ordersOf(r, catalog);
    const pick = buildPickList(orders.map((order) => ({ jielongId: r.id, order })));
    return {
      id: r.id, title: r.title, group: r.group.name, status: r.status, openedAt: r.openedAt,
      ...(r.closedAt !== undefined ? { closedAt: r.closedAt } : {}),
      orders: orders.length, people: pick.total.people, amountFen: pick.total.amountFen, archived: false,
    };
  });
  const archived: JielongRow[] = archivedCandidates(store).map((a) => ({
    id: a.id, title: a.title, group: store.data.groups[a.group.id]?.name ?? a.group.id, status: 'closed', openedAt: a.openedAt, archived: true,
  }));
  return [...live, ...archived].sort((a, b) => b.openedAt - a.openedAt);
}

export interface BookLine {
  group: string;
  lineId: number;
  name: string;
  room: string;
  items: string;
  amountFen: number | null;
  pickupNo: string;
  state: string;
  reminder: string;
}

export interface JielongDetail {
  record: JielongRecord;
  /** The 接龙 opened with it in other groups (one stock, one pick list), itself included. */
  batch: JielongRecord[];
  book: BookLine[];
  pick: PickList;
}

export function jielongDetail(deps: ConsoleDeps, id: string): JielongDetail | undefined {
  const { store } = deps.services;
  const record = findRecord(store, id);
  if (!record) return undefined;
  const batch = siblingsOf(store, record);
  const { catalog } = store.data;
  const book: BookLine[] = [];
  const pickOrders = [];
  for (const r of batch) {
    for (const order of ordersOf(r, catalog)) {
      pickOrders.push({ jielongId: r.id, order });
      const marks = deps.orderMarks?.(r.id, order);
      book.push({
        group: r.group.name, lineId: order.lineId, name: order.name ?? '', room: order.room ?? '', items: itemsText(order.items),
        amountFen: order.amount === null ? null : toFen(order.amount), pickupNo: marks?.pickupNo ?? '', state: marks?.state ?? '',
        reminder: [marks?.unpaid && '未付', marks?.uncollected && '未取'].filter(Boolean).join('、'),
      });
    }
  }
  return { record, batch, book, pick: buildPickList(pickOrders, deps.orderMarks) };
}

export interface PickFile {
  name: string;
  body: Buffer;
  type: string;
}

/**
 * The pick list as the owner downloads it: written under DATA_DIR/exports/ as /接龙 导出 writes
 * it, both files, and the one asked for read back.
 */
export async function pickListFile(deps: ConsoleDeps, detail: JielongDetail, format: 'xlsx' | 'csv'): Promise<PickFile> {
  const { store, config, clock } = deps.services;
  const { record, batch, pick } = detail;
  const name = `${dayKey(clock.now(), config.TZ)}-${safeName(record.title)}-配货单`;
  const files = await writePickList(pick, join(store.dir, 'exports'), `${name}-${batch.map((r) => r.id).join('_')}`, record.title);
  const path = format === 'xlsx' ? files.xlsx : files.csv;
  return {
    name: `${name}.${format}`,
    body: readFileSync(path),
    type: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  };
}

/** A title as a file name: no path separators or characters Windows refuses. */
function safeName(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '接龙';
}
