import { toSimplified } from '../../text/simplified.ts';
import { circledNumber, parseChineseInteger } from '../../text/numerals.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { WECHAT_EMOJI } from '../../text/keywords.ts';

// Reading a resident's reply to an open poll: a number (2, 投2, 选2, 2号, 第二个, 二, ２, ②,
// 2️⃣) or an option's name (海盐, 海盐味, 我投海盐). Pure. A message counts only when all of it
// is a vote: what is left once the vote words, the number or the name and a polite tail are
// taken away must be nothing. So "我家2个孩子", "2箱" or "海盐的上次买过挺好吃的吗" are chat,
// and a +1 is never a vote (it belongs to a 接龙).

export type VoteRead =
  | { kind: 'vote'; option: number }
  /** A name two options share ("海盐" for 海盐芝士 and 海盐焦糖): ask which. */
  | { kind: 'ambiguous'; options: number[] }
  /** "1和3": one vote each, ask for one. */
  | { kind: 'several'; options: number[] }
  /** "投5" with three options: clearly a vote, for no option. */
  | { kind: 'no-such'; n: number };

/** Longer than this it is a sentence, not a vote (after normalising). */
const MAX_LENGTH = 24;

/** A question, however short, asks; it does not vote. */
const QUESTION = /[?？吗呢]|什么|怎么|多少|几|哪|啥|是不是|有没有|好不好|能不能|可不可以/;
/** Words before the choice: fillers, then at most one vote verb. */
const LEAD = /^(?:那就|那我就?|那|我也|我还是|还是|我就|就|我|也|俺|咱|个人|我个人)*(?:觉得|感觉)?/;
const VERB = /^(?:投票给|投给|投票|投|选择|选(?!项)|支持|pick|vote|想要|要|喜欢|爱|必须|坚决|肯定)/i;
/** Verbs that make a bare number a vote: 要 with a number is a 接龙 order ("我要2"). */
const NUMBER_VERB = /^(?:投票给|投给|投票|投|选择|选|支持|pick|vote)$/i;
/** What may follow: a count of one vote, a particle, thanks; punctuation and emoji are dropped first. */
const TAIL = /(?:[+＋]1|一票|1票|这个|这款|吧|吖|呀|啊|哈|呗|啦|了|哦|噢|喔|哟|嗯|嘛|好了|(?:谢谢|谢啦|感谢|多谢)(?:团长|老板|啦|了|你|您)?|[~～!！。.,，\s])+$/;
/** Words around a number: 第二个, 2号, 选项2, 2号选项. */
const NUMBER = /^(?:选项|方案|第|no\.?)?\s*(\d{1,2}|[一二三四五六七八九十两]{1,2})\s*(号选项|号方案|个选项|号|个|项|位|款|种)?$/i;
/** Number then name: "2号海盐", "2.海盐", "2 海盐味". */
const NUMBER_THEN_NAME = /^(?:选项|第)?\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:号|个|项)?\s*[.、:：)）\s-]?\s*(\D.*)$/;
/** Separators of several choices: "1和3", "海盐、芝士". */
const SEVERAL = /\s*(?:和|跟|与|或者|或|还有|以及|[、,，/\s])\s*/;
/** What people add after a name: 海盐味, 海盐的, 海盐口味, 海盐那款. */
const NAME_SUFFIX = /(?:口味|味儿|味道|味|的|款|那款|这款|那个|这个|系列|口)$/;

/** Reads a reply to a poll with these options; null when it is not a vote. */
export function readVote(text: string, options: readonly string[]): VoteRead | null {
  let t = normalise(text);
  if (!t || t.length > MAX_LENGTH || t.includes('\n')) return null;
  if (QUESTION.test(t)) return null;
  // "+1", "+2 3-501": a 接龙's, never a vote; "+1 海盐" names an option, and nothing else may.
  const plusName = /^[+＋]\s*1\s*(\D.*)$/.exec(t);
  if (plusName) {
    const named = matchName(plusName[1]!.replace(TAIL, ''), options);
    return named?.kind === 'vote' ? named : null;
  }
  if (/^[+＋]/.test(t)) return null;
  t = t.replace(LEAD, '');
  const verb = VERB.exec(t)?.[0];
  // "选了海盐", "投了2号": the 了 belongs to the verb.
  if (verb) t = t.slice(verb.length).replace(/^了?[\s:：]*/, '');
  t = t.replace(TAIL, '').trim();
  if (!t) return null;
  const verbKind: VerbKind = verb === undefined ? 'none' : NUMBER_VERB.test(verb) ? 'number' : 'name';
  const single = readChoice(t, options, verbKind);
  if (single) return single;
  const parts = t.split(SEVERAL).filter(Boolean);
  if (parts.length < 2 || parts.length > options.length + 1) return null;
  const picked: number[] = [];
  for (const part of parts) {
    const read = readChoice(part.replace(TAIL, ''), options, verbKind === 'name' ? 'name' : 'number');
    if (!read || read.kind !== 'vote') return null;
    picked.push(read.option);
  }
  const distinct = [...new Set(picked)];
  return distinct.length === 1 ? { kind: 'vote', option: distinct[0]! } : { kind: 'several', options: distinct };
}

/** Which vote word came first: none, one that takes numbers (投 选), or one that takes names only (要 喜欢). */
type VerbKind = 'none' | 'number' | 'name';

