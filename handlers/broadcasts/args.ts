import type { GroupRef } from '../../bot/types.ts';
import { parseSchedule, SCHEDULE_EXAMPLES, type Schedule } from '../../scheduler/recurring.ts';

// `/定时 新建 <时间> <群|全部> <内容>`: the time may hold spaces (每周三 19:00, 0 8 * * *), so
// the first word naming groups splits it from the content.

export const NEW_USAGE = '/定时 新建 <时间> <群名|全部> <内容>';
export const NEW_EXAMPLE = '/定时 新建 每周三 19:00 全部 今晚7点半直播，记得来看～';

export interface NewBroadcast {
  schedule: Schedule;
  groups: GroupRef[] | null;
  text: string;
}

const ALL = new Set(['全部', '所有群', '全部群', '所有', 'all']);

/** Reads the groups a word names: 全部 (null), or names joined by commas; undefined if not groups. */
export function readGroups(word: string, known: GroupRef[]): GroupRef[] | null | undefined {
  const w = word.replace(/^群[:：]/, '');
  if (ALL.has(w)) return null;
  const names = w.split(/[,，、]/).filter(Boolean);
  if (names.length === 0) return undefined;
  const found = names.map((n) => known.find((g) => g.name === n));
  return found.every((g) => g !== undefined) ? (found as GroupRef[]) : undefined;
}

export function parseNewBroadcast(args: string, known: GroupRef[], now: number, tz: string): NewBroadcast | { error: string } {
  const words = [...args.matchAll(/\S+/g)];
  let scheduleError: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    const groups = readGroups(word[0], known);
    if (groups === undefined) continue;
    const schedule = parseSchedule(args.slice(0, word.index), now, tz);
    if ('error' in schedule) {
      scheduleError ??= schedule.error;
      continue;
    }
    const text = args.slice(word.index + word[0].length).trim();
    if (!text) return { error: `要发的内容还没写呢。\n用法：${NEW_USAGE}\n例如：${NEW_EXAMPLE}` };
    return { schedule, groups, text };
  }
  if (scheduleError) return { error: `${scheduleError}\n用法：${NEW_USAGE}` };
  if (words.length < 3) return { error: `用法：${NEW_USAGE}\n时间${SCHEDULE_EXAMPLES}。\n例如：${NEW_EXAMPLE}` };
  const names = known.map((g) => g.name).join('、') || '（我还没进任何群）';
  return { error: `没找到要发到哪个群。请在时间后面写群名或“全部”，现在的群有：${names}\n例如：${NEW_EXAMPLE}` };
}
