import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { ManualClock, HOUR_MS } from '../scheduler/clock.ts';
import { isValidPattern, Scheduler } from '../scheduler/scheduler.ts';
import { Store } from '../store/db.ts';
import { tempDir } from './helpers.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);

async function setup(start: number, dir = tempDir(), windowMs = 6 * HOUR_MS, tz = 'Asia/Shanghai') {
  const clock = new ManualClock(start);
  const store = await Store.open(dir);
  const scheduler = new Scheduler(store, clock, { tz, missedWindowMs: windowMs }, silentLogger());
  const runs: Array<{ kind: string; id: string; at: number; payload: unknown; ranAt: number }> = [];
  for (const kind of ['remind', 'daily']) {
    scheduler.handle(kind, (payload, job) => void runs.push({ ...job, payload, ranAt: clock.now() }));
  }
  /** Steps through every due instant up to `until`, like the engine does. */
  const runTo = async (until: number) => {
    for (let next = scheduler.nextDueAt(until); next !== null; next = scheduler.nextDueAt(until)) {
      clock.set(Math.max(next, clock.now()));
      await scheduler.runDue(clock.now());
      if (next >= until) break;
    }
    clock.set(Math.max(until, clock.now()));
    await scheduler.runDue(clock.now());
  };
  return { clock, store, scheduler, runs, runTo, dir };
}

