import { schedule, type ScheduledTask } from 'node-cron';
import type { Logger } from './logger.ts';
import type { Outbox } from './outbox.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import type { SettableClock } from '../scheduler/clock.ts';
import type { Clock } from './types.ts';

/**
 * Moves time-driven work forward: due items, cron slots and paced sends. On the wall clock
 * a node-cron heartbeat and a send timer drive it; on a virtual clock advanceTo() steps
 * through every wake-up in order, so replay sees exactly what production would do.
 */
export class Engine {
  private heartbeat: ScheduledTask | undefined;
  private sendTimer: NodeJS.Timeout | undefined;
  private dueTimer: NodeJS.Timeout | undefined;
  private dueTimerAt = 0;
  private stopped = true;

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly tz: string,
  ) {}

  /** Runs everything due now: scheduled work first, then whatever may be sent. */
  async tick(): Promise<void> {
    await this.scheduler.runDue(this.clock.now());
    await this.outbox.drain();
  }

  /** Virtual time: steps the clock through each wake-up up to `target`, then to `target`. */
  async advanceTo(target: number, clock: SettableClock): Promise<void> {
    for (let guard = 0; guard < 1_000_000; guard++) {
      await this.tick();
      const next = minOf(this.scheduler.nextDueAt(target), this.outbox.nextWakeAt());
      // After a tick nothing due now is left, unless it cannot run (no channel): do not spin.
      if (next === null || next > target || next <= clock.now()) break;
      clock.set(next);
    }
    clock.set(Math.max(target, clock.now()));
    await this.tick();
  }

  /** Wall clock: a per-minute heartbeat for the scheduler and a timer for paced sends. */
  start(): void {
    this.stopped = false;
    this.heartbeat = schedule('* * * * *', () => this.safely(() => this.tick()), { timezone: this.tz, noOverlap: true });
    this.outbox.onQueued(() => this.wakeSoon(0));
    // Work due before the next heartbeat (a 接龙 confirmation 5 s on) runs on time, not up to a minute late.
    this.scheduler.onScheduled((dueAt) => this.wakeForDue(dueAt));
    this.wakeSoon(0);
  }

  private wakeForDue(dueAt: number): void {
    const delay = dueAt - this.clock.now();
    if (this.stopped || delay >= 60_000 || (this.dueTimer && this.dueTimerAt <= dueAt)) return;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimerAt = dueAt;
    this.dueTimer = setTimeout(() => {
      this.dueTimer = undefined;
      void this.safely(() => this.tick());
    }, Math.max(0, delay));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.heartbeat?.stop();
    await this.heartbeat?.destroy();
    if (this.sendTimer) clearTimeout(this.sendTimer);
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.sendTimer = undefined;
    this.dueTimer = undefined;
  }

  private wakeSoon(delayMs: number): void {
    if (this.stopped) return;
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = setTimeout(() => void this.safely(() => this.outbox.drain()), Math.max(0, delayMs));
  }

  /**
   * The heartbeat runs scheduled work, then sends; the send timer only sends. Scheduled work
   * can be slow (a recall run waits for the model), and replies must not wait behind it.
   */
  private async safely(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'engine tick failed');
    }
    const next = this.outbox.nextWakeAt();
    // Cap the wait so a clock jump (the sandbox's 快进) is noticed within a minute.
    if (next !== null) this.wakeSoon(Math.min(next - this.clock.now(), 60_000));
  }
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
