import type { Logger } from './logger.ts';
import { WRITE_RETRY_MS, type Store } from '../store/db.ts';
import { FINISHED_RETENTION_MS, type OutboxItem, type SendPurpose } from '../store/schema.ts';
import { dayKey } from '../scheduler/clock.ts';
import { changeOf, foldLines, isFinished, laterCopy, messageId, outboxJournal, type OutboxJournal } from './outbox-history.ts';
import { IndexedQueue, type PendingQueue } from './outbox-queue.ts';
import { chatKey, earliestSend, inQuietHours, localDayKey, localNextMinuteOfDay, retryDelay, type PacingPolicy, type SendHistory } from './pacing.ts';
import { expiredWaiting } from './expiry.ts';
import { SendLater } from './send-later.ts';
import type { Channel, Clock, Destination, GroupRef, MemberRef, OutboundFile } from './types.ts';

export interface OutgoingMessage {
  /** Idempotency key: the same key is queued and sent at most once, across restarts. */
  key: string;
  to: Destination;
  text: string;
  mentions?: MemberRef[];
  /** Decides quiet hours and the daily DM cap; see SendPurpose. Default 'requested'. */
  purpose?: SendPurpose;
  /** Do not send before this instant (epoch ms). */
  notBefore?: number;
  file?: OutboundFile;
  /** One of the same post to many groups: kept OUTBOX_GROUPS_GAP_MS after any group post. */
  spread?: boolean;
}

const INTERRUPTED = '发送时进程中断，无法确认是否已送达；为避免重复发送，未自动重发';

/** Told to the owner once when the data directory cannot be written (followed by the error). */
export const WRITE_FAILED_NOTICE = '【邻里小助手】数据目录写不进去了，很可能是服务器磁盘满了。为免消息发出去却没记下、重启后重复发送，现在暂停发消息；能写入后会自动继续。请尽快清理磁盘空间。';

/** A disk that keeps filling up again is told to the owner again after this long, not on every flap. */
export const WRITE_FAILED_RETELL_MS = 6 * 3600_000;

/** How often a running bot drops finished messages past the retention (start-up always does). */
export const PRUNE_EVERY_MS = 3600_000;

/**
 * How often a running bot rewrites outbox.jsonl without the lines past the retention (start-up
 * always does when there are any). Appending costs a line per message; the rewrite costs the
 * whole month (~15 MB for 2,000 messages a day), so once a day keeps the file within a day of
 * the retention for a bot that never restarts without paying that on any send.
 */
export const COMPACT_EVERY_MS = 24 * 3600_000;

/** How long after start-up the journal's daily rewrite first runs. */
export const COMPACT_AFTER_START_MS = 10 * 60_000;

/**
 * How often a running bot looks through the waiting unsolicited DMs for ones past their shelf
 * life (bot/expiry.ts, expiredWaiting) and drops them. A DM is also checked just before it goes,
 * so none goes late whatever this is; the sweep keeps the ones the cap holds from piling up.
 */
export const SWEEP_EVERY_MS = 10 * 60_000;

/** Finished messages are history, not work: a month of it is kept, then dropped. */
function expired(item: OutboxItem, now: number): boolean {
  if (!isFinished(item)) return false;
  return now - (item.sentAt ?? item.createdAt) >= FINISHED_RETENTION_MS;
}

/**
 * Every outgoing message is persisted here before it is sent, then sent in order per
 * chat as pacing allows, retried with backoff on failure, and never sent twice.
 *
 * `store.data.outbox` holds in memory every message kept: the waiting ones and a month of
 * finished ones. On disk they are lines in outbox.jsonl (bot/outbox-history.ts): the whole
 * message when it is queued, a short line for each change of state, `sending` written before
 * it leaves. So a send appends two small lines and never waits for a rewrite of state.json,
 * which holds only a message whose lines could not be written (a full disk). Start-up folds
 * both back into one list.
 */
