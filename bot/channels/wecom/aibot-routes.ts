import type { Hono } from 'hono';
import type { Logger } from '../../logger.ts';
import type { Clock, InboundEvent } from '../../types.ts';
import type { Store } from '../../../store/db.ts';
import type { InboundJournal, InboundRecord } from '../../../store/inbound-journal.ts';
import { readAibotMessage, type AibotMessage } from './aibot.ts';
import type { WecomCipher } from './crypto.ts';
import type { RequestGuard } from './guard.ts';
import { nameOf, onDisk } from './callback-routes.ts';
import { rawQuery } from './query.ts';
import type { RecentKeys } from './recent.ts';
import type { ReplySlots } from './reply-slots.ts';
import type { SerialQueue } from './queue.ts';
import { mountUrlCheck, refuse } from './url-check.ts';

// The 智能机器人's callback URL (API mode, JSON). A message is handed to the handlers at
// once; a reply that is ready within the passive window goes back in the HTTP response
// (an encrypted stream message, finished), a later one through the message's response_url.
// Like the app's callbacks, a message is journaled before it is answered, and handled from
// the journal after a crash (its reply then goes through response_url, while that is valid).

/** The inbound journal's source for 智能机器人 messages; the body is the message as read. */
export const WECOM_AIBOT_SOURCE = 'wecom-bot';

export interface AibotDeps {
  guard: RequestGuard;
  cipher: WecomCipher;
  clock: Clock;
  log: Logger;
  store: Store;
  retries: RecentKeys;
  queue: SerialQueue;
  slots: ReplySlots;
  passiveMs: number;
  handle(event: InboundEvent): Promise<void>;
  /** Sends whatever the handlers queued, now (the outbox → the WeCom channel). */
  flush(): Promise<void>;
  /** Where messages are recorded before they are answered (`npm start` always gives one). */
  inbound?: InboundJournal;
}

export function mountAibotRoutes(app: Hono, path: string, deps: AibotDeps): void {
  mountUrlCheck(app, path, deps.guard, deps.log);

  app.post(path, async (c) => {
    const body = parseJson(await c.req.text());
    const encrypted = isObject(body) && typeof body['encrypt'] === 'string' ? body['encrypt'] : undefined;
    if (!encrypted) return refuse(c, deps.log, path, 'body is not JSON with "encrypt"');
    const query = rawQuery(c.req.url);
    const opened = deps.guard.open(query, encrypted);
    if (!opened.ok) return refuse(c, deps.log, path, opened.reason);
    const plain = parseJson(opened.plaintext);
    if (plain === undefined) return refuse(c, deps.log, path, 'decrypted message is not JSON');
    const at = deps.clock.now();
    const read = readAibotMessage(plain, at, (id) => nameOf(deps.store, id));
    if (!read.ok) {
      deps.log.debug({ why: read.why }, '智能机器人 callback needs no answer');
      return c.body('', 200);
    }
    const { event, chatKey, isGroup, responseUrl } = read.message;
    if (!deps.retries.add(event.id, at)) return c.body('', 200);
    const taken = deps.inbound?.accept({ id: event.id, src: WECOM_AIBOT_SOURCE, at, body: read.message });
    const refuseUnrecorded = () => {
      // Not recorded, so not taken: WeCom must hear a failure and send it again, and be let in then.
      deps.retries.delete(event.id);
      deps.guard.release(query);
      deps.log.error({ path, eventId: event.id }, '智能机器人 message could not be journaled; answered 503 so that WeCom sends it again');
      return c.body('', 503);
    };
    // Taken before (a resend after a restart): acknowledged, handled once from the journal.
    if (taken && !taken.fresh) return (await onDisk(taken.durable)) ? c.body('', 200) : refuseUnrecorded();
    if (isGroup) rememberAibotChat(deps.store, chatKey);

    const slot = deps.slots.open(event.id, chatKey, responseUrl);
    const handled = deps.queue.push(`aibot ${event.id}`, async () => {
      if (taken && !(await onDisk(taken.durable))) return;
      await handleAibotRecord({ id: event.id, src: WECOM_AIBOT_SOURCE, at, body: read.message }, deps, false);
    });
    if (taken && !(await onDisk(taken.durable))) {
      slot.close();
      return refuseUnrecorded();
    }
    // Whatever comes first: the reply, the handlers finishing without one, or the deadline.
    await Promise.race([slot.answer, handled, delay(deps.passiveMs)]);
    // Closing settles the answer as "none" unless a reply took the slot first (even in the
    // same instant): a reply is either in this response or goes by response_url, never lost.
    slot.close();
    const text = await slot.answer;
    if (text === undefined) return c.body('', 200);
    const reply = { msgtype: 'stream', stream: { id: `linli-${event.id}`, finish: true, content: text } };
    return c.json(deps.cipher.seal(JSON.stringify(reply), String(Math.floor(at / 1000))));
  });
}

/**
 * Handles one journaled 智能机器人 message and marks it handled. `recovered`: taken before a
 * restart, so no request waits for a passive answer; its response_url may still carry one.
 */
export async function handleAibotRecord(
  record: InboundRecord<AibotMessage>,
  deps: Pick<AibotDeps, 'store' | 'slots' | 'handle' | 'flush' | 'inbound'>,
  recovered: boolean,
): Promise<void> {
  const { event, chatKey, isGroup, responseUrl } = record.body;
  try {
    if (recovered) {
      if (isGroup) rememberAibotChat(deps.store, chatKey);
      deps.slots.reopen(event.id, chatKey, responseUrl, record.at);
    }
    await deps.handle(event);
  } finally {
    deps.inbound?.handled(record.id);
  }
  await deps.flush();
}

function rememberAibotChat(store: Store, chatId: string): void {
  const chats = store.data.wecom.chats;
  if (chats[chatId]?.kind === 'aibot') return;
  chats[chatId] = { kind: 'aibot' };
  store.changed();
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
