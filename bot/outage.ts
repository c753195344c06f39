// When the account is logged out or cut off. The Wechaty channel answers every send with "not
// now" (SendLater) meanwhile, so the outbox keeps the messages, in order, without using up
// their attempts. This watch:
//  - tells the owner through another path while it lasts (bot/alert.ts: a WeCom group robot
//    webhook, or the log), once it has lasted OUTAGE_ALERT_AFTER_SECONDS: a reconnect of a few
//    seconds is only logged;
//  - when the account is back, drops what waited too long to be worth sending (bot/expiry.ts),
//    lets the rest go at once in their chats' order, and DMs the owner how long it was down,
//    how many messages waited and went out, and how many were dropped as too late.

import type { Services } from './context.ts';
import { createAlert, type Alert } from './alert.ts';
import { tooLate, type ExpiryContext, type TooLate } from './expiry.ts';
import type { ChannelStatus, ConnectionState } from './channels/wechaty.ts';
import type { OutboxItem } from '../store/schema.ts';
import { ownerRefs } from './owners.ts';
import { formatWhen } from '../scheduler/when.ts';

/** What the watch needs of a channel (WechatyChannel has it). */
export interface WatchedChannel {
  status(): ChannelStatus;
  onStateChange(listener: (state: ConnectionState, at: number) => void): () => void;
}

export interface OutageWatchOptions {
  services: Services;
  channel: WatchedChannel;
  alert: Alert;
  /** How long the account must be down before the alert goes (0: at once). */
  alertAfterMs: number;
}

/** What happened to the messages that waited, as told to the owner. */
export interface OutageSummary {
  downAt: number;
  backAt: number;
  /** Messages waiting when the account came back. */
  waited: number;
  /** Of those, sent now (in order, as pacing allows; DMs still keep quiet hours). */
  resent: number;
  dropped: Array<TooLate & { key: string }>;
}

export interface OutageWatch {
  /** The outage going on now, if any. */
  current(): { since: number; state: ConnectionState } | undefined;
  /** Called with each outage that ended (tests, logs). */
  onBack(listener: (summary: OutageSummary) => void): void;
  /** Stops watching (before the bot stops, whose own logout is no outage). */
  close(): void;
}

