import type { Destination } from '../../types.ts';
import { isExternalUserId, type WecomState } from './state.ts';

// Which official capability may honestly carry a message to a destination. WeCom lets an
// app post freely only to its own staff and to groups it created; customers and customer
// groups can only be offered a 群发 task that a staff member confirms in WeCom.

export type Route =
  | { via: 'webhook'; key: string }
  | { via: 'appchat'; chatId: string }
  | { via: 'group-template'; chatId: string }
  | { via: 'app-message'; userId: string }
  | { via: 'customer-template'; externalUserId: string; sender: string | undefined }
  | { via: 'none'; reason: string };

export interface RouteFacts {
  state: WecomState;
  /** Group id → group-robot webhook key (WECOM_GROUP_WEBHOOK_KEYS). */
  webhookKeys: Record<string, string>;
  /** True when the self-built app's API is configured (corp id, secret, agent id). */
  hasApp: boolean;
}

export function chooseRoute(to: Destination, facts: RouteFacts): Route {
  if (to.kind === 'group') {
    const id = to.group.id;
    const key = facts.webhookKeys[id];
    if (key) return { via: 'webhook', key };
    const chat = facts.state.chats[id];
    if (chat?.kind === 'customer') {
      return facts.hasApp ? { via: 'group-template', chatId: id } : { via: 'none', reason: '客户群只能通过群发任务触达，但没有配置自建应用（WECOM_CORP_ID / WECOM_SECRET / WECOM_AGENT_ID）' };
    }
    if (chat?.kind === 'aibot') return { via: 'none', reason: '智能机器人只能在被 @ 后的一小时内回复这条消息，不能主动在群里发言' };
    // Any other group id is one the app created (appchat): the only groups it may post to.
    return facts.hasApp ? { via: 'appchat', chatId: id } : { via: 'none', reason: '没有配置自建应用，无法向群里发消息' };
  }
  const id = to.member.id;
  const contact = facts.state.contacts[id];
  if (contact || isExternalUserId(id)) {
    if (!facts.hasApp) return { via: 'none', reason: '客户只能通过群发任务触达，但没有配置自建应用' };
    return { via: 'customer-template', externalUserId: id, sender: contact?.staff };
  }
  return facts.hasApp ? { via: 'app-message', userId: id } : { via: 'none', reason: '没有配置自建应用，无法给员工发应用消息' };
}
