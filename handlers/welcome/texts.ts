import type { MemberRef } from '../../bot/types.ts';

// The welcome's words: the defaults a new shop starts with, and the two placeholders only a
// welcome has ({名字}, {群名}). The shop's other placeholders ({下场直播}, {接龙汇总}) come from
// the broadcasts feature's registry and are filled first.

/** The group welcome a new shop starts with. The newcomers are @mentioned before it. */
export const DEFAULT_GROUP_TEXT = '欢迎新邻居加入{群名}！🎉\n每天在群里发“签到”领积分；想看正在进行的团购，发“看接龙”就行；有事直接在群里问，大家都在～';

/** The welcome DM a new shop starts with: the shop's few rules. The 退订 line is always added after. */
export const DEFAULT_DM_TEXT = [
  '{名字}你好，欢迎加入{群名}～我是群里的小助手。',
  '几件小事：',
  '· 每天在群里发“签到”领积分；',
  '· 团购在群里接龙报名，发“看接龙”看正在进行的，回“+1”就能跟着接；',
  '· 请不要发广告和无关链接，一起把群维护好。',
  '有问题随时问我或团长。',
].join('\n');

/** The placeholders a welcome fills itself, for the owner's help. */
export const OWN_PLACEHOLDERS = ['名字', '群名'] as const;

/** How a member is named in a group: their nickname there, else their own. */
export function shownName(member: MemberRef): string {
  return member.groupAlias?.trim() || member.name;
}

/** "王阿姨、小张和李哥": names as a neighbour would list them. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join('、')}和${names.at(-1)}`;
}

/** Fills {名字} and {群名}; any other braces are left as they are. */
export function fillOwn(text: string, o: { names: readonly string[]; group: string }): string {
  return text.replace(/\{名字\}/g, joinNames(o.names)).replace(/\{群名\}/g, o.group);
}

/** The welcome DM as sent: the owner's text filled, then the line saying how to stop such DMs. */
export function dmWithOptOut(filled: string, optOutLine: string): string {
  return `${filled.trimEnd()}\n${optOutLine}`;
}
