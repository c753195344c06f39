import { hasQuestionForm, STOPWORDS, words } from '../qa/index.ts';
import { WECHAT_EMOJI } from '../../text/keywords.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { toSimplified } from '../../text/simplified.ts';

// Is a clause asked, and which of its words say what about? Product questions' question form
// (qa's hasQuestionForm) and segmentation (qa's words and stopwords) do most of it; what is here
// is what a shop-wide question adds: the lead-ins people put before one (请问, 想问下, 谁知道),
// the words that say when, where or to whom without saying what (几点, 在哪, 找谁), and the
// address and time words that change nothing of what is asked (团长, 今天, 一般).

/** Asked without a question word: 请问运费, 想问下自提点, 售后找谁, 包邮不. */
const ASK_LEAD = /请问|想问|问一?下|问问|求问|咨询|打听|谁|有人知道|[不没]$/;

/** A complaint or a why, not a request for the shop's standing answer: 怎么又没送货, 为什么运费这么贵. */
const COMPLAINT = /怎么(又|还|老|总|这么|那么)|咋(又|还|这么)|为什么|为啥|凭什么|干嘛(又|还)/;

/** Particles that end a statement as easily as a question: "…旁边呢" is no question by itself. */
const WEAK_END = /[呢嘛么吧啊呀哦哈啦嘞吖~～\s]+$/;

/** Words with a question word in them that ask nothing: 运费什么的都包了, 还有就是. */
const NOT_ASKING = /什么的|还有|没什么|不怎么|怎么也|怎么都|说什么/g;

/** Says when, where, how or whom, not what about; or addresses people; or only sets the time. */
const ASK_WORDS = new Set([
  '请问', '想问', '问下', '咨询', '打听', '求问', '几点', '几点钟', '几时', '什么时候', '啥时候', '时候', '何时', '哪天', '几号', '多久',
  '哪里', '哪儿', '在哪', '在哪里', '在哪儿', '哪边', '谁', '如何', '怎么办', '咋办', '能否', '是否', '吗', '嘛', '么', '呢', '吧',
  '什么样', '多长时间', '多少', '一般', '平时', '通常', '具体', '大概', '大约', '现在', '目前', '今天', '明天', '后天', '今晚',
  '今早', '明早', '早上', '上午', '中午', '下午', '晚上', '每天', '这周', '本周', '下周', '周末', '团长', '群主', '老板', '店长',
  '小助手', '助手', '亲', '亲们', '各位', '大家', '宝子', '宝子们', '姐妹', '姐妹们', '家人们', '你好', '您好', '哈喽', '嗨',
  'hello', 'hi', '在吗', '打扰', '打扰一下', '请', '下', '一下', '想', '了', '啦', '嘞', '喔', '吖', '哈哈', '得', '着', '过',
  '东西', '算', '用', '还是', '不', '没', '位置', '具体位置', '地方', '电话', '联系方式', '联系', '去', '需要', '应该', '知道', '告诉', '说', '那', '那么', '所以', '然后', '另外', '对了', '呃', '额', '嗯', '噢', '诶', '欸', '哎',
]);

/** How many of something (一箱, 两斤, 3个): says how much, not what is asked about. */
const AMOUNT = /^[\d一二两三四五六七八九十几半]+[箱个斤盒袋件份瓶包次单块元]?$/;

/** The words of a text as compared: half-width, lower case, simplified; emoji and @mentions blanked. */
export function prepare(text: string): string {
  return toSimplified(toHalfWidth(text).toLowerCase())
    .replace(WECHAT_EMOJI, (m) => ' '.repeat(m.length))
    .replace(/@[^\s\u2005@]+/g, (m) => ' '.repeat(m.length))
    .replace(/\p{Extended_Pictographic}|\ufe0f|\u200d/gu, (m) => ' '.repeat(m.length));
}

export interface Word {
  text: string;
  start: number;
  end: number;
}

/** The words of a prepared text that say what is asked about, where they are. */
export function meaningWords(text: string): Word[] {
  const out: Word[] = [];
  let at = 0;
  for (const w of words(text)) {
    const start = text.indexOf(w, at);
    if (start < 0) continue;
    at = start + w.length;
    if (!STOPWORDS.has(w) && !ASK_WORDS.has(w) && !AMOUNT.test(w)) out.push({ text: w, start, end: at });
  }
  return out;
}

export type Asked = 'strong' | 'weak' | 'no' | 'complaint';

/**
 * How a clause asks: 'strong' with a question word, a question mark or a lead-in; 'weak' when
 * only a closing 呢/嘛/吧 makes it sound like one (then it must be all about a rule's words);
 * 'no' for a statement; 'complaint' for one, not answered even when spoken to.
 */
export function askedIn(clause: string): Asked {
  if (COMPLAINT.test(clause)) return 'complaint';
  const plain = clause.replace(NOT_ASKING, ' ');
  const stripped = plain.replace(WEAK_END, '');
  if (/[?？]/.test(plain) || hasQuestionForm(stripped) || ASK_LEAD.test(stripped)) return 'strong';
  return hasQuestionForm(plain) ? 'weak' : 'no';
}
