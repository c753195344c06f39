import { WECHAT_EMOJI } from '../../text/keywords.ts';

// Undoing the disguises ads wear before they are matched: full-width and "fancy" letters
// (ＶＸ, 𝐯𝐱), emoji or spaces between the letters (微 信, w🍀w🍀w), traditional characters
// (兼職, 掃碼), a ➕ for a plus, ✌ for a V. Pure functions, no state.

/** Traditional characters of the words the checks look for, to their simplified form. */
const TRADITIONAL: Record<string, string> = {
  職: '职', 購: '购', 聯: '联', 繫: '系', 維: '维', 碼: '码', 長: '长', 識: '识', 別: '别', 掃: '扫', 電: '电',
  號: '号', 賺: '赚', 單: '单', 結: '结', 貸: '贷', 領: '领', 紅: '红', 錢: '钱', 費: '费', 網: '网', 進: '进',
  羣: '群', 寶: '宝', 媽: '妈', 資: '资', 業: '业', 務: '务', 話: '话', 與: '与', 傭: '佣', 現: '现', 額: '额',
  薦: '荐', 穩: '稳', 劃: '划', 私: '私', 聊: '聊', 圍: '围', 徵: '征', 詢: '询', 詳: '详', 頭: '头', 點: '点',
  嶶: '微', 徾: '微', 衛: '卫', 證: '证', 辦: '办', 買: '买', 賣: '卖', 發: '发', 條: '条', 訊: '讯', 戶: '户',
};

/** Kept as a hint before pictographs are dropped: ➕ is a plus, ✌ reads as a V. */
const PICTO_HINTS: Record<string, string> = { '➕': '+', '✚': '+', '✌': 'v', '✔': 'v', '☎': '电话', '📞': '电话', '📱': '手机', '🐧': '企鹅' };

const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\ufe0e\ufe0f\u20e3\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/gu;
const PICTOGRAPHS = /[\p{Extended_Pictographic}\p{So}\p{Sk}\p{Co}]/gu;

/**
 * The text as the checks read it: NFKC (full-width, circled and mathematical letters to plain),
 * lower case, simplified, with emoji and decorations dropped. Punctuation and spaces stay.
 */
export function fold(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  s = s.replace(WECHAT_EMOJI, '');
  s = [...s].map((c) => PICTO_HINTS[c] ?? TRADITIONAL[c] ?? c).join('');
  return s.replace(INVISIBLE, '').replace(PICTOGRAPHS, '');
}

/** What separates characters in a disguise: spaces and punctuation (kept: + and :, which mean something). */
const SEPARATORS = /[\s\p{P}]/gu;

/** Folded, with every space and punctuation mark gone: 微 信 → 微信, 兼-职 → 兼职, v:abc → vabc. */
export function tight(folded: string): string {
  return folded.replace(/:/g, '\u0001').replace(SEPARATORS, '').replace(/\u0001/g, ':');
}

/** The owner's own word as the checks compare it. */
export function foldWord(word: string): string {
  return tight(fold(word)).replace(/:/g, '');
}
