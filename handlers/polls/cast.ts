import type { Ctx } from '../../bot/context.ts';
import { loggedMember } from '../../store/members.ts';
import { acknowledge } from './acks.ts';
import type { VoteEntry } from './entries.ts';
import type { Poll } from './state.ts';
import { changedText, votedText } from './texts.ts';

// A resident's vote: it replaces any earlier one of theirs, is logged, and is acknowledged
// (acks.ts). The same vote again changes nothing and says nothing.

export function castVote(ctx: Ctx, poll: Poll, option: number): void {
  const { store } = ctx.services;
  const member = ctx.member.id;
  const before = poll.votes[member];
  if (before?.option === option) return;
  const name = ctx.member.groupAlias ?? ctx.member.name;
  poll.votes[member] = { option, at: ctx.now, name };
  store.changed();
  const entry: VoteEntry = {
    kind: 'vote', id: `vote:${poll.no}:${ctx.event.id}`, at: ctx.now, poll: poll.no, option, optionName: poll.options[option - 1]!,
    member: loggedMember(store.data, member, ctx.member.name, ctx.now), group: poll.group,
    ...(before ? { replaced: before.option } : {}),
  };
  store.log.append(entry);
  acknowledge(ctx, poll.group, {
    alone: before ? changedText(poll, option) : votedText(poll, option), name, option, changed: before !== undefined,
  });
}
