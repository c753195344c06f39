import type { Ctx } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { shopGroups } from '../../store/members.ts';
import { NEW_EXAMPLE, parseNewPoll, type NewPoll } from './create-args.ts';
import { openPollIn } from './records.ts';
import { POLL_CUTOFF_JOB, pollCutoffId, type Poll } from './state.ts';
import { pollPost } from './texts.ts';

// Starting a poll: in the group it was typed in; from a DM in the group named, the only group,
// or, when there are several and none was named, the one the owner names next (handler.ts).

/** An owner's DM /投票 新建 waits this long for the group's name. */
export const PENDING_MS = 30 * 60_000;

export function newPoll(ctx: Ctx, args: string): void {
  const { store, config } = ctx.services;
  const known = shopGroups(store.data);
  const request = parseNewPoll(args, known, !ctx.group, ctx.now, config.TZ);
  if ('error' in request) {
    ctx.reply(request.error);
    return;
  }
  const group = ctx.group ?? request.group ?? (known.length === 1 ? known[0] : undefined);
  if (group) {
    startPoll(ctx, request, group);
    return;
  }
  if (known.length === 0) {
    ctx.reply('我还没进任何群，等我进群后再发起投票吧～');
    return;
  }
  store.data.polls.pending[ctx.member.id] = { args, at: ctx.now };
  store.changed();
  ctx.reply(`发到哪个群？回复群名就行：${known.map((g) => g.name).join('、')}\n（也可以直接写群名：/投票 新建 ${known[0]!.name} ${args}）`);
}

/** The owner's DM after a /投票 新建 that named no group: a group's name starts it, 取消 drops it. */
export function answerPending(ctx: Ctx): boolean {
  const { store, config } = ctx.services;
  const pending = store.data.polls.pending[ctx.member.id];
  if (!pending) return false;
  if (ctx.now - pending.at > PENDING_MS) {
    delete store.data.polls.pending[ctx.member.id];
    store.changed();
    return false;
  }
  const text = ctx.text.trim();
  if (/^(?:取消|算了|不发了)$/.test(text)) {
    delete store.data.polls.pending[ctx.member.id];
    store.changed();
    ctx.reply('好的，这个投票不发了。');
    return true;
  }
  const group = shopGroups(store.data).find((g) => g.name === text.replace(/^群[:：]/, ''));
  if (!group) return false;
  delete store.data.polls.pending[ctx.member.id];
  store.changed();
  const request = parseNewPoll(pending.args, [], false, ctx.now, config.TZ);
  if ('error' in request) ctx.reply(request.error);
  else startPoll(ctx, request, group);
  return true;
}

function startPoll(ctx: Ctx, request: NewPoll, group: GroupRef): void {
  const { store, scheduler, outbox, config } = ctx.services;
  const busy = openPollIn(store, group.id);
  if (busy) {
    ctx.reply(`${group.name}里投票 #${busy.no}「${busy.question}」还在进行中，一个群同时只开一个投票（不然回个“2”分不清投的哪个）。先发 /投票 结束 ${busy.no} 再发新的吧。`);
    return;
  }
  const no = store.nextId('poll');
  const poll: Poll = {
    no, group, question: request.question, options: request.options, status: 'open',
    createdAt: ctx.now, createdBy: ctx.member.id, votes: {},
    ...(request.closesAt !== undefined ? { closesAt: request.closesAt } : {}),
  };
  store.data.polls.items[no] = poll;
  store.changed();
  outbox.enqueue({ key: `poll:${no}`, to: { kind: 'group', group }, text: pollPost(poll, ctx.now, config.TZ) });
  if (poll.closesAt !== undefined) scheduler.at(poll.closesAt, POLL_CUTOFF_JOB, { no }, pollCutoffId(no));
  // In the group the post is the answer; the owner's notes go by DM, never into the group.
  const notes: string[] = [];
  if (!ctx.group) {
    const when = poll.closesAt !== undefined ? `，${formatWhen(poll.closesAt, ctx.now, config.TZ)}截止，结果会自动发到群里` : '';
    notes.push(`投票 #${no} 已发到${group.name}${when}。`);
  }
  if (poll.closesAt === undefined) notes.push(`投票 #${no} 没有截止时间，要结束时发 /投票 结束 ${no}（下次可以加上“截止 周五 20:00”，比如：${NEW_EXAMPLE}）`);
  notes.push(`看票数：/投票 结果 ${no}；选出来后开接龙：/投票 开团 ${no} [价格] [截止 时间]`);
  ctx.dm(ctx.member, notes.join('\n'));
}
