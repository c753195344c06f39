import type { Logger } from '../../logger.ts';
import type { GroupRef, InboundEvent, MemberRef } from '../../types.ts';
import type { Store } from '../../../store/db.ts';
import type { WecomApi } from './api.ts';
import type { AppCallback } from './inbound.ts';

// Completes what a callback left open with the API: a customer group's name and owner, the
// names of members who joined and who invited them, a new customer's name. WeCom reports
// an inviter (invitor) only when a member of the corp's own staff did the inviting.

interface GroupChatMember {
  userid: string;
  type?: number;
  join_time?: number;
  join_scene?: number;
  invitor?: { userid?: string };
  group_nickname?: string;
  name?: string;
}

interface GroupChat {
  chat_id: string;
  name?: string;
  owner?: string;
  member_list?: GroupChatMember[];
}

/** Joins within this long before the event count as "just joined" when WeCom does not list them. */
const JOIN_SLACK_S = 60;

export interface ResolveDeps {
  store: Store;
  log: Logger;
  api?: WecomApi;
}

export async function resolveCallback(cb: AppCallback, at: number, deps: ResolveDeps): Promise<InboundEvent[]> {
  const wecom = deps.store.data.wecom;
  switch (cb.kind) {
    case 'event':
      return [cb.event];
    case 'ignored':
      deps.log.debug({ why: cb.why }, 'WeCom callback ignored');
      return [];
    case 'customer-chat':
      if (cb.change === 'dismiss') delete wecom.chats[cb.chatId];
      else wecom.chats[cb.chatId] = { ...wecom.chats[cb.chatId], kind: 'customer' };
      deps.store.changed();
      return [];
    case 'contact-removed':
      if (wecom.contacts[cb.externalUserId]?.staff === cb.staff) delete wecom.contacts[cb.externalUserId];
      deps.store.changed();
      return [];
    case 'contact-added': {
      wecom.contacts[cb.externalUserId] = { staff: cb.staff };
      deps.store.changed();
      const name = (await customerName(cb.externalUserId, deps)) ?? knownName(deps, cb.externalUserId) ?? cb.externalUserId;
      return [{
        kind: 'app', id: `wecom-contact:${cb.staff}:${cb.externalUserId}:${cb.createdAt}`, at,
        from: { id: cb.externalUserId, name }, text: '', raw: { platform: 'wecom', type: 'add_external_contact' },
      }];
    }
    case 'members':
      return memberEvents(cb, at, deps);
  }
}

async function memberEvents(cb: Extract<AppCallback, { kind: 'members' }>, at: number, deps: ResolveDeps): Promise<InboundEvent[]> {
  const wecom = deps.store.data.wecom;
  const known = deps.store.data.groups[cb.chatId]?.name;
  // A leaver is gone from the member list: the API only helps with the group's name then.
  const detail = cb.change === 'join' || !known ? await groupChat(cb.chatId, deps) : undefined;
  wecom.chats[cb.chatId] = { ...wecom.chats[cb.chatId], kind: 'customer', ...(detail?.owner ? { owner: detail.owner } : {}) };
  deps.store.changed();
  const group: GroupRef = { id: cb.chatId, name: detail?.name || known || '客户群' };
  const members = new Map((detail?.member_list ?? []).map((m) => [m.userid, m]));
  const ref = (id: string): MemberRef => {
    const m = members.get(id);
    const r: MemberRef = { id, name: m?.name || knownName(deps, id) || m?.group_nickname || id };
    if (m?.group_nickname) r.groupAlias = m.group_nickname;
    return r;
  };
  let ids = cb.userIds;
  if (ids.length === 0 && cb.change === 'join' && detail) {
    // Older events do not list who joined: take the newest joiners, as many as WeCom counted.
    ids = [...members.values()]
      .filter((m) => (m.join_time ?? 0) >= cb.createdAt / 1000 - JOIN_SLACK_S)
      .sort((a, b) => (b.join_time ?? 0) - (a.join_time ?? 0))
      .slice(0, cb.count || undefined)
      .map((m) => m.userid);
  }
  if (ids.length === 0) deps.log.warn({ chatId: cb.chatId, change: cb.change, count: cb.count }, 'customer group change without the members who changed');
  return ids.map((id) => {
    const base = { id: `${cb.change}:${cb.chatId}:${id}:${cb.createdAt}`, at, group, member: ref(id) };
    if (cb.change === 'leave') return { ...base, kind: 'leave' as const };
    const inviter = members.get(id)?.invitor?.userid;
    return { ...base, kind: 'join' as const, ...(inviter ? { inviter: ref(inviter) } : {}) };
  });
}

async function groupChat(chatId: string, deps: ResolveDeps): Promise<GroupChat | undefined> {
  if (!deps.api) return undefined;
  try {
    const reply = await deps.api.post<{ group_chat?: GroupChat }>('externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 });
    return reply.group_chat;
  } catch (err) {
    deps.log.warn({ chatId, err: (err as Error).message }, 'could not read a customer group; using what is known');
    return undefined;
  }
}

async function customerName(externalUserId: string, deps: ResolveDeps): Promise<string | undefined> {
  if (!deps.api) return undefined;
  try {
    const reply = await deps.api.get<{ external_contact?: { name?: string } }>('externalcontact/get', { external_userid: externalUserId });
    return reply.external_contact?.name || undefined;
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'could not read a new customer');
    return undefined;
  }
}

function knownName(deps: ResolveDeps, id: string): string | undefined {
  return deps.store.data.members[id]?.name;
}
