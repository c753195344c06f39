// What a resident writes about their own order after a 接龙 has closed: "已付23.8", "取到了",
// "有两个烂了". Pure readers, no I/O and no model; each answers for one kind of message and
// returns undefined when the text does not say so. Only the speaker's own assertion counts: a
// question (付了吗), a plan (明天去取), a negation (还没付), someone else's business (他付了)
// or the organiser's instruction (已付的请截图) is no claim.
//
// How a claim is read: the text is cut into clauses at punctuation and emoji; in a clause, a
// verb (付/转/取/拿…) is looked at with what stands before it (the head: 已, 没, 明天去, 你)
// and what follows it (the tail: 了, 过去, 你, an amount or a quantity, then the rest).

import { toSimplified } from '../../text/simplified.ts';
import { CN_DIGIT_CHARS, UNITS, readQuantity } from '../../text/numerals.ts';
import { WECHAT_EMOJI, withoutTrailing } from '../../text/keywords.ts';
import { parseFen } from '../../text/money.ts';
import { plainSpaces, toHalfWidth } from '../../text/normalize.ts';

/** A resident saying they have paid for their order. */
export interface PaidClaim {
  /** The amount, when they named one: "已付23.8", "转了二十三块八". */
  amountFen?: number;
}

/** A resident saying they have collected (picked up) their goods. */
export interface Collected {
  /** How many they took, when they said: "只取了一箱" → 1. */
  qty?: number;
  /** They took part of it: 只取了, 先拿了, 还差一箱, 一半. */
  partial: boolean;
}

/** bad: spoilt or damaged; missing: short or not received; wrong: not what was ordered; other: 售后, 退款. */
export type ProblemKind = 'bad' | 'missing' | 'wrong' | 'other';

/** A resident reporting a problem with goods (after-sales, 售后). */
export interface Problem {
  kind: ProblemKind;
  /** The words that said so, for the owner's DM. */
  words: string[];
  /**
   * The text itself says it is about an order or goods (售后, 退款, 芒果, 两个, 收到的, 这次的),
   * rather than a bare "坏了" that may be about anything.
   */
  aboutGoods: boolean;
}

// ---------------------------------------------------------------------------------------------
// Text and clauses

/** Sentence-final particles residents add (付了啦, 取到了哈, 已付滴): they change nothing. */
const PARTICLES = '了啦呀哈吖啊哦喔噢呢嘛滴的嘞咯喽哟呦嗯捏辣哇';
const CN = `[${CN_DIGIT_CHARS}]`;
const UNIT = `(?:${UNITS.filter((u) => u !== '人').join('|')})`;

/**
 * 以付 / 己取: 已 mistyped by pinyin (yi) or by shape. Not in 可以, 所以, 自己, which stay.
 */
const MISTYPED_ALREADY = /(?<![可所用难足得予加给借赖藉是何之免据])以(?=经?(?:付|转|支付|结|交|取|拿|领|提|签收|收到|自提|v|pay))|(?<![自知异利])己(?=经?(?:付|转|支付|结|交|取|拿|领|提|签收|收到|自提|v|pay))/g;

const blank = (m: string) => ' '.repeat(m.length);
/** An emoji (or [强]) breaks a clause like a comma: 付了👌明天取 is two clauses. */
const clauseBreak = (m: string) => `~${' '.repeat(m.length - 1)}`;

/**
 * Half-width, plain spaces, lower case, simplified; without what is not the speaker's own words
 * (a WeChat quote, 「…」, @mentions). Every step keeps the length, so an offset in the result is
 * an offset in what the resident wrote (the owner is shown their words as typed).
 */
function prepare(text: string): string {
  return plainSpaces(toHalfWidth(text))
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/[\u3400-\u9fff]+/g, toSimplified)
    .replace(MISTYPED_ALREADY, '已')
    // WeChat puts the quoted message above a dashed line; the reply is below it.
    .replace(/^[\s\S]*\n\s*(?:-\s*){4,}(?:\n|$)/, (m) => `${' '.repeat(m.length - 1)}\n`)
    .replace(/「[^」]*」|『[^』]*』/g, blank)
    .replace(/^回复\s*[^:\n]{1,20}:/, blank)
    .replace(WECHAT_EMOJI, clauseBreak)
    // A mention picked from the list ends with a space; typed titles may not.
    .replace(/@(?:团长|群主|老板|管理员|所有人)|@[^\s@]{1,20}(?:\s|$)/g, blank)
    .replace(/[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\ufe0f\u200d\u2764]+/gu, clauseBreak)
    // A full stop breaks a clause; the point of 23.8 does not.
    .replace(/(?<!\d)\.|\.(?!\d)/g, '。')
    .replace(/[:"'“”‘’()（）【】\[\]<>《》]/g, ' ');
}

/**
 * What a resident says about their own order is a line or two. A long text is a notice or a
 * list, and a reposted 接龙 (numbered lines) carries other people's 已付/已取: neither is read,
 * which also keeps a 20,000-character message from costing every group time.
 */
const MAX_CHARS = 500;
const LIST_LINES = /^\s*\d{1,3}\s*[.、．)]/gm;

function tooLongOrList(text: string): boolean {
  return text.length > MAX_CHARS || (text.match(LIST_LINES)?.length ?? 0) >= 2;
}

interface Clause {
  text: string;
  /** Where the clause starts in the prepared text (and so in what was written). */
  at: number;
  /** Ended with a question mark. */
  asks: boolean;
}

function clausesOf(prepared: string): Clause[] {
  const out: Clause[] = [];
  for (const m of prepared.matchAll(/([^,!?;~。、…\n]+)([,!?;~。、…\n]*)/g)) {
    const text = m[1]!.trim();
    const at = m.index + m[1]!.length - m[1]!.trimStart().length;
    if (text) out.push({ text, at, asks: m[2]!.includes('?') });
  }
  return out;
}

