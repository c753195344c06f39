import type { Ctx } from '../../bot/context.ts';
import { formatWhen } from '../../scheduler/when.ts';
import { announcement, createRecord, openIn, parseOpenArgs, scheduleCutoff } from '../jielong/index.ts';
import { closePoll } from './close.ts';
import { pollByNo, pollNumber } from './records.ts';
import type { Poll } from './state.ts';
import { tally } from './tally.ts';
import { optionLabel } from './texts.ts';
import { matchName } from './vote.ts';

// `/投票 开团 <编号> [选项] [价格 限量N 每人限购N] [截止 时间]`: a 接龙 for the poll's winner,
// in the poll's group, opened through the 接龙 feature's own parts (its argument reader, its
// record, its announcement, its cut-off), so it takes sign-ups like any /接龙 开. A tie, or no
// votes, asks which option; the owner may name another option than the winner.

export const JIELONG_USAGE = '/投票 开团 <编号> [选项] [价格] [截止 时间]';
const EXAMPLE = '/投票 开团 1 29.9 截止 周六 20:00';

export function openJielongFromPoll(ctx: Ctx, args: string): void {
  const { store, config } = ctx.services;
  const [first = '', ...words] = args.split(/\s+/).filter(Boolean);
  const no = pollNumber(first);
  const poll = no === undefined ? undefined : pollByNo(store, no);
  if (!poll) {
    ctx.reply(first ? `没有编号为 ${first} 的投票。发 /投票 列表 看看编号。` : `请写上投票编号。\n用法：${JIELONG_USAGE}\n例如：${EXAMPLE}`);
    return;
  }
  const picked = pickOption(poll, words[0]);
  if (picked !== undefined) words.shift();
  const option = picked ?? winnerOrAsk(ctx, poll);
  if (option === undefined) return;
  const name = poll.options[option - 1]!;
  const title = /团购?$/.test(name) ? name : `${name}团购`;
  // The rest reads as the attributes of the one product of /接龙 开: 29.9、限量50、截止 周六 20:00.
  const request = parseOpenArgs([title, name, ...words].join(' '), store.data.catalog, ctx.now, config.TZ);
  if ('error' in request) {
    ctx.reply(`${request.error}\n用法：${JIELONG_USAGE}\n例如：${EXAMPLE}`);
    return;
  }
  if (request.offer.length !== 1) {
    ctx.reply(`开团只开“${name}”一样商品，价格、限量、截止写在后面就行。\n例如：${EXAMPLE}`);
    return;
  }
  if (openIn(store, poll.group.id).some((r) => r.title === title)) {
    ctx.reply(`${poll.group.name}里「${title}」已经在接龙了。要截单请发 /接龙 关 ${title}`);
    return;
  }
  closePoll(ctx.services, poll, 'owner');
  const record = createRecord(store, ctx.now, {
    group: poll.group, header: '#接龙', title, openedBy: ctx.member.id, offer: request.offer,
    ...(request.cutoffAt !== undefined ? { cutoffAt: request.cutoffAt } : {}),
  });
  poll.jielong = record.id;
  store.changed();
  const { outbox } = ctx.services;
  outbox.enqueue({ key: `poll-jielong:${poll.no}:${record.id}`, to: { kind: 'group', group: poll.group }, text: `投票 #${poll.no} 大家选了「${name}」，开团啦，接龙在下面👇` });
  outbox.enqueue({ key: `jielong-open:${record.id}`, to: { kind: 'group', group: poll.group }, text: announcement(record, ctx.now, config.TZ) });
  scheduleCutoff(ctx.services, record);
  const notes: string[] = [];
  if (ctx.group?.id !== poll.group.id) notes.push(`已在${poll.group.name}开接龙「${title}」。`);
  notes.push(request.cutoffAt !== undefined
    ? `${formatWhen(request.cutoffAt, ctx.now, config.TZ)}自动截单。`
    : `「${title}」没有截止时间，不会自动截单。要截单时发 /接龙 关 ${title}`);
  ctx.dm(ctx.member, notes.join('\n'));
}

/** "海盐" or "2号" right after the number names the option; a bare number is a price. */
function pickOption(poll: Poll, word: string | undefined): number | undefined {
  if (!word) return undefined;
  const n = /^(?:第)?(\d{1,2})号$/.exec(word);
  if (n) {
    const v = Number(n[1]);
    return v >= 1 && v <= poll.options.length ? v : undefined;
  }
  const named = matchName(word, poll.options);
  return named?.kind === 'vote' ? named.option : undefined;
}

function winnerOrAsk(ctx: Ctx, poll: Poll): number | undefined {
  const { leaders } = tally(poll);
  if (leaders.length === 1) return leaders[0];
  const example = poll.options[(leaders[0] ?? 1) - 1];
  const why = leaders.length === 0
    ? `投票 #${poll.no} 还没有人投票，`
    : `投票 #${poll.no} 里${leaders.map((o) => optionLabel(poll, o)).join('和')}票数一样，`;
  ctx.reply(`${why}开哪个？在编号后面写上选项，比如：/投票 开团 ${poll.no} ${example} 29.9 截止 周六 20:00`);
  return undefined;
}
