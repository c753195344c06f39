import { DAY_MS, zonedParts } from '../../scheduler/clock.ts';
import { boughtCounts, orderStats, seenDoingNothing, stageOf, tagsOf, top, type StageRules } from './stage.ts';
import type { Profile } from './types.ts';
import { yuan } from '../../text/money.ts';
import type { OrderStats } from './stage.ts';

// The owner's compact profile card (/画像): pure text from a profile and a few lookups.

export interface CardLookups {
  tz: string;
  nameOfMember(id: string): string;
  nameOfProduct(id: string): string | undefined;
  streak: number;
  /** What other features add about the member (fulfilment: unpaid and uncollected orders, open cases). */
  more?: readonly string[];
}

/** When the member last did anything, as a neighbour would say it (never 还没有 or a score). */
export function activeAgo(p: Profile, now: number): string {
  if (seenDoingNothing(p)) return '进群以来还没露过面';
  const days = Math.floor((now - p.lastActiveAt) / DAY_MS);
  if (days <= 0) return '今天露过面';
  if (days === 1) return '昨天露过面';
  return days >= 7 ? `${days} 天没露面了` : `${days} 天前露过面`;
}

export function ago(at: number | undefined, now: number): string {
  if (at === undefined) return '还没有';
  const days = Math.floor((now - at) / DAY_MS);
  if (days <= 0) return '今天';
  if (days === 1) return '昨天';
  return `${days} 天前`;
}

export function dateText(at: number, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.month}月${p.day}日`;
}

/** What the RFM scores measure, in words: how recently, how often and how much they buy. */
function buying(p: Profile, now: number, s: OrderStats, rules: StageRules): string {
  const parts: string[] = [];
  const days = p.lastOrderAt === undefined ? undefined : Math.floor((now - p.lastOrderAt) / DAY_MS);
  if (days !== undefined) parts.push(days <= 0 ? '今天刚买过' : days <= 7 ? '最近一周买过' : `上次买是 ${days} 天前`);
  if (s.count30 > 0) parts.push(`30天买了${s.count30}次、花了${yuan(s.spend30)}`);
  parts.push(s.count90 > 0 ? `${rules.windowDays}天买了${s.count90}次、花了${yuan(s.spend90)}` : `${rules.windowDays}天里没买过`);
  parts.push(`一共买了${s.count}次、共花了${yuan(s.spend)}`);
  return parts.join('，');
}

export function profileCard(p: Profile, now: number, rules: StageRules, look: CardLookups): string {
  const stage = stageOf(p, now, rules);
  const s = orderStats(p, now);
  const lines = [`${look.nameOfMember(p.id)} · ${stage}`];
  const joined = p.joinedAt !== undefined ? `入群 ${dateText(p.joinedAt, look.tz)}` : `首次出现 ${dateText(p.firstSeenAt, look.tz)}`;
  lines.push(p.inviter ? `${joined}，由 ${look.nameOfMember(p.inviter)} 邀请` : joined);
  lines.push([
    p.lastMessageAt !== undefined ? `最近发言 ${ago(p.lastMessageAt, now)}` : '还没在群里说过话',
    p.lastOrderAt !== undefined ? `最近下单 ${ago(p.lastOrderAt, now)}` : '还没下过单',
    activeAgo(p, now),
  ].join('，'));
  if (s.count > 0) lines.push(`买东西：${buying(p, now, s, rules)}`);
  const bought = top(boughtCounts(p).products, 3);
  const asked = top(p.asked, 3).map((id) => look.nameOfProduct(id) ?? id);
  if (bought.length || asked.length) {
    lines.push([bought.length ? `常买：${bought.join('、')}` : '', asked.length ? `问过：${asked.join('、')}` : ''].filter(Boolean).join('；'));
  }
  lines.push(`签到 ${p.checkins} 次${look.streak > 1 ? `（连续 ${look.streak} 天）` : ''}，分享 ${p.shares} 次，邀请 ${p.invitees.length} 人（${p.inviteesWhoOrdered} 人已下单）${p.reservations ? `，预约直播 ${p.reservations} 次` : ''}`);
  if (p.cases) lines.push(`售后 ${p.cases} 次`);
  lines.push(...(look.more ?? []));
  const tags = tagsOf(p, look.nameOfProduct);
  if (tags.length) lines.push(`标签：${tags.join('、')}`);
  const recall = p.recalls.length ? `召回 ${p.recalls.length} 次，上次 ${dateText(p.recalls.at(-1)!, look.tz)}` : '还没发过召回';
  lines.push(p.optedOut ? `${recall}；已退订私信` : recall);
  return lines.join('\n');
}
