import type { GroupRef } from '../../bot/types.ts';
import type { Product } from '../../store/schema.ts';
import type { JielongOffer } from '../jielong/index.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { parseOpenArgs } from '../jielong/index.ts';
import { readGroups } from '../broadcasts/index.ts';
import { parseWhen } from '../../scheduler/when.ts';

// `/直播 新建 <时间> <标题> [商品 [直播价]…] [链接] [群:幸福里1群,幸福里2群] [时长N分钟] [福利:文字]`.
// The time may hold a space (周六 20:00); products and prices are read as /接龙 开 reads them.
// 福利 comes after the products: every word after it is the perk, except a link, 群: or 时长.

export const NEW_USAGE = '/直播 新建 <时间> <标题> [商品 直播价…] [链接] [群:群名,群名] [时长90分钟] [福利:文字]';
export const NEW_EXAMPLE = '/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 核桃油 https://live.example.com/123';
const PERK_EXAMPLE = '/直播 新建 周六 20:00 冷榨油专场 亚麻籽油 39 福利:下单满99减10';

export interface NewStream {
  startAt: number;
  title: string;
  offer: JielongOffer[];
  link?: string;
  groups: GroupRef[] | null;
  durationMin?: number;
  /** For reservers who missed it (the missed-it DM), as /直播 改 N 福利 sets it. */
  perk?: string;
}

/** A stream link as the owner pastes it (also read by /直播 改 … 链接). */
export const LINK = /^https?:\/\/\S+$/i;
const DURATION = /^时长\s*(\d{1,4})\s*(分钟|分|小时|h|m)?$/i;
/** `福利`, `福利:` or `福利:满99减10` (full-width colon is made half-width first). */
const PERK = /^福利(?::(.*))?$/s;

export function parseNewStream(args: string, catalog: Product[], known: GroupRef[], now: number, tz: string): NewStream | { error: string } {
  const words = toHalfWidth(args).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { error: `用法：${NEW_USAGE}\n例如：${NEW_EXAMPLE}` };
  let startAt: number | undefined;
  let used = 0;
  let timeError: string | undefined;
  // The longest prefix that reads as a time: "周六 20:00" before "周六".
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const when = parseWhen(words.slice(0, n).join(' '), now, tz);
    if ('at' in when) {
      startAt = when.at;
      used = n;
      break;
    }
    if (n === 1 || when.error.includes('过去')) timeError ??= when.error;
  }
  if (startAt === undefined) return { error: `${timeError}\n用法：${NEW_USAGE}` };

  let link: string | undefined;
  let groups: GroupRef[] | null = null;
  let durationMin: number | undefined;
  let perk: string[] | undefined;
  const rest: string[] = [];
  for (const word of words.slice(used)) {
    const perkStart = PERK.exec(word);
    if (LINK.test(word)) link = word;
    else if (/^群[:：]/.test(word)) {
      const g = readGroups(word, known);
      if (g === undefined) return { error: `“${word}”里有不认识的群，现在的群有：${known.map((k) => k.name).join('、') || '（还没有）'}` };
      groups = g;
    } else if (DURATION.test(word)) {
      const m = DURATION.exec(word)!;
      durationMin = Number(m[1]) * (/小时|h/i.test(m[2] ?? '') ? 60 : 1);
      if (durationMin < 5) return { error: '直播时长至少写 5 分钟，比如“时长90分钟”。' };
    } else if (perkStart) {
      if (perk) return { error: `福利写一处就好，几样福利可以连着写，比如：福利:满99减10，再送小样\n例如：${PERK_EXAMPLE}` };
      perk = perkStart[1] ? [perkStart[1]] : [];
    } else if (perk) perk.push(word);
    else rest.push(word);
  }
  const perkText = perk?.join(' ').trim();
  if (perk && !perkText) return { error: `“福利”后面请写上给大家的福利。\n例如：${PERK_EXAMPLE}` };
  if (rest.length === 0) return { error: `请写上直播的标题。\n用法：${NEW_USAGE}\n例如：${NEW_EXAMPLE}` };
  const read = readOffer(rest.join(' '), catalog, now, tz, `用法：${NEW_USAGE}`);
  if ('error' in read) return read;
  const out: NewStream = { startAt, title: read.title, offer: read.offer, groups };
  if (link) out.link = link;
  if (durationMin !== undefined) out.durationMin = durationMin;
  if (perkText && perkText !== '无') out.perk = perkText;
  return out;
}

/** A title and products read as /接龙 开 reads them. The stream's 接龙 closes a set time after
 * the end (STREAM_JIELONG_CUTOFF_HOURS), so a 截止 typed here is refused rather than dropped. */
export function readOffer(text: string, catalog: Product[], now: number, tz: string, usage: string): { title: string; offer: JielongOffer[] } | { error: string } {
  const read = parseOpenArgs(text, catalog, now, tz);
  if ('error' in read) return { error: `${read.error}\n${usage}` };
  if (read.cutoffAt !== undefined) return { error: `直播的接龙在直播结束后自动开、按时截单，这里不用写截止时间。\n${usage}` };
  return { title: read.title, offer: read.offer };
}
