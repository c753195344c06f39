import type { Logger } from '../bot/logger.ts';
import type { Clock } from '../bot/types.ts';
import type { Store } from '../store/db.ts';
import type { Journal } from '../store/journal.ts';
import { FINISHED_RETENTION_MS, type CronJob, type DueItem } from '../store/schema.ts';
import type { DayRule } from './calendar.ts';
import { HOUR_MS } from './clock.ts';
import { firstSlot, isValidPattern, lastSlot } from './slots.ts';
import { DueIndex } from './due-index.ts';

export type JobHandler = (payload: unknown, job: { id: string; kind: string; at: number }) => Promise<void> | void;

/** A one-off item or cron slot that was skipped; `at` is when it should have run. */
export interface MissedJob {
  id: string;
  kind: string;
  at: number;
  payload: unknown;
}

export interface SchedulerOptions {
  tz: string;
  /** Work that came due while the bot was down runs once if at most this old, else is skipped. */
  missedWindowMs: number;
}

const MINUTE = 60_000;
/** How often finished items older than FINISHED_RETENTION_MS are dropped while running. */
export const PRUNE_EVERY_MS = HOUR_MS;
/** How often due.jsonl is rewritten without the lines past the retention (a rewrite costs the month). */
export const COMPACT_EVERY_MS = 24 * HOUR_MS;

/**
 * Durable one-off items ({dueAt, kind, payload}) and recurring cron jobs, both kept in the
 * store. runDue(now) runs everything due exactly once; the same code runs on the wall
 * clock (node-cron heartbeat) and on the virtual clock of replay and tests.
 */