/** What is said besides particles and question words: "吗" → "", "明天能取吗" → "明天能取". */
function said(s: string): string {
  return s.replace(/[吗么嘛呢吧啊呀哈了啦的哦喔噢没有不否未\s\d.¥￥$~元块]/g, '');
}

/**
 * A yes/no question ending the clause: 付了吗, 坏了没, 已付？ A claim with 吧 (付了吧) is not sure
 * of itself; a problem with 吧 (是过期的吧) is a complaint.
 */
function endsAsking(c: Clause, unsure = true): boolean {
  return c.asks || (unsure ? /(?:吗|么|没有?|不|吧|未)[\s~]*$/ : /(?:吗|么|没有?|不|未)[\s~]*$/).test(c.text);
}

// ---------------------------------------------------------------------------------------------
// The head: what stands before a verb

/** Dropped from the end of a head before it is judged: 我已经, 钱已, 用微信, 都. */
const FILLER = /(?:已经|已|早已|早就|早|都|也|就|刚刚|刚才|刚|自|我们|我家|我|俺|咱|用|通过|在|微信|支付宝|vx|wx|zfb|钱|款|团费|货款|红包|(?<![a-z])(?:i've|ive|i|just|already|have)|\s)$/;
/** 已付, 早就付了, 刚付 (just paid): done without 了. */
const ALREADY = /^(?:已经|已|早已|早就|刚刚|刚才|刚|already)$/;

interface Head {
  /** The head as written. */
  raw: string;
  /** Without trailing fillers. */
  trimmed: string;
  /** 已 / 已经 / already among the fillers: the claim is complete without 了. */
  already: boolean;
}

function readHead(raw: string): Head {
  let trimmed = raw;
  let already = false;
  for (let m = FILLER.exec(trimmed); m && m[0]; m = FILLER.exec(trimmed)) {
    if (ALREADY.test(m[0])) already = true;
    trimmed = trimmed.slice(0, -m[0].length);
  }
  return { raw, trimmed, already };
}

/** Right before the verb, these leave it unclaimed: 没付, 明天取, 怎么付, 你付了, 被人拿走. */
const NOT_SAID = new RegExp(`(?:${[
  // negation
  '没有?', '沒', '未', '不', '别', '甭', '忘了?', '忘记了?', '无法', '不用', '不要', '无需', '不需要',
  // plans, duties, requests
  '要', '想', '准备', '打算', '待会儿?', '等会儿?', '等下', '一会儿?', '马上', '立刻', '立马', '明天', '晚点', '晚些',
  '回头', '改天', '稍后', '过会儿?', '下次', '再', '能', '可以', '会', '该', '需要?', '请', '别忘了?', '麻烦',
  '帮忙', '赶紧', '快', '尽快', '抓紧', '到时候?',
  // a question asked before the verb
  '怎么', '咋', '如何', '哪里', '哪儿', '哪', '谁', '几点', '什么时候', '啥时候', '何时', '多少',
  // someone else, or for someone else (给你转了 is the speaker paying you; 帮你拿了 is your order)
  '(?<![给跟向帮和替])(?:他|她|你)们?', '(?:帮|替)(?:你|他|她)们?', '别人', '人家', '大家', '有人', '其他人', '各位', '亲们', '宝子们',
  // the word as a label to write (付了的在后面写个已付, 备注已取)
  '(?:写|备注|标注?|回复|回|扣|填|改成?|打)个?',
  // passive (被人拿走了) and the receiving side (收到转账了: the organiser)
  '被', '被人', '被别人', '收到?', '接收', '领取',
  // english
  '(?<![a-z])(?:not|never|to|will|you|u|he|she|they|pls|please|plz)', "n't",
].join('|')})$`);

/** Anywhere before the verb: a condition or a question about it (如果付了, 是不是已经付了). */
const HEAD_ANYWHERE = /如果|要是|假如|万一|是不是|有没有|是否|能不能|可不可以|要不要|会不会|请|还没|还未/;

/** 去取了 / 来拿了: on the way, not done (去取过了, 去拿回来了 are done). */
const ON_THE_WAY = /(?:去|来|过去)$/;

function headBlocks(h: Head): boolean {
  return NOT_SAID.test(h.trimmed) || HEAD_ANYWHERE.test(h.raw);
}

// ---------------------------------------------------------------------------------------------
// The tail: what follows a verb

interface Tail {
  /** 了 啦 咯: done. */
  le: boolean;
  /** 过, 成功, 到: done, even after 去 (去取过了). */
  strong: boolean;
  /** 过去, 回来, 走: the trip is made (去取回来了), but alone it may be an order (拿回家再说). */
  dir: boolean;
  /** 好 完: done, or an instruction (付完截图发我). */
  weak: boolean;
  amountFen?: number;
  qty?: number;
  /** 一半, 一部分. */
  portion: boolean;
  rest: string;
}

interface TailRule {
  re: RegExp;
  mark?: 'le' | 'strong' | 'dir' | 'weak';
}

const LE: TailRule = { re: /^(?:了|啦|咯|喽|喇|嘞|辣|la|le|lo)/, mark: 'le' };
const SPACE: TailRule = { re: /^\s+/ };

function readTail(tail: string, rules: readonly TailRule[], values: 'amount' | 'qty'): Tail {
  const read: Tail = { le: false, strong: false, dir: false, weak: false, portion: false, rest: '' };
  let i = 0;
  next: while (i < tail.length) {
    const s = tail.slice(i);
    for (const rule of rules) {
      const m = rule.re.exec(s);
      if (!m || !m[0]) continue;
      if (rule.mark) read[rule.mark] = true;
      i += m[0].length;
      continue next;
    }
    const value = values === 'amount' ? (read.amountFen === undefined ? amountAt(s) : null) : quantityAt(s);
    if (!value) break;
    if ('fen' in value) read.amountFen = value.fen;
    else if (value.qty !== undefined) read.qty ??= value.qty;
    else read.portion = true;
    i += value.length;
  }
  read.rest = tail.slice(i);
  return read;
}

/** After the verb, these undo it: 的 + more (已付的请截图), 吗/没 (付了没), 不 (取不到), 后/请 (付款后请…). */
const REST_BLOCKS = /^\s*(?:的(?![的了啦呀哈吖啊哦喔噢呢嘛滴嘞咯喽~\s]*$)|吗|么|没|不|否|未|失败|错|请(?!查收|查看|确认|核对|团长|收款|注意查收|看|收)|后|之后|以后|再|才|即可|就可以|就行|就好|时|多少|哪|给谁|几|什么|啥|怎么|咋|一下|一圈|个?弯|转)/;

/** A yes/no question about the verb itself (付了吗, 已付？), not about a later clause (付了明天能取吗). */
function asksAbout(c: Clause, rest: string): boolean {
  return endsAsking(c) && said(rest).length <= 2;
}

/** Done, not negated, not asked, not planned, not someone else's: the speaker asserts it. */
function asserted(c: Clause, h: Head, t: Tail, verbDone: boolean): boolean {
  if (!(verbDone || h.already || t.le || t.strong || t.weak)) return false;
  if (headBlocks(h) || REST_BLOCKS.test(t.rest) || asksAbout(c, t.rest)) return false;
  if (ON_THE_WAY.test(h.trimmed) && !t.strong && !t.dir) return false;
  // 拿了我的芒果的请还回来: the verb sits in a relative clause that runs on.
  if (/的(?:请|麻烦|人)/.test(t.rest)) return false;
  // 付完截图发我 / 拿好再走: 好/完 with no 了 and more to say is an instruction.
  if (t.weak && !t.le && !t.strong && !h.already && !verbDone && said(t.rest).length > 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Amounts

const AMOUNT_AT = new RegExp(
  `^(?:([¥￥$]|rmb)\\s*)?(\\d+(?:\\.\\d+)?|${CN}+)(?:\\s*(元|块钱|块|rmb)(?:([\\d${CN_DIGIT_CHARS}])(?![\\d.\\-]))?(?:毛|角)?)?`,
);
/** What may follow a number with no 元/块/¥ for it to be money: end, space, punctuation, a particle. */
const AFTER_BARE_AMOUNT = new RegExp(`^(?:$|[\\s,!?;~。、…]|[${PARTICLES}吧已])`);
/** 501, 1802: a bare three-digit number ending 01–12 is a room, not money. */
const ROOM_LIKE = /^\d(?:0[1-9]|1[0-2])$/;

/** An amount of money at the start of `s`: "23.8", "¥23.80", "25块", "二十三块八", "三十五". */
function amountAt(s: string): { fen: number; length: number } | null {
  const m = AMOUNT_AT.exec(s);
  if (!m) return null;
  const [whole, sign, num, unit, jiao] = [m[0], m[1], m[2]!, m[3], m[4]];
  const arabic = /^\d/.test(num);
  if (!sign && !unit) {
    // A bare number is money only when nothing says it is something else (3-501, 5栋, 2份, 两次).
    if (!AFTER_BARE_AMOUNT.test(s.slice(whole.length))) return null;
    if (arabic && !num.includes('.') && (num.length > 3 || ROOM_LIKE.test(num))) return null;
    if (!arabic && num.length < 2) return null;
  }
  const fen = parseFen(arabic && !unit ? num : `${num}元${jiao ?? ''}`);
  return fen !== null && fen > 0 ? { fen, length: whole.length } : null;
}

/** An amount ending a head, marked as money (23.8已付, 25块已转); 3-501已付 is a room. */
const HEAD_AMOUNT = new RegExp(
  `(?<![\\d.\\-#/a-z])(?:[¥￥$]\\s*\\d+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?\\s*(?:元|块钱|块)\\d?|\\d+\\.\\d{1,2}|${CN}+(?:元|块钱|块)${CN}?)\\s*$`,
);

function headAmount(h: Head): number | undefined {
  const m = HEAD_AMOUNT.exec(h.trimmed);
  return m ? parseFen(m[0].replace(/^[$]/, '').replace(/块钱?(?=\d)/, '元')) ?? undefined : undefined;
}

/** A clause that is only an amount ("已付，23.8", "付了～共35元"). */
function clauseAmount(c: Clause | undefined): number | undefined {
  if (!c) return undefined;
  const t = withoutTrailing(c.text.replace(/^(?:一共|总共|共计|合计|总计|共)\s*/, ''), { particles: PARTICLES });
  const a = amountAt(t);
  return a && a.length === t.length ? a.fen : undefined;
}

/** A total anywhere in the text: "两份一共47.6". */
function totalIn(prepared: string): number | undefined {
  for (const m of prepared.matchAll(/(?:一共|总共|共计|合计|总计|共)\s*是?\s*/g)) {
    const a = amountAt(prepared.slice(m.index + m[0].length));
    if (a) return a.fen;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Paid

/** Ways of paying, with the look-arounds that keep 转发, 结束, 对付, 支付宝, 交给 out. */
const PAY = new RegExp([
  '支付(?!宝)', '付款(?!码|方式|链接|二维码|记录)', '付钱', '付费', '(?<![对应托交偿吩支])付(?![出之诸宝])',
  '转账', '转帐', '转钱', '(?<![旋好扭运周逆中流回])转(?![发告达载圈身学群弯机晴眼正运换移交让播述变悠动向头角速盘椅化型折入车])',
  '打款', '打钱', '(?<![拍敲])打(?=过去|给你|给团长|给您|你|到)',
  '结账', '结帐', '结清', '结算', '(?<![接团总完终连勾冻凝归纠])结(?![束果单婚论实冰合尾团龙构伴局业晶节识交巴缘])',
  '交钱', '交款', '交费', '(?<![提转外社成递移结建相杂性上])交(?=了|过|好|啦|咯|$|\\s)',
  '(?<![a-z])(?:paid|payed|transferred)(?![a-z])', '(?<![a-z])transfer(?![a-z])', '(?<![a-z])pay(?![a-z])', '(?<![a-z])v(?![a-z0-9])',
  '扫码', '发了?(?:你|给你|给团长)?(?:个|一个)?红包', '红包(?:已经?)?发', '给钱', '钱(?:已经?)?给',
].join('|'), 'g');

const PAY_TAIL: readonly TailRule[] = [
  { re: /^(?:过去|过来)/, mark: 'dir' },
  { re: /^(?:过|成功|清|掉)/, mark: 'strong' },
  { re: /^(?:好|完成|完)/, mark: 'weak' },
  LE,
  { re: /^(?:款|钱|账|帐|费|货款|团费|尾款|定金|运费)/ },
  { re: /^(?:给|到|向)?(?:你|您|团长|群主|老板)/ },
  { re: /^(?:的)?(?:卡上|卡里|账上|账户里?|微信上|微信里|支付宝上|支付宝里)/ },
  SPACE,
];

/** 接龙已结 / 这团结了: 结 about the 接龙, not the bill (团长我已结 is the bill). */
const CLOSING = /龙|团购|这团|本团|拼团|开团|活动/;
/** 交了作业: 交 is paying only with nothing else handed over. */
const HANDED_OVER = /^\s*(?:作业|朋友|卷|班|给|代)/;
/** 转了个链接: a message passed on, not money. */
const FORWARDED = /^\s*(?:个|一个|条|一条)?(?:链接|文章|消息|视频|图片|群|朋友圈|通知|二维码)/;

export function readPaidClaim(text: string): PaidClaim | undefined {
  if (tooLongOrList(text)) return undefined;
  const prepared = prepare(text);
  const clauses = clausesOf(prepared);
  let claim: PaidClaim | undefined;
  for (const [i, c] of clauses.entries()) {
    for (const m of c.text.matchAll(PAY)) {
      const found = paidAt(c, m);
      if (!found) continue;
      const amountFen = found.amountFen ?? (found.amountAllowed
        ? clauseAmount(clauses[i + 1]) ?? clauseAmount(clauses[i - 1]) ?? totalIn(prepared)
        : undefined);
      if (amountFen !== undefined) return { amountFen };
      claim ??= {};
    }
  }
  return claim;
}

function paidAt(c: Clause, m: RegExpExecArray): { amountFen?: number; amountAllowed: boolean } | undefined {
  const word = m[0];
  const h = readHead(c.text.slice(0, m.index));
  const t = readTail(c.text.slice(m.index + word.length), PAY_TAIL, 'amount');
  if (!asserted(c, h, t, /[了已]|paid|payed|transferred/.test(word))) return undefined;
  if (word === '结' && CLOSING.test(h.raw)) return undefined;
  if (word === '交' && HANDED_OVER.test(t.rest)) return undefined;
  if (word === '转' && FORWARDED.test(t.rest)) return undefined;
  // 多付了5块 / 付多了: the number is the difference, not what was paid.
  const amountAllowed = !/[多少]$/.test(h.trimmed) && !/^\s*[多少]/.test(t.rest);
  const amountFen = amountAllowed ? t.amountFen ?? headAmount(h) : undefined;
  return amountFen === undefined ? { amountAllowed } : { amountFen, amountAllowed };
}

// ---------------------------------------------------------------------------------------------
// Collected

/** Ways of picking up, kept apart from 取消, 取款, 拿铁, 拿下(= buy), 提醒, 领导, 收到(= noted). */
const COLLECT = new RegExp([
  '提取', '领取',
  '(?<![争录获听吸可进读提采窃榨汲索换])取(?![消款钱号名得决暖经代笑票向])',
  '(?<![推擒])拿(?![手主不捏铁下错着])',
  '(?<![前别不所上一])提(?=货|走|回|了|啦|好|完|过|哈|的|$|\\s)',
  '(?<![带引本率占首要衣统])领(?![导带队先会域袖土略悟养口奖券号结子钱工])',
  '签收', '收货', '(?<![接验])收到',
  '到手(?!价)',
  '(?:带|搬|扛|拎|抱)(?=回|走)',
  '(?<![a-z])(?:picked\\s*up|picked|collected)(?![a-z])', '(?<![a-z])pick(?:\\s*up)?(?![a-z])',
].join('|'), 'g');

const COLLECT_TAIL: readonly TailRule[] = [
  { re: /^(?:到手|到|过|成功)/, mark: 'strong' },
  { re: /^(?:走|回家|回来|回去|回|齐|全|完)/, mark: 'dir' },
  { re: /^好/, mark: 'weak' },
  LE,
  { re: /^(?:货|东西|快递|包裹)/ },
  SPACE,
];

/** 收到 + these is a message, a red packet or money, not the goods. */
const NOT_GOODS_RECEIVED = /^\s*(?:你的|您的)?(?:消息|通知|信息|回复|红包|转账|钱|款|退款|链接|短信|验证码|私信|截图|付款|图片|照片)/;
/** What was taken away with 领 that is not the order: 领了红包, 领券. */
const NOT_GOODS_TAKEN = /^\s*(?:个|一个|张|些)?(?:红包|券|优惠券|奖|工资|钱)/;
/** 取了号 / 取了钱: 取 as in taking a number or cash. */
const NOT_GOODS_FETCHED = /^\s*(?:个|一个)?(?:号|钱|款|名字?|票|外卖|证)/;
/** 提了个意见: 提 as in raising something. */
const NOT_GOODS_RAISED = /^\s*(?:个|一?句|意见|建议|问题|要求|出)/;

const QUANTITY_AT = new RegExp(`^(?:\\d+(?:\\.\\d+)?|${CN}+|半)\\s*${UNIT}半?`);
const PORTION_AT = /^(?:一半|一部分|部分|一些|几样)/;

function quantityAt(s: string): { qty?: number; length: number } | null {
  const p = PORTION_AT.exec(s);
  if (p) return { length: p[0].length };
  const m = QUANTITY_AT.exec(s);
  const q = m ? readQuantity(m[0]) : null;
  return m && q && q.qty > 0 ? { qty: q.qty, length: m[0].length } : null;
}

/** 只取了 / 才领了: part of it. */
const ONLY = /(?:只|仅|才|光)(?:有)?$/;
/** 先拿了2盒 is part of it; 我先拿了哈 is "I took mine first". 就拿了一箱 is "only"; 到了就取了 is "then". */
const ONLY_WITH_COUNT = /(?:先|就)\s*(?:已经?)?\s*$/;
/**
 * Said anywhere in the text, these mean something is still to be taken. 另外 must name a thing
 * (另外一袋明天来): 另外想问下明天… is "by the way".
 */
const REMAINS = new RegExp([
  '还差(?!点|不多)', `还有.{0,8}?(?:没有?|未|明天|改天|下次|晚点|回头|再|下午|晚上)\\s*(?:再)?(?:来|去)?(?:取|拿|领|提)`,
  '剩下|剩余|剩的|其余', `(?:其他|其它|另外|另)(?:的|一?${UNIT}|几${UNIT}|\\d+${UNIT}).{0,8}?(?:没|明天|改天|下次|晚点|回头|再|下午|晚上|放着)`,
  '(?:没有?|未)(?:拿|取|领|提)(?:完|全)|(?:拿|取|领)不完|(?:明天|改天|回头|晚点|下次|下午|晚上)再|再来(?:拿|取|领)',
  '还没有?(?:拿|取|领|提)|少拿|漏拿|忘了?(?:拿|取)',
].join('|'));
/** "还有一袋没拿": part taken with no 取了 said. */
const LEFT_BEHIND = new RegExp(`还(?:有|差|剩)\\s*(?:(?:\\d+|${CN}+|几)\\s*${UNIT}|一部分|一些|些|一半)\\s*.{0,6}?(?:没有?|未|还没)\\s*(?:取|拿|领|提)`);
/** "剩下的明天再来拿": the rest later, so some was taken. */
const REST_LATER = /剩(?:下|余)的?.{0,6}?(?:明天|改天|下次|晚点|回头|再|下午|晚上)(?:再)?(?:来|去)?(?:取|拿|领|提)/;
/** "两箱都拿了", "2箱已取": the quantity stands before the verb. */
const HEAD_QTY = new RegExp(`((?:\\d+(?:\\.\\d+)?|${CN}+)\\s*${UNIT})\\s*(?:都|全|全部|已经?)?\\s*$`);

export function readCollected(text: string): Collected | undefined {
  if (tooLongOrList(text)) return undefined;
  const prepared = prepare(text);
  const clauses = clausesOf(prepared);
  for (const c of clauses) {
    for (const m of c.text.matchAll(COLLECT)) {
      const found = collectedAt(c, m);
      if (!found) continue;
      const partial = found.partial || REMAINS.test(prepared);
      return found.qty === undefined ? { partial } : { qty: found.qty, partial };
    }
  }
  const left = clauses.some((c) => !endsAsking(c) && (LEFT_BEHIND.test(c.text) || REST_LATER.test(c.text)));
  return left ? { partial: true } : undefined;
}

function collectedAt(c: Clause, m: RegExpExecArray): { qty?: number; partial: boolean } | undefined {
  const word = m[0];
  const h = readHead(c.text.slice(0, m.index));
  const t = readTail(c.text.slice(m.index + word.length), COLLECT_TAIL, 'qty');
  // 收到 alone is "noted"; 收到了 / 已收到 / 收到货了 is the goods.
  if (word === '收到' && !(t.le || h.already)) return undefined;
  if (!asserted(c, h, t, /picked|collected|到手/.test(word))) return undefined;
  if (word === '收到' && NOT_GOODS_RECEIVED.test(t.rest)) return undefined;
  if ((word === '领' || word === '领取') && NOT_GOODS_TAKEN.test(t.rest)) return undefined;
  if (word === '提' && NOT_GOODS_RAISED.test(t.rest)) return undefined;
  if (word === '取' && NOT_GOODS_FETCHED.test(t.rest)) return undefined;
  const headQty = HEAD_QTY.exec(h.raw.replace(/(?:已经|已|我)\s*$/, ''));
  const qty = t.qty ?? (headQty ? readQuantity(headQty[1]!)?.qty : undefined);
  const only = ONLY.test(h.trimmed) || (ONLY_WITH_COUNT.test(h.raw) && t.qty !== undefined);
  return { ...(qty !== undefined ? { qty } : {}), partial: only || t.portion };
}

// ---------------------------------------------------------------------------------------------
// Problems

/**
 * Phrases that carry a problem word but say no problem: 烂大街, 少了点意思, 少放辣, 坏蛋,
 * 乐坏了, 破费, 倒霉, 过期不候, 不退不换. Blanked before the signs are looked for.
 */
const IDIOMS = new RegExp([
  '坏蛋|坏人|坏笑|使坏|学坏|坏习惯|坏处|好坏|坏话|坏心眼|坏主意|坏消息|坏事|败坏|坏了坏了|蔫儿?坏',
  '(?:气|吓|累|饿|乐|急|馋|美|笑|高兴|开心|忙|热|冷|渴|困|宠|惯|憋|心疼|想|坑|惨)坏',
  '完蛋|笨蛋|混蛋|滚蛋|傻蛋|捣蛋|扯蛋|蛋疼',
  '烂大街|灿烂|烂尾|破烂|烂熟|烂醉|烂摊子|烂梗|烂片|烂人|烂好人|烂俗|烂漫|烂笔头|软烂(?!了)|[炖煮焖蒸熬卤][^,!?;~。]{0,4}?烂',
  '臭美|臭豆腐|臭鳜鱼|臭桂鱼|臭小子|臭宝|臭臭|臭屁|臭脾气|臭棋|臭味相投|乳臭',
  '倒了?霉|霉运',
  '破费|破天荒|破防|破产|破例|突破|看破|说破|破纪录|破案|破解|破冰|破音|识破|点破|破格|破晓|破绽|破镜|破千|破万',
  '碎碎念|零碎|碎片|碎发|碎花|碎冰冰|心碎|碎嘴',
  '我(?:真的|直接)?裂开了?',
  '漏接|走漏|漏网|漏洞|漏斗|漏电|漏风|漏嘴|说漏|漏看|漏题|漏税|漏签|漏了?(?:接龙|报名|登记)|接龙(?:里|上)?漏|漏了一眼|漏勺',
  '扁豆|扁桃|扁担|看扁|扁平|扁鹊',
  '多多少少|或多或少|少不了|少不得|多少|至少|不少|很少|减少|稍少|少量|少许|青少年|少年|少女|少爷|少儿|少侠|老少|少说|少来|少废话',
  '(?:买|订|点|要|接龙|报)少了?|少放|少糖|少冰|少辣|少盐|少油|少醋|少葱|少酱|少吃|少喝|少买|少了?(?:一)?点|少了?些|少见|少数|少奶奶|少将|少林|越来越少|变少|人少|钱少|少走|少操心|少熬夜|年少',
  '缺点|缺德|缺席|缺钱|缺心眼|缺货|稀缺|短缺|缺口|缺乏|缺勤|缺氧|缺觉|缺啥|缺什么|不缺|空缺|缺陷',
  '错过|不错|没错|错别字|对错',
  '退出|退休|退烧|后退|退订|撤退|退步|倒退|退群|退役|减退|退学|退化|退伍|退潮|退缩|退房|不退不换|概不退换|进退',
  '无售后|售后无忧|售后保障|售后群|售后电话|负责售后|包售后',
  '吃瓜',
  // Not received: a message, a red packet, money; not the goods.
  '(?:消息|通知|信息|红包|私信|回复|钱|款)(?:也|都|还)?(?:没有?|未)收到',
  '(?:没有?|未)收到(?:你的|您的)?(?:消息|通知|信息|回复|红包|转账|钱|款|退款|链接|短信|验证码|私信|图片|照片)',
].join('|'), 'g');

const QTY = `(?:\\d+|${CN}+|几|好几)\\s*${UNIT}`;

interface Sign {
  kind: ProblemKind;
  re: RegExp;
  /** The word itself is about goods: 坏果, 漏发, 发错, 不新鲜, 退款. */
  goods?: boolean;
}

const SIGNS: readonly Sign[] = ([
  // missing first: 漏了一袋 is left out, 漏了 alone is leaking.
  { kind: 'missing', goods: true, re: /漏(?:发|寄|送|装|给|拿)了?|遗漏/ },
  { kind: 'missing', re: new RegExp(`漏(?:掉了?|了)(?=\\s*(?:${QTY}|我的?))`) },
  { kind: 'missing', goods: true, re: /少(?:给|发|送|装|寄|配|称|秤|算|拿)了?|缺斤少两|短斤少两|缺斤短两|少斤|不够秤|不足秤|(?:分量|斤两|重量|份量)(?:不足|不够)|不够数|数量不对|数目不对|个数不对|数量不够|件数不对/ },
  { kind: 'missing', re: new RegExp(`少了(?:\\s*${QTY})?|(?<![多至不很减稍老年缺])少\\s*${QTY}|缺(?:了|少了?)?\\s*${QTY}|缺了|缺少|(?<!还)差了?\\s*${QTY}(?!\\s*(?:没有?|未|还没)?\\s*(?:取|拿|领|提))`) },
  { kind: 'missing', re: /(?:没有?|未)收到|收不到货|(?<!还)(?:没有?|未)(?:拿|取|领)到(?!手)/ },
  // 怎么只有4个 / 只收到一箱: fewer came than were bought (只拿到一袋 is a partial pick-up).
  { kind: 'missing', re: new RegExp(`(?:怎么|咋)(?:只有|就|才)\\s*${QTY}|只(?:收到|给了?|发了?|来了|送了?)\\s*${QTY}`) },
  { kind: 'missing', re: /(?:找不到|没找到|没看到|没看见|不见)(?:我的|我家的)|(?:我的|我家的)[^,!?;~。]{0,8}?(?:不见了|找不到了?|没有了?(?![\u4e00-\u9fff])|没了)|被(?:人|别人|谁)?(?:拿走|拿错|领走|取走|拿了|领了|取了)|不见了/ },
  { kind: 'wrong', goods: true, re: /(?:发|给|送|拿|装|配|分|寄|放|贴|称)错了?|(?:发|给|送|寄)成了|错(?:发|给|送|拿|装|配|寄)了?|货不对板|不对版|(?:规格|口味|颜色|尺码|尺寸|型号|品种|款式|大小)(?:不对|不一样|错了)|(?:与|跟|和)(?:描述|图片|宣传|介绍|说的)(?:不符|不一样|不同)|不是我(?:要|订|买|点|接龙|团|定|选)的/ },
  { kind: 'wrong', re: /不是我的(?!错|问题|责任|事|意思|菜)|(?<![a-z])wrong\s*(?:item|one|order|size|flavou?r)(?![a-z])/ },
  { kind: 'bad', goods: true, re: /坏果|烂果|变质|变味|胀包|胀袋|胀气|鼓包|不(?:太|怎么|够|是很|很|大|咋)?新鲜|发?蔫(?:了|巴|掉|啦|的|蔫)?|馊了?|哈喇/ },
  { kind: 'bad', goods: true, re: /(?:螃蟹|龙虾|鲍鱼|扇贝|生蚝|蟹|虾|鱼|蛤|蚌|蚝|螺)(?:都|全|全都)?死(?:了|掉了?)|死(?:虾|鱼|蟹)/ },
  // A bare adjective (这人真坏, 这剧真烂) is no report: it needs 了/的/掉, a cause (压坏) or a count.
  { kind: 'bad', re: new RegExp(`(?:压|磕|碰|摔|撞|冻|捂|闷|挤|晒|放)(?:坏|烂)(?:掉了?|了|的|得)?|(?:坏|烂)(?:掉了?|了|的|得|透了?|(?=\\s*${QTY})|(?=叶|果|掉|斑))|(?:发|变|好|很|太|有点|巨|超)臭|臭(?:掉了?|了|味|的)`) },
  { kind: 'bad', re: /(?:发|长)霉了?|霉(?:了|点|斑|味)|长毛了/ },
  { kind: 'bad', re: /(?:压|磕|摔|碰|撞|打|弄|挤|戳|划)破(?:掉了?|了)?|破(?:掉了?|了|损|碎|口|洞|皮)|(?:压|摔|磕|碰|打)碎(?:掉了?|了)?|碎(?:掉了?|了)|裂(?:开了?|了)|开裂|裂口/ },
  { kind: 'bad', re: /漏(?:液|油|水|汤|汁|气|奶|了)|渗漏|漏出来/ },
  { kind: 'bad', re: /(?:压|挤|摔|碰|磕|撞)(?:扁|瘪)了?|(?:扁|瘪)(?:掉了?|了)|干瘪/ },
  { kind: 'bad', re: /(?<![变消文优进老强美绿净教分转恶简深淡硬软固火催孵氧感融])化(?:掉了?|了|成水|开了)|融化|化冻|解冻了/ },
  { kind: 'bad', re: /过期(?!不候|作废|无效|不退|前)|保质期过了|过了保质期/ },
  { kind: 'bad', re: /有股(?:怪|异|臭|酸|馊|霉|腥|骚|焦|怪怪的)?味|有(?:点|些)?(?:异味|怪味|臭味|霉味|酸味|馊味|哈喇味)|有点?味道?了|味儿?道?不对|一股(?:怪|异|臭|酸|馊|霉)?味|发酸/ },
  { kind: 'bad', re: /有虫|生虫|长虫|虫子|虫眼|虫蛀|蛀了|有蛆|长蛆|发黑|变黑|黑斑|烂斑|不能吃了|没法吃|不敢吃了/ },
  { kind: 'bad', re: /(?<![a-z])(?:rotten|spoiled|spoilt|moldy|mouldy|damaged|broken|leaking|leaked|expired|smashed|crushed)(?![a-z])/ },
  { kind: 'other', goods: true, re: /售后|退款|退钱|退货|换货|补发|补寄|赔偿|赔我|质量问题|质量(?:太|很|好|真)?差|质量(?:不好|不行)|(?<![a-z])refund(?![a-z])/ },
  // 可以退吗 alone may be about anything (a policy asked before buying); the caller decides.
  { kind: 'other', re: /(?:要求|申请|能|可以|怎么|给我|帮我|麻烦|想|要|能不能)退|退一下|有问题(?!吗|么|找|联系|随时|可以|请|想问|要问)|投诉|差评/ },
] as Sign[]).map((s) => ({ ...s, re: new RegExp(s.re.source, 'g') }));

/** Right before the word: 没坏, 一点没坏, 不会坏的, 一个都没少, 不是坏了. */
const NEGATED = /(?:没有?|沒|不|未|无|别|不会|不容易|不怕|不是|不用|不要|无需|不需要|不想|没有?一(?:个|只|颗|袋|盒|点)(?:是)?)\s*$/;
/** A condition or a risk, not a report: 会不会坏, 容易烂吗, 万一坏了, 怕压坏. */
const HYPOTHETICAL = /(?<!怎么|咋|为什么|为啥|居然|竟然|[一开约聚社机])会|容易|万一|如果|要是|假如|怕|担心|以免|防止|免得|避免|(?<!不)小心|不然|否则|是否|是不是|有没有|有木有|能不能/;
/** The organiser's word to everyone: 有坏果的请拍照私聊我, 如有漏发请联系, 少了找我补. */
const ORGANISER = /如有|若有|的话|找我|联系我|私聊我|私信我|拍照私|请拍照|请私|请联系|包赔|包退|包换/;
/** Asking what to do about it is still a report: 烂了怎么办？ */
const COMPLAINT_QUESTION = /怎么办|怎么回事|为什么|为啥|咋回事|咋办|怎么处理|咋整|怎么搞|怎么弄|咋弄|(?:怎么|咋)(?:没|少|是|会|就)/;

/** The text is about goods: a product, a counted unit, 这箱, 收到的, 这次的, 售后. */
const GOODS_UNIT = '(?:个|斤|箱|盒|袋|包|瓶|份|件|只|条|串|颗|根|罐|桶|提|公斤|千克|克|枚|粒|把|板|筐|篮|头|棵|听|盆|捆|扎|支|片|块)';
const GOODS = new RegExp([
  '货', '东西', '快递', '包裹', '包装', '箱子', '盒子', '袋子', '瓶子', '订单', '这单', '团购', '商品', '产品',
  // 收到就是坏的 is about what came; 没收到 alone is not (it may be a message).
  '(?<!没|没有|未|还没)(?:收到|拿到|取到)', '到货', '买的', '取到的', '领到的', '送来的', '寄来的', '拿回来', '取回来', '这次的?', '这批', '上次的',
  `(?:这|那|每|一)${GOODS_UNIT}`, `(?:\\d+|[${CN_DIGIT_CHARS}]+|几|好几)\\s*${GOODS_UNIT}`,
  '水果|蔬菜|芒果|苹果|橙子|脐橙|橘子|桔子|砂糖橘|沃柑|丑橘|葡萄|提子|草莓|车厘子|樱桃|西瓜|香蕉|梨|桃|猕猴桃|柚子|荔枝|龙眼|桂圆|榴莲|蓝莓|哈密瓜|甜瓜|香瓜|火龙果|菠萝|凤梨|李子|杏|枣|柿子|石榴|山竹|百香果|牛油果|椰子|杨梅|枇杷|甘蔗|柠檬|橙|果子',
  '菜|土豆|番茄|西红柿|黄瓜|茄子|辣椒|萝卜|玉米|红薯|地瓜|洋葱|蒜|生姜|葱|蘑菇|菌菇|豆角|豆腐|南瓜|冬瓜|丝瓜|苦瓜|山药|莲藕|藕|笋|木耳',
  '肉|排骨|鸡|鸭|鹅|鱼|虾|蟹|扇贝|蛤|蚝|海鲜|牛排|香肠|腊肠|火腿|丸子|蛋',
  '饺子|馄饨|包子|馒头|汤圆|粽子|月饼|面包|蛋糕|年糕|糕点|饼|面条|挂面|面粉|(?<![厘毫千平方])米|粉丝',
  '牛奶|酸奶|奶粉|奶酪|饮料|果汁|啤酒|酒|茶叶|茶|咖啡|矿泉水|桶装水|零食|饼干|坚果|瓜子|花生|核桃|巧克力|糖果',
  '冰淇淋|冰激凌|雪糕|冰棍|冻品|速冻|食用油|花生油|菜籽油|橄榄油|酱油|香油|醋|纸巾|卷纸|洗衣液',
].join('|'));

/** 我要的是红心的，给我的是白心: what came is not what was ordered, said across two clauses. */
const WANTED_GOT = /我(?:要|订|买|点|选)的是[^,!?;~。]{1,10}[,!?;~。\s]*(?:但是?|可是|结果)?(?:给我的|发的|给的|收到的|送来的|拿到的|来的)(?:是|却是|成了)/;

interface Found {
  kind: ProblemKind;
  /** Where the word is in what was written. */
  at: number;
  length: number;
  goods: boolean;
}

export function readProblem(text: string): Problem | undefined {
  if (tooLongOrList(text)) return undefined;
  const prepared = prepare(text).replace(IDIOMS, blank);
  const found = clausesOf(prepared).flatMap(problemsIn);
  const swapped = WANTED_GOT.exec(prepared);
  if (swapped) found.push({ kind: 'wrong', at: swapped.index, length: swapped[0].length, goods: false });
  if (!found.length) return undefined;
  const kind = found.find((f) => f.kind !== 'other')?.kind ?? 'other';
  const words = [...new Set(found.map((f) => text.slice(f.at, f.at + f.length).trim()))];
  return { kind, words, aboutGoods: found.some((f) => f.goods) || GOODS.test(prepared) };
}

/** The problem words of one clause that are reported, left to right. */
function problemsIn(c: Clause): Found[] {
  if (ORGANISER.test(c.text)) return [];
  const hits: Found[] = [];
  const taken: Array<[number, number]> = [];
  for (const sign of SIGNS) {
    for (const m of c.text.matchAll(sign.re)) {
      const at = m.index;
      const end = at + m[0].length;
      // The first sign to claim a stretch of text has it: 漏发 is not also 漏.
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      if (!reported(c, m[0], at, sign.kind)) continue;
      taken.push([at, end]);
      hits.push({ kind: sign.kind, at: c.at + at, length: m[0].length, goods: sign.goods ?? false });
    }
  }
  return hits.sort((a, b) => a.at - b.at);
}

/** Said as a fact about the goods: not negated, not a risk, not a bare yes/no question. */
function reported(c: Clause, word: string, at: number, kind: ProblemKind): boolean {
  const head = c.text.slice(0, at);
  const rest = c.text.slice(at + word.length);
  if (!/^[不没未]/.test(word) && NEGATED.test(head)) return false;
  if (HYPOTHETICAL.test(head)) return false;
  if (/^\s*的?(?:话|请|私|联系|找|拍|直接)|^\s*的可以/.test(rest)) return false;
  // 一个坏的都没有, 烂的也没有: denied after the word.
  if (/^\s*的?\s*(?:都|也)\s*(?:没有?|不是)(?![\u4e00-\u9fff])/.test(rest)) return false;
  // 售后/退款 asked as a question is still after-sales; 坏了吗 asks whether, 坏的概率大吗 asks in general.
  if (kind !== 'other' && endsAsking(c, false) && !COMPLAINT_QUESTION.test(c.text) && (said(rest) === '' || /的$/.test(word))) return false;
  return true;
}
