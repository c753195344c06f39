import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import { formatWhen, parseWhen } from '../../scheduler/when.ts';
import { shopGroups } from '../../store/members.ts';
import type { OpenRequest } from './open-args.ts';
import { busyGroups, openJielong } from './open.ts';
import { cutoffReply, expiredText, isCancelWord, isConfirmWord, PENDING_MS, previewText, type PendingOpen } from './open-preview.ts';

// The owner's /接龙 开 from a DM waits here for their 确认 (or 取消, or a 截止 to add), one per
// owner, in the store so a restart does not lose it. Only the owner who sent it, in the DM,
// can answer it; everyone else's 确认 is ordinary chat for the handlers after this one.

/** /接龙 开 from a DM: shown back, not opened. A second one replaces the first. */
export function holdOpen(ctx: Ctx, args: string, request: OpenRequest): void {
  const { store, config } = ctx.services;
  const groups = shopGroups(store.data);
  if (groups.length === 0) {
    ctx.reply('我还没有加入任何群。先把我拉进群，再开接龙吧。');
    return;
  }
  const busy = busyGroups(store, groups, request.title);
  if (busy.length === groups.length) {
    ctx.reply(`「${request.title}」已经在进行中了。要截单请发 /接龙 关 ${request.title}`);
    return;
  }
  const pendings = store.data.jielongPending;
  const before = pendings[ctx.member.id];
  const replaced = before && before.expiresAt > ctx.now ? before.request.title : undefined;
  const pending: PendingOpen = { args, request, groups, at: ctx.now, expiresAt: ctx.now + PENDING_MS };
  pendings[ctx.member.id] = pending;
  store.changed();
  ctx.reply(previewText(pending, busy, ctx.now, config.TZ, replaced));
}

/** 确认 (or /接龙 确认): opens the owner's waiting 接龙 exactly as a /接龙 开 in the groups would. */
export function confirmOpen(ctx: Ctx): void {
  const { store, config } = ctx.services;
  if (ctx.group) {
    ctx.reply('私信里发的接龙，请在私信里回复“确认”。');
    return;
  }
  const pending = store.data.jielongPending[ctx.member.id];
  if (!pending) {
    ctx.reply(nothingWaiting(ctx));
    return;
  }
  if (pending.expiresAt <= ctx.now) {
    drop(ctx);
    ctx.reply(expiredText(pending));
    return;
  }
  const { cutoffAt, title } = pending.request;
  if (cutoffAt !== undefined && cutoffAt <= ctx.now) {
    // Opened now it would close at once: kept waiting for a later time instead.
    ctx.reply(`「${title}」的截止时间（${formatWhen(cutoffAt, ctx.now, config.TZ)}）已经过了，还没开。回复“截止 今晚8点”换个时间，或回复“取消”。`);
    return;
  }
  drop(ctx);
  openJielong(ctx, pending.request, pending.groups);
}

/** 取消 (or /接龙 取消): the waiting 接龙 is dropped. */
export function cancelOpen(ctx: Ctx): void {
  if (ctx.group) {
    ctx.reply('私信里发的接龙，请在私信里回复“取消”。');
    return;
  }
  const pending = ctx.services.store.data.jielongPending[ctx.member.id];
  if (!pending) {
    ctx.reply('现在没有等你确认的接龙。要截单请发 /接龙 关');
    return;
  }
  drop(ctx);
  ctx.reply(`好的，「${pending.request.title}」不开了。`);
}

/** "截止 今晚8点" answering the preview: the cut-off is set and the preview shown again. */
function setCutoff(ctx: Ctx, pending: PendingOpen, when: string): void {
  const { store, config } = ctx.services;
  const at = parseWhen(when, ctx.now, config.TZ);
  if ('error' in at) {
    ctx.reply(`截止时间：${at.error}`);
    return;
  }
  pending.request = { ...pending.request, cutoffAt: at.at };
  pending.expiresAt = ctx.now + PENDING_MS;
  store.changed();
  ctx.reply(previewText(pending, busyGroups(store, pending.groups, pending.request.title), ctx.now, config.TZ));
}

function drop(ctx: Ctx): void {
  delete ctx.services.store.data.jielongPending[ctx.member.id];
  ctx.services.store.changed();
}

/** 确认 with nothing waiting: said so, pointing to the recall list if that is what waits. */
function nothingWaiting(ctx: Ctx): string {
  const { recall } = ctx.services.store.data;
  const run = recall.pending ? recall.runs[recall.pending] : undefined;
  return `现在没有等你确认的接龙。${run?.status === 'preview' ? '要发召回名单请发 /召回 确认。' : ''}`;
}

/** The owner's answers to a waiting preview, in the DM. Anything else passes on untouched. */
export const pendingOpenHandler: Handler = async (ctx, next) => {
  if (ctx.group || !ctx.isOwner || ctx.event.kind !== 'text') return next();
  if (isConfirmWord(ctx.text)) return confirmOpen(ctx);
  const pending = ctx.services.store.data.jielongPending[ctx.member.id];
  // Without a live preview, 取消 and 截止 … mean whatever they meant before. An expired one
  // stays until the next /接龙 开, so a late 确认 hears why nothing opened.
  if (!pending || pending.expiresAt <= ctx.now) return next();
  if (isCancelWord(ctx.text)) return cancelOpen(ctx);
  const when = cutoffReply(ctx.text);
  if (when !== null) return setCutoff(ctx, pending, when);
  return next();
};