interface Outage {
  since: number;
  state: ConnectionState;
  /** True before the first login since start: it may just be waiting for the QR code. */
  atStart: boolean;
  /** The alert went out: the owner hears when it is over. */
  alerted: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

/** The watch with the alert and delay the configuration gives. */
export function watchOutagesFromConfig(services: Services, channel: WatchedChannel): OutageWatch {
  const { config, log } = services;
  return watchOutages({
    services, channel, alert: createAlert(config.ALERT_WEBHOOK_URL, log), alertAfterMs: config.OUTAGE_ALERT_AFTER_SECONDS * 1000,
  });
}

export function watchOutages(opts: OutageWatchOptions): OutageWatch {
  const { services, channel, alert, alertAfterMs } = opts;
  const { clock, log, outbox, store, config } = services;
  const backListeners: Array<(summary: OutageSummary) => void> = [];
  let outage: Outage | undefined;
  let everUp = channel.status().state === 'logged-in';

  const begin = (state: ConnectionState, at: number): void => {
    if (outage) {
      const was = outage.state;
      outage.state = state;
      // Alerted about a reconnect that became a logout: now someone has to scan the QR code.
      if (outage.alerted && was !== state && state === 'logged-out') void alert.send(downText(outage, config.TZ, at));
      return;
    }
    const current: Outage = { since: at, state, atStart: !everUp, alerted: false };
    outage = current;
    log.warn({ state, alertAfterMs, via: alert.via }, 'the account cannot send; messages wait until it is back');
    const fire = (): void => {
      if (outage !== current) return;
      current.alerted = true;
      void alert.send(downText(current, config.TZ, clock.now()));
    };
    if (alertAfterMs <= 0) fire();
    else {
      current.timer = setTimeout(fire, alertAfterMs);
      current.timer.unref();
    }
  };

  const end = (at: number): void => {
    everUp = true;
    const ended = outage;
    if (!ended) return;
    outage = undefined;
    clearTimeout(ended.timer);
    const summary = settle(ended.since, at);
    log.info({ downMs: at - ended.since, waited: summary.waited, resent: summary.resent, dropped: summary.dropped.length }, 'the account is back; waiting messages go now');
    for (const listener of backListeners) listener(summary);
    // A blip nobody was alerted about is only logged, unless it cost a message.
    if (!ended.alerted && summary.dropped.length === 0) return;
    tellOwners(summary, ended);
    if (ended.alerted) void alert.send(backAlertText(summary));
  };

  /** The messages that waited: too late ones dropped, the rest let go now. */
  const settle = (downAt: number, backAt: number): OutageSummary => {
    // Looked up once for the whole backlog, not once per waiting reply.
    const ownerIds = new Set(ownerRefs(services).map((o) => o.id));
    const ctx: ExpiryContext = {
      data: store.data, missedWindowMs: config.SCHEDULER_MISSED_WINDOW_MINUTES * 60_000,
      isOwner: (m) => ownerIds.has(m.id),
    };
    const kept: OutboxItem[] = [];
    const dropped: OutageSummary['dropped'] = [];
    for (const item of outbox.waiting()) {
      const late = tooLate(item, backAt, ctx);
      if (late && outbox.drop(item, `过时未发：${late.label}，${late.why}（账号掉线期间没能发出）`)) dropped.push({ ...late, key: item.key });
      else kept.push(item);
    }
    outbox.retryNow(kept);
    return { downAt, backAt, waited: kept.length + dropped.length, resent: kept.length, dropped };
  };

  const tellOwners = (summary: OutageSummary, ended: Outage): void => {
    const owners = ownerRefs(services);
    if (owners.length === 0) {
      log.warn('the account was down, but OWNER_IDS is empty: nobody to tell');
      return;
    }
    const text = backText(summary, ended.atStart, config.TZ);
    // Queued behind what waited in the owner's chat; like the owner's other notices it keeps quiet hours.
    for (const owner of owners) {
      outbox.enqueue({ key: `outage:${summary.downAt}:${owner.id}`, to: { kind: 'dm', member: owner }, text, purpose: 'requested' });
    }
  };

  const off = channel.onStateChange((state, at) => (state === 'logged-in' ? end(at) : begin(state, at)));
  // Attached before the login (a puppet service): the wait for it counts as down from now.
  const first = channel.status();
  if (first.state !== 'logged-in') begin(first.state, first.since);

  return {
    current: () => (outage ? { since: outage.since, state: outage.state } : undefined),
    onBack: (listener) => void backListeners.push(listener),
    close() {
      off();
      clearTimeout(outage?.timer);
      outage = undefined;
    },
  };
}

function downText(outage: Outage, tz: string, now: number): string {
  const since = formatWhen(outage.since, now, tz);
  const what = outage.atStart
    ? `启动后微信一直没有登录（${since}起），请扫码登录`
    : outage.state === 'logged-out'
      ? `微信账号退出登录了（${since}起），需要重新扫码登录`
      : `和微信的连接断了（${since}起），正在自动重连；一直连不上的话请检查服务器和 Wechaty 服务`;
  return `【邻里小助手】${what}。这期间要发的消息先存着，恢复后按顺序补发；过了时效的（比如开播前的提醒）就不再发了。`;
}

function backText(s: OutageSummary, atStart: boolean, tz: string): string {
  const span = `${formatWhen(s.downAt, s.backAt, tz)}–${formatWhen(s.backAt, s.backAt, tz).replace(/^今天 /, '')}`;
  const head = atStart
    ? `【邻里小助手】微信登录好了：启动后等了${duration(s.backAt - s.downAt)}才登录（${span}）。`
    : `【邻里小助手】微信掉线了${duration(s.backAt - s.downAt)}（${span}），现在已经恢复。`;
  if (s.waited === 0) return `${head}这期间没有要发的消息。`;
  const parts = [`这期间有 ${s.waited} 条消息没发出去`];
  if (s.resent > 0) parts.push(`${s.resent} 条现在按顺序补发`);
  if (s.dropped.length > 0) parts.push(`${s.dropped.length} 条已经过时，不再发了（${countByLabel(s.dropped)}）`);
  return `${head}${parts[0]}：${parts.slice(1).join('，')}。`;
}

function backAlertText(s: OutageSummary): string {
  const head = `【邻里小助手】微信已恢复，掉线${duration(s.backAt - s.downAt)}。`;
  if (s.waited === 0) return `${head}期间没有要发的消息。`;
  return `${head}待发消息 ${s.waited} 条：补发 ${s.resent} 条，过时不发 ${s.dropped.length} 条。`;
}

function countByLabel(dropped: OutageSummary['dropped']): string {
  const counts = new Map<string, number>();
  for (const d of dropped) counts.set(d.label, (counts.get(d.label) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${label} ${n} 条`).join('、');
}

/** "45分钟", "1小时10分钟", "2天3小时", "不到1分钟". */
export function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '不到1分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}天${hours ? `${hours}小时` : ''}`;
  if (hours > 0) return `${hours}小时${mins ? `${mins}分钟` : ''}`;
  return `${mins}分钟`;
}
