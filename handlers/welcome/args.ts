import { toHalfWidth } from '../../text/normalize.ts';
import { withoutTrailing } from '../../text/keywords.ts';

// What the owner asks with /欢迎语, read into one action. Pure: the command (command.ts) does it.

export const USAGE = '/欢迎语 [设置 <内容>|预览|开|关|私信 <内容>|群 <群名> 开|关]';

export const HELP = [
  '用法：',
  '/欢迎语 — 看现在的欢迎语和开关',
  '/欢迎语 设置 <内容> — 改群里的欢迎语，可以写 {名字}、{群名}、{下场直播}、{接龙汇总}',
  '/欢迎语 预览 — 看看新邻居会收到什么',
  '/欢迎语 开，/欢迎语 关 — 全部打开或关掉',
  '/欢迎语 私信 <内容> — 改私信给新邻居的话（群规）；/欢迎语 私信 开|关',
  '/欢迎语 群 <群名> 开|关|默认 — 单独管一个群',
  '/欢迎语 恢复默认，/欢迎语 私信 恢复默认',
].join('\n');

/** The longest welcome: a group welcome is read by everyone, a DM by one. */
export const MAX_GROUP_TEXT = 300;
export const MAX_DM_TEXT = 600;

export type WelcomeAction =
  | { kind: 'show' }
  | { kind: 'preview' }
  | { kind: 'switch'; on: boolean }
  | { kind: 'set'; text: string }
  | { kind: 'reset' }
  | { kind: 'dm-show' }
  | { kind: 'dm-switch'; on: boolean }
  | { kind: 'dm-set'; text: string }
  | { kind: 'dm-reset' }
  | { kind: 'group'; name: string; on: boolean | null }
  | { kind: 'error'; text: string };

const ON = new Set(['开', '开启', '打开', '启用', '开通', '恢复', '继续', 'on', 'open', '開', '開啟', '打開', '啟用']);
const OFF = new Set(['关', '关闭', '关掉', '关了', '停', '停止', '停用', '暂停', '不要', '不用', 'off', 'close', '關', '關閉', '關掉', '暫停']);
const RESET = new Set(['默认', '恢复默认', '用默认', '重置', '还原', '預設', '默認', '恢復默認', 'default', 'reset']);
const SET = new Set(['设置', '设为', '设成', '改', '改成', '改为', '修改', '更新', '换成', '新建', 'set', '設置', '設定', '设定']);
const SHOW = new Set(['看', '看看', '查看', '显示', '当前', '现在', '状态', '查看当前', 'show']);
const PREVIEW = new Set(['预览', '试试', '测试', '试一下', '预览一下', '預覽', '測試', 'preview', 'test']);
const DM = new Set(['私信', '私聊', '私信欢迎', 'dm', '私訊', '私信內容', '私信内容']);
const HELP_WORDS = new Set(['帮助', '用法', '说明', '怎么用', 'help', '?']);
const GROUP = new Set(['群', '群聊', '分群', 'group']);

/** A switch or verb word as compared: half-width, lower case, without trailing 。！~. */
function word(w: string): string {
  return withoutTrailing(toHalfWidth(w).trim().toLowerCase(), { symbols: true, particles: '吧啦了哈' });
}

function onOff(w: string): boolean | undefined {
  const v = word(w);
  if (ON.has(v)) return true;
  if (OFF.has(v)) return false;
  return undefined;
}

/** Splits off the first word; the rest keeps its line breaks (a welcome may have several lines). */
function firstWord(args: string): [string, string] {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  // "设置：欢迎…": a colon after the verb is not part of the text.
  return m ? [m[1]!, m[2]!.replace(/^[:：]\s*/, '').trim()] : ['', ''];
}

function tooLong(text: string, max: number): WelcomeAction | undefined {
  return [...text].length > max ? { kind: 'error', text: `这段有${[...text].length}个字，太长啦，请控制在${max}字以内。` } : undefined;
}

/** Verbs the owner runs into what follows ("设置欢迎…", "私信关", "群幸福里1群 开"), longest first. */
const GLUED = ['恢复默认', '设置', '设为', '设成', '修改', '改成', '改为', '换成', '設置', '設定', '设定', '私信', '私聊', '私訊'];

