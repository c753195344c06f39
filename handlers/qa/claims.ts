import { normalize } from './segment.ts';

// Questions outside the fixed kinds (price, origin, …), read without a model:
// "大米是新米吗" asks whether the product is something (a claim the description may hold),
// "这苹果甜不甜啊" asks about a quality, "有没有车厘子？" asks for a product the shop may not
// sell (a demand the owner wants to hear of). Pure.

const END = '(?:吗|嘛|么|呀|啊|呢|吧)*[？?！!～~。.\\s]*$';
const CLAIM = new RegExp(`(?:是不是|是)([\\u4e00-\\u9fffa-z0-9]{1,8}?)(?:的)?${END}`);
const NOT_CLAIM = /什么|啥|哪|谁|多少|几|怎|真的|假的/;

/** "是X吗" / "是不是X": the X the product is asked to be, without a closing 的. */
export function claimOf(text: string): string | undefined {
  const m = CLAIM.exec(normalize(text).trim());
  const c = m?.[1];
  return c && !NOT_CLAIM.test(m[0]) ? c : undefined;
}

const PARTICLE = /[啊呀吗呢的哦嘛么吧]/;
const QUALITY_WORDS = ['新鲜', '好吃', '好喝', '甜', '酸', '辣', '香', '脆', '嫩', '软', '硬', '咸', '苦'];

/** 是不是, 能不能, 有没有: ways of asking, not qualities. */
const NOT_QUALITY = /[是能会要可行对有够用]/;

/** "甜不甜", "新不新鲜", "酸吗": the quality asked about. */
export function qualityOf(text: string): string | undefined {
  const t = normalize(text);
  const ab = /([\u4e00-\u9fff])不\1([\u4e00-\u9fff]?)/.exec(t);
  if (ab && !NOT_QUALITY.test(ab[1]!)) return ab[1]! + (ab[2] && !PARTICLE.test(ab[2]) ? ab[2] : '');
  return QUALITY_WORDS.find((w) => new RegExp(`${w}(?:吗|嘛|么|不)`).test(t));
}

const LEAD = '^(?:请问|问一?下|团长|老板|亲)?[，,\\s]*(?:咱们|我们|咱)?(?:群里|这里|这边|团里)?(?:还)?';
const WANTED: RegExp[] = [
  new RegExp(`${LEAD}(?:有没有|有没|有无|有卖|卖不卖|会不会有|能不能团|可以团|能团)(?:卖|团|进)?(?:点|些)?(?:的)?(?<x>[\\u4e00-\\u9fff]{2,6}?)(?:卖|的|团|呀|啊|呢|吗|嘛)*[？?！!～~。\\s]*$`),
  new RegExp(`${LEAD}(?:有|卖|团)(?<x>[\\u4e00-\\u9fff]{2,6}?)(?:卖|的)?(?:吗|嘛|么)[？?！!～~。\\s]*$`),
  /^(?<x>[\u4e00-\u9fff]{2,6}?)(?:有没有|有吗|有卖吗|有的卖吗|卖吗|能团吗|什么时候有|有得卖吗|还有吗)(?:呀|啊|呢)?[？?！!～~。\s]*$/,
];
/** What follows 有没有 that is not a product: people, times, things other than goods. */
const NOT_GOODS = /^(?:人|谁|你|我|他|她|这|那|啥|什么|没|空|时间|今天|明天|后天|今晚|周|星期|下次|事|问题|消息|活动|优惠|接龙|团|群|链接|需要|要|一起|多少|几|别的|其他|其它|新的|货|红包|积分|车位|快递|地方|办法|可能|必要|意思|道理|兴趣|好的|好吃|便宜|打折|折扣|发票|会员|直播)/;

/** "有没有车厘子？", "车厘子有吗", "有卖车厘子的吗": the product asked for. */
export function wantedOf(text: string): string | undefined {
  const t = normalize(text).trim().replace(/^@\S+\s*/, '');
  for (const re of WANTED) {
    const x = re.exec(t)?.groups?.x;
    if (x && !NOT_GOODS.test(x)) return x.replace(/^(?:卖|进)/, '');
  }
  return undefined;
}
