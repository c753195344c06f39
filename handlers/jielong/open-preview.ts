import type { GroupRef } from '../../bot/types.ts';
import { formatWhen } from '../../scheduler/when.ts';
import type { PendingOpen } from './state.ts';
export type { PendingOpen } from './state.ts';
import { offerLine } from './texts.ts';

// A /接龙 开 sent by DM goes to every group at once, so a typo (`/接龙开团 苹果`) would open
// in all of them. It is shown back to the owner first and opens only on their 确认. Pure:
// what is kept while it waits, the words that answer it, and the preview text.

/** How long a preview waits for 确认: long enough to check it, short enough not to surprise. */
export const PENDING_MS = 30 * 60_000;

/** A DM-sent /接龙 开 waiting for its owner's 确认 (store: `jielongPending`, by owner id). */

const END = '[!！。.~～]*';
const CONFIRM = new RegExp(`^(?:确认|确定)(?:开团|开接龙|开|发出|发送)?${END}$`);
const CANCEL = new RegExp(`^(?:取消|取消开团|不开了?|别开了?|算了|不要了)${END}$`);
/** "截止 今晚8点" answering the preview: the cut-off it lacked, or a new one. */
const CUTOFF = /^(?:截止|截单|截止时间)[:：]?\s*(\S[\s\S]*)$/;

export function isConfirmWord(text: string): boolean {
  return CONFIRM.test(text.trim());
}

export function isCancelWord(text: string): boolean {
  return CANCEL.test(text.trim());
}

/** The time part of a "截止 今晚8点" reply, or null. */
export function cutoffReply(text: string): string | null {
  return CUTOFF.exec(text.trim())?.[1] ?? null;
}

/**
 * The preview: title, products with price and limits, the groups, the cut-off (or a plain
 * warning that there is none and how to add one), and how to answer. `busy`: groups where
 * the title is already open (left out); `replaced`: the title of the preview this replaces.
 */
export function previewText(pending: PendingOpen, busy: GroupRef[], now: number, tz: string, replaced?: string): string {
  const { title, offer, cutoffAt } = pending.request;
  const to = pending.groups.filter((g) => !busy.some((b) => b.id === g.id));
  const lines: string[] = [];
  if (replaced !== undefined) lines.push(`上一条「${replaced}」不开了，以这条为准。`);
  lines.push('这条接龙还没发出，请先核对：', `标题：${title}`);
  if (offer.length === 0) lines.push('商品：没写商品，大家写什么就记什么');
  else if (offer.length === 1) lines.push(`商品：${offerLine(offer[0]!)}`);
  else lines.push('商品：', ...offer.map((o) => `· ${offerLine(o)}`));
  lines.push(`发到：${to.map((g) => g.name).join('、')}（共${to.length}个群）`);
  if (busy.length) lines.push(`${busy.map((g) => g.name).join('、')}里「${title}」已经在进行中，不会重复开。`);
  if (cutoffAt !== undefined) lines.push(`截止：${formatWhen(cutoffAt, now, tz)}，到点自动截单`);
  else {
    lines.push(
      '截止：⚠️ 没有截止时间，不会自动截单',
      `要加的话回复“截止 今晚8点”（换成你要的时间）；不加也能开，到时发 /接龙 关 ${title} 截单。`,
    );
  }
  lines.push(`回复“确认”开团，回复“取消”不开（${PENDING_MS / 60_000}分钟内有效）。`);
  return lines.join('\n');
}

/** The answer to 确认 when it came too late: nothing opened, and the command to send again. */
export function expiredText(pending: PendingOpen): string {
  return `「${pending.request.title}」等确认超过${PENDING_MS / 60_000}分钟，已经作废，没有开。要开请重新发：\n/接龙 开 ${pending.args}`;
}
