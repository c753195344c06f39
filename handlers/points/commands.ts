import type { Ctx } from '../../bot/context.ts';
import type { MemberRef } from '../../bot/types.ts';
import { dayKey, zonedParts } from '../../scheduler/clock.ts';
import { findMember } from '../../store/members.ts';
import { plainSpaces } from '../../text/normalize.ts';
import type { Command } from '../../bot/commands.ts';
import type { PointsBook } from './book.ts';
import { rank } from './ledger.ts';
import { currentStreak, parseAdjust, weekStart, type PointsRules } from './rules.ts';
import type { LedgerEntry } from './state.ts';

// What residents ask (我的积分, 积分排行) and what the owner does (/积分 调整, /积分 查).

const RECENT = 5;
const TOP = 10;
const ADJUST_USAGE = '/积分 调整 @某人 +20 原因';
const LOOKUP_USAGE = '/积分 查 @某人';

export function pointsCommands(book: PointsBook, rules: PointsRules): Command[] {
  return [
    {
      name: '积分', ownerOnly: false, usage: '/积分（或发「我的积分」）', summary: '查看积分、连续签到、本周排名和最近明细',
      more: [
        { usage: ADJUST_USAGE, summary: '给居民加分或扣分（写 -20 扣分，不会扣成负数；原因必填）', ownerOnly: true },
        { usage: LOOKUP_USAGE, summary: '查看某人的积分和明细', ownerOnly: true },
      ],
      run: (ctx, args) => pointsCommand(ctx, args, book, rules),
    },
    {
      name: '排行', aliases: ['积分排行'], ownerOnly: false, usage: '/排行（或发「积分排行」）', summary: '本周积分前 10 名',
      run: (ctx) => ranking(ctx, book),
    },
  ];
}

function pointsCommand(ctx: Ctx, args: string, book: PointsBook, rules: PointsRules): void {
  if (!args) return myPoints(ctx, book, rules);
  const m = /^(调整|查|查询)\s*([\s\S]*)$/.exec(args);
  if (!m) {
    ctx.reply(`看自己的积分发 /积分 就行。${ctx.isOwner ? `团长还可以用：${ADJUST_USAGE}，或 ${LOOKUP_USAGE}` : ''}`);
    return;
  }
  const [, sub = '', rest = ''] = m;
  if (!ctx.isOwner) {
    ctx.reply(`抱歉，${sub === '调整' ? '调整' : '查看别人的'}积分只有团长可以。想看自己的积分，发 /积分 就行。`);
    return;
  }
  if (sub === '调整') adjust(ctx, rest, book);
  else lookup(ctx, rest, book, rules);
}

export function myPoints(ctx: Ctx, book: PointsBook, rules: PointsRules): void {
  ctx.reply(summaryText(ctx, book, rules, ctx.member.id, true));
}

export function ranking(ctx: Ctx, book: PointsBook): void {
  ctx.reply(rankingText(ctx, book));
}

function adjust(ctx: Ctx, args: string, book: PointsBook): void {
  const parsed = parseAdjust(args);
  if (!parsed.ok) {
    const hint = {
      who: `要给谁调整？这样发：${ADJUST_USAGE}`,
      amount: `调整多少分？写成 +20 或 -20，比如：/积分 调整 @王阿姨 +20 帮忙搬货`,
      reason: `请写上原因，居民会在积分明细里看到，比如：/积分 调整 @王阿姨 +20 帮忙搬货`,
    }[parsed.problem];
    ctx.reply(hint);
    return;
  }
  const key = `adjust:${ctx.event.id}`;
  // Decided once: replayed after that person turned up, a refused adjustment stays refused.
  if (book.ledger.decided(key, ctx.event.at)) return;
  const target = resolveMember(ctx, parsed.who);
  if (!target) {
    book.ledger.decline(key, ctx.event.at);
    book.changed();
    ctx.reply(notFound(parsed.who));
    return;
  }
  const result = book.post({
    key, member: target.id, amount: parsed.amount, kind: 'adjust',
    reason: `团长调整：${parsed.reason}`, source: ctx.event.id, at: ctx.event.at, by: ctx.member.id,
  }, { group: ctx.group, name: target.name });
  if (result.ok) {
    const verb = parsed.amount > 0 ? '加' : '扣';
    ctx.reply(`已给${target.name}${verb} ${Math.abs(parsed.amount)} 分（${parsed.reason}），现在共 ${result.balance} 分。`);
  } else if (result.why === 'insufficient') {
    book.changed();
    ctx.reply(result.balance > 0
      ? `${target.name}现在只有 ${result.balance} 分，最多能扣 ${result.balance} 分，积分不会扣成负数。`
      : `${target.name}现在是 0 分，没有可以扣的积分了。`);
  }
}

