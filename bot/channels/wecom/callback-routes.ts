import type { Hono } from 'hono';
import type { Logger } from '../../logger.ts';
import type { Clock, InboundEvent } from '../../types.ts';
import type { Store } from '../../../store/db.ts';
import type { InboundJournal, InboundRecord } from '../../../store/inbound-journal.ts';
import type { WecomApi } from './api.ts';
import type { RequestGuard } from './guard.ts';
import { readAppCallback, retryKey, type AppCallback } from './inbound.ts';
import { resolveCallback } from './members.ts';
import { rawQuery } from './query.ts';
import type { RecentKeys } from './recent.ts';
import type { SerialQueue } from './queue.ts';
import { mountUrlCheck, refuse } from './url-check.ts';
import { envelopeCiphertext, readXml } from './xml.ts';

// The self-built app's callback URL. GET verifies the URL (echo the decrypted echostr);
// POST carries <xml><Encrypt>…</Encrypt></xml>. Anything not signed, fresh and ours gets
// 403 and nothing is parsed or processed; a good callback is journaled (on disk), then
// acknowledged, and handled after: from the journal again if the process dies first.

/** The inbound journal's source for self-built app callbacks; the body is `{ callback }`. */
export const WECOM_CALLBACK_SOURCE = 'wecom';

export interface CallbackDeps {
  guard: RequestGuard;
  clock: Clock;
  log: Logger;
  store: Store;
  api?: WecomApi;
  retries: RecentKeys;
  queue: SerialQueue;
  handle(event: InboundEvent): Promise<void>;
  /** Where callbacks are recorded before the 200 (`npm start` always gives one). */
  inbound?: InboundJournal;
}

export function mountCallbackRoutes(app: Hono, path: string, deps: CallbackDeps): void {
  mountUrlCheck(app, path, deps.guard, deps.log);

  app.post(path, async (c) => {
    // Signature first: only a body WeCom signed is worth an XML parse (the body limit in
    // index.ts bounds what is read at all).
    const query = rawQuery(c.req.url);
    const opened = deps.guard.open(query, envelopeCiphertext(await c.req.text()));
    if (!opened.ok) return refuse(c, deps.log, path, opened.reason);
    const msg = readXml(opened.plaintext);
    if (!msg) return refuse(c, deps.log, path, 'decrypted message is not XML');
    const at = deps.clock.now();
    // WeCom resends when it hears nothing within 5 s: a resend is acknowledged, never redone.
    const key = retryKey(msg);
    if (!deps.retries.add(key, at)) return c.body('', 200);
    const callback = readAppCallback(msg, { at, plaintext: opened.plaintext, nameOf: (id) => nameOf(deps.store, id) });
    // What changes nothing needs no journal line (nor a disk sync).
    const record: InboundRecord<CallbackBody> = { id: `wecom:${key}`, src: WECOM_CALLBACK_SOURCE, at, body: { callback } };
    const taken = callback.kind === 'ignored' ? undefined : deps.inbound?.accept(record);
    // Queued now, in the order WeCom delivered; it starts only once its line is on disk.
    if (!taken || taken.fresh) {
      void deps.queue.push(`callback ${callback.kind}`, async () => {
        if (taken && !(await onDisk(taken.durable))) return;
        await handleCallbackRecord(record, deps);
      });
    }
    if (taken && !(await onDisk(taken.durable))) {
      // Not recorded, so not taken: WeCom must hear a failure and send it again, and be let in then.
      deps.retries.delete(key);
      deps.guard.release(query);
      deps.log.error({ path, key }, 'WeCom callback could not be journaled; answered 503 so that WeCom sends it again');
      return c.body('', 503);
    }
    return c.body('', 200);
  });
}

export interface CallbackBody {
  callback: AppCallback;
}

/**
 * Handles one journaled callback (as it comes, or at start-up after a crash) and marks it
 * handled whatever the handlers made of it: a failure is logged, not retried forever.
 */
export async function handleCallbackRecord(record: InboundRecord<CallbackBody>, deps: Omit<CallbackDeps, 'guard' | 'retries' | 'queue' | 'clock'>): Promise<void> {
  try {
    for (const event of await resolveCallback(record.body.callback, record.at, deps)) await deps.handle(event);
  } finally {
    deps.inbound?.handled(record.id);
  }
}

/** True once the line is on disk, false when it could not be written. */
export async function onDisk(durable: Promise<void>): Promise<boolean> {
  try {
    await durable;
    return true;
  } catch {
    return false;
  }
}

export function nameOf(store: Store, id: string): string | undefined {
  return store.data.members[id]?.name ?? store.data.groups[id]?.name;
}
