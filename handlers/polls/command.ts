import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { closePoll } from './close.ts';
import { NEW_EXAMPLE, NEW_USAGE } from './create-args.ts';
import { openJielongFromPoll, JIELONG_USAGE } from './to-jielong.ts';
import { allPolls, openPollIn, pollByNo, pollNumber } from './records.ts';
import { newPoll } from './start.ts';
import type { Poll } from './state.ts';
import { tally } from './tally.ts';
import { resultsText } from './texts.ts';

// The owner's /投票: 新建 (post a poll), 结果, 列表, 结束 (results to the group), 开团 (a 接龙 for
// the winner).

const USAGE = '/投票 新建|结果|列表|结束|开团 …';
const HELP = [
  '用法：',
  NEW_USAGE,
  `  例如：${NEW_EXAMPLE}`,
  '  在群里发就发在这个群；私信我发，在问题前写上群名，或者我问你发哪个群',
  '/投票 结果 [编号] — 现在的票数',
  '/投票 列表 — 所有投票',
  '/投票 结束 <编号> — 马上截止，结果发到群里',
  `${JIELONG_USAGE} — 用票数最多的选项开接龙`,
].join('\n');

export function pollCommand(): Command {
  return {
    name: '投票', aliases: ['poll'], ownerOnly: true, usage: USAGE,
    summary: '发起新品投票，看结果，截止后一键开接龙',
    run(ctx, args) {
      const [verb = '', ...rest] = args.split(/\s+/);
      const arg = rest.join(' ').trim();
      if (verb === '新建' || verb === '发起' || verb === '新增' || verb === '开') return newPoll(ctx, arg);
      if (verb === '结果' || verb === '统计' || verb === '票数') return results(ctx, arg);
      if (verb === '列表' || verb === '查看') return list(ctx);
      if (verb === '结束' || verb === '截止' || verb === '关') return end(ctx, arg);
      if (verb === '开团' || verb === '接龙') return openJielongFromPoll(ctx, arg);
      ctx.reply(verb ? `没有“/投票 ${verb}”这个用法。\n${HELP}` : HELP);
    },
  };
}

/** The poll a command means: the number given, else the group's open one (or, by DM, the only open one). */
function pollFor(ctx: Ctx, word: string, verb: string): Poll | undefined {
  const { store } = ctx.services;
  if (word) {
    const no = pollNumber(word);
    const poll = no === undefined ? undefined : pollByNo(store, no);
    if (!poll) ctx.reply(`没有编号为 ${word} 的投票。发 /投票 列表 看看编号。`);
    return poll;
  }
  const here = ctx.group ? openPollIn(store, ctx.group.id) : undefined;
  const open = allPolls(store).filter((p) => p.status === 'open');
  const poll = here ?? (!ctx.group && open.length === 1 ? open[0] : undefined);
  if (!poll) ctx.reply(`请写上编号，比如：/投票 ${verb} ${allPolls(store).at(-1)?.no ?? 1}（发 /投票 列表 看编号）`);
  return poll;
}

function results(ctx: Ctx, word: string): void {
  const { store, config } = ctx.services;
  const all = allPolls(store);
  if (!word && all.length === 0) {
    ctx.reply(`还没有投票。\n例如：${NEW_EXAMPLE}`);
    return;
  }
  let polls: Poll[];
  if (word) {
    const poll = pollFor(ctx, word, '结果');
    if (!poll) return;
    polls = [poll];
  } else {
    // Without a number: this group's latest; by DM every open one, else the latest.
    const mine = ctx.group ? all.filter((p) => p.group.id === ctx.group!.id) : all;
    const open = mine.filter((p) => p.status === 'open');
    const latest = mine.at(-1);
    polls = open.length ? open : latest ? [latest] : [];
    if (polls.length === 0) {
      ctx.reply(`这个群还没有投票。发 /投票 列表 看所有投票。`);
      return;
    }
  }
  ctx.reply(polls.map((p) => {
    const text = resultsText(p, ctx.now, config.TZ);
    return ctx.group?.id === p.group.id ? text : `${p.group.name}：${text}`;
  }).join('\n\n'));
}

function list(ctx: Ctx): void {
  const { store, config } = ctx.services;
  const polls = allPolls(store);
  if (polls.length === 0) {
    ctx.reply(`还没有投票。\n例如：${NEW_EXAMPLE}`);
    return;
  }
  const lines = polls.slice(-15).reverse().map((p) => {
    const t = tally(p);
    const lead = t.leaders.length ? `，领先：${t.leaders.map((o) => p.options[o - 1]).join('、')}` : '';
    const state = p.status === 'open'
      ? (p.closesAt !== undefined ? `进行中，${formatWhen(p.closesAt, ctx.now, config.TZ)}截止` : '进行中，无截止时间')
      : p.jielong ? '已截止，已开接龙' : '已截止';
    return `#${p.no} ${p.group.name}「${p.question}」${state}，${t.voters}人投票${lead}`;
  });
  ctx.reply(['投票：', ...lines].join('\n'));
}

function end(ctx: Ctx, word: string): void {
  const poll = pollFor(ctx, word, '结束');
  if (!poll) return;
  if (poll.status !== 'open') {
    ctx.reply(`投票 #${poll.no} 已经截止了。看结果发 /投票 结果 ${poll.no}`);
    return;
  }
  closePoll(ctx.services, poll, 'owner');
  // In its group the closing post is the answer; by DM the owner hears where it went.
  if (ctx.group?.id !== poll.group.id) ctx.reply(`投票 #${poll.no} 已结束，结果已发到${poll.group.name}。\n${resultsText(poll, ctx.now, ctx.services.config.TZ)}`);
}
