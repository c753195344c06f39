import { formatWhen } from '../../scheduler/when.ts';
import type { Poll } from './state.ts';
import { tally } from './tally.ts';

// What residents and the owner read of a poll. Short and warm: one post to vote, one line per
// answer, the results as a list.

/** "2号 芝士" */
export function optionLabel(poll: Pick<Poll, 'options'>, option: number): string {
  return `${option}号 ${poll.options[option - 1] ?? ''}`.trim();
}

/** The post in the group: the question, the numbered options, how to vote. */
export function pollPost(poll: Poll, now: number, tz: string): string {
  const example = poll.options[1] ?? poll.options[0]!;
  const lines = [
    `【投票 #${poll.no}】${poll.question}`,
    ...poll.options.map((o, i) => `${i + 1}. ${o}`),
    `直接回复数字或名字就算一票（比如“2”或“${example}”），每人一票，想改就再回一次～`,
  ];
  if (poll.closesAt !== undefined) lines.push(`截止：${formatWhen(poll.closesAt, now, tz)}`);
  return lines.join('\n');
}

/** The standings: each option with its votes, the leaders marked. */
export function standingLines(poll: Poll): string[] {
  const t = tally(poll);
  return poll.options.map((o, i) => {
    const lead = t.leaders.includes(i + 1) ? (t.leaders.length > 1 ? ' 🤝' : ' 👑') : '';
    return `${i + 1}. ${o}：${t.counts[i]}票${lead}`;
  });
}

/** Results on demand (the owner's /投票 结果, a resident's 投票结果). */
export function resultsText(poll: Poll, now: number, tz: string): string {
  const t = tally(poll);
  const state = poll.status === 'open'
    ? (poll.closesAt !== undefined ? `，${formatWhen(poll.closesAt, now, tz)}截止` : '，还在进行中')
    : '，已截止';
  if (t.voters === 0) return `投票 #${poll.no}「${poll.question}」还没有人投${state}。回复数字或名字就能投～`;
  return [`投票 #${poll.no}「${poll.question}」目前${t.voters}人投票${state}：`, ...standingLines(poll), leaderLine(poll)].join('\n');
}

/** The post at the cut-off (or when the owner ends it). */
export function closingText(poll: Poll): string {
  const t = tally(poll);
  if (t.voters === 0) return `投票 #${poll.no}「${poll.question}」截止啦，这次没有人投票，下次再一起选～`;
  return [`投票 #${poll.no}「${poll.question}」截止啦，谢谢大家！共${t.voters}人投票：`, ...standingLines(poll), winnerLine(poll)].join('\n');
}

function leaderLine(poll: Poll): string {
  const { leaders } = tally(poll);
  if (leaders.length === 1) return `暂时领先：${poll.options[leaders[0]! - 1]}`;
  return `暂时并列：${leaders.map((o) => poll.options[o - 1]).join('、')}`;
}

function winnerLine(poll: Poll): string {
  const { leaders } = tally(poll);
  if (leaders.length === 1) return `大家选的是：${poll.options[leaders[0]! - 1]} 🎉`;
  return `${leaders.map((o) => poll.options[o - 1]).join('和')}票数一样，团长来定～`;
}

/** Acknowledgement of a first vote, when it goes alone (with an @mention). */
export function votedText(poll: Poll, option: number): string {
  return `收到～你投了${optionLabel(poll, option)}`;
}

/** A changed vote: said plainly, so nobody thinks they now have two. */
export function changedText(poll: Poll, option: number): string {
  return `改好啦，你现在投的是${optionLabel(poll, option)}（每人一票，以最后一次为准）`;
}

/** The gathered acknowledgement. */
export function gatheredText(lines: string[]): string {
  return lines.length <= 4 ? `收到投票：${lines.join('，')}` : `收到投票：\n${lines.join('，')}`;
}

export function noSuchText(poll: Poll, n: number): string {
  return `投票 #${poll.no} 只有1到${poll.options.length}号，没有${n}号哦～回复数字或名字就行`;
}

export function severalText(poll: Poll, options: number[]): string {
  return `每人只能投一票哦～${options.map((o) => optionLabel(poll, o)).join('、')}里选一个，再回复一次就行`;
}

export function ambiguousText(poll: Poll, options: number[]): string {
  return `你投的是${options.map((o) => optionLabel(poll, o)).join('还是')}？回复数字就行～`;
}
