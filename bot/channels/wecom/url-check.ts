import type { Hono } from 'hono';
import type { Logger } from '../../logger.ts';
import type { RequestGuard } from './guard.ts';
import { rawQuery } from './query.ts';

/**
 * WeCom's URL check (GET with a signed, encrypted echostr): answer the bare decrypted
 * plaintext, nothing else. The same for the self-built app and the 智能机器人.
 */
export function mountUrlCheck(app: Hono, path: string, guard: RequestGuard, log: Logger): void {
  app.get(path, (c) => {
    const query = rawQuery(c.req.url);
    const opened = guard.open(query, query['echostr']);
    if (!opened.ok) return refuse(c, log, path, opened.reason);
    // No quotes, no BOM, no newline: WeCom compares the body byte for byte.
    return c.body(opened.plaintext.replace(/^\ufeff/, ''), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
}

export function refuse(c: { body(data: string, status: 403): Response }, log: Logger, path: string, reason: string): Response {
  // The reason is ours to know; the caller learns nothing that helps forge the next try.
  log.warn({ path, reason }, 'WeCom callback refused');
  return c.body('forbidden', 403);
}