/** One choice, the whole of `t`: a number, a name, or a number with its name. */
function readChoice(t: string, options: readonly string[], verb: VerbKind): VoteRead | null {
  const n = NUMBER.exec(t);
  if (n) {
    if (verb === 'name') return null;
    const value = numberOf(n[1]!);
    const suffix = n[2] ?? '';
    const ordinal = /^(?:第|选项|方案|no)/i.test(t);
    // "2个" alone is a count; "第二个" is a choice.
    if ((suffix === '个' || suffix === '位' || suffix === '款' || suffix === '种') && !ordinal) return null;
    // 两 is a count ("两"), except as an ordinal (第两 is not said either).
    if (n[1] === '两') return null;
    const explicit = verb === 'number' || ordinal || suffix !== '';
    // A bare number while a poll is open is a vote; a name matching too wins for names like "1号店".
    if (value !== null && value >= 1 && value <= options.length) return { kind: 'vote', option: value };
    if (value !== null && explicit && value >= 1 && value <= 20) return { kind: 'no-such', n: value };
    return null;
  }
  const byName = matchName(t, options);
  if (byName) return byName;
  const nn = NUMBER_THEN_NAME.exec(t);
  if (nn) {
    const value = numberOf(nn[1]!);
    if (verb === 'name') return null;
    const named = matchName(nn[2]!.replace(TAIL, ''), options);
    if (value === null || value < 1 || value > options.length || !named) return null;
    // "2号海盐": the number and the name must agree; else ask.
    if (named.kind === 'vote') return named.option === value ? named : { kind: 'ambiguous', options: [value, named.option] };
    return named.kind === 'ambiguous' && named.options.includes(value) ? { kind: 'vote', option: value } : null;
  }
  return null;
}

/** An option by name: the same name (海盐 / 海盐味), or part of one option's name (苏打 of 海盐苏打). */
export function matchName(t: string, options: readonly string[]): VoteRead | null {
  const said = core(t);
  if (!said || /^\d+$/.test(said)) return null;
  const cores = options.map(core);
  const exact = cores.flatMap((c, i) => (c === said || normaliseName(options[i]!) === normaliseName(t) ? [i + 1] : []));
  if (exact.length === 1) return { kind: 'vote', option: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', options: exact };
  // A part of a name: two characters at least, and never a bare number ("2" in "2斤装").
  if ([...said].length < 2) return null;
  const partial = cores.flatMap((c, i) => (c.includes(said) ? [i + 1] : []));
  if (partial.length === 1) return { kind: 'vote', option: partial[0]! };
  if (partial.length > 1) return { kind: 'ambiguous', options: partial };
  return null;
}

function core(name: string): string {
  let n = normaliseName(name);
  // Twice: "海盐味的".
  for (let i = 0; i < 2; i++) {
    const stripped = n.replace(NAME_SUFFIX, '');
    if (stripped && stripped !== n) n = stripped;
  }
  return n;
}

function normaliseName(name: string): string {
  return normalise(name).toLowerCase().replace(/[\s·•・\-_'"“”‘’「」《》【】()（）]/g, '');
}

function numberOf(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  return parseChineseInteger(s);
}

/** Half-width, traditional forms simplified, keycaps and circled digits as digits, emoji and punctuation around dropped. */
export function normalise(text: string): string {
  let t = toHalfWidth(text).trim();
  t = t.replace(/[\u2460-\u2473]/g, (c) => String(circledNumber(c)))
    .replace(/[\u2776-\u277f]/g, (c) => String(c.charCodeAt(0) - 0x2775))
    .replace(/[\u2780-\u2789]/g, (c) => String(c.charCodeAt(0) - 0x277f))
    .replace(/[\u278a-\u2793]/g, (c) => String(c.charCodeAt(0) - 0x2789))
    .replace(/(\d)\ufe0f?\u20e3/g, '$1')
    .replace(/\u{1f51f}/gu, '10');
  t = toSimplified(t);
  t = t.replace(WECHAT_EMOJI, ' ')
    .replace(/[\p{Extended_Pictographic}\ufe0f\u200d\u{1f3fb}-\u{1f3ff}]/gu, ' ')
    // Punctuation that ends or decorates ("2！", "2。", "~海盐~"), not ? (a question) or + (a 接龙).
    .replace(/[!！。.,，;；~～…、]+$/g, '')
    .replace(/^[!！。.,，;；~～…、\s]+/g, '');
  return t.replace(/\s+/g, ' ').trim();
}

// Asking how the poll stands: 投票结果, 现在谁领先, 哪个票多, 投票情况怎么样.
const ASK = [
  /^(?:现在|目前|最后|那)?的?(?:投票|票数)的?(?:结果|情况|进展|统计|排名)(?:呢|咋样了?|怎么样了?|如何|出来了吗|出来没|出来了没|是啥)?$/,
  /^(?:现在|目前)?(?:投票|票数)(?:呢|咋样了?|怎么样了?|如何)$|^票数$/,
  /(?:谁|哪个|哪款|哪种|哪一个|哪个口味)(?:领先|赢了?|第一|票最多|票数最多|票多|最多票|最多)/,
  /^(?:投票|票数)(?:结果|情况|进展|统计|排名)/,
  /^(?:怎么|如何|在哪|在哪里|咋)投票?|^投票怎么投|^怎么投$/,
  /^(?:现在|目前)?(?:各|都)?(?:几|多少)票了?$/,
];

/** "投票结果", "现在谁领先" …: a resident asking how the poll stands (or how to vote). */
export function isResultsAsk(text: string): boolean {
  const t = normalise(text).replace(/[?？!！。~～]+$/g, '').replace(/^(?:请问|问下|问一下|想问下)/, '');
  if (!t || t.length > 16) return false;
  if (t === '投票') return false;
  return ASK.some((r) => r.test(t));
}
