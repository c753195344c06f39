import type { Logger } from '../../logger.ts';
import type { Channel, Clock, OutboundMessage } from '../../types.ts';
import type { Store } from '../../../store/db.ts';
import { dayKey, nextMinuteOfDay } from '../../../scheduler/clock.ts';
import { SendLater } from '../../send-later.ts';
import { postJson, type WecomApi } from './api.ts';
import type { ReplySlots } from './reply-slots.ts';
import { chooseRoute, type Route } from './route.ts';

// The WeCom Channel: each outbound message goes by the one official path that may carry it
// (route.ts). A failure throws with WeCom's reason, so the outbox keeps it for a retry or
// marks it failed with that reason; a 群发 over the daily limit throws SendLater instead.

export interface WecomChannelOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  tz: string;
  slots: ReplySlots;
  /** The self-built app's API; absent when only the 智能机器人 is configured. */
  api?: WecomApi;
  agentId?: number;
  webhookKeys: Record<string, string>;
  apiBase: string;
  /** 群发 tasks per customer (or customer group) per day; WeCom's own limit is the ceiling. */
  customerDailyLimit: number;
  /** Who sends a 群发 task when the customer's own staff member is not known. */
  defaultSender?: string;
}

export function createWecomChannel(opts: WecomChannelOptions): Channel {
  const { store, slots, log } = opts;

  async function send(message: OutboundMessage): Promise<void> {
    const chatId = message.to.kind === 'group' ? message.to.group.id : message.to.member.id;
    // A reply to a 智能机器人 message goes back the way WeCom offers for it.
    const path = slots.take(replyEventId(message.key), chatId);
    if (path?.kind === 'passive') return path.answer(message.text);
    if (path?.kind === 'response_url') {
      await postJson('智能机器人 response_url', path.url, { msgtype: 'markdown', markdown: { content: message.text } });
      path.done();
      return;
    }
    const route = chooseRoute(message.to, { state: store.data.wecom, webhookKeys: opts.webhookKeys, hasApp: Boolean(opts.api && opts.agentId) });
    await deliver(route, message);
    log.debug({ key: message.key, via: route.via }, 'sent through WeCom');
  }

  async function deliver(route: Route, message: OutboundMessage): Promise<void> {
    const content = message.text;
    const api = opts.api!;
    switch (route.via) {
      case 'none':
        throw new Error(route.reason);
      case 'webhook': {
        const url = `${opts.apiBase.replace(/\/+$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(route.key)}`;
        const mentioned = message.mentions.map((m) => m.id);
        await postJson('群机器人 webhook', url, { msgtype: 'text', text: { content, ...(mentioned.length ? { mentioned_list: mentioned } : {}) } });
        return;
      }
      case 'appchat': {
        // appchat text has no @mention; name the person so the message still reads as an answer.
        const named = message.mentions.length ? `${message.mentions.map((m) => `@${m.name}`).join(' ')} ${content}` : content;
        await api.post('appchat/send', { chatid: route.chatId, msgtype: 'text', text: { content: named }, safe: 0 });
        return;
      }
      case 'app-message': {
        const reply = await api.post<{ invaliduser?: string }>('message/send', {
          touser: route.userId, msgtype: 'text', agentid: opts.agentId, text: { content }, safe: 0,
        });
        if (reply.invaliduser) throw new Error(`企业微信没有送达：成员 ${reply.invaliduser} 无效或不在应用可见范围内`);
        return;
      }
      case 'group-template': {
        // Over today's limit it waits before any call: a crash while looking up the owner must
        // not leave a message that was only waiting marked as an interrupted send.
        checkDailyLimit(route.chatId);
        // For a customer group WeCom requires the sender, and only the group owner can send there.
        const sender = await groupOwner(route.chatId);
        if (!sender) throw new Error('不知道这个客户群的群主是谁，无法创建群发任务：请配置 WECOM_SECRET 以便查询，或设置 WECOM_TEMPLATE_SENDER');
        await createTemplate(route.chatId, { chat_type: 'group', chat_id_list: [route.chatId], sender, text: { content } });
        return;
      }
      case 'customer-template': {
        const sender = route.sender ?? opts.defaultSender;
        if (!sender) throw new Error('不知道由哪位员工发出这条群发：请设置 WECOM_TEMPLATE_SENDER');
        await createTemplate(route.externalUserId, { chat_type: 'single', external_userid: [route.externalUserId], sender, text: { content } });
        return;
      }
    }
  }

  /**
   * A 群发 task (add_msg_template): WeCom shows it to the sender, who confirms it in the
   * app. Counted per target per day, so WeCom's limit on what a customer receives holds.
   * Over the limit the message waits for the shop's next local day (SendLater), checked
   * before any call, so WeCom never saw it. A limit of 0 means "customers get nothing": that
   * is a failure, as waiting would never end. The waiting task keeps its chat's later
   * messages behind it (the outbox's per-chat order). The outbox's one exception is an answer in
   * a DM, which may go first since it is what the customer is waiting for; a customer group's
   * later posts all wait.
   */
  async function createTemplate(target: string, body: Record<string, unknown>): Promise<void> {
    const { day, sent } = checkDailyLimit(target);
    const perDay = (store.data.wecom.templatesPerDay[day] ??= {});
    const reply = await opts.api!.post<{ fail_list?: string[]; msgid?: string }>('externalcontact/add_msg_template', body);
    if (reply.fail_list?.includes(target)) throw new Error('企业微信没有为这位客户创建群发任务（不是该员工的客户，或对方已删除员工）');
    perDay[target] = sent + 1;
    pruneDays(store.data.wecom.templatesPerDay, day);
    store.changed();
    log.info({ target, msgid: reply.msgid }, 'created a WeCom 群发 task; a staff member must confirm it in WeCom');
  }

  /** Today's count for a target, or SendLater / an error when no more may go today. */
  function checkDailyLimit(target: string): { day: string; sent: number } {
    const now = opts.clock.now();
    const day = dayKey(now, opts.tz);
    const sent = store.data.wecom.templatesPerDay[day]?.[target] ?? 0;
    if (opts.customerDailyLimit <= 0) throw new Error('已设置不给客户发群发（WECOM_CUSTOMER_DAILY_LIMIT=0）');
    if (sent >= opts.customerDailyLimit) {
      throw new SendLater(nextMinuteOfDay(now + 1, 0, opts.tz),
        `企业微信限制每位客户（每个客户群）每天收到的群发条数（现设为 ${opts.customerDailyLimit} 条），今天的已用完，明天再发`);
    }
    return { day, sent };
  }

  async function groupOwner(chatId: string): Promise<string | undefined> {
    const chat = store.data.wecom.chats[chatId];
    if (chat?.owner) return chat.owner;
    try {
      const reply = await opts.api!.post<{ group_chat?: { owner?: string } }>('externalcontact/groupchat/get', { chat_id: chatId, need_name: 0 });
      const owner = reply.group_chat?.owner;
      if (owner) {
        store.data.wecom.chats[chatId] = { kind: 'customer', ...chat, owner };
        store.changed();
        return owner;
      }
    } catch (err) {
      log.warn({ chatId, err: (err as Error).message }, 'could not look up a customer group owner');
    }
    return opts.defaultSender;
  }

  return { name: 'wecom', send };
}

/** "reply:<event id>:<n>" → the event id; other keys (jobs, broadcasts) answer no message. */
export function replyEventId(key: string): string | undefined {
  return /^reply:(.+):\d+$/.exec(key)?.[1];
}

function pruneDays(perDay: Record<string, unknown>, today: string): void {
  for (const day of Object.keys(perDay)) if (day < today) delete perDay[day];
}