function lookup(ctx: Ctx, args: string, book: PointsBook, rules: PointsRules): void {
  const who = plainSpaces(args).trim().replace(/^[@＠]/, '').trim();
  if (!who) {
    ctx.reply(`要查谁？这样发：${LOOKUP_USAGE}`);
    return;
  }
  const target = resolveMember(ctx, who);
  if (!target) {
    ctx.reply(notFound(who));
    return;
  }
  ctx.reply(summaryText(ctx, book, rules, target.id, false, target.name));
}

function notFound(who: string): string {
  return `没找到「${who}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`;
}

/** An @mention in the message names the person exactly; otherwise a name or group nickname. */
export function resolveMember(ctx: Ctx, who: string): MemberRef | undefined {
  const event = ctx.event;
  if (event.kind === 'text') {
    const mentioned = event.mentions.find((m) => m.name === who || m.groupAlias === who);
    if (mentioned) return { id: mentioned.id, name: mentioned.name };
  }
  const found = findMember(ctx.services.store.data, who);
  return found ? { id: found.id, name: found.name } : undefined;
}

/** Balance, streak, this week's place (in this group, or the whole shop in a DM) and the last movements. */
export function summaryText(ctx: Ctx, book: PointsBook, rules: PointsRules, member: string, self: boolean, name = book.nameOf(member)): string {
  const tz = ctx.services.config.TZ;
  const now = ctx.event.at;
  const balance = book.balance(member);
  const recent = book.ledger.recent(member, RECENT);
  const who = self ? '你' : name;
  if (recent.length === 0) {
    return self
      ? `你现在还没有积分。每天在群里发「签到」+${rules.checkin} 分，分享链接、邀请邻居也能攒积分～`
      : `${name}还没有积分记录。`;
  }
  const today = dayKey(now, tz);
  const record = book.state.streaks[member];
  const streak = currentStreak(record, today);
  const streakText = streak === 0 ? '今天还没签到' : record?.lastDay === today ? `连续签到 ${streak} 天` : `连续签到 ${streak} 天（今天还没签）`;
  const place = weekRows(ctx, book).find((r) => r.member === member)?.place;
  const head = [
    `${who}现在有 ${balance} 分`,
    streakText,
    place ? `本周第 ${place} 名` : '本周还没上榜',
  ].join('｜');
  return [head, '最近：', ...recent.map((e) => movementLine(e, tz))].join('\n');
}

function movementLine(e: LedgerEntry, tz: string): string {
  const p = zonedParts(e.at, tz);
  const sign = e.amount > 0 ? '+' : '';
  return `${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} ${e.reason} ${sign}${e.amount}`;
}

function weekRows(ctx: Ctx, book: PointsBook) {
  const scores = book.ledger.scoresSince(weekStart(ctx.event.at, ctx.services.config.TZ));
  const group = ctx.group;
  if (group) {
    const members = ctx.services.store.data.members;
    for (const id of [...scores.keys()]) if (!members[id]?.groups.includes(group.id)) scores.delete(id);
  }
  return rank(scores, (id) => book.nameOf(id));
}

function rankingText(ctx: Ctx, book: PointsBook): string {
  const rows = weekRows(ctx, book).slice(0, TOP);
  if (rows.length === 0) return '本周还没有人得分，发「签到」就能上榜～';
  const title = ctx.group ? `本周积分榜（${ctx.group.name}）：` : '本周积分榜：';
  return [title, ...rows.map((r) => `${r.place}. ${book.nameOf(r.member)} ${r.score} 分`)].join('\n');
}
