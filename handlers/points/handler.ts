import type { Services } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { Feature, FeatureKit, Installed } from '../../bot/feature.ts';
import { withoutTrailing } from '../../text/keywords.ts';
import { PointsBook } from './book.ts';
import { pointsSlice } from './slice.ts';
import { checkin, CHECKIN_REPLY_JOB, checkinReplyJob } from './checkin.ts';
import { myPoints, pointsCommands, ranking } from './commands.ts';
import { onJoin, onSignup } from './invites.ts';
import { onClosed } from './purchases.ts';
import { onOrderChange } from './refunds.ts';
import { onKoc } from './koc.ts';
import { redeem, repairRedemptions, rewardCommands } from './rewards.ts';
import { checkinHowTo, checkinKeyword, isCheckinQuestion, isCheckinText, mentionsShaidan, rulesFrom } from './rules.ts';
import { Shares } from './shares.ts';

// Points as one feature: its commands and words, its scheduled answers, a handler that
// sits after commands and 接龙 in the router, and a follower of the behaviour log for
// what other features record (接龙 sign-ups and closes).

const MY_POINTS = /^(我的积分|查积分|积分查询|我有多少积分)$/;
const RANKING = /^(积分排行榜?|积分榜|排行榜)$/;
const REDEEM = /^兑换(\s*)([\s\S]*)$/;

export interface PointsOptions {
  /**
   * True when an invite by this member belongs to the 体验官 programme (handlers/koc), which
   * pays its own points for it: the ordinary invite points are then not paid, so no join pays twice.
   */
  invitesOfKoc?: (services: Services, inviter: string) => boolean;
}

function installPoints(kit: FeatureKit, options: PointsOptions): Installed {
  const { services } = kit;
  const book = new PointsBook(services);
  repairRedemptions(services, book);
  const rules = rulesFrom(services.config);
  const shares = new Shares(book, rules);

  for (const command of [...pointsCommands(book, rules), ...rewardCommands(book)]) kit.command(command);
  // 我的积分, 积分排行 and 兑换 are listed with their slash commands; 签到 has none.
  kit.keyword(checkinKeyword(rules.checkin));
  kit.job(CHECKIN_REPLY_JOB, checkinReplyJob(services));
  // What the 接龙 feature records: a newcomer's first sign-up pays their inviter, a close pays each order.
  kit.follow('jielong', (entry) => onSignup(entry, book, rules));
  kit.follow('jielong-closed', (entry) => onClosed(entry, book, rules));
  // And what fulfilment records: a refund or a cancel takes the purchase's points back, a case may give some.
  kit.follow('order', (entry) => onOrderChange(entry, book, rules));
  // And what the 体验官 programme records: referrals, their orders, the month's best 晒单.
  kit.follow('koc', (entry) => onKoc(entry, book, rules));

  const handler: Handler = async (ctx, next) => {
    const event = ctx.event;
    if (event.kind === 'join') {
      onJoin(ctx, event, book, rules, options.invitesOfKoc);
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

  return { handler };
}

function names(book: PointsBook): string[] {
  return book.state.rewards.filter((r) => r.active).map((r) => r.name);
}

/** Points: check-ins, shares, invites and purchases earn; rewards spend; the ledger is points.jsonl. */
export function pointsFeature(options: PointsOptions = {}): Feature {
  return {
    name: 'points',
    slices: [pointsSlice],
    install(kit) {
      return installPoints(kit, options);
    },
  };
}
