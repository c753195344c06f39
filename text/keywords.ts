// A word residents send on its own (签到, 退订, 我的积分, 预约): what they add after it is
// dropped before the word is matched. One rule for every feature that answers a plain word.

/** WeChat sends its built-in emoji as text: [太阳], [强], [玫瑰]. */
export const WECHAT_EMOJI = /\[[\p{Script=Han}A-Za-z]{1,4}\]/gu;

/** Always dropped: spaces, punctuation and emoji (退订。 我的积分！ 积分榜👍). */
const BASE = '\\s\\p{P}\\p{Extended_Pictographic}\\ufe0f';

export interface TrailingExtras {
  /** Also symbols (～ ~ ♥ ＋), emoji joiners and WeChat's emoji as text ([强]). */
  symbols?: boolean;
  /** Also these particles, one character each: '啦了呀哈吖' drops the 了 of 预约了. */
  particles?: string;
}

const rules = new Map<string, RegExp>();

function trailingRule({ symbols = false, particles = '' }: TrailingExtras): RegExp {
  const key = `${symbols}|${particles}`;
  let rule = rules.get(key);
  if (!rule) {
    const chars = `${BASE}${symbols ? '\\p{S}\\u200d' : ''}${particles.replace(/[\\\]^-]/g, '\\$&')}`;
    rule = new RegExp(`(?:${symbols ? `${WECHAT_EMOJI.source}|` : ''}[${chars}])+$`, 'u');
    rules.set(key, rule);
  }
  return rule;
}

/** The text without what people add after a word: "退订。" → "退订", "预约[强]" → "预约" (with `symbols`). */
export function withoutTrailing(text: string, extras: TrailingExtras = {}): string {
  return text.replace(trailingRule(extras), '');
}
