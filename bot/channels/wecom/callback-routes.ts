import type { Hono } from 'hono';
import type { Logger } from '../../logger.ts';
import type { Clock, InboundEvent } from '../../types.ts';
import type { Store } from '../../../store/db.ts';
import type { WecomApi } from './api.ts';
import type { RequestGuard } from './guard.ts';
import { readAppCallback, retryKey } from './inbound.ts';
import { resolveCallback } from './members.ts';
import { rawQuery } from './query.ts';
import type { RecentKeys } from './recent.ts';
import type { SerialQueue } from './queue.ts';
import { mountUrlCheck, refuse } from './url-check.ts';
import { envelopeCiphertext, readXml } from './xml.ts';

// The self-built app's callback URL. GET verifies the URL (echo the decrypted echostr);
// POST carries <xml><Encrypt>…</Encrypt></xml>. Anything not signed, fresh and ours gets
// 403 and nothing is parsed or processed; a good callback is acknowledged at once and
// handled after.

export interface CallbackDeps {
  guard: RequestGuard;
  clock: Clock;
  log: Logger;
  store: Store;
  api?: WecomApi;
  retries: RecentKeys;
  queue: SerialQueue;
  handle(event: InboundEvent): Promise<void>;
}

export function mountCallbackRoutes(app: Hono, path: string, deps: CallbackDeps): void {
  mountUrlCheck(app, path, deps.guard, deps.log);

  app.post(path, async (c) => {
    // Signature first: only a body WeCom signed is worth an XML parse (the body limit in
    // index.ts bounds what is read at all).
    const opened = deps.guard.open(rawQuery(c.req.url), envelopeCiphertext(await c.req.text()));
    if (!opened.ok) return refuse(c, deps.log, path, opened.reason);
    const msg = readXml(opened.plaintext);
    if (!msg) return refuse(c, deps.log, path, 'decrypted message is not XML');
    const at = deps.clock.now();
    // WeCom resends when it hears nothing within 5 s: a resend is acknowledged, never redone.
    if (!deps.retries.add(retryKey(msg), at)) return c.body('', 200);
    const callback = readAppCallback(msg, { at, plaintext: opened.plaintext, nameOf: (id) => nameOf(deps.store, id) });
    void deps.queue.push(`callback ${callback.kind}`, async () => {
      for (const event of await resolveCallback(callback, at, deps)) await deps.handle(event);
    });
    return c.body('', 200);
  });
}

export function nameOf(store: Store, id: string): string | undefined {
  return store.data.members[id]?.name ?? store.data.groups[id]?.name;
}
