import { keywordProblem } from './match.ts';

// What the owner types after /自动回复 新增 and /自动回复 修改. Owners write a rule the way they
// would write it to a helper, so several forms are read:
//   自提点、提货点 自提点在3栋楼下        keywords (、，,|/ between them) before the first space
//   运费：满39元免运费                  …or before the first colon
//   自提点、提货点⏎自提点在3栋楼下        …or on a line of their own
//   【自提点/提货点】自提点在3栋楼下       …or in brackets
//   关键词：运费、邮费 回答：满39元免运费  …or labelled (问题/问 and 答案/答/回复 too)
// Pure: the command (command.ts) checks numbers against the rules.

export const ADD_USAGE = '/自动回复 新增 <关键词> <回答>';
export const ADD_EXAMPLE = '/自动回复 新增 自提点、提货点 自提点在3栋楼下便利店，早8点到晚9点都能取';
export const EDIT_USAGE = '/自动回复 修改 <编号> <新的回答>（改关键词：/自动回复 修改 <编号> 关键词 运费、邮费）';

const MAX_KEYWORDS = 10;
const MAX_ANSWER = 500;

const SEP = /[、，,|｜/／;；]/;
const KEY_LABEL = /^(?:关键词|关键字|问题|问)\s*[:：=]?\s*/;
const ANSWER_LABEL = /(?:^|\s)(?:回答|答案|回复|答)\s*[:：=]\s*|(?:^|\s)(?:回答|答案|回复)\s+/;
const BRACKETS = /^[【[（(]([^】\]）)]+)[】\]）)]\s*([\s\S]*)$/;

export interface NewRule {
  keywords: string[];
  answer: string;
}

export type Parsed<T> = T | { error: string };

const addHelp = (why: string) => `${why}\n用法：${ADD_USAGE}\n例如：${ADD_EXAMPLE}\n关键词之间用顿号隔开，可以多写几种说法；也可以写成“关键词：运费、邮费 回答：满39元免运费”。`;

/** The keywords of a list the owner typed, cleaned and checked. */
export function readKeywords(text: string): Parsed<string[]> {
  const keywords = [...new Set(text.split(SEP).map((k) => k.trim().replace(/^["“「]|["”」]$/g, '').replace(/[?？!！。.~～\s]+$/u, '').trim()).filter(Boolean))];
  if (keywords.length === 0) return { error: '没看到关键词。' };
  if (keywords.length > MAX_KEYWORDS) return { error: `关键词最多${MAX_KEYWORDS}个，挑最常问的说法就好。` };
  for (const k of keywords) {
    const problem = keywordProblem(k);
    if (problem) return { error: `${problem}。` };
  }
  return keywords;
}

function readAnswer(text: string): Parsed<string> {
  const answer = text.trim();
  if (!answer) return { error: '没看到回答的内容。' };
  if (answer.length > MAX_ANSWER) return { error: `回答太长了（${answer.length}字），${MAX_ANSWER}字以内，群里看着才舒服。` };
  return answer;
}

/** Keywords and answer, in whichever form they came; undefined when no form fits. */
function split(args: string): { keywords: string; answer: string } | undefined {
  let text = args.trim();
  const labelled = KEY_LABEL.test(text) ? ANSWER_LABEL.exec(text) : null;
  if (labelled) return { keywords: text.slice(0, labelled.index).replace(KEY_LABEL, ''), answer: text.slice(labelled.index + labelled[0].length) };
  // 关键词 运费、邮费 满39元免运费: the label alone says nothing.
  if (/^(?:关键词|关键字)/.test(text)) text = text.replace(KEY_LABEL, '');
  const bracketed = BRACKETS.exec(text);
  if (bracketed) return { keywords: bracketed[1]!, answer: bracketed[2]! };
  // Spaces around the separators belong to the list: "自提点 、 提货点 在3栋".
  const tight = text.replace(/[ \t\u3000]*([、，,|｜/／;；])[ \t\u3000]*/g, '$1');
  const newline = tight.indexOf('\n');
  const firstLine = newline >= 0 ? tight.slice(0, newline).trim() : '';
  if (newline >= 0 && firstLine && !/[\s:：]/.test(firstLine)) return { keywords: firstLine, answer: tight.slice(newline + 1) };
  const at = /[\s:：=]/.exec(tight);
  if (!at) return undefined;
  return { keywords: tight.slice(0, at.index), answer: tight.slice(at.index + 1) };
}

/** `/自动回复 新增 …`: the rule, or what to tell the owner. */
export function parseNewRule(args: string): Parsed<NewRule> {
  if (!args.trim()) return { error: addHelp('要写上关键词和回答。') };
  const parts = split(args);
  if (!parts) return { error: addHelp('关键词和回答之间空一格。') };
  const keywords = readKeywords(parts.keywords);
  if ('error' in keywords) return { error: addHelp(keywords.error) };
  const answer = readAnswer(parts.answer);
  if (typeof answer !== 'string') return { error: addHelp(answer.error) };
  return { keywords, answer };
}

export interface Edit {
  no: number;
  keywords?: string[];
  answer?: string;
}

const editHelp = (why: string) => `${why}\n用法：${EDIT_USAGE}\n例如：/自动回复 修改 1 自提点搬到5栋门口了，早8点到晚9点`;

/** A rule's number as the owner writes it: 2, #2, 第2条. */
export function readNo(word: string | undefined): number | undefined {
  const m = /^(?:#|第)?(\d{1,6})条?$/.exec(word?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

/** `/自动回复 修改 <编号> …`: the change, or what to tell the owner. */
export function parseEdit(args: string): Parsed<Edit> {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const no = readNo(m?.[1]);
  if (no === undefined) return { error: editHelp('要写上第几条（/自动回复 列表 里的编号）。') };
  const rest = m![2]!.trim();
  if (!rest) return { error: editHelp(`第${no}条要改成什么？`) };
  if (KEY_LABEL.test(rest) && /^(?:关键词|关键字)/.test(rest)) {
    const labelled = ANSWER_LABEL.exec(rest);
    const keywords = readKeywords((labelled ? rest.slice(0, labelled.index) : rest).replace(KEY_LABEL, ''));
    if ('error' in keywords) return { error: editHelp(keywords.error) };
    if (!labelled) return { no, keywords };
    const answer = readAnswer(rest.slice(labelled.index + labelled[0].length));
    return typeof answer === 'string' ? { no, keywords, answer } : { error: editHelp(answer.error) };
  }
  const answer = readAnswer(rest.replace(/^(?:(?:回答|答案)\s*[:：=]?|(?:回复|答)\s*[:：=])\s*/, ''));
  return typeof answer === 'string' ? { no, answer } : { error: editHelp(answer.error) };
}
