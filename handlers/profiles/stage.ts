import type { Profile, Stage, StageRules } from './types.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { round2 } from '../../text/money.ts';
import { orderCount } from './past.ts';

// RFM scores, the lifecycle stage and behaviour tags: pure functions of a profile, the
// time and the configured thresholds. A stage is computed when asked, never stored, so it
// can never go stale as days pass.
//
// A profile keeps the orders of the last few months; older ones are folded into `p.past`
// (past.ts), which every all-time figure here starts from. The windows are shorter than the
// fold horizon, so windowed figures never need a folded order.

export type { StageRules } from './types.ts';

export const defaultStageRules: StageRules = {
  newDays: 7, silentDays: 14, lapsedDays: 30, loyalOrders: 3, kocBuyers: 2, engagedActions: 3, engagedMaxOrders: 1, windowDays: 90,
  recencyDays: [7, 14, 30, 60], frequencyOrders: [1, 2, 4, 8], monetaryYuan: [50, 150, 400, 1000],
};

export interface OrderStats {
  count30: number;
  spend30: number;
  count90: number;
  spend90: number;
  count: number;
  spend: number;
}

export function orderStats(p: Profile, now: number): OrderStats {
  const past = p.past;
  const s: OrderStats = { count30: 0, spend30: 0, count90: 0, spend90: 0, count: past ? past.count : 0, spend: past ? past.spend : 0 };
  for (const o of Object.values(p.orders)) {
    s.count++;
    s.spend += o.amount;
    if (now - o.at <= 90 * DAY_MS) { s.count90++; s.spend90 += o.amount; }
    if (now - o.at <= 30 * DAY_MS) { s.count30++; s.spend30 += o.amount; }
  }
  for (const k of ['spend30', 'spend90', 'spend'] as const) s[k] = round2(s[k]);
  return s;
}

export interface Rfm {
  r: number;
  f: number;
  m: number;
}

export function rfm(p: Profile, now: number, rules: StageRules): Rfm {
  let count = 0;
  let spend = 0;
  for (const o of Object.values(p.orders)) {
    if (now - o.at > rules.windowDays * DAY_MS) continue;
    count++;
    spend += o.amount;
  }
  const idle = p.lastOrderAt === undefined ? Infinity : (now - p.lastOrderAt) / DAY_MS;
  const r = p.lastOrderAt === undefined ? 1 : 5 - countBelow(rules.recencyDays, idle, true);
  return { r: Math.max(1, r), f: 1 + countBelow(rules.frequencyOrders, count, false), m: 1 + countBelow(rules.monetaryYuan, spend, false) };
}

/** Recency: how many limits the value is past; frequency/monetary: how many it reaches. */
function countBelow(limits: number[], value: number, past: boolean): number {
  let n = 0;
  for (const limit of limits) if (past ? value > limit : value >= limit) n++;
  return n;
}

/**
 * One stage per member, in order of what the owner should act on first: a newcomer is
 * new whatever they did; a regular buyer who stopped ordering is at risk even if they
 * still chat; anyone quiet for `silentDays` is silent; then KOC, loyal, high-potential.
 */
export function stageOf(p: Profile, now: number, rules: StageRules): Stage {
  return earlyStage(p, now, rules) ?? laterStage(p, now, rules);
}

const since = (now: number, at: number | undefined) => (at === undefined ? Infinity : (now - at) / DAY_MS);

/**
 * The stages decided before the member's engagement counts: 新人, 流失风险 or 沉默, else
 * undefined. The orders are only counted for a buyer who has stopped ordering, so a recall
 * plan over 100,000 members walks few of them.
 */
export function earlyStage(p: Profile, now: number, rules: StageRules): Stage | undefined {
  if (p.joinedAt !== undefined && since(now, p.joinedAt) < rules.newDays) return '新人';
  if (since(now, p.lastOrderAt) >= rules.lapsedDays && orderCount(p) >= rules.loyalOrders) return '流失风险';
  if (since(now, p.lastActiveAt) >= rules.silentDays) return '沉默';
  return undefined;
}

function laterStage(p: Profile, now: number, rules: StageRules): Stage {
  // Known only from a group's member list: silent, not active, though not yet for long enough
  // to be recalled (recall reads earlyStage, which waits the silent days from first sight).
  if (seenDoingNothing(p)) return '沉默';
  if (p.inviteesWhoOrdered >= rules.kocBuyers) return 'KOC';
  let recent = 0;
  for (const key in p.orders) if (since(now, p.orders[key]!.at) <= rules.windowDays) recent++;
  if (recent >= rules.loyalOrders) return '忠实';
  const engagement = p.questions + p.checkins + p.reservations;
  if (engagement >= rules.engagedActions && recent <= rules.engagedMaxOrders) return '高潜';
  return '活跃';
}

/** Never seen doing anything: no message, order, check-in, question, share, reservation, join or invite. */
export function seenDoingNothing(p: Profile): boolean {
  return p.lastActiveAt === p.firstSeenAt && p.lastMessageAt === undefined && p.firstOrderAt === undefined && p.checkins === 0
    && p.questions === 0 && p.shares === 0 && p.reservations === 0 && p.joinedAt === undefined && p.invitees.length === 0;
}

/** Everything the member ever spent on orders (yuan, to the fen): the same as orderStats' spend. */
export function spendOf(p: Profile): number {
  let spend = p.past ? p.past.spend : 0;
  for (const key in p.orders) spend += p.orders[key]!.amount;
  return round2(spend);
}

/** Favourite names by count, most first (ties by name, so the answer is stable). */
export function top(counts: Record<string, number>, n: number): string[] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([k]) => k);
}

export function boughtCounts(p: Profile): { products: Record<string, number>; categories: Record<string, number> } {
  const products: Record<string, number> = {};
  const categories: Record<string, number> = {};
  const past = p.past;
  if (past) {
    for (const name in past.products) products[name] = (products[name] ?? 0) + past.products[name]!;
    for (const c in past.categories) categories[c] = (categories[c] ?? 0) + past.categories[c]!;
  }
  for (const o of Object.values(p.orders)) {
    for (const name of o.products) products[name] = (products[name] ?? 0) + 1;
    for (const c of o.categories) categories[c] = (categories[c] ?? 0) + 1;
  }
  return { products, categories };
}

/** The categories the member cares about, most first: a purchase counts twice what a question does. */
export function favouriteCategories(p: Profile, n: number): string[] {
  const score: Record<string, number> = {};
  for (const [c, k] of Object.entries(boughtCounts(p).categories)) score[c] = (score[c] ?? 0) + 2 * k;
  for (const [c, k] of Object.entries(p.askedCategories)) score[c] = (score[c] ?? 0) + k;
  return top(score, n);
}

/** Tags from behaviour (买过…, 关注…, 爱签到, 爱分享, 带新人) plus the owner's own. */
export function tagsOf(p: Profile, productName: (id: string) => string | undefined): string[] {
  const tags: string[] = [];
  const bought = boughtCounts(p);
  for (const name of top(bought.products, 2)) tags.push(`买过${name}`);
  const interests = new Set<string>([...top(bought.categories, 2), ...top(p.askedCategories, 2)]);
  for (const c of interests) tags.push(`关注${c}`);
  for (const id of top(p.asked, 1)) {
    const name = productName(id) ?? id;
    if (!bought.products[name]) tags.push(`问过${name}`);
  }
  if (p.checkins >= 7) tags.push('爱签到');
  if (p.shares >= 3) tags.push('爱分享');
  if (p.invitees.length > 0) tags.push('带新人');
  for (const t of p.ownerTags) if (!tags.includes(t)) tags.push(t);
  return tags;
}
