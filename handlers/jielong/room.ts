import { UNIT_PATTERN } from './numerals.ts';
import type { Work } from './work.ts';

// Who an entry is: the room (building-unit-room, normalised) and a phone number.

export const PHONE = /(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/;

const BUILDING = '(?:栋|幢|号楼|座|#)';
const ROOM_FORMS: Array<{ re: RegExp; normal: (m: RegExpExecArray) => string }> = [
  // 3栋2单元501, 3号2单元501室
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*(?:${BUILDING}|号)\\s*(\\d{1,2})\\s*单元\\s*-?\\s*(\\d{3,4})(?:\\s*[室号])?`), normal: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  // 3栋1701, 5号楼1201, 3#501
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*${BUILDING}\\s*-?\\s*(\\d{3,4})(?:\\s*[室号])?`), normal: (m) => `${m[1]}-${m[2]}` },
  // 3-2-501
  { re: /(?<![\d.:\-/])(\d{1,3})[-—–_](\d{1,2})[-—–_](\d{3,4})(?![\d.:\-/])/, normal: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  // 3-501, 295-909, 7-1102 (a time range such as 7-10 has a short second part)
  { re: /(?<![\d.:\-/])(\d{1,3})[-—–_/](\d{3,4})(?![\d.:\-/])/, normal: (m) => `${m[1]}-${m[2]}` },
  // 3栋2单元 (no room number)
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*${BUILDING}\\s*(\\d{1,2})\\s*单元`), normal: (m) => `${m[1]}栋${m[2]}单元` },
  // 3栋 (building only)
  { re: new RegExp(`(?<!\\d)(\\d{1,3})\\s*(?:栋|幢|号楼|座)`), normal: (m) => `${m[1]}栋` },
  // 1701 standing alone (or 1701室), not followed by a unit
  { re: new RegExp(`(?<![\\dA-Za-z.:\\-/])(\\d{3,4})(?:室|(?![\\dA-Za-z.:\\-/%]|\\s*${UNIT_PATTERN}))`), normal: (m) => m[1]! },
];

export function readRoom(work: Work): { normal: string; raw: string } | null {
  for (const form of ROOM_FORMS) {
    const taken = work.take(form.re);
    if (taken) return { normal: form.normal(taken.match), raw: taken.text.trim() };
  }
  return null;
}
