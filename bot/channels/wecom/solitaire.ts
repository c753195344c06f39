import { escapeXml } from './xml.ts';

// A WeCom 接龙 (msgtype 213) carries the list as text and, where WeCom provides it,
// solitaireInfo: who wrote each line, as offsets into that text. The 接龙 parser already
// reads WeChat's 接龙 app message (handlers/jielong/solitaire-xml.ts), so a WeCom 接龙 is
// handed over in that envelope: the text as the title, solitaireInfo as solitaire_info.
//
// WeCom does not publish this message's schema. We accept solitaireInfo in the
// <solitaire> form WeChat uses (per-line <i><u>author</u><r>start-length</r></i>), given as
// XML or as escaped/CDATA text; anything else leaves the 接龙 as plain text (no authors).

export const SOLITAIRE_MSGTYPE = '213';

/** A WeChat-style 接龙 app message (type 53) for the jielong parser, or null without line authors. */
export function solitaireAppXml(text: string, solitaireInfo: string | undefined): string | null {
  const info = solitaireInfo?.trim();
  if (!info || !/<solitaire[\s>]/.test(info)) return null;
  // CDATA cannot contain "]]>"; split it the standard way.
  const cdata = `<![CDATA[${info.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
  return `<msg><appmsg appid="" sdkver="0"><title>${escapeXml(text)}</title><type>53</type>`
    + `<extinfo><solitaire_info>${cdata}</solitaire_info></extinfo></appmsg></msg>`;
}
