import { toSimplified } from '../../text/simplified.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { WECHAT_EMOJI } from '../../text/keywords.ts';
import { findDates, isValidDate, type BirthDate } from './dates.ts';

// What residents write when they tell the shop their own birthday (我的生日是3月15日, 我生日3.15,
// 本人生日 三月十五号, 3月15号是我生日, 生日 5月20, 今天是我生日), and what they write when they
// want it forgotten (删掉我的生日). Everything else is chat and is left alone: someone else's
// birthday (我女儿生日是3月15), wishes (祝你生日快乐), cakes, questions, a 接龙's date. A wrong
// "记下啦" in front of the group costs more than a birthday missed: when in doubt, nothing.

export type OwnBirthday =
  /** A date they gave; `valid` false when it is no date (2月30日): they are told so. */
  | { kind: 'date'; date: BirthDate; valid: boolean }
  /** 今天/明天/后天是我生日: days from today, and whether they keep it by the lunar calendar. */
  | { kind: 'relative'; days: number; lunar: boolean };

// Cantonese: 我嘅生日係3月15 (the traditional characters are text/simplified.ts's).
const CANTONESE: Record<string, string> = { 嘅: '的', 係: '是' };

/** Half-width, simplified, emoji and spacing dropped: the text the rules below read. */
export function normalise(text: string): string {
  return toHalfWidth(text)
    .replace(/[嘅係]/g, (c) => CANTONESE[c]!)
    .replace(/[\u3400-\u9fff]+/g, toSimplified)
    .replace(WECHAT_EMOJI, ' ')
    .replace(/[\p{Extended_Pictographic}\u200d\ufe0f]/gu, ' ')
    .replace(/[\u2005\u00a0\u3000\s]+/g, ' ')
    .trim();
}

// Who is being spoken to, at the start ("团长，", "@邻里小助手 ", "亲们~"): not who the birthday is of.
const VOCATIVE = /^(?:(?:@\S+|团长|团团|老板娘?|掌柜的?|店长|群主|小助手|助手|机器人|亲爱的|亲们|亲|各位|大家好?|姐妹们|家人们|宝子们|邻居们|朋友们|美女们|帅哥们|哥哥姐姐们|叔叔阿姨们)[\s,，:：!！~～。、]*)+/;

// Words that make it somebody else's birthday (家人, 朋友, 他/她), a wish, a party, a purchase, a
// question or a denial. Any one of them and the text is chat. Phrases with a harmless 你 or 家
// (你帮我记一下, 大家好, 在家) are taken out first.
const HARMLESS = /[你您](?=帮|给我|记|好|看)|大家|在家|回家|到家|(?:家人|亲|姐妹|朋友|邻居|宝子)们|谢谢你|谢谢您|辛苦你|辛苦了|[今明这那哪点]儿|妇女节|女神节|儿童节|父亲节|母亲节/g;
const SOMEONE_ELSE = /妈|爸|娘|爹|儿子|儿媳|儿童|女|老公|老婆|媳妇|丈夫|先生|太太|爱人|对象|朋友|宝宝|宝贝|孩子|娃|小孩|孙|爷|奶|姥|外公|外婆|公公|岳|哥|姐|弟|妹|叔|姨|舅|伯|婶|嫂|侄|甥|亲戚|闺蜜|同事|同学|老师|领导|老板|邻居|老大|老二|老三|家|们|他|她|它|你|您|谁|猫|狗|自家|别人|人家的/;
const NOT_TELLING = /快乐|蛋糕|礼物|生日会|派对|聚会|宴|party|祝|寿星|红包|惊喜|福利|优惠|打折|券|订|买|下单|接龙|团购|拼单|送货|配送|取货|到货|发货|忘了是|不是|不在|没有|假的|开玩笑|如果|要是|假如|happy|吧$|聚餐|请客|吃饭|饭局|庆祝|庆生|过寿|做寿|举手|生日(?:那天|那日|当天|的时候|时)/i;
const QUESTION = /[?]|吗|么|嘛|呢\s*[!。~～]*$|几号|几月|哪天|哪一天|什么时候|多少号|是不是|对不对|有没有|能不能|对吧|咋|怎/;

const SELF = '(?:我|俺|本人|偶|鄙人|咱|自己)';
const CAL = '(?:农历|阴历|老历|旧历|阳历|公历|新历|国历)?';
const BIRTH = '(?:生日|生辰|出生日期|出生年月日?|出生|诞辰)';
const D = 'Ⓓ';
const R = 'Ⓡ';
const FILL = '(?:是|在|为|就是|每年|一般|都|:|\\s|,|，|~|～)*';

