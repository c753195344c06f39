// The outbox picks what to send from an index of pending messages instead of scanning
// every kept message, and prunes finished history while running. The property checks the
// index sends exactly what the original scan (bot/outbox-scan.ts) sends, in the same order,
// at the same instants; the examples pin down pruning, which the original did only at start-up.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { Outbox, PRUNE_EVERY_MS } from '../bot/outbox.ts';
import { memoryOutboxJournal } from '../bot/outbox-history.ts';
import { IndexedQueue, type PendingQueue } from '../bot/outbox-queue.ts';
import { ScanQueue } from '../bot/outbox-scan.ts';
import type { PacingPolicy } from '../bot/pacing.ts';
import type { Destination } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import type { Store } from '../store/db.ts';
import { emptyState, FINISHED_RETENTION_MS, type OutboxItem, type SendPurpose } from '../store/schema.ts';
import { member, RecordingChannel } from './helpers.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const DAY = 24 * 3600_000;
const start = at('2026-11-21T09:00:00');
const policy: PacingPolicy = {
  minGapMs: 1500, groupPerMinute: 3, groupsGapMs: 10_000, quietHours: { start: 22 * 60, end: 8 * 60 }, dmDailyCap: 2, tz: 'Asia/Shanghai',
};
const chats: Destination[] = [
  { kind: 'group', group: { id: 'g1@chatroom', name: '幸福里1群' } },
  { kind: 'group', group: { id: 'g2@chatroom', name: '幸福里2群' } },
  { kind: 'dm', member: member('王阿姨') },
  { kind: 'dm', member: member('李哥') },
  { kind: 'dm', member: member('小张') },
];

/** The outbox only needs the state, change notices and a flush: no disk, so many runs stay fast.
 * Its finished messages go to an in-memory journal (the rig's). `onDisk()` is what state.json
 * would hold: the outbox as the outbox asked the store to write it. */
function memoryStore(): Store & { onDisk(): OutboxItem[] } {
  let keep = (items: OutboxItem[]) => items;
  const store = {
    data: emptyState(), changed() {}, flush: async () => {},
    persistOnly(_name: string, fn: typeof keep) { keep = fn; },
    onDisk: () => keep(store.data.outbox),
  };
  return store as unknown as Store & { onDisk(): OutboxItem[] };
}

type Queue = 'indexed' | 'scan';

function rig(kind: Queue, start: number, store = memoryStore()) {
  const clock = new ManualClock(start);
  const channel = new RecordingChannel(clock);
  const makeQueue = (s: Store): PendingQueue => (kind === 'scan' ? new ScanQueue(() => s.data.outbox) : new IndexedQueue());
  let journal = memoryOutboxJournal();
  const open = () => {
    const outbox = new Outbox(store, clock, policy, silentLogger(), 3, makeQueue, journal);
    outbox.attach(channel);
    return outbox;
  };
  const r = { clock, channel, store, journal, outbox: open(), wakes: [] as Array<number | null> };
  return {
    ...r,
    restart: () => void (r.outbox = open()),
    /** A process restart: only what state.json and the journal hold comes back, as copies. */
    reload: () => {
      const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
      store.data.outbox = copy(store.onDisk());
      journal = memoryOutboxJournal(copy([...journal.entries]));
      r.journal = journal;
      r.outbox = open();
    },
    /** Steps through every wake-up up to `until`, noting each computed wake-up. */
    async runUntil(until: number) {
      await r.outbox.drain();
      for (let next = r.outbox.nextWakeAt(); ; next = r.outbox.nextWakeAt()) {
        r.wakes.push(next);
        if (next === null || next > until) break;
        clock.set(Math.max(next, clock.now()));
        await r.outbox.drain();
      }
      clock.set(Math.max(until, clock.now()));
      await r.outbox.drain();
    },
    get outbox() {
      return r.outbox;
    },
    get journal() {
      return r.journal;
    },
  };
}

