import type { Ctx } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import { formatWhen } from '../../scheduler/when.ts';
import type { Store } from '../../store/db.ts';
import { scheduleCutoff } from './close.ts';
import { OPEN_EXAMPLE, type OpenRequest } from './open-args.ts';
import { createRecord, openIn } from './records.ts';
import { announcement } from './texts.ts';

// Opening an owner's 接龙 in the groups given: one record per group (one shared stock when
// several), the post in WeChat's own 接龙 format, the cut-off on the scheduler, and a note to
// the owner. Used by /接龙 开 in a group and by the owner's 确认 of one sent by DM.

/** The groups where a 接龙 of this title is already open (it is not opened twice there). */
export function busyGroups(store: Store, groups: GroupRef[], title: string): GroupRef[] {
  return groups.filter((g) => openIn(store, g.id).some((r) => r.title === title));
}

export function openJielong(ctx: Ctx, request: OpenRequest, groups: GroupRef[]): void {
  const { store, config } = ctx.services;
  const busy = busyGroups(store, groups, request.title);
  const free = groups.filter((g) => !busy.includes(g));
  if (free.length === 0) {
    ctx.reply(`「${request.title}」已经在进行中了。要截单请发 /接龙 关 ${request.title}`);
    return;
  }
  const batch = free.length > 1 ? `batch-${store.nextId('jielong-batch')}` : undefined;
  const records = free.map((group) => createRecord(store, ctx.now, {
    group, header: '#接龙', title: request.title, openedBy: ctx.member.id, offer: request.offer,
    ...(request.cutoffAt !== undefined ? { cutoffAt: request.cutoffAt } : {}),
    ...(batch ? { batch } : {}),
  }));
  for (const record of records) {
    ctx.services.outbox.enqueue({ key: `jielong-open:${record.id}`, to: { kind: 'group', group: record.group }, text: announcement(record, ctx.now, config.TZ) });
    scheduleCutoff(ctx.services, record);
  }
  // In the group the post itself is the answer; from a DM the owner hears where it went.
  const notes: string[] = [];
  if (!ctx.group) notes.push(`已在${free.map((g) => g.name).join('、')}开接龙「${request.title}」。`);
  if (busy.length) notes.push(`${busy.map((g) => g.name).join('、')}里「${request.title}」已经在进行中，没有重复开。`);
  if (request.offer.length === 0) notes.push('没有指定商品：大家写什么就记什么。下次可以写上商品，比如：' + OPEN_EXAMPLE);
  if (request.cutoffAt !== undefined) {
    if (!ctx.group) notes.push(`${formatWhen(request.cutoffAt, ctx.now, config.TZ)}自动截单。`);
  } else {
    // Without a cut-off nothing closes it: say so once, with the command that does.
    notes.push(`「${request.title}」没有截止时间，不会自动截单。要截单时${ctx.group ? '在群里' : ''}发 /接龙 关 ${request.title}`);
  }
  // Notes are for the owner, not for the group.
  if (notes.length) ctx.dm(ctx.member, notes.join('\n'));
}
