import type { GroupRef } from '../../bot/types.ts';
import { parseWhen } from '../../scheduler/when.ts';
import { readGroups } from '../broadcasts/index.ts';
import { normalise } from './vote.ts';

// `/投票 新建 <问题> <选项1> <选项2> … [截止 <时间>]`, read into what to post. Pure: the groups,
// the time and the zone are given. From a DM the first word may name the group (as /定时 does).

export const NEW_USAGE = '/投票 新建 <问题> <选项1> <选项2> … [截止 <时间>]';
export const NEW_EXAMPLE = '/投票 新建 下周上新选哪个口味？ 海盐 芝士 原味 截止 周五 20:00';
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;
const MAX_OPTION_LENGTH = 20;

export interface NewPoll {
  question: string;
  options: string[];
  closesAt?: number;
  /** The group named in a DM; undefined when none was named. */
  group?: GroupRef;
}

const CUTOFF = /(?:^|\s)(?:截止时间|截止|截至|截单|结束时间)[:：]?\s*/g;
/** "1.海盐 2.芝士", "①海盐": list markers, not part of the names ("1.5斤装" keeps its number). */
const MARKER = /(?:^|\s)(?:\d{1,2}|[\u2460-\u2469])\s*[.、:：)）](?!\d)\s*/g;
const SPLIT = /[\s、，,;；|／/]+/;

export function parseNewPoll(args: string, known: GroupRef[], inDm: boolean, now: number, tz: string): NewPoll | { error: string } {
  let text = args.trim();
  if (!text) return { error: `请写上问题和选项。\n用法：${NEW_USAGE}\n例如：${NEW_EXAMPLE}` };
  let closesAt: number | undefined;
  const cut = [...text.matchAll(CUTOFF)].at(-1);
  if (cut) {
    const when = parseWhen(text.slice(cut.index + cut[0].length), now, tz);
    if ('error' in when) return { error: `截止时间：${when.error}\n用法：${NEW_USAGE}` };
    closesAt = when.at;
    text = text.slice(0, cut.index).trim();
  }
  let group: GroupRef | undefined;
  if (inDm) {
    const first = /^\S+/.exec(text)?.[0] ?? '';
    const named = readGroups(first, known);
    if (named === null || (named && named.length > 1)) {
      return { error: `一个投票只发一个群（各群的票分开数）。请写一个群名，比如：/投票 新建 ${known[0]?.name ?? '幸福里1群'} 下周上新选哪个口味？ 海盐 芝士 原味` };
    }
    if (named) {
      group = named[0];
      text = text.slice(first.length).trim();
    }
  }
  const read = questionAndOptions(text);
  if ('error' in read) return read;
  return { ...read, ...(closesAt !== undefined ? { closesAt } : {}), ...(group ? { group } : {}) };
}

function questionAndOptions(text: string): { question: string; options: string[] } | { error: string } {
  const t = text.replace(/^(?:问题|题目)[:：]\s*/, '');
  // A question ending in ？ may hold spaces; without one the question is the first word.
  const mark = Math.max(t.lastIndexOf('？'), t.lastIndexOf('?'));
  let question: string;
  let rest: string;
  if (mark >= 0) {
    question = t.slice(0, mark + 1).trim();
    rest = t.slice(mark + 1);
  } else {
    question = /^\S*/.exec(t)![0];
    rest = t.slice(question.length);
  }
  rest = ` ${rest.replace(/^\s*(?:选项)[:：]?/, ' ')}`.replace(MARKER, ' ');
  const options = rest.split(SPLIT).map((o) => o.trim()).filter(Boolean);
  if (!question || question === '？' || question === '?') return { error: `请先写问题，再写选项。\n用法：${NEW_USAGE}\n例如：${NEW_EXAMPLE}` };
  if (options.length < MIN_OPTIONS) {
    return { error: `至少要有${MIN_OPTIONS}个选项，用空格或顿号隔开。\n用法：${NEW_USAGE}\n例如：${NEW_EXAMPLE}` };
  }
  if (options.length > MAX_OPTIONS) return { error: `选项最多${MAX_OPTIONS}个（现在有${options.length}个），挑一挑再发吧。\n例如：${NEW_EXAMPLE}` };
  const long = options.find((o) => [...o].length > MAX_OPTION_LENGTH);
  if (long) return { error: `选项“${long}”太长了，写短一点（${MAX_OPTION_LENGTH}个字以内），大家好回复。` };
  const numeric = options.find((o) => /^\d+$/.test(normalise(o)));
  if (numeric) return { error: `选项“${numeric}”只有数字，大家回数字投票时会分不清，请写成名字（比如“${numeric}斤装”）。` };
  const seen = new Set<string>();
  for (const o of options) {
    const key = normalise(o).toLowerCase();
    if (seen.has(key)) return { error: `选项“${o}”写了两次，去掉一个再发吧。` };
    seen.add(key);
  }
  return { question, options };
}
