import { toSimplified } from '../../text/simplified.ts';
import { WECHAT_EMOJI } from '../../text/keywords.ts';
import { normalName, plainSpaces, toHalfWidth } from '../../text/normalize.ts';
import { CODE_ALPHABET } from './code.ts';

// What a newcomer says about who brought them: a 体验官's invite code (邀请码 K7Q2, k7q2), or
// the 体验官's name in a sentence whose whole point is that they brought the speaker
// (是王阿姨介绍我来的, 朋友王阿姨推荐的, 介绍人：王阿姨). Near misses are left alone: the name in
// other talk (王阿姨介绍的苹果不错), questions (是王阿姨介绍的吗？), negations (不是王阿姨拉的).
// Pure: the caller says who the 体验官 are.

export interface KocName {
  id: string;
  code: string;
  /** Their WeChat name, group nicknames … as the shop knows them. */
  names: readonly string[];
}

export type Claim =
  /** A code of a 体验官. */
  | { via: 'code'; koc: string }
  /** The name of one 体验官, or of several who share it (then ask for the code). */
  | { via: 'name'; kocs: string[] }
  /** 邀请码 followed by something that is no 体验官's code. */
  | { via: 'unknown-code'; code: string }
  /** 邀请码是什么 / 怎么用 / 没有邀请码: a newcomer asking. */
  | { via: 'question' };


/** Half-width, simplified, WeChat emoji and pictographs dropped, @ and the mention space gone. */
export function claimText(text: string): string {
  return plainSpaces(toHalfWidth(text))
    .replace(WECHAT_EMOJI, ' ')
    .replace(/[\p{Extended_Pictographic}\u200d\ufe0f]/gu, ' ')
    .replace(/[\u3400-\u9fff]+/g, toSimplified)
    .replace(/[@＠]/g, ' ');
}

const CODE_CHAR = `[${CODE_ALPHABET}${CODE_ALPHABET.toLowerCase()}0-9a-zA-Z]`;
const TOKEN = new RegExp(`(?<![0-9A-Za-z])(${CODE_CHAR}{4})(?![0-9A-Za-z])`, 'g');
/** 邀请码 and what follows it: the code said, right or wrong. */
const CODE_AFTER_WORD = /(?:邀请码|推荐码|邀请号|码)\s*(?:是|为|:)?\s*([0-9A-Za-z]{3,8})(?![0-9A-Za-z])/;
const CODE_QUESTION = /^(?:请问|问下|问一下|那个)?(?:我的?|这个?)?(?:邀请码|推荐码)(?:是)?(?:什么|啥|是啥|哪里|哪儿|在哪|在哪里|在哪儿|怎么|如何|去哪|找谁|有什么用|干嘛|干什么)|(?:什么|啥)是?(?:邀请码|推荐码)|(?:没有|没|不知道|哪来的?|哪有|怎么填|怎么用|去哪找|找谁要|谁有)(?:的)?(?:邀请码|推荐码)/;

/** Who brings, as a newcomer says it before the name: 我是, 朋友, 被, 经, 跟着 … */
const PRE = '(?:大家好|你好|您好|哈喽|hello|hi|嗨)?(?:我|俺|本人|偶)?(?:也)?(?:是|系)?(?:由|被|让|经|经过|通过|跟|跟着|受|听)?(?:我的?|俺的?|我家的?|咱)?'
  + '(?:\\d+(?:栋|号楼|幢|单元|楼)(?:的)?)?(?:好朋友|老朋友|朋友|好友|邻居|老邻居|闺蜜|同事|老同事|亲戚|姐妹|老乡|楼上|楼下|对门|家人|同学|老同学|表姐|表妹|姐姐|妹妹|嫂子|大姐|老姐妹|小伙伴|战友|师傅|领导)?(?:的)?';
const THANKS = '(?:谢谢|感谢|多谢|谢)';
const VERB = '(介绍|推荐|引荐|邀请|邀|拉|带|叫|喊|让|安利|分享|拉进|带进|介绍进|推荐进)';
/** What may follow the verb: 我, coming in, the group, what for; 的/了 at the end. */
const TAIL = '((?:了)?(?:我|俺|我们|咱|咱们)?(?:了)?'
  + '(?:(?:过来|进来|来)(?:的)?(?:这个?|咱们?的?|本)?(?:群|群里|小区群|团购群)?(?:买菜|买东西|买|团购|看看|逛逛|参团|接龙|玩)?'
  + '|(?:进|入|加入|加)(?:了|的)?(?:这个?|咱们?的?|本)?(?:群|群里|小区群|团购群|进来)?)?'
  + '(?:的|了|哒|啦|滴|嘞|的哦|的呀|的哈|的啦|的我|的俺)?)';
