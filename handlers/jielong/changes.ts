import type { Ctx } from '../../bot/context.ts';
import { loggedMember } from '../../store/members.ts';
import type { JielongRecord } from './state.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { scheduleConfirm } from './confirm.ts';
import type { Change } from './diff.ts';
import { grantLine, shortfallText } from './limits.ts';
import { itemsText, orderOf, whoOf, type Order } from './orders.ts';
import { siblingsOf } from './records.ts';
import type { JielongEntry } from './parse.ts';
import type { JielongSignup } from './entries.ts';

// What follows a change to an order book, however it came (a reposted list, a +1): limits,
// the behaviour event, the line for the next confirmation, and the owner told of refusals.

export function applyChanges(ctx: Ctx, record: JielongRecord, changes: Array<Change<JielongEntry>>): void {
  const { store } = ctx.services;
  const catalog = store.data.catalog;
  for (const change of changes) {
    if (change.kind === 'refused') {
      tellOwners(ctx, refusalText(ctx, record, change));
      continue;
    }
    const { line } = change;
    if (change.kind !== 'cancel') {
      for (const s of grantLine(record, line, siblingsOf(store, record))) tellOverLimit(ctx, record, line.authorId, shortfallText(line.entry.name ?? ctx.member.name, s));
    }
    const order = orderOf(record, catalog, line);
    // A sign-up the limits granted nothing of is interest, not an order.
    const granted = change.kind !== 'signup' || order.items.length > 0;
    const entry: JielongSignup = {
      kind: 'jielong', change: granted ? change.kind : 'over-limit', id: `${ctx.event.id}:${record.id}:${line.id}`, at: ctx.now, jielong: record.id,
      group: record.group, member: line.authorId ? loggedMember(store.data, line.authorId, line.entry.name, ctx.now) : null,
      name: line.entry.name, room: line.entry.room, items: order.items, amount: order.amount,
      ...(record.stream !== undefined ? { stream: record.stream } : {}),
    };
    store.log.append(entry);
    rememberRoom(ctx, line.authorId, line.entry.room);
    if (!granted) continue; // they were told why
    record.pendingConfirm.push({ change: change.kind, text: confirmLine(change.kind, line.entry, order) });
  }
  store.changed();
  scheduleConfirm(ctx.services, record);
}

function confirmLine(kind: 'signup' | 'edit' | 'cancel', entry: JielongEntry, order: Order): string {
  const person = whoOf(entry);
  const what = itemsText(order.items);
  if (kind === 'cancel') return `${person} 已取消`;
  if (kind === 'edit') return `${person} 改为 ${what || '（未写数量）'}`;
  return what ? `${person} ${what}` : person;
}

/** The one who went over hears it; a line of unknown author is answered in the group by name. */
function tellOverLimit(ctx: Ctx, record: JielongRecord, authorId: string | null, text: string): void {
  if (authorId === ctx.member.id || authorId === null) ctx.reply(text);
  else {
    const member = ctx.services.store.data.members[authorId];
    ctx.post(record.group, text, { mentions: member ? [{ id: member.id, name: member.name }] : [] });
  }
}

/** A member's room, once a line of theirs gives it: their next +1 needs no room. */
function rememberRoom(ctx: Ctx, memberId: string | null, room: string | null): void {
  const member = memberId ? ctx.services.store.data.members[memberId] : undefined;
  if (member && room && /\d+-\d+/.test(room)) member.room = room;
}

function refusalText(ctx: Ctx, record: JielongRecord, change: Extract<Change<JielongEntry>, { kind: 'refused' }>): string {
  const whose = change.line.entry.name ? `${change.line.entry.name}的` : '别人的';
  const action = change.attempted === 'cancel' ? '删掉' : `改成“${change.proposed?.raw ?? ''}”`;
  return `提醒：${ctx.member.name}想在「${record.title}」里把${whose}“${change.line.entry.raw}”${action}。只有本人或团长能改，所以没有采纳。确实要改的话，你发一版改好的接龙就行。`;
}

export function tellOwners(ctx: Ctx, text: string): void {
  for (const owner of ownerRefs(ctx.services)) ctx.dm(owner, text, { purpose: 'requested' });
}
