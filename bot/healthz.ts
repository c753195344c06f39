// GET /healthz for process supervisors (systemd, Docker, k8s, uptime checks): 200 while the
// channel can send, 503 while it cannot (logged out, disconnected). The body says why and how
// much is waiting. Nothing in it names a person, a group, a phone or a secret.

import { Hono } from 'hono';
import type { Outbox } from './outbox.ts';
import type { Clock } from './types.ts';
import type { ChannelStatus, WechatyChannel } from './channels/wechaty.ts';
import type { Services } from './context.ts';
import { formatIso } from '../scheduler/clock.ts';

export const HEALTHZ_PATH = '/healthz';

export interface HealthSource {
  /** The channel's name ('wechaty'). */
  channel: string;
  status: () => ChannelStatus;
  outbox: Pick<Outbox, 'waiting'>;
  clock: Clock;
  tz: string;
}

export interface HealthReport {
  status: 'ok' | 'down';
  now: string;
  channel: {
    name: string;
    state: ChannelStatus['state'];
    /** Since when in this state (the start, for the first one). */
    since: string;
    lastInboundAt: string | null;
    lastOutboundAt: string | null;
  };
  outbox: {
    waiting: number;
    /** How long the oldest waiting message has waited; null when nothing waits. */
    oldestWaitingSeconds: number | null;
  };
}

export function healthReport(source: HealthSource): HealthReport {
  const now = source.clock.now();
  const iso = (at: number | undefined) => (at === undefined ? null : formatIso(at, source.tz));
  const status = source.status();
  let oldest: number | undefined;
  const waiting = source.outbox.waiting();
  for (const item of waiting) oldest = Math.min(oldest ?? item.createdAt, item.createdAt);
  const up = status.state === 'logged-in';
  return {
    status: up ? 'ok' : 'down',
    now: formatIso(now, source.tz),
    channel: {
      name: source.channel,
      state: status.state,
      since: formatIso(status.since, source.tz),
      lastInboundAt: iso(status.lastInboundAt),
      lastOutboundAt: iso(status.lastOutboundAt),
    },
    outbox: {
      waiting: waiting.length,
      oldestWaitingSeconds: oldest === undefined ? null : Math.max(0, Math.floor((now - oldest) / 1000)),
    },
  };
}

/** Adds GET /healthz to an app (the sandbox page). */
export function mountHealthz(app: Hono, source: HealthSource): Hono {
  app.get(HEALTHZ_PATH, (c) => {
    const report = healthReport(source);
    c.header('cache-control', 'no-store');
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
  return app;
}

/** An app with /healthz alone: what a puppet-service bot serves on WEB_HOST:WEB_PORT. */
export function healthApp(source: HealthSource): Hono {
  return mountHealthz(new Hono(), source);
}

/** The health of a Wechaty bot: its channel and its outbox. */
export function wechatyHealth(services: Pick<Services, 'outbox' | 'clock' | 'config'>, channel: Pick<WechatyChannel, 'status'>): HealthSource {
  return { channel: 'wechaty', status: () => channel.status(), outbox: services.outbox, clock: services.clock, tz: services.config.TZ };
}