describe('scheduler', () => {
  it('runs a one-off item once, at its time', async () => {
    const { scheduler, runs, runTo } = await setup(at('2026-11-21T09:00:00'));
    scheduler.at(at('2026-11-21T19:00:00'), 'remind', { text: '直播' });
    await runTo(at('2026-11-21T18:59:00'));
    expect(runs).toEqual([]);
    await runTo(at('2026-11-22T09:00:00'));
    await scheduler.runDue(at('2026-11-22T09:00:00'));
    expect(runs.map((r) => [r.kind, r.ranAt, r.payload])).toEqual([['remind', at('2026-11-21T19:00:00'), { text: '直播' }]]);
  });

  it('keeps the first of two items with the same id', async () => {
    const { scheduler, runs, runTo } = await setup(at('2026-11-21T09:00:00'));
    scheduler.at(at('2026-11-21T10:00:00'), 'remind', 1, 'preview:7:24h');
    scheduler.at(at('2026-11-21T10:00:00'), 'remind', 2, 'preview:7:24h');
    await runTo(at('2026-11-21T11:00:00'));
    expect(runs.map((r) => r.payload)).toEqual([1]);
  });

  it('after a restart runs what came due while down once, or skips it when too old', async () => {
    const first = await setup(at('2026-11-21T09:00:00'));
    first.scheduler.at(at('2026-11-21T10:00:00'), 'remind', 'recent');
    first.scheduler.at(at('2026-11-21T05:00:00'), 'remind', 'stale');
    await first.store.close();

    // At 12:00 'recent' is 2 h late (inside the 6 h window) and 'stale' 7 h late.
    const second = await setup(at('2026-11-21T12:00:00'), first.dir);
    await second.scheduler.runDue(at('2026-11-21T12:00:00'));
    await second.scheduler.runDue(at('2026-11-21T12:00:00'));
    expect(second.runs.map((r) => r.payload)).toEqual(['recent']);
    expect(second.store.data.due.map((d) => [d.payload, d.state])).toEqual([['recent', 'done'], ['stale', 'skipped']]);
    await second.store.close();

    const third = await setup(at('2026-11-21T12:05:00'), first.dir);
    await third.scheduler.runDue(at('2026-11-21T12:05:00'));
    expect(third.runs).toEqual([]);
  });

  it('runs a cron job at each matching minute in the shop time zone', async () => {
    const { scheduler, runs, runTo } = await setup(at('2026-11-21T00:00:00'));
    scheduler.every('recall', '30 10 * * *', 'daily', { n: 1 });
    await runTo(at('2026-11-23T12:00:00'));
    expect(runs.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-11-21T02:30:00.000Z', '2026-11-22T02:30:00.000Z', '2026-11-23T02:30:00.000Z',
    ]);
  });

  it('finds the same slots, stepping through many wake-ups, in a zone half an hour off the hour', async () => {
    // Kolkata is UTC+5:30: the minute field must be read in the zone, not in UTC.
    const { scheduler, runs, runTo, clock } = await setup(Date.parse('2026-11-21T00:00:00+05:30'), tempDir(), 6 * HOUR_MS, 'Asia/Kolkata');
    scheduler.every('morning', '0 9 * * *', 'daily');
    scheduler.every('twice', '15,45 20 * * *', 'daily');
    // Wake-ups every 7 minutes, as busy outbox traffic would cause, over two days.
    for (let t = clock.now(); t < Date.parse('2026-11-23T00:00:00+05:30'); t += 7 * 60_000) await runTo(t);
    expect(runs.map((r) => [r.id, new Date(r.at).toISOString()])).toEqual([
      ['morning', '2026-11-21T03:30:00.000Z'], ['twice', '2026-11-21T14:45:00.000Z'], ['twice', '2026-11-21T15:15:00.000Z'],
      ['morning', '2026-11-22T03:30:00.000Z'], ['twice', '2026-11-22T14:45:00.000Z'], ['twice', '2026-11-22T15:15:00.000Z'],
    ]);
  });

  it('collapses cron slots missed while down into one run, never a backlog', async () => {
    const first = await setup(at('2026-11-21T09:00:00'));
    first.scheduler.every('hourly', '0 * * * *', 'daily');
    await first.store.close();
    const second = await setup(at('2026-11-21T13:20:00'), first.dir);
    await second.scheduler.runDue(at('2026-11-21T13:20:00'));
    await second.scheduler.runDue(at('2026-11-21T13:21:00'));
    expect(second.runs.map((r) => r.at)).toEqual([at('2026-11-21T13:00:00')]);
    await second.store.close();
  });

  it('pauses and resumes a cron job without firing the paused slots', async () => {
    const { scheduler, runs, runTo } = await setup(at('2026-11-21T09:00:00'));
    scheduler.every('j', '0 * * * *', 'daily');
    scheduler.setPaused('j', true);
    await runTo(at('2026-11-21T12:30:00'));
    expect(runs).toEqual([]);
    scheduler.setPaused('j', false);
    await runTo(at('2026-11-21T14:30:00'));
    expect(runs.map((r) => r.at)).toEqual([at('2026-11-21T13:00:00'), at('2026-11-21T14:00:00')]);
  });

  it('records a failing job and goes on with the next', async () => {
    const { scheduler, store, runs, runTo } = await setup(at('2026-11-21T09:00:00'));
    scheduler.handle('boom', () => {
      throw new Error('炸了');
    });
    scheduler.at(at('2026-11-21T09:30:00'), 'boom', null);
    scheduler.at(at('2026-11-21T09:31:00'), 'remind', 'after');
    scheduler.at(at('2026-11-21T09:32:00'), 'nobody-handles-this', null);
    await runTo(at('2026-11-21T10:00:00'));
    expect(runs.map((r) => r.payload)).toEqual(['after']);
    expect(store.data.due.map((d) => d.state)).toEqual(['failed', 'done', 'failed']);
    expect(store.data.due[0]!.error).toBe('炸了');
  });

  it('keeps a month of finished items and every pending one', async () => {
    const first = await setup(at('2026-10-01T09:00:00'));
    first.scheduler.at(at('2026-10-01T10:00:00'), 'remind', 'old');
    first.scheduler.at(at('2026-11-20T10:00:00'), 'remind', 'recent');
    first.scheduler.at(at('2026-12-25T10:00:00'), 'remind', 'future');
    await first.runTo(at('2026-10-01T11:00:00'));
    first.clock.set(at('2026-11-20T10:00:00'));
    await first.scheduler.runDue();
    await first.store.close();
    const second = await setup(at('2026-11-21T12:00:00'), first.dir);
    expect(second.store.data.due.map((d) => [d.payload, d.state])).toEqual([['recent', 'done'], ['future', 'pending']]);
    await second.store.close();
  });

  it('validates cron patterns', () => {
    expect(isValidPattern('30 10 * * *')).toBe(true);
    expect(isValidPattern('0 19 * * 3')).toBe(true);
    expect(isValidPattern('61 10 * * *')).toBe(false);
    expect(isValidPattern('* * * * * *')).toBe(false);
    expect(isValidPattern('每天')).toBe(false);
  });

  it('keeps finished items in due.jsonl, not state.json, and still refuses their ids after a restart', async () => {
    const first = await setup(at('2026-11-21T09:00:00'));
    for (let i = 0; i < 50; i++) first.scheduler.at(at('2026-11-21T10:00:00') + i * 60_000, 'remind', `第${i}条`, `remind:${i}`);
    first.scheduler.at(at('2026-11-22T10:00:00'), 'remind', 'tomorrow', 'remind:tomorrow');
    await first.runTo(at('2026-11-21T12:00:00'));
    expect(first.runs).toHaveLength(50);
    await first.store.close();
    const state = JSON.parse(readFileSync(join(first.dir, 'state.json'), 'utf8')) as { due: Array<{ id: string }> };
    expect(state.due.map((d) => d.id)).toEqual(['remind:tomorrow']);
    const lines = readFileSync(join(first.dir, 'due.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(50);

    const second = await setup(at('2026-11-21T13:00:00'), first.dir);
    expect(second.store.data.due.filter((d) => d.state === 'done')).toHaveLength(50);
    second.scheduler.at(at('2026-11-21T14:00:00'), 'remind', 'again', 'remind:7');
    await second.runTo(at('2026-11-22T11:00:00'));
    expect(second.runs.map((r) => r.payload)).toEqual(['tomorrow']);
    await second.store.close();
  });

  it('runs again an item finished just before a crash that state.json never heard of', async () => {
    const first = await setup(at('2026-11-21T09:00:00'));
    first.scheduler.at(at('2026-11-21T10:00:00'), 'remind', 'cut-off', 'cutoff:1');
    await first.store.flush();
    const before = readFileSync(join(first.dir, 'state.json'));
    await first.runTo(at('2026-11-21T10:00:00'));
    await first.store.close();
    // The crash: due.jsonl has its line, state.json was not rewritten after the run.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(first.dir, 'state.json'), before);
    expect(existsSync(join(first.dir, 'due.jsonl'))).toBe(true);

    // Its work (closing a 接龙, say) was not recorded either: it runs again; the features'
    // idempotency keys keep its messages from going twice.
    const second = await setup(at('2026-11-21T10:01:00'), first.dir);
    await second.runTo(at('2026-11-21T10:02:00'));
    expect(second.runs.map((r) => r.payload)).toEqual(['cut-off']);
    await second.store.close();
    const third = await setup(at('2026-11-21T10:03:00'), first.dir);
    await third.runTo(at('2026-11-21T11:00:00'));
    expect(third.runs).toEqual([]);
    expect(third.store.data.due.map((d) => [d.id, d.state])).toEqual([['cutoff:1', 'done']]);
    await third.store.close();
  });
});
