import type { InboundEvent, MemberRef } from '../../types.ts';
import { SOLITAIRE_MSGTYPE, solitaireLines } from './solitaire.ts';
import { field, items, type XmlNode } from './xml.ts';

// What a self-built app's callback (decrypted XML) means, as plain data. Messages become
// InboundEvent here; customer-group member changes and new customers need the API for
// names and inviters, so they are returned as requests the resolver completes.

export type AppCallback =
  | { kind: 'event'; event: InboundEvent }
  | { kind: 'members'; change: 'join' | 'leave'; chatId: string; userIds: string[]; count: number; createdAt: number }
  | { kind: 'customer-chat'; chatId: string; change: string }
  | { kind: 'contact-added'; staff: string; externalUserId: string; createdAt: number }
  | { kind: 'contact-removed'; staff: string; externalUserId: string }
  | { kind: 'ignored'; why: string };

export interface ReadOptions {
  /** When the callback arrived (the injected clock). */
  at: number;
  /** Names the store already knows, by id. */
  nameOf(id: string): string | undefined;
  /** The decrypted XML text, for fields that must be read raw (a 接龙's solitaireInfo). */
  plaintext: string;
}

/** The key under which a retried callback is recognised: MsgId, or sender + time for events. */
export function retryKey(msg: XmlNode): string {
  const msgId = field(msg, 'MsgId');
  if (msgId) return `msg:${msgId}`;
  return ['event', field(msg, 'FromUserName'), field(msg, 'CreateTime'), field(msg, 'Event'), field(msg, 'ChangeType'),
    field(msg, 'UpdateDetail'), field(msg, 'ChatId'), field(msg, 'ExternalUserID'), items(msg, 'MemChangeList').join(',')].join(':');
}

export function readAppCallback(msg: XmlNode, opts: ReadOptions): AppCallback {
  const type = field(msg, 'MsgType');
  const createdAt = Number(field(msg, 'CreateTime') ?? 0) * 1000 || opts.at;
  if (type === 'text' || type === SOLITAIRE_MSGTYPE) return readMessage(msg, type, opts);
  if (type !== 'event') return { kind: 'ignored', why: `message type ${type ?? '(none)'}` };
  const event = field(msg, 'Event');
  const change = field(msg, 'ChangeType') ?? '';
  if (event === 'change_external_chat') {
    const chatId = field(msg, 'ChatId');
    if (!chatId) return { kind: 'ignored', why: 'change_external_chat without ChatId' };
    const detail = field(msg, 'UpdateDetail');
    if (change === 'update' && (detail === 'add_member' || detail === 'del_member')) {
      return {
        kind: 'members', change: detail === 'add_member' ? 'join' : 'leave', chatId,
        userIds: items(msg, 'MemChangeList'), count: Number(field(msg, 'MemChangeCnt') ?? 0) || 0, createdAt,
      };
    }
    return { kind: 'customer-chat', chatId, change: detail ? `${change}:${detail}` : change };
  }
  if (event === 'change_external_contact') {
    const staff = field(msg, 'UserID');
    const externalUserId = field(msg, 'ExternalUserID');
    if (!staff || !externalUserId) return { kind: 'ignored', why: 'change_external_contact without UserID / ExternalUserID' };
    if (change === 'add_external_contact') return { kind: 'contact-added', staff, externalUserId, createdAt };
    if (change === 'del_follow_user' || change === 'del_external_contact') return { kind: 'contact-removed', staff, externalUserId };
    return { kind: 'ignored', why: `change_external_contact ${change}` };
  }
  return { kind: 'ignored', why: `event ${event ?? '(none)'}` };
}

function readMessage(msg: XmlNode, type: string, opts: ReadOptions): AppCallback {
  const fromId = field(msg, 'FromUserName');
  const msgId = field(msg, 'MsgId');
  const content = field(msg, 'Content', true) ?? '';
  if (!fromId || !msgId) return { kind: 'ignored', why: 'message without FromUserName / MsgId' };
  const from: MemberRef = { id: fromId, name: opts.nameOf(fromId) ?? fromId };
  const chatId = field(msg, 'ChatId');
  const base = { id: `wecom:${msgId}`, at: opts.at, ...(chatId ? { group: { id: chatId, name: opts.nameOf(chatId) ?? chatId } } : {}) };
  if (type === SOLITAIRE_MSGTYPE) {
    const lines = solitaireLines(opts.plaintext, content);
    if (lines) return { kind: 'event', event: { ...base, kind: 'jielong', from, text: content, lines, raw: { platform: 'wecom', type: '接龙' } } };
  }
  return {
    kind: 'event',
    event: { ...base, kind: 'text', from, text: content.trim(), mentionsBot: false, mentions: [], raw: { platform: 'wecom', type: type === 'text' ? 'text' : '接龙' } },
  };
}
