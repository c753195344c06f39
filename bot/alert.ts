// The way to reach the owner when WeChat itself is down (bot/outage.ts): a WeCom group robot
// (群机器人) webhook when ALERT_WEBHOOK_URL is set, the log otherwise. The URL holds the robot's
// key, so it is never logged.

import type { Logger } from './logger.ts';

export interface Alert {
  /** Where alerts go, for the log: 'webhook' or 'log'. */
  readonly via: 'webhook' | 'log';
  /** Never throws: an alert that cannot be delivered is logged. */
  send(text: string): Promise<void>;
}

/** WeCom takes at most 2048 bytes of text per robot message. */
const MAX_TEXT_BYTES = 2048;
const TIMEOUT_MS = 5_000;

export function createAlert(webhookUrl: string | undefined, log: Logger): Alert {
  if (!webhookUrl) {
    return {
      via: 'log',
      async send(text) {
        log.error({ alert: text }, 'outage alert (set ALERT_WEBHOOK_URL to have it sent to a WeCom group robot)');
      },
    };
  }
  return {
    via: 'webhook',
    async send(text) {
      log.warn({ alert: text }, 'outage alert, sent to the webhook');
      try {
        // The group robot's text message: https://developer.work.weixin.qq.com/document/path/91770
        const res = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: clip(text) } }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
        if (!res.ok || (body.errcode !== undefined && body.errcode !== 0)) {
          log.error({ status: res.status, errcode: body.errcode, errmsg: body.errmsg }, 'the alert webhook refused the alert');
        }
      } catch (err) {
        // An error may quote the address, key included.
        log.error({ err: String((err as Error).message).split(webhookUrl).join('[ALERT_WEBHOOK_URL]') }, 'could not reach the alert webhook');
      }
    },
  };
}

function clip(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_TEXT_BYTES) return text;
  // Cut on a character boundary: decoding a cut multi-byte character gives U+FFFD, dropped here.
  return bytes.subarray(0, MAX_TEXT_BYTES - 3).toString('utf8').replace(/\uFFFD+$/, '') + '…';
}