/** 介绍人：王阿姨 */
const LABEL = '^(?:我的?)?(?:介绍人|推荐人|邀请人|引荐人)(?:是|为|:)?';
/** 扫王阿姨的码进来的 */
const SCAN = '^(?:我是|是)?(?:扫|扫了|扫的)';
const SCAN_TAIL = '(?:的)?(?:码|二维码|群码|邀请码|群二维码)(?:进来的?|进的群|进群的?|来的|加的群|进来)?$';
/** 通过王阿姨进的群, 跟王阿姨来的 */
const THROUGH = '^(?:我|俺)?(?:是|也是)?(?:通过|经|经过|跟|跟着|随|从)';
const THROUGH_TAIL = '(?:的)?(?:介绍|推荐|邀请|那里|那儿|那边)?(?:来的?|进的?群|进来的?|加的?群|入的?群|过来的?|进群的?)(?:的)?$';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const END = /[哈呀啊啦嘛哦噢喔嘞咧呢哟吖~～]+$/;
const CLAUSE = /([^,，。.!！?？~～;；\n、…]+)([,，。.!！?？~～;；\n、…]*)/g;

/** The forms of a 体验官's name a newcomer may write: as the shop knows it, and without emoji, brackets or notes. */
export function nameForms(name: string): string[] {
  const whole = normalName(claimText(name)).replace(/\s+/g, '');
  const core = whole.replace(/[(（\[【].*?[)）\]】]/g, '').replace(/[^\p{L}\p{N}]/gu, '');
  return [...new Set([whole, core])].filter((n) => [...n].length >= 2 || /\p{Script=Han}/u.test(n));
}

function clauses(text: string): Array<{ words: string; question: boolean }> {
  const out: Array<{ words: string; question: boolean }> = [];
  for (const m of text.matchAll(CLAUSE)) {
    const words = normalName(m[1]!).replace(/\s+/g, '').replace(END, '');
    if (words) out.push({ words, question: /[?？]/.test(m[2] ?? '') || /[吗么嘛]$|^(?:是不是|是否)/.test(words) });
  }
  return out;
}

function namedIn(clause: string, name: string): boolean {
  const n = escape(name);
  const thanked = new RegExp(`^${THANKS}${PRE}${n}(?:的)?${VERB}${TAIL}$`).exec(clause);
  // Thanks for a 推荐 is thanks for a product; thanks for bringing me names the speaker.
  if (thanked) return /[我进来群入加]/.test(thanked[2] ?? '');
  const said = new RegExp(`^${PRE}${n}(?:的)?${VERB}${TAIL}$`).exec(clause);
  if (said) {
    const verb = said[1]!;
    const tail = said[2] ?? '';
    // 王阿姨介绍 / 王阿姨推荐 stand alone; 王阿姨拉 / 王阿姨让 need more (拉我, 拉的).
    if (tail === '' && !/^(介绍|推荐|引荐|邀请)$/.test(verb)) return false;
    if (/^(叫|喊|让)$/.test(verb) && !/[我俺咱]/.test(tail)) return false;
    return true;
  }
  if (new RegExp(`${LABEL}${n}$`).test(clause)) return true;
  if (new RegExp(`${SCAN}${n}${SCAN_TAIL}`).test(clause)) return true;
  if (new RegExp(`${THROUGH}${n}${THROUGH_TAIL}`).test(clause)) return true;
  // 我是王阿姨介绍的新邻居
  return new RegExp(`^(?:大家好)?(?:我|俺)(?:也)?是${n}(?:介绍|推荐|邀请|拉|带)(?:来|进来|过来)?的(?:新邻居|新人|新朋友|朋友|邻居|新成员)$`).test(clause);
}

/** What the text says about who brought the speaker, if anything. */
export function readClaim(raw: string, kocs: readonly KocName[]): Claim | undefined {
  if ([...raw].length > 120) return undefined;
  const text = claimText(raw);
  const byCode = new Map(kocs.map((k) => [k.code.toUpperCase(), k.id]));
  for (const m of text.matchAll(TOKEN)) {
    const koc = byCode.get(m[1]!.toUpperCase());
    if (koc) return { via: 'code', koc };
  }
  const squeezed = text.replace(/\s+/g, '');
  const after = CODE_AFTER_WORD.exec(squeezed);
  if (after && /\d/.test(after[1]!) && /[A-Za-z]/.test(after[1]!)) {
    const koc = byCode.get(after[1]!.toUpperCase());
    return koc ? { via: 'code', koc } : { via: 'unknown-code', code: after[1]!.toUpperCase() };
  }
  // Longest names first, so a 体验官 called 小王阿姨 is not read as 王阿姨.
  const forms = kocs.flatMap((k) => k.names.flatMap((n) => nameForms(n).map((form) => ({ id: k.id, form }))))
    .sort((a, b) => b.form.length - a.form.length);
  for (const { words, question } of clauses(text)) {
    if (question) continue;
    const form = forms.find((f) => words.includes(f.form) && namedIn(words, f.form))?.form;
    if (form) return { via: 'name', kocs: [...new Set(forms.filter((f) => f.form === form).map((f) => f.id))] };
  }
  if (CODE_QUESTION.test(squeezed)) return { via: 'question' };
  return undefined;
}