// The date is Ⓓ in these; 今天/明天/后天 is Ⓡ.
const TELLS = [
  // 我的生日是3月15日, 我生日3.15, 本人生日 三月十五号, 我的农历生日是八月十五, 我出生日期1990-03-15
  new RegExp(`${SELF}(?:过)?的?${CAL}${BIRTH}${FILL}${CAL}[${D}${R}]`),
  // 我是3月15号出生的, 我3月15日生日, 我3.15过生日, 俺是农历八月十五的生日, 我今天生日
  new RegExp(`${SELF}${FILL}${CAL}[${D}${R}](?:号|日)?${FILL}的?(?:${CAL}${BIRTH}|生的|过生日?)`),
  // 3月15日是我生日, 今天是我的生日
  new RegExp(`[${D}${R}](?:号|日)?${FILL}${SELF}的?${CAL}${BIRTH}`),
  // 生日 5月20, 生日：3-15, 农历生日 八月十五 (the whole message is about the one birthday they have)
  new RegExp(`^${CAL}生日${FILL}${CAL}${D}`),
  // 3月15生日, 3.15是生日
  new RegExp(`^${D}(?:号|日)?${FILL}${CAL}生日$`),
  // 记一下我生日3.15, 帮我记下生日 三月十五
  new RegExp(`^(?:请|麻烦)?(?:帮我|给我)?(?:记|登记)(?:一下|下来?|住)?${SELF}?的?${CAL}生日${FILL}${CAL}${D}`),
];

const RELATIVE = /今天|今日|今儿个?|明天|明儿个?|后天/g;
const RELATIVE_DAYS: Record<string, number> = { 今天: 0, 今日: 0, 今儿: 0, 今儿个: 0, 明天: 1, 明儿: 1, 明儿个: 1, 后天: 2 };

/** The speaker's own birthday, when the text tells it; undefined for anything else. */
export function readOwnBirthday(raw: string): OwnBirthday | undefined {
  if (raw.length > 80) return undefined;
  const text = normalise(raw).replace(VOCATIVE, '');
  if (!text || text.length > 50 || !/生日|生辰|出生|诞辰|生的/.test(text)) return undefined;
  const plain = text.replace(HARMLESS, '');
  if (SOMEONE_ELSE.test(plain) || NOT_TELLING.test(plain) || QUESTION.test(plain)) return undefined;
  const dates = findDates(text);
  const relative = [...text.matchAll(RELATIVE)];
  if (dates.length + relative.length === 0) return undefined;
  // Two dates (我生日3月15，他5月20; 农历八月十五，阳历9月25): which one is theirs is a guess.
  if (relative.length > 1 || (relative.length && dates.length)) return undefined;
  const first = dates[0];
  if (first && dates.some((d) => d.month !== first.month || d.day !== first.day || d.lunar !== first.lunar)) return undefined;
  let marked = text;
  for (const d of [...dates].reverse()) marked = `${marked.slice(0, d.start)}${D}${marked.slice(d.end)}`;
  marked = marked.replace(RELATIVE, R);
  if (!TELLS.some((re) => re.test(marked))) return undefined;
  // "3月15的…" describing something else (生日3月15的请举手); 3月15的生日 is theirs.
  if (new RegExp(`${D}(?:号|日)?的(?!${CAL}生日|生|$)`).test(marked)) return undefined;
  // Nothing but the birthday: a number left over (我生日3.15，5号楼) is something else too.
  if (/\d/.test(marked)) return undefined;
  if (!first) return { kind: 'relative', days: RELATIVE_DAYS[relative[0]![0]] ?? 0, lunar: /农历|阴历|老历|旧历/.test(text) };
  const date: BirthDate = { month: first.month, day: first.day, lunar: first.lunar };
  return { kind: 'date', date, valid: isValidDate(date) };
}

const FORGET = [
  /(?:删掉|删除|删了|删|去掉|清除|清掉|取消|撤销|撤掉|别记|不用记|不要记|不必记|忘掉|抹掉)(?:一下)?(?:我的?)?(?:农历|阳历)?生日/,
  /(?:我的?)?(?:农历|阳历)?生日(?:信息|记录)?(?:就)?(?:删掉|删除|删了吧?|删吧|去掉|清除|取消|不用记了?|别记了?|不要记了?|不用了|不必了|忘掉吧?)/,
  /(?:不用|不要|别|不必)(?:再)?(?:给我)?(?:发|送)?(?:生日祝福|生日私信|生日消息)/,
  /不想(?:再)?(?:收|要|接)(?:到)?(?:生日祝福|生日私信|生日消息)/,
];

/** "删掉我的生日", "生日不用记了", "别给我发生日祝福": the speaker wants their birthday forgotten. */
export function readForget(raw: string): boolean {
  if (raw.length > 40 || !/生日/.test(normalise(raw))) return false;
  const text = normalise(raw).replace(VOCATIVE, '');
  const plain = text.replace(HARMLESS, '');
  if (SOMEONE_ELSE.test(plain) || /快乐|蛋糕|礼物|祝你|订单|那天|当天|的时候/.test(plain)) return false;
  if (findDates(text).length) return false;
  return FORGET.some((re) => re.test(text));
}