export class Outbox {
  private channel: Channel | undefined;
  /**
   * Keys of the messages kept in the outbox. A key is refused only as long as its message is
   * kept: once a finished message is pruned (FINISHED_RETENTION_MS after it finished, at
   * start-up or at the hourly prune while running) its key may be queued again. Keys are
   * derived from event ids, dates and record ids, and a month is far longer than any retry or
   * redelivery of the same event; refusing keys forever would mean keeping every item forever.
   * The same rule held before the hourly prune, at every restart.
   */
  private readonly keys = new Set<string>();
  private readonly queue: PendingQueue;
  private lastPruneAt = 0;
  private lastCompactAt = 0;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  /** Messages whose whole line is in the journal: a change of state is then a short line. */
  private readonly journaled = new WeakSet<OutboxItem>();
  /**
   * What state.json holds: the messages whose last change could not be written to the journal
   * (a full disk), so a restart still knows it. Empty while writing works.
   */
  private readonly inStateJson = new Set<OutboxItem>();
  /** The messages not finished yet (waiting, or being sent), in the order they were queued. */
  private readonly open = new Set<OutboxItem>();
  private readonly lastSent = new Map<string, number>();
  private lastGroupPost: number | undefined;
  private readonly recent = new Map<string, number[]>();
  private draining: Promise<number> | undefined;
  private listeners: Array<() => void> = [];
  /**
   * While writing fails (a full disk) nothing is sent before this instant: a message whose
   * departure cannot be recorded might be sent again after a restart. Then it is tried again.
   */
  private blockedUntil = 0;
  /** Whom to tell when writing fails, and when they were last told. */
  private owners: () => MemberRef[] = () => [];
  /**
   * Sync each message's `sending` line to the disk itself before it leaves (OUTBOX_SYNC_SENDS):
   * then not even a power cut can make a restart send it again. Without it a process crash
   * cannot either; a power cut may lose the last lines the kernel still held.
   */
  syncSends = false;
  private failureLogged = false;
  private ownersToldAt: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: PacingPolicy,
    private readonly log: Logger,
    private readonly maxAttempts = 5,
    makeQueue: (store: Store) => PendingQueue = () => new IndexedQueue(),
    private readonly journal: OutboxJournal = outboxJournal(store, log),
  ) {
    this.queue = makeQueue(store);
    store.persistOnly('outbox', () => [...this.inStateJson]);
    // Optional: the in-memory stores of some tests and benchmarks never fail to write.
    store.onWriteFailure?.((err) => (err ? this.cannotRecord(err) : this.canRecordAgain()));
    this.recover();
  }

  /** Whom to DM when the data directory cannot be written (once, again after WRITE_FAILED_RETELL_MS). */
  tellWhenWritesFail(owners: () => MemberRef[]): void {
    this.owners = owners;
  }

  attach(channel: Channel): void {
    this.channel = channel;
  }

  /** How to remove a member from a group through the attached channel; undefined where it cannot. */
  memberRemover(): ((group: GroupRef, member: MemberRef) => Promise<void>) | undefined {
    const channel = this.channel;
    return channel?.removeMember ? (group, member) => channel.removeMember!(group, member) : undefined;
  }

  /** Called whenever a message is queued (the production driver wakes up to send it). */
  onQueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Queues a message; false if its key was queued before (nothing is sent twice). */
  enqueue(message: OutgoingMessage): boolean {
    if (this.keys.has(message.key)) return false;
    const now = this.clock.now();
    const item: OutboxItem = {
      key: message.key, to: message.to, text: message.text, mentions: message.mentions ?? [],
      purpose: message.purpose ?? 'requested', createdAt: now, notBefore: message.notBefore ?? now,
      state: 'pending', attempts: 0,
    };
    if (message.file) item.file = message.file;
    if (message.spread && message.to.kind === 'group') item.spread = true;
    this.store.data.outbox.push(item);
    this.open.add(item);
    this.keys.add(item.key);
    this.queue.add(item);
    this.record(item);
    for (const l of this.listeners) l();
    return true;
  }

  /** The messages waiting to be sent, oldest first (bot/outage.ts, bot/healthz.ts). */
  /** The text queued under `key` within the retention (a rare lookup: a scan), if any. */
  textOf(key: string): string | undefined {
    if (!this.keys.has(key)) return undefined;
    return this.store.data.outbox.find((i) => i.key === key)?.text;
  }

  waiting(): OutboxItem[] {
    return [...this.open].filter((item) => item.state === 'pending');
  }

  /**
   * Gives up on a waiting message without sending it, because it waited too long to be worth
   * sending (bot/outage.ts, bot/expiry.ts): failed with the reason, kept as history, never tried.
   */
  drop(item: OutboxItem, reason: string): boolean {
    if (item.state !== 'pending' || !this.open.has(item)) return false;
    item.state = 'failed';
    item.lastError = reason;
    this.record(item);
    this.log.warn({ key: item.key, purpose: item.purpose, waitedMs: this.clock.now() - item.createdAt, reason }, 'dropped: too late to send');
    return true;
  }

  /** These waiting messages may go now, in their chats' order: what they waited for is over. */
  retryNow(items: OutboxItem[]): void {
    const now = this.clock.now();
    for (const item of items) {
      if (item.state !== 'pending' || item.notBefore <= now) continue;
      item.notBefore = now;
      this.record(item);
    }
    for (const l of this.listeners) l();
  }

  /**
   * The unsolicited DM places still free on the day the next one could go (today, or tomorrow
   * when it is inside quiet hours now): DM_DAILY_CAP less those sent that day and those waiting
   * (each waiting one will take a place). The follow-up and recall runs plan with this: they
   * give the places to whom they matter most and drop the rest, rather than queue them behind
   * the cap (handlers/recall/places.ts).
   */
  unsolicitedDmPlaces(): { day: string; left: number } {
    let t = this.clock.now();
    if (inQuietHours(t, this.policy)) t = localNextMinuteOfDay(t, this.policy.quietHours!.end, this.policy.tz);
    const day = localDayKey(t, this.policy.tz);
    let waiting = 0;
    for (const item of this.open) if (item.to.kind === 'dm' && item.purpose === 'unsolicited') waiting++;
    const left = this.policy.dmDailyCap - (this.store.data.dmSentPerDay[day] ?? 0) - waiting;
    return { day, left: Math.max(0, left) };
  }

  /** The earliest instant something may be sent, or null when nothing is waiting. */
  nextWakeAt(): number | null {
    const now = this.clock.now();
    let best: number | null = null;
    for (const item of this.queue.heads()) {
      const t = earliestSend(item, this.history, this.policy, now);
      if (Number.isFinite(t) && (best === null || t < best)) best = t;
    }
    return best === null ? null : Math.max(best, this.blockedUntil);
  }

  /** Sends everything that may go out now, one at a time. Returns how many were sent. */
  drain(): Promise<number> {
    this.draining ??= this.sendDue().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async sendDue(): Promise<number> {
    this.pruneHourly();
    this.sweepExpired();
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      if (now < this.blockedUntil) return sent;
      const next = this.queue.first((i) => earliestSend(i, this.history, this.policy, now) <= now);
      if (!next || !this.channel) return sent;
      // A send needs only its journal line, but while the data directory cannot be written
      // (a full disk) nothing goes: first see whether it can be again.
      if (this.store.writeError) {
        try {
          await this.store.flush();
        } catch (err) {
          this.cannotRecord(err as Error);
          return sent;
        }
      }
      // Held by the cap or quiet hours past its shelf life: dropped, never sent late.
      if (this.dropIfExpired(next, now)) continue;
      if (await this.sendOne(next, this.channel)) sent++;
    }
  }

  private dropIfExpired(item: OutboxItem, now: number): boolean {
    const late = expiredWaiting(item, now, this.store.data);
    return late !== undefined && this.drop(item, `过时未发：${late.label}，${late.why}`);
  }

  /** Drops the waiting unsolicited DMs past their shelf life, at most every SWEEP_EVERY_MS. */
  private sweepExpired(): void {
    const now = this.clock.now();
    if (!due(now, this.lastSweepAt, SWEEP_EVERY_MS)) return;
    this.lastSweepAt = now;
    // Taken out of the set first (a drop may move an item out of it); dropIfExpired judges each once.
    const waiting = [...this.open].filter((item) => item.state === 'pending' && item.purpose === 'unsolicited');
    let dropped = 0;
    for (const item of waiting) if (this.dropIfExpired(item, now)) dropped++;
    if (dropped > 0) this.log.info({ dropped }, 'unsolicited DMs past their shelf life dropped');
  }

  private async sendOne(item: OutboxItem, channel: Channel): Promise<boolean> {
    item.state = 'sending';
    item.attempts++;
    // Durable before it leaves: a restart must know this message went out, or may have.
    const notWritten = this.record(item, this.syncSends);
    if (notWritten) {
      // Not recorded as leaving, so it does not leave: it keeps its place, unchanged, and goes
      // once writing works again. Sent unrecorded, a restart would send it a second time.
      item.state = 'pending';
      item.attempts--;
      this.store.changed();
      this.cannotRecord(notWritten);
      return false;
    }
    try {
      await channel.send({ key: item.key, to: item.to, text: item.text, mentions: item.mentions, ...(item.file ? { file: item.file } : {}) });
    } catch (err) {
      const reason = (err as Error).message || String(err);
      if (err instanceof SendLater) {
        this.postpone(item, err, reason);
        return false;
      }
      const giveUp = item.attempts >= this.maxAttempts;
      item.state = giveUp ? 'failed' : 'pending';
      item.lastError = reason;
      item.notBefore = this.clock.now() + retryDelay(item.attempts);
      this.record(item);
      this.log.warn({ key: item.key, attempts: item.attempts, giveUp, err: reason }, 'send failed');
      return false;
    }
    const at = this.clock.now();
    item.state = 'sent';
    item.sentAt = at;
    this.noteSent(item, at);
    // Counted in memory and written with state.json's next rewrite; a restart counts the
    // journal's sent lines again (recover), so this send need not wait for that rewrite.
    if (item.to.kind === 'dm' && item.purpose === 'unsolicited') {
      const day = dayKey(at, this.policy.tz);
      this.store.data.dmSentPerDay[day] = (this.store.data.dmSentPerDay[day] ?? 0) + 1;
    }
    // A crash before this line leaves it 'sending' in the journal: failed at start-up, not resent.
    this.record(item);
    return true;
  }

  /**
   * The channel said "not now, at T": the message keeps its place as its chat's oldest
   * waiting one, so the chat's later messages stay behind it (per-chat order) while other
   * chats go on. Not an attempt, so no retries are used up. A T that is not in the future
   * would be tried again at once for ever; a minimum pause keeps a buggy channel from spinning.
   * Written at once: the journal still says 'sending', which a restart would read as an
   * interrupted send and fail, losing a message that was only waiting for tomorrow.
   */
  private postpone(item: OutboxItem, later: SendLater, reason: string): void {
    item.state = 'pending';
    item.attempts--;
    item.lastError = reason;
    item.notBefore = Math.max(later.notBefore, this.clock.now() + retryDelay(1));
    this.record(item);
    this.log.info({ key: item.key, notBefore: item.notBefore, reason }, 'send postponed by the channel');
  }

  private readonly history: SendHistory = {
    lastSentAt: (chat) => this.lastSent.get(chat),
    sentInLastMinute: (chat, at) => (this.recent.get(chat) ?? []).filter((t) => t > at - 60_000 && t <= at),
    unsolicitedDmsOn: (day) => this.store.data.dmSentPerDay[day] ?? 0,
    lastGroupPostAt: () => this.lastGroupPost,
  };

  /**
   * Writes the message's state now to the journal: its whole line the first time, then a short
   * change. If the write fails the message is kept in state.json (rewritten soon after), so a
   * restart still knows it; the next write that works brings the journal up to date. Returns
   * the error when the journal could not be written.
   */
  private record(item: OutboxItem, sync = false): Error | undefined {
    if (isFinished(item)) this.open.delete(item);
    try {
      this.journal.append(this.journaled.has(item) ? changeOf(item) : item, sync);
    } catch (err) {
      this.log.error({ key: item.key, err: (err as Error).message }, 'outbox.jsonl: could not append; kept in state.json');
      this.inStateJson.add(item);
      this.store.changed();
      return err as Error;
    }
    this.journaled.add(item);
    if (this.inStateJson.delete(item)) this.store.changed();
    return undefined;
  }

  /** Writing failed (a full disk): hold sending back a while, and tell the owners once. */
  private cannotRecord(err: Error): void {
    const at = this.clock.now();
    this.blockedUntil = at + WRITE_RETRY_MS;
    if (!this.failureLogged) this.log.error({ err: err.message }, 'cannot write to the data directory; sending paused until it can');
    this.failureLogged = true;
    if (this.ownersToldAt !== undefined && at - this.ownersToldAt < WRITE_FAILED_RETELL_MS) return;
    const owners = this.owners();
    if (!this.channel || owners.length === 0) return;
    this.ownersToldAt = at;
    // Straight through the channel, not queued: the queue is what cannot be recorded. Sent
    // twice after a restart, this notice does no harm; not sent, the owner would never know.
    for (const member of owners) {
      this.channel
        .send({ key: `write-failed:${at}:${member.id}`, to: { kind: 'dm', member }, text: `${WRITE_FAILED_NOTICE}（${err.message}）`, mentions: [] })
        .catch((e: unknown) => this.log.warn({ err: (e as Error).message }, 'could not tell the owner that writing fails'));
    }
  }

  /** Writing works again: what waited goes now. */
  private canRecordAgain(): void {
    this.blockedUntil = 0;
    this.failureLogged = false;
    this.log.info('the data directory can be written again; sending resumes');
    for (const l of this.listeners) l();
  }

  private noteSent(item: OutboxItem, at: number): void {
    const chat = chatKey(item.to);
    this.lastSent.set(chat, Math.max(at, this.lastSent.get(chat) ?? 0));
    if (item.to.kind === 'group') this.lastGroupPost = Math.max(at, this.lastGroupPost ?? 0);
    const times = (this.recent.get(chat) ?? []).filter((t) => t > at - 60_000);
    times.push(at);
    this.recent.set(chat, times);
  }

  /**
   * Drops finished messages past the retention (waiting ones never), at most once an hour by
   * the given clock, so a bot that runs for months keeps a month of history in memory and in
   * outbox.jsonl, as a restart would leave it. Also runs when the clock was set back.
   */
  private pruneHourly(): void {
    const now = this.clock.now();
    if (!due(now, this.lastPruneAt, PRUNE_EVERY_MS)) return;
    this.lastPruneAt = now;
    const data = this.store.data;
    const kept: OutboxItem[] = [];
    for (const item of data.outbox) {
      if (!expired(item, now)) kept.push(item);
      else {
        this.keys.delete(item.key);
        if (this.inStateJson.delete(item)) this.store.changed();
      }
    }
    if (kept.length !== data.outbox.length) data.outbox = kept;
    // The daily DM counts of days the kept history no longer covers are of no use to anyone.
    const oldestDay = dayKey(now - FINISHED_RETENTION_MS, this.policy.tz);
    let countsDropped = false;
    for (const day of Object.keys(data.dmSentPerDay)) {
      if (day >= oldestDay) continue;
      delete data.dmSentPerDay[day];
      countsDropped = true;
    }
    if (countsDropped) this.store.changed();
    // The journal is rewritten at most once a day: a rewrite costs the whole month.
    if (due(now, this.lastCompactAt, COMPACT_EVERY_MS)) this.compact(now);
  }

  /**
   * Rewrites the journal as one whole line per message kept, when it holds more (changes of
   * state, messages past the retention); messages only state.json held are written too.
   */
  private compact(now: number): void {
    this.lastCompactAt = now;
    const keep = this.store.data.outbox;
    if (this.journal.entries.length <= keep.length && this.inStateJson.size === 0) return;
    try {
      this.journal.rewrite(keep);
    } catch (err) {
      // The old lines stay until the next try: a restart folds them anyway.
      this.log.error({ err: (err as Error).message }, 'outbox.jsonl: could not rewrite');
      return;
    }
    for (const item of keep) this.journaled.add(item);
    if (this.inStateJson.size > 0) {
      this.inStateJson.clear();
      this.store.changed();
    }
  }

  /**
   * Rebuilds the kept list after a restart: the journal's messages folded to their last state,
   * and the later of the two copies where state.json holds one too (written while the journal
   * could not be). Settles interrupted sends, writes what only state.json held (an older
   * version kept waiting messages there) to the journal, then indexes keys, pacing and the
   * day's DM count.
   */
  private recover(): void {
    const now = this.clock.now();
    const data = this.store.data;
    const { items: folded, orphans } = foldLines(this.journal.entries);
    if (orphans > 0) this.log.warn({ orphans }, 'outbox.jsonl: changes of messages with no whole line skipped');
    const byId = new Map<string, OutboxItem>();
    for (const item of folded) {
      this.journaled.add(item);
      byId.set(messageId(item), item);
    }
    const stale = new Set<OutboxItem>();
    const copiesRead = data.outbox.length > 0;
    for (const copy of data.outbox) {
      const id = messageId(copy);
      const journal = byId.get(id);
      if (!journal) byId.set(id, copy);
      else if (laterCopy(journal, copy) === copy) {
        // Its whole line is in the journal: what is newer goes as a change.
        this.journaled.add(copy);
        stale.add(copy);
        byId.set(id, copy);
      }
    }
    const items: OutboxItem[] = [];
    const dmsPerDay: Record<string, number> = {};
    for (const item of byId.values()) {
      if (expired(item, now)) continue;
      items.push(item);
      this.keys.add(item.key);
      if (item.state === 'sending') {
        item.state = 'failed';
        item.lastError = INTERRUPTED;
        stale.add(item);
        this.log.warn({ key: item.key }, 'send interrupted by a restart; not resent');
      }
      if (!isFinished(item)) this.open.add(item);
      if (stale.has(item) || !this.journaled.has(item)) this.record(item);
      if (item.state === 'pending') this.queue.add(item);
      if (item.state === 'sent' && item.sentAt !== undefined) {
        this.noteSent(item, item.sentAt);
        if (item.to.kind === 'dm' && item.purpose === 'unsolicited') {
          const day = dayKey(item.sentAt, this.policy.tz);
          dmsPerDay[day] = (dmsPerDay[day] ?? 0) + 1;
        }
      }
    }
    // state.json may be behind the journal on sends (it is not rewritten for them).
    let behind = false;
    for (const [day, n] of Object.entries(dmsPerDay)) {
      if (n <= (data.dmSentPerDay[day] ?? 0)) continue;
      data.dmSentPerDay[day] = n;
      behind = true;
    }
    data.outbox = items;
    // The journal's rewrite (a month of messages) waits a few minutes: start-up is for getting
    // the bot back, and what the rewrite drops is already left out of memory.
    this.lastPruneAt = now - PRUNE_EVERY_MS + COMPACT_AFTER_START_MS;
    this.lastCompactAt = now - COMPACT_EVERY_MS;
    // state.json still holds the copies read at start-up: rewritten without them.
    if (copiesRead || behind) this.store.changed();
  }
}

/** An interval has passed since `last`, or the clock went back past it. */
function due(now: number, last: number, every: number): boolean {
  return now < last || now - last >= every;
}
