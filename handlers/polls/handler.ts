import type { Ctx } from '../../bot/context.ts';
import type { Keyword } from '../../bot/commands.ts';
import type { Handler } from '../../bot/router.ts';
import { splitQuotedReply } from '../jielong/index.ts';
import { castVote } from './cast.ts';
import { currentPollIn, openPollIn } from './records.ts';
import { answerPending } from './start.ts';
import type { Poll } from './state.ts';
import { ambiguousText, noSuchText, resultsText, severalText } from './texts.ts';
import { isResultsAsk, readVote } from './vote.ts';

// Residents' replies while a poll is open in their group, their 投票结果, and the owner's DM
// naming the group of a poll sent by DM. Everything else passes on.

/** The plain words residents send, in /help, beside what reads them. */
export const VOTE_KEYWORD: Keyword = { text: '回复数字或选项名', summary: '群里有投票时就算一票，每人一票，再回一次就改票' };
export const RESULTS_KEYWORD: Keyword = { text: '投票结果', summary: '看群里投票现在的票数' };

export const pollsHandler: Handler = (ctx, next) => {
  if (ctx.event.kind !== 'text' || !ctx.text || /^[/／]/.test(ctx.text)) return next();
  if (!ctx.group) return ctx.isOwner && answerPending(ctx) ? undefined : next();
  const { store, config } = ctx.services;
  if (isResultsAsk(ctx.text)) {
    const poll = currentPollIn(store, ctx.group.id, ctx.now);
    if (!poll) return next();
    ctx.reply(resultsText(poll, ctx.now, config.TZ));
    return undefined;
  }
  const poll = openPollIn(store, ctx.group.id);
  // The shop's side runs the poll: what the owner or staff type in the group is talk, not a vote.
  if (!poll || ctx.isOwner || ctx.isStaff) return next();
  const said = replyText(ctx.text, poll);
  if (said === undefined) return next();
  const read = readVote(said, poll.options);
  if (!read) return next();
  if (read.kind === 'vote') castVote(ctx, poll, read.option);
  else if (read.kind === 'several') ctx.reply(severalText(poll, read.options));
  else if (read.kind === 'ambiguous') ctx.reply(ambiguousText(poll, read.options));
  else ctx.reply(noSuchText(poll, read.n));
  return undefined;
};

/**
 * What to read as the reply: the text itself, or below a quote when it quotes the poll. A reply
 * to someone else's message ("几号楼？" quoted, answered "2") is theirs, not a vote.
 */
function replyText(text: string, poll: Poll): string | undefined {
  const quote = splitQuotedReply(text);
  if (!quote) return text;
  return quote.quoted.includes(poll.question) || quote.quoted.includes(`投票 #${poll.no}`) ? quote.reply : undefined;
}
