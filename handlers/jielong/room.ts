import { CN_DIGIT_CHARS, parseChineseInteger, UNIT_PATTERN } from '../../text/numerals.ts';
import { overlaps, type Span, type Work } from './work.ts';

// Who an entry is: the room (building-unit-room, normalised) and a phone number.
//
// Normalised rooms: building-room "3-501", building-unit-room "3-2-501", building only "3栋",
// building and unit "3栋2单元", unit and room "3单元501", unit only "3单元", a bare room
// "1701". Chinese numerals become digits (十二栋302 → 12-302) and a lettered building keeps
// its letter, upper case (B座1203 → B-1203). The text may be read before or after dates and
// times are blanked (entry.ts, quick.ts), so every form guards against them itself.

export const PHONE = /(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/;

// Chinese numerals that may name a building or unit. 两 counts things (两栋房子, 两盒) and
// 千/万 open estate names (万科), so neither is part of a building number.
const CN_NUM = '零〇一二三四五六七八九十百';
// Where a number starts: not inside a longer number, a decimal (6.9号), a time or a date (3/4,
// 2024-05).
const AR_START = '(?<![\\d.:/\\-])';
const CN_START = `(?<![${CN_DIGIT_CHARS}])`;
// A building number: Arabic, Chinese, or one Latin letter (B座). 第三栋 is building 3 too.
const BUILDING_NO = `(?:第\\s*)?(${AR_START}\\d{1,3}|${CN_START}[${CN_NUM}]{1,4}|(?<![A-Za-z])[A-Za-z])`;
// 号 alone (1号，101室) has no letter building, and a day before it makes it a date (3月1号,
// 周三3号, 周六3号, 今天3号): those are never a building.
const HAO_NO = `(?<![月周日天期号拜第${CN_DIGIT_CHARS}])(${AR_START}\\d{1,3}|${CN_START}[${CN_NUM}]{1,4})`;
// A unit number. After 第 it is a lesson (第二单元), not where someone lives.
const UNIT_NO = `(?<!第)(${AR_START}\\d{1,2}|${CN_START}[${CN_NUM}]{1,3})`;
// A unit written without its building: not right after a building marker, which the forms
// with a building read first.
const LONE_UNIT_NO = `(?<![栋幢座楼号#])${UNIT_NO}`;
// 楼 alone is a floor (2楼, 二楼王姐), never a building; 号楼 is.
const MARK = '(?:栋|幢|号楼|座|#)';
// Between building and room: spaces, a dash, or a comma (1号楼，101).
const SEP = '\\s*[-—–_,，、]?\\s*';
const DASH = '\\s*[-—–_]\\s*';
// What a room number is never followed by: more digits or letters (500ml, 1701a), a decimal,
// a date or range sign, a quantity's unit glued on (100斤), a weight after a space (300 克;
// other units after a space start a word or a name: 1701 包子, 1201 张), money (100元,
// 满100减20), a size (140码), a year, a time, a score.
const NOT_ROOM_AFTER = [
  '[\\dA-Za-z.:/%_—–\\-]',
  UNIT_PATTERN,
  '\\s+(?:公斤|千克|毫升|斤|克|升)(?![\\u4e00-\\u9fff])',
  '\\s*码',
  '[元年月日天点时分次人岁期批度米万千百减折]',
  '\\s*(?:元|块钱|ml|mL|ML|kg|Kg|KG|g)(?![A-Za-z])',
].join('|');
// A room number: 3-4 digits, with 室/房/号 after it or standing alone.
const ROOM_NO = `(\\d{3,4})(?:\\s*(?:号房|[室房号])|(?!${NOT_ROOM_AFTER}))`;

type Normal = (m: RegExpExecArray) => string | null;
const form = (source: string, normal: Normal) => ({ re: new RegExp(source, 'g'), normal });

/** The building as normalised: digits as written, a Chinese numeral as digits, a letter upper case; null when it is no number. */
function building(text: string, max = 999): string | null {
  if (/^\d+$/.test(text)) return text;
  if (/^[A-Za-z]$/.test(text)) return text.toUpperCase();
  const n = parseChineseInteger(text);
  return n !== null && n > 0 && n <= max ? String(n) : null;
}

function joined(...parts: Array<string | null>): string | null {
  return parts.every((p) => p !== null) ? parts.join('-') : null;
}

// Tried in order, the most specific first; the first form with an acceptable match wins.
const ROOM_FORMS = [
  // 3栋2单元501, 3号楼2单元501室, 3号2单元501, 三栋二单元501, B座2单元1203
  form(`${BUILDING_NO}\\s*(?:${MARK}|号)\\s*${UNIT_NO}\\s*单元${SEP}${ROOM_NO}`, (m) => joined(building(m[1]!), building(m[2]!, 99), m[3]!)),
  // 3-2-501, 3_2_501
  form(`${AR_START}(\\d{1,3})${DASH}(\\d{1,2})${DASH}${ROOM_NO}`, (m) => `${m[1]}-${m[2]}-${m[3]}`),
  // 3栋1701, 5号楼 1201, 12#302, 1号楼，101, 十二栋302, B座1203
  form(`${BUILDING_NO}\\s*${MARK}${SEP}${ROOM_NO}`, (m) => joined(building(m[1]!), m[2]!)),
  // 1号，101室, 3号502, 三号502: 号 followed by a room is a building, not a day.
  form(`${HAO_NO}\\s*号${SEP}${ROOM_NO}`, (m) => joined(building(m[1]!), m[2]!)),
  // 3-501, 295-909, 3—501, 3_501, 3/501 (7-10 and 3/4 have a short second part: times, dates)
  form(`${AR_START}(\\d{1,3})(?:${DASH}|/)${ROOM_NO}`, (m) => `${m[1]}-${m[2]}`),
  // 3栋2单元, 3号2单元 (no room number)
  form(`${BUILDING_NO}\\s*(?:${MARK}|号)\\s*${UNIT_NO}\\s*单元`, (m) => {
    const b = building(m[1]!);
    const u = building(m[2]!, 99);
    return b && u ? `${b}栋${u}单元` : null;
  }),
  // 3单元501 (no building): kept apart from "3-501", which is building 3.
  form(`${LONE_UNIT_NO}\\s*单元${SEP}${ROOM_NO}`, (m) => {
    const u = building(m[1]!, 99);
    return u ? `${u}单元${m[2]}` : null;
  }),
  // 3栋, 三号楼, B座 (building only; 3# alone is a size, not a building)
  form(`${BUILDING_NO}\\s*(?:栋|幢|号楼|座)`, (m) => {
    const b = building(m[1]!);
    return b ? `${b}栋` : null;
  }),
  // 3单元 (unit only)
  form(`${LONE_UNIT_NO}\\s*单元`, (m) => {
    const u = building(m[1]!, 99);
    return u ? `${u}单元` : null;
  }),
  // 1701, 1701室, 王姐501: not after a letter (alice123), a price (¥199, ¥ 199, 满199), a
  // multiplier (x100, * 100) or 第 (第100名)
  form(`(?<![\\dA-Za-z.:/\\-第满])(?<![¥￥$*×+]\\s*)${ROOM_NO}`, (m) => m[1]!),
];

const PHONES = new RegExp(PHONE.source, 'g');

/** Reads and blanks the entry's room, trying ROOM_FORMS in order; raw is the room as written. */
export function readRoom(work: Work): { normal: string; raw: string } | null {
  // A phone number still in the text (quick.ts does not take it first) holds no room.
  const phones: Span[] = [...work.text.matchAll(PHONES)].map((p) => ({ start: p.index, end: p.index + p[0].length }));
  for (const { re, normal } of ROOM_FORMS) {
    re.lastIndex = 0;
    for (let m = re.exec(work.text); m; m = re.exec(work.text)) {
      const span = { start: m.index, end: m.index + m[0].length };
      const room = phones.some((p) => overlaps(p, span)) ? null : normal(m);
      if (room !== null) {
        work.blank(span);
        return { normal: room, raw: m[0].trim() };
      }
      // Not a room (一二栋 is no number, or the digits are a phone's): look again one character on.
      re.lastIndex = m.index + 1;
    }
  }
  return null;
}