/** "关闭欢迎语" is "关闭"; "设置欢迎{名字}" is "设置 欢迎{名字}". */
function split(args: string): [string, string] {
  const [verb, rest] = firstWord(args.replace(/^\s*[:：]\s*/, ''));
  const bare = verb.replace(/(?:欢迎语|欢迎词|欢迎)$/, '');
  if (bare && bare !== verb && (onOff(bare) !== undefined || RESET.has(word(bare)) || PREVIEW.has(word(bare)))) return [bare, rest];
  // "群幸福里1群 关": a group name run into 群, only when a switch follows.
  if (/^群./.test(verb) && rest && onOff(rest.split(/\s+/).at(-1)!) !== undefined) return ['群', `${verb.slice(1)} ${rest}`];
  const glued = GLUED.find((g) => verb.length > g.length && verb.startsWith(g));
  // "设置欢迎语：…" names what is set: the text is what follows.
  if (glued && !RESET.has(word(verb)) && !DM.has(word(verb))) return [glued, `${verb.slice(glued.length).replace(/^(?:欢迎语|欢迎词)(?=$|[:：])/, '')} ${rest}`.replace(/^\s*[:：]/, '').trim()];
  return [verb, rest];
}

export function parseWelcome(args: string): WelcomeAction {
  const [verb, rest] = split(args);
  if (!verb) return { kind: 'show' };
  const v = word(verb);
  const switched = onOff(verb);
  if (switched !== undefined && !rest) return { kind: 'switch', on: switched };
  // "关闭私信", "打开私聊": the DM's switch said the other way round.
  const dmSwitch = onOff(verb.replace(/(?:私信|私聊|私訊)(?:欢迎)?$/, ''));
  if (dmSwitch !== undefined && /(?:私信|私聊|私訊)(?:欢迎)?$/.test(verb) && !rest) return { kind: 'dm-switch', on: dmSwitch };
  if (RESET.has(v) && !rest) return { kind: 'reset' };
  if ((SHOW.has(v) || v === '') && !rest) return { kind: 'show' };
  if (PREVIEW.has(v) && !rest) return { kind: 'preview' };
  if (HELP_WORDS.has(v)) return { kind: 'error', text: HELP };
  if (SET.has(v)) {
    if (!rest) return { kind: 'error', text: `欢迎语的内容还没写呢。\n例如：/欢迎语 设置 欢迎新邻居加入{群名}！每天发“签到”领积分～\n用法：${USAGE}` };
    return tooLong(rest, MAX_GROUP_TEXT) ?? { kind: 'set', text: rest };
  }
  if (DM.has(v)) return parseDm(rest);
  if (GROUP.has(v)) return parseGroup(rest);
  // The owner typed the text itself: ask instead of guessing, the text stays as it was.
  if ([...args.trim()].length >= 6 || args.includes('{')) {
    return { kind: 'error', text: `想把欢迎语改成这段吗？请在前面加“设置”：\n/欢迎语 设置 ${args.trim()}` };
  }
  return { kind: 'error', text: `没有“/欢迎语 ${verb}”这个用法。\n${HELP}` };
}

function parseDm(given: string): WelcomeAction {
  const rest = given.replace(/^\s*[:：]\s*/, '');
  if (!rest) return { kind: 'dm-show' };
  const [verb, text] = split(rest);
  const v = word(verb);
  const switched = onOff(verb);
  if (switched !== undefined && !text) return { kind: 'dm-switch', on: switched };
  if (RESET.has(v) && !text) return { kind: 'dm-reset' };
  if ((SHOW.has(v) || PREVIEW.has(v)) && !text) return { kind: 'dm-show' };
  const body = SET.has(v) ? text : rest;
  if (!body) return { kind: 'error', text: `私信的内容还没写呢。\n例如：/欢迎语 私信 {名字}你好，欢迎加入{群名}！群里请不要发广告～\n用法：${USAGE}` };
  return tooLong(body, MAX_DM_TEXT) ?? { kind: 'dm-set', text: body };
}

function parseGroup(rest: string): WelcomeAction {
  const m = /^([\s\S]+?)\s+(\S+)$/.exec(rest);
  const example = '例如：/欢迎语 群 幸福里1群 关';
  if (!m) return { kind: 'error', text: `请写上群名和开或关。\n${example}\n用法：${USAGE}` };
  const [, name, last] = m as unknown as [string, string, string];
  const switched = onOff(last);
  if (switched !== undefined) return { kind: 'group', name: name.trim(), on: switched };
  if (RESET.has(word(last))) return { kind: 'group', name: name.trim(), on: null };
  return { kind: 'error', text: `群名后面请写“开”“关”或“默认”。\n${example}` };
}
