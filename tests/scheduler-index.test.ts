// The scheduler's due items: finished ones pruned while it runs (not only at start-up), and
// lookups through an index (by id, and a heap by dueAt) that agree with a scan of the list.

import fc from 'fast-check';
import './fast-check-seed.ts';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { DAY_MS, HOUR_MS, ManualClock } from '../scheduler/clock.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { Store } from '../store/db.ts';
import { FINISHED_RETENTION_MS, type DueItem } from '../store/schema.ts';
import { tempDir } from './helpers.ts';

const T0 = Date.parse('2026-11-21T09:00:00+08:00');
const MIN = 60_000;

async function setup(windowMs = 6 * HOUR_MS) {
  const clock = new ManualClock(T0);
  const store = await Store.open(tempDir());
  const scheduler = new Scheduler(store, clock, { tz: 'Asia/Shanghai', missedWindowMs: windowMs }, silentLogger());
  const ran: string[] = [];
  scheduler.handle('remind', (_payload, job) => void ran.push(job.id));
  return { clock, store, scheduler, ran };
}

describe('scheduler due index', () => {
  it('prunes finished items during a long run, without a restart', async () => {
    const { clock, store, scheduler, ran } = await setup();
    // Two items an hour for 90 days, each run as it comes due.
    const end = T0 + 90 * DAY_MS;
    let n = 0;
    for (let t = T0; t < end; t += HOUR_MS) {
      scheduler.at(t + 10 * MIN, 'remind', null, `r${n++}`);
      scheduler.at(t + 40 * MIN, 'remind', null, `r${n++}`);
      clock.set(t + HOUR_MS);
      await scheduler.runDue(clock.now());
    }
    expect(ran).toHaveLength(n);
    const now = clock.now();
    // Nothing older than the retention is kept, and what is kept is about a month of it.
    expect(store.data.due.every((d) => d.state === 'pending' || now - (d.finishedAt ?? d.createdAt) < FINISHED_RETENTION_MS + HOUR_MS)).toBe(true);
    expect(store.data.due.length).toBeLessThan(n / 2);
    expect(store.data.due.length).toBeGreaterThan((FINISHED_RETENTION_MS / HOUR_MS) * 2 - 10);
    // Lookups still work after pruning: an id still kept is not scheduled twice, a new one is.
    const kept = store.data.due.at(-1)!;
    expect(scheduler.at(now + HOUR_MS, 'remind', null, kept.id)).toBe(kept);
    const fresh = scheduler.at(now + HOUR_MS, 'remind', null, 'fresh');
    expect(scheduler.isPending('fresh')).toBe(true);
    expect(scheduler.nextDueAt(now + 2 * HOUR_MS)).toBe(fresh.dueAt);
    await store.close();
  });

  it('indexed lookups (at, cancel, nextDueAt, runDue order) equal a scan of the list', async () => {
    type Op =
      | { op: 'at'; dueIn: number; id: number | null }
      | { op: 'cancel'; id: number }
      | { op: 'run'; advance: number }
      | { op: 'next'; until: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('at' as const), dueIn: fc.integer({ min: -3 * HOUR_MS, max: 3 * DAY_MS }), id: fc.option(fc.integer({ min: 0, max: 30 })) }),
      fc.record({ op: fc.constant('cancel' as const), id: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ op: fc.constant('run' as const), advance: fc.integer({ min: 0, max: 2 * DAY_MS }) }),
      fc.record({ op: fc.constant('next' as const), until: fc.integer({ min: 0, max: 3 * DAY_MS }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const { clock, store, scheduler, ran } = await setup(4 * HOUR_MS);
        try {
          for (const o of ops) {
            const now = clock.now();
            if (o.op === 'at') {
              const id = o.id === null ? undefined : `i${o.id}`;
              const expected = id === undefined ? undefined : store.data.due.find((d) => d.id === id);
              const item = scheduler.at(now + o.dueIn, 'remind', null, id);
              if (expected) expect(item).toBe(expected);
              else expect(store.data.due.at(-1)).toBe(item);
            } else if (o.op === 'cancel') {
              const id = `i${o.id}`;
              const pending = store.data.due.some((d) => d.id === id && d.state === 'pending');
              expect(scheduler.isPending(id)).toBe(pending);
              expect(scheduler.cancel(id)).toBe(pending);
              expect(scheduler.isPending(id)).toBe(false);
            } else if (o.op === 'next') {
              const until = now + o.until;
              const pending = store.data.due.filter((d) => d.state === 'pending' && d.dueAt <= until);
              const scan = pending.length ? Math.max(Math.min(...pending.map((d) => d.dueAt)), now) : null;
              expect(scheduler.nextDueAt(until)).toBe(scan);
            } else {
              clock.set(now + o.advance);
              const t = clock.now();
              // The old scan: pending and due, by dueAt, ties in list order; skipped if too old.
              const due = store.data.due.filter((d) => d.state === 'pending' && d.dueAt <= t).sort((a, b) => a.dueAt - b.dueAt);
              const expectRun = due.filter((d) => t - d.dueAt <= 4 * HOUR_MS).map((d) => d.id);
              const before = ran.length;
              await scheduler.runDue(t);
              expect(ran.slice(before)).toEqual(expectRun);
              expect(due.every((d: DueItem) => d.state !== 'pending')).toBe(true);
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
