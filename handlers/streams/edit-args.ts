import type { Product } from '../../store/schema.ts';
import type { JielongOffer } from '../jielong/index.ts';
import { parseWhen } from '../../scheduler/when.ts';
import { toHalfWidth } from '../../text/normalize.ts';
import { LINK, readOffer } from './args.ts';

// `/直播 改 <编号> <项> <值>`: one thing at a time, so the answer can say exactly what changed.

export const EDIT_USAGE = '/直播 改 <编号> 时间 <时间> | 标题 <标题> | 商品 <商品 直播价…> | 链接 <网址> | 福利 <文字>';
const EDIT_EXAMPLE = '/直播 改 1 时间 周日 20:00';

export type StreamEdit =
  | { field: 'time'; startAt: number }
  | { field: 'title'; title: string }
  | { field: 'offer'; offer: JielongOffer[] }
  | { field: 'link'; link: string }
  | { field: 'perk'; perk: string | null };

const FIELDS: Record<string, StreamEdit['field']> = {
  时间: 'time', 开播时间: 'time', 标题: 'title', 名称: 'title', 商品: 'offer', 链接: 'link', 直播间: 'link', 福利: 'perk',
};

export function parseEdit(args: string, catalog: Product[], now: number, tz: string): { no: number; edit: StreamEdit } | { error: string } {
  const usage = `用法：${EDIT_USAGE}\n例如：${EDIT_EXAMPLE}`;
  const m = /^#?(\d+)\s+(\S+?)(?:\s*[:：]\s*|\s+|$)(.*)$/s.exec(toHalfWidth(args).trim());
  if (!m) return { error: `请写上直播编号和要改的项。\n${usage}` };
  const no = Number(m[1]);
  const field = FIELDS[m[2]!];
  const value = m[3]!.trim();
  if (!field) return { error: `“${m[2]}”改不了，能改的是：时间、标题、商品、链接、福利。\n${usage}` };
  if (!value && field !== 'perk') return { error: `请写上新的${m[2]}。\n${usage}` };
  switch (field) {
    case 'time': {
      const when = parseWhen(value, now, tz);
      if ('error' in when) return { error: `${when.error}\n${usage}` };
      return { no, edit: { field, startAt: when.at } };
    }
    case 'title':
      if (/\s/.test(value)) return { error: '标题请写成一个词（中间不要空格），比如：冷榨油专场' };
      return { no, edit: { field, title: value } };
    case 'offer': {
      // The 接龙 offer reader wants a title first; the stream keeps its own.
      const read = readOffer(`直播 ${value}`, catalog, now, tz, usage);
      if ('error' in read) return read;
      return { no, edit: { field, offer: read.offer } };
    }
    case 'link':
      if (!LINK.test(value)) return { error: `链接要以 http:// 或 https:// 开头，比如：/直播 改 ${no} 链接 https://live.example.com/123` };
      return { no, edit: { field, link: value } };
    case 'perk':
      return { no, edit: { field, perk: value && value !== '无' ? value : null } };
  }
}
