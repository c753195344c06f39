import type { Services } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { Commands } from '../../bot/commands.ts';
import { withoutTrailing } from '../../text/keywords.ts';
import { PointsBook } from './book.ts';
import { checkin, CHECKIN_REPLY_JOB, checkinReplyJob } from './checkin.ts';
import { myPoints, pointsCommands, ranking } from './commands.ts';
import { onJoin, onSignup } from './invites.ts';
import { closedEvent, signupEvent } from './jielong-events.ts';
import { onClosed } from './purchases.ts';
import { redeem, repairRedemptions, rewardCommands } from './rewards.ts';
import { checkinHowTo, isCheckinQuestion, isCheckinText, mentionsShaidan, rulesFrom } from './rules.ts';
import { Shares } from './shares.ts';

// Points as one feature: its commands and words, its scheduled answers, a handler that
// sits after commands and 接龙 in the router, and a follower of the behaviour log for
// what other features record (接龙 sign-ups and closes).

const MY_POINTS = /^(我的积分|查积分|积分查询|我有多少积分)$/;
const RANKING = /^(积分排行榜?|积分榜|排行榜)$/;
const REDEEM = /^兑换(\s*)([\s\S]*)$/;

export interface PointsFeature {
  book: PointsBook;
  handler: Handler;
  /** Stops following the behaviour log. */
  close(): void;
}

export function pointsFeature(services: Services, commands: Commands): PointsFeature {
  const book = new PointsBook(services);
  repairRedemptions(services, book);
  const rules = rulesFrom(services.config);
  const shares = new Shares(book, rules);

  for (const command of [...pointsCommands(book, rules), ...rewardCommands(book)]) commands.add(command);
  commands
    // 我的积分, 积分排行 and 兑换 are listed with their slash commands; 签到 has none.
    .keyword({ text: '签到（或 打卡）', summary: `在群里每天签到 +${rules.checkin} 分，连续签到有奖励` });
  services.scheduler.handle(CHECKIN_REPLY_JOB, checkinReplyJob(services));

  const unsubscribe = services.store.log.subscribe((entry) => {
    if (entry.kind === 'jielong') {
      const signup = signupEvent.safeParse(entry);
      if (signup.success) onSignup(signup.data, book, rules);
      else services.log.warn({ id: entry.id, issue: signup.error.issues[0]?.message }, 'points: unreadable 接龙 event skipped');
    } else if (entry.kind === 'jielong-closed') {
      const closed = closedEvent.safeParse(entry);
      if (closed.success) onClosed(closed.data, book, rules);
      else services.log.warn({ id: entry.id, issue: closed.error.issues[0]?.message }, 'points: unreadable 接龙 close skipped');
    }
  });

  const handler: Handler = async (ctx, next) => {
    const event = ctx.event;
    if (event.kind === 'join') {
      onJoin(ctx, event, book, rules);
      return next();
    }
    if (event.kind === 'share') {
      if (ctx.group) shares.onShare(ctx, event.card);
      return next();
    }
    if (event.kind !== 'text') return next();
    const text = ctx.text;
    const word = withoutTrailing(text);
    if (isCheckinText(text)) return checkin(ctx, book, rules);
    if (isCheckinQuestion(text)) return void ctx.reply(checkinHowTo(rules));
    if (MY_POINTS.test(word)) return myPoints(ctx, book, rules);
    if (RANKING.test(word)) return ranking(ctx, book);
    const wantsReward = REDEEM.exec(word);
    // "兑换 抽纸" always; "兑换抽纸" in a group only when it names a reward, so chat such as
    // "兑换好麻烦" is left alone.
    if (wantsReward && word !== '兑换记录') {
      const [, space = '', query = ''] = wantsReward;
      if (!ctx.group || space || !query || names(book).some((n) => query.includes(n) || n.includes(query))) {
        return redeem(ctx, query.trim(), book);
      }
    }
    if (ctx.group && mentionsShaidan(text)) shares.onShaidanWords(ctx);
    return next();
  };

  return { book, handler, close: unsubscribe };
}

function names(book: PointsBook): string[] {
  return book.state.rewards.filter((r) => r.active).map((r) => r.name);
}