const sorted = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));

type Op =
  | { op: 'enqueue'; key: number; chat: number; purpose: SendPurpose; delayMs: number; spread: boolean }
  | { op: 'fail'; times: number }
  | { op: 'later'; times: number; ms: number }
  | { op: 'advance'; ms: number }
  | { op: 'restart' }
  | { op: 'reload' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    op: fc.constant('enqueue' as const),
    // A small key space, so some keys repeat and must be refused by both.
    key: fc.integer({ min: 0, max: 60 }),
    chat: fc.integer({ min: 0, max: chats.length - 1 }),
    purpose: fc.constantFrom<SendPurpose>('reply', 'requested', 'unsolicited'),
    delayMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 3600_000 })),
    spread: fc.boolean(),
  }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fail' as const), times: fc.integer({ min: 1, max: 4 }) }) },
  // The channel says "not now, at T" (SendLater), T up to two days on.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('later' as const), times: fc.integer({ min: 1, max: 3 }), ms: fc.integer({ min: 0, max: 2 * DAY }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(
    fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 12 * 3600_000 }), fc.integer({ min: 0, max: 40 * DAY }),
  ) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reload' as const) }) },
);

const snapshot = (items: OutboxItem[]) => items.map(({ key, state, attempts, notBefore, sentAt, lastError }) => ({ key, state, attempts, notBefore, sentAt, lastError }));

describe('indexed outbox', () => {
  it('sends exactly what the full scan sends, in the same order and at the same instants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 23 }), async (ops, hour) => {
        const from = at('2026-11-21T00:00:00') + hour * 3600_000;
        const rigs = [rig('indexed', from), rig('scan', from)] as const;
        for (const op of ops) {
          const results = [];
          for (const r of rigs) {
            if (op.op === 'enqueue') {
              results.push(r.outbox.enqueue({
                key: `k${op.key}`, to: chats[op.chat]!, text: `消息${op.key}`, purpose: op.purpose,
                notBefore: r.clock.now() + op.delayMs, spread: op.spread,
              }));
            } else if (op.op === 'fail') r.channel.failuresLeft = op.times;
            else if (op.op === 'later') r.channel.later = { left: op.times, ms: op.ms };
            else if (op.op === 'advance') await r.runUntil(r.clock.now() + op.ms);
            else if (op.op === 'restart') r.restart();
            else {
              // Nothing is lost by leaving memory: every message kept comes back, as it was.
              const now = r.clock.now();
              const kept = (items: OutboxItem[]) => sorted(snapshot(items.filter((i) => !(
                (i.state === 'sent' || i.state === 'failed') && now - (i.sentAt ?? i.createdAt) >= FINISHED_RETENTION_MS))));
              const before = kept(r.store.data.outbox);
              r.reload();
              expect(sorted(snapshot(r.store.data.outbox))).toEqual(before);
            }
          }
          expect(results[0]).toBe(results[1]);
        }
        for (const r of rigs) await r.runUntil(r.clock.now() + 3 * DAY);
        const [indexed, scan] = rigs;
        expect(indexed.channel.sent.map((m) => [m.key, m.at])).toEqual(scan.channel.sent.map((m) => [m.key, m.at]));
        expect(indexed.wakes).toEqual(scan.wakes);
        expect(snapshot(indexed.store.data.outbox)).toEqual(snapshot(scan.store.data.outbox));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 150) },
    );
  });


  it('retries a message whose send failed while the next wake-up was asked for during the send', async () => {
    const r = rig('indexed', start);
    let fail!: (err: Error) => void;
    const send = r.channel.send.bind(r.channel);
    r.channel.send = (m) => new Promise<void>((_, reject) => (fail = reject)).finally(() => (r.channel.send = send));
    r.outbox.enqueue({ key: 'a', to: chats[0]!, text: '一' });
    r.outbox.enqueue({ key: 'b', to: chats[0]!, text: '二' });
    const draining = r.outbox.drain();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The wall-clock engine asks while 'a' is out: 'b' is the chat's next pending message.
    expect(r.outbox.nextWakeAt()).toBe(start);
    fail(new Error('network down'));
    await draining;
    await r.runUntil(start + 60_000);
    expect(r.channel.sent.map((m) => [m.key, m.at])).toEqual([['a', start + 5_000], ['b', start + 6_500]]);
  });

  it('keeps only chats with waiting messages in the index', async () => {
    const queue = new IndexedQueue();
    const r = rig('indexed', start);
    const outbox = new Outbox(r.store, r.clock, policy, silentLogger(), 3, () => queue, r.journal);
    outbox.attach(r.channel);
    for (let i = 0; i < 5; i++) for (const to of chats) outbox.enqueue({ key: `${i}:${JSON.stringify(to)}`, to, text: '你好', purpose: 'reply' });
    expect(queue.chatCount).toBe(chats.length);
    await outbox.drain();
    for (let next = outbox.nextWakeAt(); next !== null; next = outbox.nextWakeAt()) {
      r.clock.set(next);
      await outbox.drain();
    }
    expect(r.channel.sent).toHaveLength(5 * chats.length);
    expect(queue.chatCount).toBe(0);
  });});

