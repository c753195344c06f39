import type { Intent } from './intents.ts';
import type { Offlimits } from './replies.ts';

// Is a message a product question for the bot? Pure: it gets what the handler read from
// the message and decides. In a group the bot speaks only when spoken to, or when a message
// clearly asks about a catalog product; the owner's messages, 接龙 lines and check-ins
// are never questions.

export type MessageKind =
  | 'ignore'
  /** A product question (or one the owner should hear). */
  | 'question'
  | 'greeting'
  | 'thanks'
  /** Spoken to, but not a question: tell them what they can ask. */
  | 'hint'
  /** Asks the bot to change data, award points, or reveal others' data or its instructions. */
  | 'offlimits';

export interface Message {
  text: string;
  /** A DM to the bot, or a group message that @mentions it. */
  direct: boolean;
  fromOwner: boolean;
  /** The message @mentions other members: it is talk between people. */
  mentionsOthers: boolean;
  /** A catalog product's name or alias is in the text. */
  named: boolean;
  intents: Intent[];
  /** A FAQ question of a named product matches the text. */
  faqHit: boolean;
  /** The text names another member (by name or group nickname). */
  namesOther?: boolean;
  /** "大米是新米吗": asks whether a named product is something (claims.ts). */
  claim?: boolean;
  /** "有没有车厘子？": asks for a product the catalog does not name (claims.ts). */
  wanted?: boolean;
}

const QUESTION_FORM = /[吗嘛么呢？?]|多少|几[块元个斤号点天时]|怎么|怎样|咋|哪|有没有|有无|是不是|是否|能不能|可不可以|会不会|要不要|什么|啥|如何|还有|多久|多长时间|几[盒箱瓶袋包罐组杯枚个斤两克天]|([\u4e00-\u9fff])不\1/;
const CHECK_IN = /^(签到|打卡|每日签到|今日签到|签个到|打个卡)[!！。.~～\s]*$/;
/** Words other features answer (points); not product questions even if they reach us. */
const FEATURE_WORDS = /^(我的积分|积分|查积分|积分查询)[?？!！。\s]*$/;
/** A 接龙 line: "3. 王阿姨 3-501 2瓶", or anything carrying the 接龙 marker. */
const JIELONG_LINE = /^\s*\d{1,3}\s*[.．、)）]\s*\S|#\s*接龙/;
const GREETING = /^(你好|您好|在吗|在不在|在嘛|hi|hello|哈喽|嗨|早|早上好|早安|中午好|下午好|晚上好|喂)[呀啊吖~～!！。?？\s]*$/i;
const THANKS = /^(谢谢|多谢|感谢|谢啦|谢了|thx|thanks|thank you|辛苦了|辛苦)[你您啦呀啊了~～!！。\s]*$/i;
const ACK = /^(好的?|好嘞|好滴|收到|嗯+|哦+|ok|okay|行|可以|明白|知道了)[呀啊了~～!！。\s]*$/i;

const OFFLIMITS: Array<[Offlimits, RegExp]> = [
  ['change', /(改成|改为|改到|调成|调到|降到|设成|设为|设置为|修改|改一下).{0,12}(价|库存|订单)|(价格?|库存|订单).{0,8}(改成|改为|改到|调成|调到|降到|设成|设为|设置为|清零|删掉|删除)/],
  ['change', /(接龙|订单|那一行|那行|那条).{0,8}(删|改|取消|去掉)/],
  ['points', /(加|给|送|充|奖励|发|刷|改).{0,6}积分|积分.{0,4}(加|改|清零|翻倍|送)/],
  ['others', /(别人|别的人|其他人|他人|谁|大家|邻居们?|群友|所有人|每个人|全群|他们|她们).{0,10}(买了|买的|下单|下了|订单|订了|地址|电话|手机|门牌|住哪|住在|积分|名单|信息)/],
  ['others', /(订单|名单|手机号|电话|地址|门牌号?|积分).{0,8}(别人|其他人|所有人|大家|全部|每个人|列出|发出来|导出)/],
  ['others', /住的?是谁|谁住|是谁家|住在哪|住哪/],
  ['system', /系统.{0,4}(提示|指令|设定|消息)|提示词|prompt|system|忽略.{0,8}(指令|规则|设定|要求|限制)|(之前|以上|上面|前面|原来)的?.{0,4}(指令|规则|设定|要求|说明)|你的(设定|规则|指令|配置|说明|密钥)|开发者模式|越狱|jailbreak|\bdan\b|扮演|假装你|你现在是|api.?key|密钥|token/i],
  // Commands typed inside a sentence (a leading slash goes to the command registry).
  ['system', /[/／]\s*(商品|答|问题|状态|help|帮助|接龙)/],
];

/** Asking about a named neighbour's purchases, home or contacts. */
const PERSONAL = /买|订|下单|接龙|住|电话|手机|微信|地址|门牌|积分|家/;

/** Whether the text asks about someone's purchases, home or contacts (if it names someone). */
export function asksAboutPeople(text: string): boolean {
  return PERSONAL.test(text);
}

/** Which off-limits request the text makes, if any. */
export function offlimitsKind(text: string, namesOther = false): Offlimits | undefined {
  return OFFLIMITS.find(([, re]) => re.test(text))?.[0] ?? (namesOther && PERSONAL.test(text) ? 'others' : undefined);
}

export function hasQuestionForm(text: string): boolean {
  return QUESTION_FORM.test(text);
}

export function classify(m: Message): MessageKind {
  const text = m.text.trim();
  if (m.fromOwner) return 'ignore';
  if (CHECK_IN.test(text) || FEATURE_WORDS.test(text) || JIELONG_LINE.test(text)) return 'ignore';
  if (!m.direct) {
    if (m.mentionsOthers || offlimitsKind(text, m.namesOther) !== undefined) return 'ignore';
    if (!m.named) return m.wanted ? 'question' : 'ignore';
    return hasQuestionForm(text) && (m.intents.length > 0 || m.faqHit || m.claim === true) ? 'question' : 'ignore';
  }
  if (text === '' || GREETING.test(text)) return 'greeting';
  if (THANKS.test(text)) return 'thanks';
  if (ACK.test(text)) return 'ignore';
  if (offlimitsKind(text, m.namesOther) !== undefined) return 'offlimits';
  if (m.named || m.intents.length > 0 || hasQuestionForm(text)) return 'question';
  return 'hint';
}
