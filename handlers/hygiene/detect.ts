import { fold, tight } from './fold.ts';
import { phonesIn } from './phones.ts';

// What in a message looks like an ad: a link, a contact handle (微信号, QQ, a phone number,
// 私聊我), or ad words (兼职, 刷单, 招代理 …). Only the text: who said it (the owner, staff, a
// resident) is decided elsewhere (verdict.ts). Pictures are not read: a QR code is known only
// by the words that come with it (qrWords). Pure functions, no state.

export type Reason = 'link' | 'contact' | 'phone' | 'qq' | 'private' | 'adword' | 'qr';

export interface Finding {
  reason: Reason;
  /** The word or piece that matched, as folded (shown to the owner, phones masked there). */
  what: string;
}

/** Built-in ad words (simplified, as `tight` leaves them). The owner adds and mutes with /防广告 关键词. */
export const AD_WORDS: readonly string[] = [
  '兼职', '日结', '刷单', '代购', '招代理', '代理加盟', '招募代理', '诚招代理', '招商加盟', '宝妈副业', '副业', '在家赚钱', '在家兼职',
  '轻松赚', '日赚', '日入', '月入', '躺赚', '零元购', '0元购', '返利', '佣金', '微商', '网贷', '套现', '提额', '博彩', '带单',
  '荐股', '股票群', '稳赚', '扫码进群', '红包群', '福利群', '优惠多多', '高价回收', '代写', '办证', '刷粉', '点赞员', '打字员',
  '手工活', '一件代发', '招聘宝妈', '免费领取', '免押金', '无抵押', '秒到账', '看我朋友圈', '戳我头像', '点我头像', '拉你进群', '拉你进',
];

/** Asking to be reached privately: 私聊我, 私我, 详情私, 滴滴我. */
const PRIVATE = /私聊我|私我|私信我|私戳|滴滴我|有意私|感兴趣私|详情私|咨询私|需要的私|要的私|欢迎私|可私聊|请私聊|私聊了解/;

/** Ends as a question: 吗, 吧, or a question mark (folded: ？ is ?). */
const QUESTION = /(?:吗|么|嘛)\??$/;

/** What a picture's QR code comes with. */
const QR_WORDS = /扫码|扫一扫|二维码|长按识别|长按扫|识别图中|识别图片/;

// A contact word then a handle: 微信号 abc123, vx:tt8888, 薇 abc_88. Multi-character words may
// run into the handle (微信abc123); a single letter or character (v, 薇, q) only with a colon or
// after 加 (v alone starts too many words: vip, video).
const CONTACT_WORDS = '微信号|微信|威信|薇信|徽信|维信|卫信|危信|v信|wei信|vx号|vx|wx|weixin|wechat|vxin|微x|抖音号|快手号|小红书号|tg|telegram';
const HANDLE = '([a-z][a-z0-9_-]{4,19}|[0-9]{5,12})(?![a-z0-9])';
const WORD_HANDLE = new RegExp(`(?:${CONTACT_WORDS})(?:号码|号|是|id|搜索|搜|:)*${HANDLE}`);
const LETTER_HANDLE = new RegExp(`(?:^|[^a-z])(?:v|薇|威|微|卫|q|扣):+${HANDLE}`);
/** +v abc_666, 加q 12345: a single letter after 加, then a space and the handle. */
const ADD_LETTER = /(?:加|\+|添加)我?\s*[vq]\s*[:]?\s+[a-z0-9_-]{5,}/;
/** 加我微信, 加v, +vx, 加我q: asking to be added, handle or not (加微信 alone may be a neighbour asking). */
const ADD_ME = /(?:(?:加|添加|联系)我的?|\+我?)(?:微信|威信|薇信|徽信|维信|v信|vx|wx|v(?![a-z])|微(?!博)|威|薇|扣扣|qq|q(?![a-z])|企鹅|tg)|加(?:vx|wx|v信|v(?![a-z])|薇|威|微(?![信博]))/;
/** QQ numbers: qq 123456, 扣扣:12345678, 企鹅号 123456. */
const QQ = /(?:qq|扣扣|抠抠|蔻蔻|企鹅|q群|qq群)(?:号码|号|群|是|:)*[0-9]{5,11}(?![0-9])/;
const EMAIL = /[a-z0-9._-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org)(?![a-z])/;

const TLD = 'com|cn|net|org|top|xyz|vip|cc|me|io|shop|club|info|site|online|store|link|ltd|fun|icu|live|tv|app|co|ink|work|pro|wang|ren|tk|ml|ga|gq|cf';
const URL = /https?:\/\/\S+|www\.[a-z0-9-]+\S*/;
const DOMAIN = new RegExp(`(?<![a-z0-9@._-])(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63})*\\.(?:${TLD})(?![a-z0-9])(?:/\\S*)?`);
/** abc点com, abc。cn, abc dot com, abc(.)com: a dot written so a filter misses it. */
const SPELLED_DOT = new RegExp(`([a-z0-9])\\s*(?:点|。|dot|\\(\\.\\)|\\[\\.\\]|\\(点\\)|【点】)\\s*(${TLD})(?![a-z])`, 'g');

/** Everything in a message that looks like an ad, strongest first. Empty for ordinary chat. */
export function findAds(text: string, extraWords: readonly string[] = [], muted: readonly string[] = []): Finding[] {
  const folded = fold(text);
  const squeezed = tight(folded);
  const found: Finding[] = [];
  const add = (reason: Reason, what: string | undefined) => {
    if (what !== undefined && !found.some((f) => f.reason === reason)) found.push({ reason, what });
  };

  const linkText = folded.replace(SPELLED_DOT, '$1.$2').replace(/([a-z0-9])\s*[。｡]\s*(?=[a-z0-9])/g, '$1.').replace(/\s*\.\s*/g, '.');
  const email = EMAIL.exec(linkText)?.[0];
  add('contact', email);
  const noSpaces = linkText.replace(/\s+/g, '');
  const withoutEmail = email ? noSpaces.replace(EMAIL, ' ') : noSpaces;
  add('link', URL.exec(withoutEmail)?.[0] ?? DOMAIN.exec(withoutEmail)?.[0]);

  add('contact', WORD_HANDLE.exec(squeezed)?.[0] ?? LETTER_HANDLE.exec(squeezed)?.[0]?.replace(/^[^a-z微薇威卫扣]/, '')
    ?? ADD_ME.exec(squeezed)?.[0] ?? ADD_LETTER.exec(folded)?.[0]);
  add('qq', QQ.exec(squeezed)?.[0]);
  add('phone', phonesIn(folded)[0]);
  add('private', PRIVATE.exec(squeezed)?.[0]);
  const plain = squeezed.replace(/:/g, '');
  const mutedSet = new Set(muted);
  const word = [...AD_WORDS.filter((w) => !mutedSet.has(w)), ...extraWords].find((w) => w && plain.includes(w));
  // An ad word in a question and nothing else (代购靠谱吗？) is a neighbour asking, not selling.
  if (word && !(found.length === 0 && QUESTION.test(plain))) add('adword', word);
  // QR words alone are ordinary (扫码付款); with 加, 进群 or 领 they invite someone in.
  const qr = QR_WORDS.exec(plain)?.[0];
  if (qr && /加我|加群|加好友|进群|入群|领|关注|咨询/.test(plain)) add('qr', qr);
  return found;
}

/** True when the text speaks of a QR code (扫码, 二维码, 长按识别): a picture with it is one. */
export function qrWords(text: string): boolean {
  return QR_WORDS.test(tight(fold(text)));
}
