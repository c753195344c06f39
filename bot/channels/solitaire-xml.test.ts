import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJielong } from '../../handlers/jielong/parse.ts';
import { parseSolitaireXml } from './solitaire-xml.ts';

// Messages built the way WeChat's client builds them (see solitaire-xml.ts): the title holds
// the text, solitaire_info gives each line's author, time, and place in the text.

const TITLE = '@小王 #接龙\n周六冷榨油团购 截止周五20:00\n例 楼号-房号 名字 几瓶\n\n1. 3-501 王阿姨 3瓶 & 自提\n2. 5-201 小张 两瓶 🍶';
const LINES = ['3-501 王阿姨 3瓶 & 自提', '5-201 小张 两瓶 🍶'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const range = (part: string): string => `${TITLE.indexOf(part)}-${part.length}`;

function solitaire(items: string): string {
  return `<solitaire><tt>${range('#接龙\n周六冷榨油团购 截止周五20:00')}</tt><ex>${range('例 楼号-房号 名字 几瓶')}</ex><tl></tl><s>.</s>`
    + `<au>wxid_owner</au><hrt>1</hrt><loss>0</loss><content><s>2</s>${items}</content></solitaire>`;
}

const BY_RANGE = `<i><u>wxid_wang</u><h>0</h><s>.</s><t>1700000000</t><r>${range(LINES[0]!)}</r></i>`
  + `<i><u>wxid_zhang</u><h>0</h><s>.</s><t>1700000100</t><r>${range(LINES[1]!)}</r></i>`;

function message(info: string, type = '53', title = TITLE): string {
  return `wxid_zhang:\n<?xml version="1.0"?>\n<msg>\n\t<appmsg appid="" sdkver="0">\n\t\t<title>${esc(title)}</title>\n\t\t<des />\n`
    + `\t\t<type>${type}</type>\n\t\t<appattach>\n\t\t\t<aeskey></aeskey>\n\t\t</appattach>\n`
    + `\t\t<extinfo>\n\t\t\t<solitaire_info>${info}</solitaire_info>\n\t\t</extinfo>\n\t</appmsg>\n`
    + '\t<fromusername>wxid_zhang</fromusername>\n\t<scene>0</scene>\n</msg>\n';
}

const EXPECTED = {
  text: TITLE,
  creator: 'wxid_owner',
  authors: [
    { line: 1, userId: 'wxid_wang', at: 1_700_000_000_000, content: LINES[0] },
    { line: 2, userId: 'wxid_zhang', at: 1_700_000_100_000, content: LINES[1] },
  ],
};

describe('parseSolitaireXml', () => {
  it('reads the text and each line\'s author from solitaire_info in CDATA', () => {
    expect(parseSolitaireXml(message(`<![CDATA[${solitaire(BY_RANGE)}]]>`))).toEqual(EXPECTED);
  });

  it('reads solitaire_info given as escaped text or as inline XML', () => {
    expect(parseSolitaireXml(message(esc(solitaire(BY_RANGE))))).toEqual(EXPECTED);
    expect(parseSolitaireXml(message(solitaire(BY_RANGE)))).toEqual(EXPECTED);
  });

  it('reads lines given as text (<c>) instead of ranges', () => {
    const items = `<i><u>wxid_wang</u><h>0</h><s>.</s><t>1700000000</t><c>${esc(LINES[0]!)}</c></i>`
      + `<i><u>wxid_zhang</u><h>0</h><s>.</s><t>1700000100</t><c>${esc(LINES[1]!)}</c></i>`;
    expect(parseSolitaireXml(message(`<![CDATA[${solitaire(items)}]]>`))).toEqual(EXPECTED);
  });

  it('numbers lines in text order when WeChat lists them otherwise', () => {
    const swapped = `<i><u>wxid_zhang</u><t>1700000100</t><r>${range(LINES[1]!)}</r></i><i><u>wxid_wang</u><t>1700000000</t><r>${range(LINES[0]!)}</r></i>`;
    expect(parseSolitaireXml(message(`<![CDATA[${solitaire(swapped)}]]>`))!.authors.map((a) => [a.line, a.userId]))
      .toEqual([[1, 'wxid_wang'], [2, 'wxid_zhang']]);
  });

  it('gives a text whose entries line up with the authors', () => {
    const msg = parseSolitaireXml(message(`<![CDATA[${solitaire(BY_RANGE)}]]>`))!;
    const j = parseJielong(msg.text)!;
    expect(j.entries.map((e) => [e.index, e.raw])).toEqual(msg.authors.map((a) => [a.line, a.content]));
  });

  it('keeps the text when solitaire_info is missing, empty or broken', () => {
    for (const info of ['', '<![CDATA[]]>', '<![CDATA[<solitaire><content>]]>', 'not xml']) {
      expect(parseSolitaireXml(message(info))).toEqual({ text: TITLE, authors: [] });
    }
  });

  it('skips a range that points outside the title', () => {
    const items = '<i><u>wxid_wang</u><t>1700000000</t><r>9000-5</r></i>';
    expect(parseSolitaireXml(message(`<![CDATA[${solitaire(items)}]]>`))!.authors).toEqual([{ line: 1, userId: 'wxid_wang', at: 1_700_000_000_000 }]);
  });

  it('keeps a title made of digits as text', () => {
    expect(parseSolitaireXml(message('', '53', '123'))).toEqual({ text: '123', authors: [] });
  });

  it('is null for other app messages and for anything that is not XML', () => {
    expect(parseSolitaireXml(message('', '5'))).toBeNull();
    expect(parseSolitaireXml('<msg><appmsg><type>53</type></appmsg></msg>')).toBeNull();
    for (const bad of ['', 'hello', '<<<>>>', '<msg><appmsg>', '<?xml version="1.0"?>']) expect(parseSolitaireXml(bad)).toBeNull();
  });

  it('never throws', () => {
    const valid = message(`<![CDATA[${solitaire(BY_RANGE)}]]>`);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.nat(), (junk, at) => {
      parseSolitaireXml(junk);
      const i = at % valid.length;
      parseSolitaireXml(valid.slice(0, i) + junk + valid.slice(i));
      parseSolitaireXml(valid.slice(0, i));
    }), { numRuns: 500 });
  });
});
