import { WECHAT_EMOJI } from '../../text/keywords.ts';
import { toSimplified } from '../../text/simplified.ts';

// Undoing the disguises ads wear before they are matched: full-width and "fancy" letters
// (ＶＸ, 𝐯𝐱), emoji or spaces between the letters (微 信, w🍀w🍀w), traditional characters
// (兼職, 掃碼), a ➕ for a plus, ✌ for a V. Pure functions, no state.

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
  s = toSimplified([...s].map((c) => PICTO_HINTS[c] ?? c).join(''));
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
