// A channel may answer "not now, at T" (SendLater): the outbox keeps the message waiting
// until T without using up an attempt, keeps the chat's later messages behind it, lets other
// chats go on, and logs the postponement once.

import { describe, expect, it } from 'vitest';
import { createLogger } from '../bot/logger.ts';
import { Outbox } from '../bot/outbox.ts';
import type { PacingPolicy } from '../bot/pacing.ts';
import { SendLater } from '../bot/send-later.ts';
import type { Destination, OutboundMessage } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { group1, member, outboxOnDisk, RecordingChannel, tempDir } from './helpers.ts';

const policy: PacingPolicy = {
  minGapMs: 1500, groupPerMinute: 20, quietHours: { start: 22 * 60, end: 8 * 60 }, dmDailyCap: 30, tz: 'Asia/Shanghai',
};
const at = (local: string) => Date.parse(`${local}+08:00`);
const toGroup: Destination = { kind: 'group', group: group1 };
const toOther: Destination = { kind: 'group', group: { id: 'g2@chatroom', name: '幸福里2群' } };

/** Refuses messages whose text is listed, with SendLater(until), as long as the clock is before `until`. */
class LimitedChannel extends RecordingChannel {
  readonly refused: string[] = [];
  constructor(private readonly c: ManualClock, private readonly until: number, private readonly texts: Set<string>) {
    super(c);
  }
  override async send(message: OutboundMessage): Promise<void> {
    if (this.texts.has(message.text) && this.c.now() < this.until) {
      this.refused.push(message.key);
      throw new SendLater(this.until, '今天的额度用完了');
    }
    return super.send(message);
  }
}

async function setup(start: number, until: number, texts: string[], dir = tempDir()) {
  const clock = new ManualClock(start);
  const store = await Store.open(dir);
  const lines: any[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s)) });
  const outbox = new Outbox(store, clock, policy, log, 3);
  const channel = new LimitedChannel(clock, until, new Set(texts));
  outbox.attach(channel);
  const runUntil = async (t: number) => {
    await outbox.drain();
    for (let next = outbox.nextWakeAt(); next !== null && next <= t; next = outbox.nextWakeAt()) {
      clock.set(Math.max(next, clock.now()));
      await outbox.drain();
    }
    clock.set(Math.max(t, clock.now()));
  };
  return { clock, store, outbox, channel, runUntil, lines, dir };
}

describe('outbox: a channel says "send later"', () => {
  it('waits until the given instant without counting an attempt, keeps the chat in order, and lets other chats go', async () => {
    const start = at('2026-11-21T09:00:00');
    const midnight = at('2026-11-22T00:00:00');
    const s = await setup(start, midnight, ['第三条']);
    s.outbox.enqueue({ key: 'a', to: toGroup, text: '第一条' });
    s.outbox.enqueue({ key: 'b', to: toGroup, text: '第三条' });
    s.outbox.enqueue({ key: 'c', to: toGroup, text: '第四条' });
    s.outbox.enqueue({ key: 'x', to: toOther, text: '别的群' });
    await s.runUntil(midnight - 1);
    expect(s.channel.sent.map((m) => m.key)).toEqual(['a', 'x']);
    // Refused once: the outbox did not keep knocking all day.
    expect(s.channel.refused).toEqual(['b']);
    const b = s.store.data.outbox.find((i) => i.key === 'b')!;
    expect(b).toMatchObject({ state: 'pending', attempts: 0, notBefore: midnight, lastError: '今天的额度用完了' });
    expect(s.store.data.outbox.find((i) => i.key === 'c')).toMatchObject({ state: 'pending', attempts: 0 });
    // A later message of another chat is not held up either.
    s.outbox.enqueue({ key: 'y', to: toOther, text: '别的群又一条' });
    await s.runUntil(midnight - 1);
    expect(s.channel.sent.map((m) => m.key)).toEqual(['a', 'x', 'y']);

    await s.runUntil(midnight + 60_000);
    expect(s.channel.sent.map((m) => [m.key, m.at])).toEqual([
      ['a', start], ['x', start], ['y', midnight - 1], ['b', midnight], ['c', midnight + 1500],
    ]);
    expect(b).toMatchObject({ state: 'sent', attempts: 1 });
    const postponed = s.lines.filter((l) => l.msg === 'send postponed by the channel');
    expect(postponed).toEqual([expect.objectContaining({ level: 30, key: 'b', notBefore: midnight })]);
    expect(s.lines.filter((l) => l.msg === 'send failed')).toEqual([]);
    await s.store.close();
  });

  it('is never marked failed however many days it is put off (more than maxAttempts)', async () => {
    const start = at('2026-11-21T09:00:00');
    const clock = new ManualClock(start);
    const store = await Store.open(tempDir());
    const outbox = new Outbox(store, clock, policy, createLogger('silent'), 3);
    let refusals = 0;
    const sent: number[] = [];
    outbox.attach({
      name: 'daily', send: async () => {
        if (refusals < 5) {
          refusals++;
          throw new SendLater(clock.now() + 24 * 3600_000, '明天再来');
        }
        sent.push(clock.now());
      },
    });
    outbox.enqueue({ key: 'k', to: toGroup, text: '你好' });
    await outbox.drain();
    for (let next = outbox.nextWakeAt(); next !== null; next = outbox.nextWakeAt()) {
      clock.set(next);
      await outbox.drain();
    }
    expect(refusals).toBe(5);
    expect(sent).toEqual([start + 5 * 24 * 3600_000]);
    expect(store.data.outbox[0]).toMatchObject({ state: 'sent', attempts: 1 });
    await store.close();
  });

  it('a "later" that is already past still pauses, so a confused channel cannot spin', async () => {
    const start = at('2026-11-21T09:00:00');
    const s = await setup(start, start + 10_000, ['你好']);
    s.channel.send = async () => {
      throw new SendLater(start - 1, '马上');
    };
    s.outbox.enqueue({ key: 'k', to: toGroup, text: '你好' });
    await s.outbox.drain();
    expect(s.store.data.outbox[0]).toMatchObject({ state: 'pending', attempts: 0, notBefore: start + 5_000 });
    await s.store.close();
  });

  it('a postponed message is on disk as waiting at once and still waiting after a restart', async () => {
    const start = at('2026-11-21T09:00:00');
    const midnight = at('2026-11-22T00:00:00');
    const first = await setup(start, midnight, ['明天的']);
    first.outbox.enqueue({ key: 'k', to: toGroup, text: '明天的' });
    await first.runUntil(start + 60_000);
    // On disk as waiting at once, not as 'sending' (which a crash would turn into a failure).
    expect(outboxOnDisk(first.dir)).toEqual([expect.objectContaining({ key: 'k', state: 'pending', attempts: 0, notBefore: midnight })]);
    await first.store.close();

    const second = await setup(at('2026-11-21T23:00:00'), midnight, ['明天的'], first.dir);
    expect(second.store.data.outbox).toEqual([expect.objectContaining({ key: 'k', state: 'pending', attempts: 0, notBefore: midnight })]);
    await second.runUntil(midnight + 60_000);
    expect(second.channel.sent.map((m) => [m.key, m.at])).toEqual([['k', midnight]]);
    expect(second.channel.refused).toEqual([]);
    await second.store.close();
  });
});
