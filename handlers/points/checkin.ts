import type { Ctx, Services } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import { dayKey } from '../../scheduler/clock.ts';
import type { PointsBook } from './book.ts';
import { checkinOutcome, type CheckinOutcome, type PointsRules } from './rules.ts';

// 签到 in a group: +N once a calendar day, streak bonuses, one short answer. In the morning
// rush the answers are gathered: at most one check-in message per group per minute.

export const CHECKIN_REPLY_JOB = 'points-checkin-reply';
const REPLY_GAP_MS = 60_000;
/** A gathered answer this overdue was skipped (the bot was down): old news, not worth posting. */
const STALE_MS = 5 * 60_000;

export const CHECKIN_IN_DM = '签到要在群里发哦：在任意一个邻里群里发「签到」就行～';

export function checkin(ctx: Ctx, book: PointsBook, rules: PointsRules): void {
  const group = ctx.group;
  if (!group) {
    ctx.reply(CHECKIN_IN_DM);
    return;
  }
  const at = ctx.event.at;
  const member = ctx.member.id;
  const day = dayKey(at, ctx.services.config.TZ);
  const key = `checkin:${member}:${day}`;
  let outcome = checkinOutcome(book.state.streaks[member], day, rules);
  if (outcome && book.ledger.has(key)) {
    // Paid before a crash took the streak update (state.json) with it: mend, pay nothing.
    book.state.streaks[member] = { lastDay: day, streak: outcome.streak };
    outcome = null;
  }
  const record = book.state.streaks[member];
  const name = ctx.member.groupAlias ?? ctx.member.name;

  if (!outcome) {
    // Said once a day, so a member who keeps typing 签到 does not keep the bot talking.
    if (!record || record.repeatToldDay === day) return;
    record.repeatToldDay = day;
    book.changed();
    const balance = book.balance(member);
    answer(ctx, group, member, {
      alone: `今天已经签过到啦，明天再来～（连续 ${record.streak} 天，共 ${balance} 分）`,
      batched: `${name} 今天已签过`,
    });
    return;
  }

  const source = ctx.event.id;
  if (outcome.base > 0) book.post({ key, member, amount: outcome.base, kind: 'checkin', reason: '签到', source, at }, { group });
  if (outcome.bonus > 0) {
    book.post({ key: `streak:${member}:${day}`, member, amount: outcome.bonus, kind: 'streak', reason: `连续签到${outcome.streak}天奖励`, source, at }, { group });
  }
  book.state.streaks[member] = { lastDay: day, streak: outcome.streak };
  book.changed();
  answer(ctx, group, member, checkinTexts(name, outcome, book.balance(member)));
}

export function checkinTexts(name: string, o: CheckinOutcome, balance: number): { alone: string; batched: string } {
  const earned = o.base + o.bonus;
  if (o.bonus > 0) {
    return {
      alone: `签到成功 +${o.base}，连续签到 ${o.streak} 天再奖 ${o.bonus} 分！现在共 ${balance} 分`,
      batched: `${name} +${earned}（连续${o.streak}天，含奖励${o.bonus}分，共${balance}分）`,
    };
  }
  return {
    alone: `签到成功 +${o.base}，连续签到 ${o.streak} 天，现在共 ${balance} 分`,
    batched: `${name} +${earned}（连续${o.streak}天，共${balance}分）`,
  };
}

/** Answers at once when the group has had no check-in message this minute, else gathers. */
function answer(ctx: Ctx, group: GroupRef, member: string, text: { alone: string; batched: string }): void {
  const { services } = ctx;
  const replies = (pointsOf(services).checkinReplies[group.id] ??= { pending: [] });
  const now = ctx.now;
  if (replies.dueAt !== undefined && now - replies.dueAt > STALE_MS) {
    replies.pending = [];
    delete replies.dueAt;
  }
  const quiet = replies.dueAt === undefined && (replies.lastPostAt === undefined || now - replies.lastPostAt >= REPLY_GAP_MS);
  if (quiet) {
    ctx.reply(text.alone);
    replies.lastPostAt = now;
  } else {
    if (!replies.pending.some((p) => p.member === member)) replies.pending.push({ member, line: text.batched });
    if (replies.dueAt === undefined) {
      const dueAt = Math.max(now, (replies.lastPostAt ?? now) + REPLY_GAP_MS);
      replies.dueAt = dueAt;
      services.scheduler.at(dueAt, CHECKIN_REPLY_JOB, { group }, `${CHECKIN_REPLY_JOB}:${group.id}:${dueAt}`);
    }
  }
  services.store.changed();
}

function pointsOf(services: Services) {
  return services.store.data.points;
}

/** The scheduled job: one message listing everyone who checked in since the last one. */
export function checkinReplyJob(services: Services) {
  return (payload: unknown, job: { id: string }) => {
    const group = (payload as { group?: GroupRef }).group;
    if (!group) throw new Error(`check-in reply ${job.id} has no group`);
    const replies = pointsOf(services).checkinReplies[group.id];
    if (!replies) return;
    delete replies.dueAt;
    services.store.changed();
    if (replies.pending.length === 0) return;
    const lines = replies.pending.map((p) => p.line);
    const text = lines.length <= 3 ? `签到：${lines.join('；')}` : `签到：\n${lines.join('\n')}`;
    services.outbox.enqueue({ key: `job:${job.id}`, to: { kind: 'group', group }, text });
    replies.pending = [];
    replies.lastPostAt = services.clock.now();
  };
}
