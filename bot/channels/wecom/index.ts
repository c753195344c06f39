import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Channel, Clock, InboundEvent } from '../../types.ts';
import type { Store } from '../../../store/db.ts';
import type { InboundJournal, InboundRecord } from '../../../store/inbound-journal.ts';
import type { SliceSpec } from '../../../store/slices.ts';
import type { AibotMessage } from './aibot.ts';
import { handleAibotRecord, mountAibotRoutes, WECOM_AIBOT_SOURCE } from './aibot-routes.ts';
import { WecomApi } from './api.ts';
import { handleCallbackRecord, mountCallbackRoutes, WECOM_CALLBACK_SOURCE, type CallbackBody } from './callback-routes.ts';
import { createWecomChannel } from './channel.ts';
import { WecomCipher } from './crypto.ts';
import { RequestGuard } from './guard.ts';
import { SerialQueue } from './queue.ts';
import { RecentKeys, type SavedKeys } from './recent.ts';
import { ReplySlots } from './reply-slots.ts';
import { seenRecord, wecomSlice } from './state.ts';

// Wiring for the WeCom channel: the hono app with the callback routes that are configured,
// the API client, and the Channel the outbox sends through.

export const CALLBACK_PATH = '/wecom/callback';
export const AIBOT_PATH = '/wecom/aibot';
/** WeCom retries within seconds; an hour of memory covers any resend. */
const RETRY_MEMORY_MS = 60 * 60_000;
/**
 * A callback is a few KB (a long 接龙 some tens). Anything bigger is refused before it is read,
 * so an unsigned 50 MB body costs nothing instead of seconds and gigabytes.
 */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

export interface WecomOptions {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  handle(event: InboundEvent): Promise<void>;
  /** Runs due sends now (engine.tick), so a 智能机器人 reply can go back passively. */
  flush(): Promise<void>;
  /**
   * Where callbacks are recorded before WeCom hears 200, and handled from after a crash
   * (`npm start` gives one; without it a callback acknowledged lives only in memory).
   */
  inbound?: InboundJournal;
}

export interface Wecom {
  app: Hono;
  channel: Channel;
  api?: WecomApi;
  /** Resolves once every callback received so far has been handled. */
  idle(): Promise<void>;
  /**
   * Queues the callbacks acknowledged before the last stop and not handled (from the inbound
   * journal), ahead of any new one, in the order they came; resolves once they are handled.
   * Call once, before the routes are served.
   */
  recover(): Promise<number>;
}

export function createWecom(opts: WecomOptions): Wecom {
  const { config, store, clock, log } = opts;
  // Loaded on demand, after the store opened: its slice of state.json is taken up now.
  if (store.data.wecom === undefined) store.slice(wecomSlice as SliceSpec);
  const windowMs = config.WECOM_TIMESTAMP_WINDOW_SECONDS * 1000;
  const app = new Hono();
  app.use('*', bodyLimit({
    maxSize: MAX_CALLBACK_BYTES,
    onError: (c) => {
      log.warn({ path: c.req.path, length: c.req.header('content-length') }, 'WeCom callback refused: body too large');
      return c.body('payload too large', 413);
    },
  }));
  // The replay memories live in state.json (wecom.seen), so they survive a restart.
  const saved = (name: string): SavedKeys => ({ entries: seenRecord(store.data.wecom, name), changed: () => store.changed() });
  const queue = new SerialQueue(log);
  const retries = new RecentKeys(RETRY_MEMORY_MS, 100_000, saved('messages'));
  const slots = new ReplySlots(clock);
  const handle = opts.handle;
  const inbound = opts.inbound;
  const api = config.WECOM_CORP_ID && config.WECOM_SECRET
    ? new WecomApi({ base: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID, secret: config.WECOM_SECRET, clock, log })
    : undefined;

  if (config.WECOM_CORP_ID && config.WECOM_TOKEN && config.WECOM_ENCODING_AES_KEY) {
    const cipher = new WecomCipher(config.WECOM_TOKEN, config.WECOM_ENCODING_AES_KEY, config.WECOM_CORP_ID);
    const guard = new RequestGuard(cipher, clock, windowMs, saved('callback-signatures'));
    mountCallbackRoutes(app, CALLBACK_PATH, { guard, clock, log, store, retries, queue, handle, ...(api ? { api } : {}), ...(inbound ? { inbound } : {}) });
  }
  if (config.WECOM_BOT_TOKEN && config.WECOM_BOT_AES_KEY) {
    // A 智能机器人's messages carry an empty receive id.
    const cipher = new WecomCipher(config.WECOM_BOT_TOKEN, config.WECOM_BOT_AES_KEY, '');
    const guard = new RequestGuard(cipher, clock, windowMs, saved('aibot-signatures'));
    mountAibotRoutes(app, AIBOT_PATH, {
      guard, cipher, clock, log, store, retries, queue, slots, handle, flush: opts.flush, passiveMs: config.WECOM_PASSIVE_REPLY_MS,
      ...(inbound ? { inbound } : {}),
    });
  }

  const channel = createWecomChannel({
    store, clock, log, tz: config.TZ, slots, webhookKeys: config.WECOM_GROUP_WEBHOOK_KEYS, apiBase: config.WECOM_API_BASE,
    customerDailyLimit: config.WECOM_CUSTOMER_DAILY_LIMIT,
    ...(api ? { api } : {}),
    ...(config.WECOM_AGENT_ID ? { agentId: config.WECOM_AGENT_ID } : {}),
    ...(config.WECOM_TEMPLATE_SENDER ?? config.OWNER_IDS[0] ? { defaultSender: config.WECOM_TEMPLATE_SENDER ?? config.OWNER_IDS[0] } : {}),
  });
  async function recover(): Promise<number> {
    if (!inbound) return 0;
    const records = inbound.pending().filter((r) => r.src === WECOM_CALLBACK_SOURCE || r.src === WECOM_AIBOT_SOURCE);
    for (const record of records) {
      if (record.src === WECOM_CALLBACK_SOURCE) {
        const body = record.body as Partial<CallbackBody> | null;
        if (typeof body?.callback?.kind !== 'string') {
          log.error({ id: record.id }, 'an inbound journal line for a WeCom callback holds no callback; skipped');
          inbound.handled(record.id);
          continue;
        }
        void queue.push(`recovered callback ${body.callback.kind}`, () =>
          handleCallbackRecord(record as InboundRecord<CallbackBody>, { log, store, handle, inbound, ...(api ? { api } : {}) }));
      } else {
        const body = record.body as Partial<AibotMessage> | null;
        if (typeof body?.event?.id !== 'string' || typeof body.chatKey !== 'string') {
          log.error({ id: record.id }, 'an inbound journal line for a 智能机器人 message holds no message; skipped');
          inbound.handled(record.id);
          continue;
        }
        void queue.push(`recovered aibot ${record.id}`, () =>
          handleAibotRecord(record as InboundRecord<AibotMessage>, { store, slots, handle, flush: opts.flush, inbound }, true));
      }
    }
    if (records.length > 0) {
      await queue.idle();
      log.info({ count: records.length }, 'WeCom callbacks acknowledged before the restart handled');
    }
    return records.length;
  }

  return { app, channel, ...(api ? { api } : {}), idle: () => queue.idle(), recover };
}
