import { DAY_MS, zonedParts } from '../../scheduler/clock.ts';
import { boughtCounts, orderStats, rfm, seenDoingNothing, stageOf, tagsOf, top, type StageRules } from './stage.ts';
import type { Profile } from './types.ts';
import { yuan } from '../money.ts';

// The owner's compact profile card (/画像): pure text from a profile and a few lookups.

export interface CardLookups {
  tz: string;
  nameOfMember(id: string): string;
  nameOfProduct(id: string): string | undefined;
  streak: number;
}

/** When the member last did anything, or 还没有 for one only found on a member list. */
export function activeAgo(p: Profile, now: number): string {
  return seenDoingNothing(p) ? '还没有' : ago(p.lastActiveAt, now);
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

export function profileCard(p: Profile, now: number, rules: StageRules, look: CardLookups): string {
  const stage = stageOf(p, now, rules);
  const score = rfm(p, now, rules);
  const s = orderStats(p, now);
  const lines = [`${look.nameOfMember(p.id)} · ${stage}（R${score.r} F${score.f} M${score.m}）`];
  const joined = p.joinedAt !== undefined ? `入群 ${dateText(p.joinedAt, look.tz)}` : `首次出现 ${dateText(p.firstSeenAt, look.tz)}`;
  lines.push(p.inviter ? `${joined}，由 ${look.nameOfMember(p.inviter)} 邀请` : joined);
  lines.push(`最近发言 ${ago(p.lastMessageAt, now)}，最近下单 ${ago(p.lastOrderAt, now)}，最近活跃 ${activeAgo(p, now)}`);
  lines.push(`订单：30 天 ${s.count30} 单 ${yuan(s.spend30)} · 90 天 ${s.count90} 单 ${yuan(s.spend90)} · 累计 ${s.count} 单 ${yuan(s.spend)}`);
  const bought = top(boughtCounts(p).products, 3);
  const asked = top(p.asked, 3).map((id) => look.nameOfProduct(id) ?? id);
  if (bought.length || asked.length) {
    lines.push([bought.length ? `常买：${bought.join('、')}` : '', asked.length ? `问过：${asked.join('、')}` : ''].filter(Boolean).join('；'));
  }
  lines.push(`签到 ${p.checkins} 次${look.streak > 1 ? `（连续 ${look.streak} 天）` : ''}，分享 ${p.shares} 次，邀请 ${p.invitees.length} 人（${p.inviteesWhoOrdered} 人已下单）${p.reservations ? `，预约直播 ${p.reservations} 次` : ''}`);
  const tags = tagsOf(p, look.nameOfProduct);
  if (tags.length) lines.push(`标签：${tags.join('、')}`);
  const recall = p.recalls.length ? `召回 ${p.recalls.length} 次，上次 ${dateText(p.recalls.at(-1)!, look.tz)}` : '还没发过召回';
  lines.push(p.optedOut ? `${recall}；已退订私信` : recall);
  return lines.join('\n');
}
