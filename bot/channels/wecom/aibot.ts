import type { TextEvent } from '../../types.ts';

// A 智能机器人 (API mode) callback, decrypted: JSON with msgid, chatid (group chats only),
// chattype single|group, from.userid, response_url and msgtype text|mixed|stream|event.
// In a group the bot only hears messages that @-mention it.

export interface AibotMessage {
  event: TextEvent;
  /** The chat to answer in: the group's chatid, or the user for a single chat. */
  chatKey: string;
  isGroup: boolean;
  responseUrl?: string;
}

export type AibotRead = { ok: true; message: AibotMessage } | { ok: false; why: string };

export function readAibotMessage(raw: unknown, at: number, nameOf: (id: string) => string | undefined): AibotRead {
  if (!isObject(raw)) return { ok: false, why: 'not a JSON object' };
  const msgid = str(raw['msgid']);
  const userId = isObject(raw['from']) ? str(raw['from']['userid']) : undefined;
  const msgtype = str(raw['msgtype']);
  if (msgtype === 'stream' || msgtype === 'event') return { ok: false, why: `msgtype ${msgtype}` };
  if (!msgid || !userId) return { ok: false, why: 'no msgid or from.userid' };
  const isGroup = raw['chattype'] === 'group';
  const chatId = str(raw['chatid']);
  if (isGroup && !chatId) return { ok: false, why: 'group message without chatid' };
  let text = readText(raw, msgtype);
  if (text === undefined) return { ok: false, why: `msgtype ${msgtype ?? '(none)'} has no text` };
  // The bot hears a group message because it is @-mentioned first; drop that mention.
  if (isGroup) text = text.replace(/^\s*@\S+[\s\u2005\u00a0]*/, '');
  const event: TextEvent = {
    kind: 'text', id: `wecom-bot:${msgid}`, at, from: { id: userId, name: nameOf(userId) ?? userId },
    text: text.trim(), mentionsBot: isGroup, mentions: [], raw: { platform: 'wecom', type: `aibot:${msgtype}` },
    ...(isGroup && chatId ? { group: { id: chatId, name: nameOf(chatId) ?? '企业微信群' } } : {}),
  };
  const responseUrl = str(raw['response_url']);
  return { ok: true, message: { event, chatKey: isGroup ? chatId! : userId, isGroup, ...(responseUrl ? { responseUrl } : {}) } };
}

function readText(raw: Record<string, unknown>, msgtype: string | undefined): string | undefined {
  if (msgtype === 'text' && isObject(raw['text'])) return str(raw['text']['content']);
  if (msgtype === 'mixed' && isObject(raw['mixed']) && Array.isArray(raw['mixed']['msg_item'])) {
    const parts = raw['mixed']['msg_item']
      .map((item) => (isObject(item) && item['msgtype'] === 'text' && isObject(item['text']) ? str(item['text']['content']) : undefined))
      .filter((t): t is string => t !== undefined);
    return parts.length ? parts.join('\n') : undefined;
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