describe('outbox pruning while running', () => {

  it('drops finished messages past the retention without a restart, at most once an hour', async () => {
    const r = rig('indexed', start);
    r.outbox.enqueue({ key: 'old', to: chats[0]!, text: '上个月的预告' });
    await r.runUntil(start);
    expect(r.channel.sent.map((m) => m.key)).toEqual(['old']);

    // Half an hour before it expires: kept, and this counts as the hour's prune.
    await r.runUntil(start + FINISHED_RETENTION_MS - 30 * 60_000);
    expect(r.store.data.outbox.map((i) => i.key)).toEqual(['old']);
    // Expired now, but the last prune was 40 minutes ago.
    await r.runUntil(start + FINISHED_RETENTION_MS + 10 * 60_000);
    expect(r.store.data.outbox.map((i) => i.key)).toEqual(['old']);
    await r.runUntil(start + FINISHED_RETENTION_MS - 30 * 60_000 + PRUNE_EVERY_MS);
    expect(r.store.data.outbox).toEqual([]);
  });

  it('keeps waiting messages however old, and drops a failed one a month after it was queued', async () => {
    const r = rig('indexed', start);
    r.channel.failuresLeft = 3;
    r.outbox.enqueue({ key: 'broken', to: chats[2]!, text: '发不出去' });
    r.outbox.enqueue({ key: 'far', to: chats[1]!, text: '两个月后的活动', notBefore: start + 60 * DAY });
    await r.runUntil(start + 10 * 60_000);
    expect(r.store.data.outbox.map((i) => [i.key, i.state])).toEqual([['broken', 'failed'], ['far', 'pending']]);

    await r.runUntil(start + 45 * DAY);
    expect(r.store.data.outbox.map((i) => [i.key, i.state])).toEqual([['far', 'pending']]);
    await r.runUntil(start + 61 * DAY);
    expect(r.channel.sent.map((m) => [m.key, m.at])).toEqual([['far', start + 60 * DAY]]);
  });

  it('a key is refused while its message is kept and may be queued again once it is pruned (as after a restart)', async () => {
    const r = rig('indexed', start);
    expect(r.outbox.enqueue({ key: 'checkin:2026-11-21', to: chats[0]!, text: '签到提醒' })).toBe(true);
    await r.runUntil(start + 29 * DAY);
    expect(r.outbox.enqueue({ key: 'checkin:2026-11-21', to: chats[0]!, text: '签到提醒' })).toBe(false);
    await r.runUntil(start + 31 * DAY);
    expect(r.outbox.enqueue({ key: 'checkin:2026-11-21', to: chats[0]!, text: '签到提醒' })).toBe(true);
  });

});
