import type { JielongLine } from '../../types.ts';
import { jielongLines, parseSolitaireInfo } from '../solitaire-xml.ts';

// A WeCom 接龙 (msgtype 213) carries the list as text and, where WeCom provides it,
// solitaireInfo: who wrote each line, as offsets into that text. The channel hands it over
// as a `jielong` event (bot/types.ts) with those line authors.
//
// WeCom does not publish this message's schema. We accept solitaireInfo in the
// <solitaire> form WeChat uses (per-line <i><u>author</u><r>start-length</r></i>), given as
// XML or as escaped/CDATA text (read by ../solitaire-xml.ts); without it the 接龙 is plain
// text (a text event, no authors).

export const SOLITAIRE_MSGTYPE = '213';

/**
 * Who added which line of a WeCom 接龙 whose text is `text`, from the solitaireInfo in the
 * decrypted callback; null when there is none in the <solitaire> form.
 */
export function solitaireLines(plaintext: string, text: string): JielongLine[] | null {
  const info = rawSolitaireInfo(plaintext)?.trim();
  if (!info || !/<solitaire[\s>]/.test(info)) return null;
  return jielongLines(parseSolitaireInfo(info, text).authors);
}

/** solitaireInfo exactly as sent: inline XML, CDATA or escaped text, all become XML text. */
function rawSolitaireInfo(plaintext: string): string | undefined {
  const m = /<(solitaireInfo|SolitaireInfo)>([\s\S]*?)<\/\1>/.exec(plaintext);
  if (!m) return undefined;
  let inner = m[2]!.trim();
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(inner);
  if (cdata) inner = cdata[1]!;
  if (inner.startsWith('&lt;')) {
    inner = inner.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  }
  return inner;
}