export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private running: Promise<number> | undefined;
  private readonly missedListeners: Array<(job: MissedJob) => void> = [];
  private readonly scheduledListeners: Array<(dueAt: number) => void> = [];
  /** store.data.due by id and pending items by dueAt (due-index.ts): no lookup scans the list. */
  private readonly index = new DueIndex();
  /** When finished items were last pruned: a bot that never restarts still drops them. */
  private prunedAt: number;
  private compactedAt: number;
  /**
   * Finished items are history: kept a month (an id given again within it is still refused),
   * in due.jsonl, one line each as it finishes, so state.json holds only the pending ones.
   */
  private readonly history: Journal<DueItem>;
  /** Finished items whose line is in due.jsonl: state.json leaves these out. */
  private readonly journaled = new WeakSet<DueItem>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly opts: SchedulerOptions,
    private readonly log: Logger,
  ) {
    this.prunedAt = this.clock.now();
    this.compactedAt = this.prunedAt;
    this.history = store.journal<DueItem>('due', isFinishedDue, (lineNo) => log.warn({ lineNo }, 'due.jsonl: unreadable line skipped'));
    store.persistOnly('due', (items) => items.filter((d) => !this.journaled.has(d)));
    this.recover();
  }

  /** Registers the code that runs items of a kind. Features register theirs at start-up. */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Schedules a one-off item; an `id` given twice keeps the first (idempotent). */
  at(dueAt: number, kind: string, payload: unknown, id?: string): DueItem {
    const itemId = id ?? `due-${this.store.nextId('due')}`;
    const existing = this.dueIndex().first(itemId);
    if (existing) return existing;
    const item: DueItem = { id: itemId, dueAt, kind, payload, state: 'pending', createdAt: this.clock.now() };
    this.store.data.due.push(item);
    this.index.added(item);
    this.store.changed();
    for (const listener of this.scheduledListeners) listener(dueAt);
    return item;
  }

  /** Listens for new one-off items, so a wall-clock driver can wake for one due within the minute. */
  onScheduled(listener: (dueAt: number) => void): void {
    this.scheduledListeners.push(listener);
  }

  /**
   * Adds or replaces a recurring job: a cron pattern, and optionally a day rule (工作日 by the
   * Chinese calendar, a festival) for the days it runs. Throws on an invalid cron pattern.
   */
  every(id: string, pattern: string, kind: string, payload: unknown = null, days?: DayRule): CronJob {
    if (!isValidPattern(pattern)) throw new Error(`invalid cron pattern: ${pattern}`);
    const now = this.clock.now();
    const old = this.store.data.cron[id];
    const same = old && old.pattern === pattern && old.days === days;
    const job: CronJob = {
      id, pattern, kind, payload, paused: old?.paused ?? false, createdAt: old?.createdAt ?? now,
      lastSlotAt: same ? old.lastSlotAt : floorMinute(now), ...(days ? { days } : {}),
    };
    this.store.data.cron[id] = job;
    this.store.changed();
    return job;
  }

  /** Withdraws a recurring job or a pending one-off item of this id; true if there was one. */
  cancel(id: string): boolean {
    let found = false;
    if (this.store.data.cron[id]) {
      delete this.store.data.cron[id];
      found = true;
    }
    for (const item of this.dueIndex().all(id)) {
      if (item.state === 'pending') {
        this.finish(item, 'skipped', 'cancelled');
        found = true;
      }
    }
    if (found) this.store.changed();
    return found;
  }

  setPaused(id: string, paused: boolean): boolean {
    const job = this.store.data.cron[id];
    if (!job) return false;
    job.paused = paused;
    // Resuming must not fire the slots that passed while paused.
    if (!paused) job.lastSlotAt = floorMinute(this.clock.now());
    this.store.changed();
    return true;
  }

  /** Whether a one-off item of this id is waiting to run. */
  isPending(id: string): boolean {
    return this.dueIndex().all(id).some((d) => d.state === 'pending');
  }

  /** Runs every item and cron slot due at `now`, each exactly once. Returns how many ran. */
  runDue(now: number = this.clock.now()): Promise<number> {
    // Serialise: a heartbeat that fires while a run is in progress waits for it.
    const run = (this.running ?? Promise.resolve(0)).then(() => this.runDueNow(now));
    this.running = run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  /** The earliest due item or cron slot after now and no later than `until`, or null. */
  nextDueAt(until: number): number | null {
    const now = this.clock.now();
    let best: number | null = null;
    const first = this.dueIndex().earliestPending();
    if (first && first.dueAt <= until) best = Math.max(first.dueAt, now);
    const horizon = best ?? until;
    for (const job of Object.values(this.store.data.cron)) {
      if (job.paused) continue;
      const slot = this.slotsBetween(job, Math.max(job.lastSlotAt, floorMinute(now) - MINUTE), horizon, 'first');
      if (slot !== undefined && (best === null || slot < best)) best = Math.max(slot, now);
    }
    return best;
  }

  private async runDueNow(now: number): Promise<number> {
    let ran = 0;
    if (this.clock.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = this.clock.now();
      this.pruneFinished();
    }
    const due = this.dueIndex().pendingUntil(now);
    for (const item of due) {
      if (now - item.dueAt > this.opts.missedWindowMs) {
        this.finish(item, 'skipped', `missed by ${Math.round((now - item.dueAt) / MINUTE)} min`);
        this.log.warn({ id: item.id, kind: item.kind }, 'due item skipped: older than the missed window');
        this.reportMissed({ id: item.id, kind: item.kind, at: item.dueAt, payload: item.payload });
        continue;
      }
      const error = await this.invoke(item.kind, item.payload, { id: item.id, kind: item.kind, at: item.dueAt });
      this.finish(item, error ? 'failed' : 'done', error);
      ran++;
    }
    for (const job of Object.values(this.store.data.cron)) {
      if (job.paused) continue;
      // Only the window matters: slots older than it were missed for good.
      const from = Math.max(job.lastSlotAt, floorMinute(now - this.opts.missedWindowMs) - MINUTE);
      const slot = this.slotsBetween(job, from, now, 'last');
      if (slot === undefined) {
        if (now - job.lastSlotAt > this.opts.missedWindowMs) {
          const missed = this.missedListeners.length ? this.slotsBetween(job, job.lastSlotAt, now - this.opts.missedWindowMs, 'last') : undefined;
          this.advanceSlot(job, floorMinute(now - this.opts.missedWindowMs));
          if (missed !== undefined) this.reportMissed({ id: job.id, kind: job.kind, at: missed, payload: job.payload });
        }
        continue;
      }
      // Several missed slots collapse into one run: a restart never fires a backlog.
      this.advanceSlot(job, slot);
      await this.invoke(job.kind, job.payload, { id: job.id, kind: job.kind, at: slot });
      ran++;
    }
    return ran;
  }

  /** Listens for work skipped because it came due longer than the missed window ago (to tell the owner). */
  onMissed(listener: (job: MissedJob) => void): void {
    this.missedListeners.push(listener);
  }

  private reportMissed(job: MissedJob): void {
    for (const listener of this.missedListeners) {
      try {
        listener(job);
      } catch (err) {
        this.log.error({ id: job.id, err: (err as Error).message }, 'missed-work listener failed');
      }
    }
  }

  private async invoke(kind: string, payload: unknown, job: { id: string; kind: string; at: number }): Promise<string | undefined> {
    const handler = this.handlers.get(kind);
    if (!handler) {
      this.log.error({ id: job.id, kind }, 'no handler for scheduled kind');
      return `no handler for kind ${kind}`;
    }
    try {
      await handler(payload, job);
      return undefined;
    } catch (err) {
      this.log.error({ id: job.id, kind, err: (err as Error).message }, 'scheduled job failed');
      return (err as Error).message || String(err);
    }
  }

  /** Finished items are history, not work: a month of it is kept, then dropped. */
  private pruneFinished(): void {
    const now = this.clock.now();
    const before = this.store.data.due.length;
    this.store.data.due = this.store.data.due.filter((d) => !expired(d, now));
    if (this.store.data.due.length !== before) this.store.changed();
    this.index.rebuild(this.store.data.due);
    if (now < this.compactedAt || now - this.compactedAt >= COMPACT_EVERY_MS) this.compact(now);
  }

  /** Rewrites due.jsonl as the finished items kept, when it holds more (lines past the retention). */
  private compact(now: number): void {
    this.compactedAt = now;
    const finished = this.store.data.due.filter((d) => d.state !== 'pending');
    if (this.history.entries.length <= finished.length) return;
    try {
      this.history.rewrite(finished);
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'due.jsonl: could not drop old lines');
      return;
    }
    for (const item of finished) this.journaled.add(item);
  }

  /**
   * Rebuilds the list after a restart: the finished items of due.jsonl within the retention,
   * then state.json's. A copy in state.json wins over the journal's: still pending there, the
   * item's work was not recorded with it (a crash before the rewrite), so it runs again, and
   * the features' idempotency keys keep that from doing anything twice. Finished items an
   * older state.json holds move to the journal.
   */
  private recover(): void {
    const now = this.clock.now();
    const data = this.store.data;
    const key = (d: DueItem) => `${d.createdAt}:${d.id}`;
    const inState = new Set(data.due.map(key));
    const last = new Map<string, DueItem>();
    for (const line of this.history.entries) last.set(key(line), line);
    const items: DueItem[] = [];
    for (const [k, item] of last) {
      if (inState.has(k) || expired(item, now)) continue;
      this.journaled.add(item);
      items.push(item);
    }
    let moved = 0;
    for (const item of data.due) {
      if (expired(item, now)) {
        moved++;
        continue;
      }
      items.push(item);
      if (item.state === 'pending') continue;
      if (last.has(key(item))) this.journaled.add(item);
      else if (this.record(item)) moved++;
    }
    data.due = items;
    this.index.rebuild(items);
    // due.jsonl's rewrite waits for the first hourly prune: start-up is for getting the bot back.
    this.compactedAt = now - COMPACT_EVERY_MS;
    if (moved > 0) this.store.changed();
  }

  /** Appends a finished item to due.jsonl; if that fails it stays in state.json, losing nothing. */
  private record(item: DueItem): boolean {
    try {
      this.history.append(item);
    } catch (err) {
      this.log.error({ id: item.id, err: (err as Error).message }, 'due.jsonl: could not append; kept in state.json');
      return false;
    }
    this.journaled.add(item);
    return true;
  }

  /** The index of store.data.due, rebuilt if the list was replaced or grew behind its back. */
  private dueIndex(): DueIndex {
    if (!this.index.covers(this.store.data.due)) this.index.rebuild(this.store.data.due);
    return this.index;
  }

  private finish(item: DueItem, state: DueItem['state'], error?: string): void {
    item.state = state;
    item.finishedAt = this.clock.now();
    if (error) item.error = error;
    this.record(item);
    this.store.changed();
  }

  private advanceSlot(job: CronJob, slot: number): void {
    job.lastSlotAt = slot;
    this.store.changed();
  }

  /** The first or last slot in (from, to] of the job's pattern, on the days its rule allows. */
  private slotsBetween(job: CronJob, from: number, to: number, which: 'first' | 'last'): number | undefined {
    const rule = { pattern: job.pattern, days: job.days as DayRule | undefined };
    const end = floorMinute(to);
    return which === 'first' ? firstSlot(rule, from, end, this.opts.tz) : lastSlot(rule, from, end, this.opts.tz);
  }
}

function expired(item: DueItem, now: number): boolean {
  return item.state !== 'pending' && now - (item.finishedAt ?? item.createdAt) >= FINISHED_RETENTION_MS;
}

const FINISHED: ReadonlySet<unknown> = new Set(['done', 'skipped', 'failed']);

/** A due.jsonl line that is a whole finished item (a line torn by a crash is not). */
function isFinishedDue(v: unknown): v is DueItem {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return typeof d.id === 'string' && typeof d.kind === 'string' && typeof d.dueAt === 'number'
    && typeof d.createdAt === 'number' && FINISHED.has(d.state)
    && (d.finishedAt === undefined || typeof d.finishedAt === 'number');
}

export { isValidPattern } from './slots.ts';

function floorMinute(t: number): number {
  return Math.floor(t / MINUTE) * MINUTE;
}
