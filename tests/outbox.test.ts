import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { Outbox } from '../bot/outbox.ts';
import { earliestSend, inQuietHours, type PacingPolicy, type SendHistory } from '../bot/pacing.ts';
import type { Destination } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { group1, member, outboxOnDisk, RecordingChannel, runOutboxUntil, tempDir } from './helpers.ts';

const policy: PacingPolicy = {
  minGapMs: 1500, groupPerMinute: 20, quietHours: { start: 22 * 60, end: 8 * 60 }, dmDailyCap: 30, tz: 'Asia/Shanghai',
};
const at = (local: string) => Date.parse(`${local}+08:00`);
const toGroup: Destination = { kind: 'group', group: group1 };
const toDm = (name: string): Destination => ({ kind: 'dm', member: member(name) });

async function setup(start = at('2026-11-21T09:00:00'), dir = tempDir(), p: PacingPolicy = policy) {
  const clock = new ManualClock(start);
  const store = await Store.open(dir);
  const outbox = new Outbox(store, clock, p, silentLogger(), 3);
  const channel = new RecordingChannel(clock);
  outbox.attach(channel);
  const runUntil = (until: number) => runOutboxUntil(outbox, clock, until);
  return { clock, store, outbox, channel, runUntil, dir };
}

describe('outbox', () => {
  it('persists a message before sending it', async () => {
    const { outbox, channel, dir, store } = await setup();
    const seenOnDisk: string[] = [];
    channel.send = async (m) => {
      seenOnDisk.push(outboxOnDisk(dir).map((i) => `${i.key}:${i.state}`).join());
      void m;
    };
    outbox.enqueue({ key: 'a', to: toGroup, text: '你好' });
    await outbox.drain();
    expect(seenOnDisk).toEqual(['a:sending']);
    await store.close();
  });

  it('never queues or sends a key twice, also after a restart', async () => {
    const first = await setup();
    expect(first.outbox.enqueue({ key: 'k1', to: toGroup, text: '一' })).toBe(true);
    expect(first.outbox.enqueue({ key: 'k1', to: toGroup, text: '一' })).toBe(false);
    await first.runUntil(Infinity);
    expect(first.channel.sent.map((m) => m.key)).toEqual(['k1']);
    await first.store.close();

    const second = await setup(at('2026-11-21T10:00:00'), first.dir);
    expect(second.outbox.enqueue({ key: 'k1', to: toGroup, text: '一' })).toBe(false);
    await second.runUntil(Infinity);
    expect(second.channel.sent).toEqual([]);
    await second.store.close();
  });

  it('sends what was queued but not sent before a restart, once', async () => {
    const first = await setup();
    first.outbox.enqueue({ key: 'later', to: toGroup, text: '稍后', notBefore: at('2026-11-21T12:00:00') });
    await first.store.close();
    const second = await setup(at('2026-11-21T11:00:00'), first.dir);
    await second.runUntil(Infinity);
    await second.runUntil(Infinity);
    expect(second.channel.sent.map((m) => [m.key, m.at])).toEqual([['later', at('2026-11-21T12:00:00')]]);
    await second.store.close();
  });

  it('does not resend a message whose send was interrupted, and says why', async () => {
    const first = await setup();
    first.outbox.enqueue({ key: 'x', to: toGroup, text: '一' });
    // The bot dies while the message is out: its `sending` line is the last one written.
    first.channel.send = () => new Promise<void>(() => {});
    void first.outbox.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await first.store.close();
    expect(outboxOnDisk(first.dir).map((i) => i.state)).toEqual(['sending']);
    const second = await setup(at('2026-11-21T09:10:00'), first.dir);
    await second.runUntil(Infinity);
    expect(second.channel.sent).toEqual([]);
    expect(second.store.data.outbox[0]).toMatchObject({ state: 'failed', lastError: expect.stringContaining('为避免重复发送') });
    await second.store.close();
  });

  it('keeps at least 1.5 s between two sends to the same chat, in order', async () => {
    const { outbox, channel, runUntil } = await setup();
    for (let i = 0; i < 5; i++) outbox.enqueue({ key: `g${i}`, to: toGroup, text: `${i}` });
    outbox.enqueue({ key: 'd', to: toDm('王阿姨'), text: '私聊' });
    await runUntil(Infinity);
    const groupSends = channel.sent.filter((m) => m.to.kind === 'group');
    expect(groupSends.map((m) => m.text)).toEqual(['0', '1', '2', '3', '4']);
    expect(groupSends.map((m) => m.at - at('2026-11-21T09:00:00'))).toEqual([0, 1500, 3000, 4500, 6000]);
    // Another chat is not held up by the group's pacing.
    expect(channel.sent.find((m) => m.key === 'd')!.at).toBe(at('2026-11-21T09:00:00'));
  });

  it('posts at most 20 times per minute into one group', async () => {
    const { outbox, channel, runUntil } = await setup(undefined, undefined, { ...policy, minGapMs: 0 });
    for (let i = 0; i < 45; i++) outbox.enqueue({ key: `g${i}`, to: toGroup, text: `${i}` });
    await runUntil(Infinity);
    const times = channel.sent.map((m) => m.at);
    for (const t of times) expect(times.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(20);
    expect(times[20]! - times[0]!).toBe(60_000);
    expect(channel.sent).toHaveLength(45);
  });

  it('holds DMs during quiet hours until 08:00, but not replies or group posts', async () => {
    const { outbox, channel, runUntil } = await setup(at('2026-11-21T23:30:00'));
    outbox.enqueue({ key: 'dm', to: toDm('王阿姨'), text: '直播提醒' });
    outbox.enqueue({ key: 'recall', to: toDm('李哥'), text: '好久不见', purpose: 'unsolicited' });
    outbox.enqueue({ key: 'reply', to: toDm('小张'), text: '回答你刚才的问题', purpose: 'reply' });
    outbox.enqueue({ key: 'g', to: toGroup, text: '群里' });
    await runUntil(Infinity);
    expect(channel.sent.map((m) => [m.key, m.at])).toEqual([
      ['reply', at('2026-11-21T23:30:00')],
      ['g', at('2026-11-21T23:30:00')],
      ['dm', at('2026-11-22T08:00:00')],
      ['recall', at('2026-11-22T08:00:00')],
    ]);
  });

  it('caps unsolicited DMs per day and sends the rest the next morning', async () => {
    const { outbox, channel, runUntil } = await setup(at('2026-11-21T09:00:00'), undefined, { ...policy, dmDailyCap: 3 });
    for (let i = 0; i < 5; i++) outbox.enqueue({ key: `r${i}`, to: toDm(`居民${i}`), text: '好久不见', purpose: 'unsolicited' });
    outbox.enqueue({ key: 'answer', to: toDm('居民9'), text: '回答你的问题', purpose: 'reply' });
    outbox.enqueue({ key: 'reminder', to: toDm('居民8'), text: '直播提醒' });
    await runUntil(Infinity);
    const day = (t: number) => new Date(t).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
    const byKey = Object.fromEntries(channel.sent.map((m) => [m.key, m.at]));
    expect(['r0', 'r1', 'r2'].map((k) => day(byKey[k]!))).toEqual(Array(3).fill('2026/11/21'));
    expect(byKey.r3).toBe(at('2026-11-22T08:00:00'));
    expect(byKey.r4).toBe(at('2026-11-22T08:00:00'));
    expect(byKey.answer).toBe(at('2026-11-21T09:00:00'));
    // A reminder the member asked for is not counted against the cap.
    expect(byKey.reminder).toBe(at('2026-11-21T09:00:00'));
  });

  it('answers a member at once even when a capped DM to them waits for tomorrow', async () => {
    const { outbox, channel, runUntil } = await setup(at('2026-11-21T09:00:00'), undefined, { ...policy, dmDailyCap: 1 });
    outbox.enqueue({ key: 'r0', to: toDm('居民0'), text: '好久不见', purpose: 'unsolicited' });
    outbox.enqueue({ key: 'r1', to: toDm('王阿姨'), text: '上次的油用得还顺手吗？', purpose: 'unsolicited' });
    outbox.enqueue({ key: 'answer1', to: toDm('王阿姨'), text: '亚麻籽油39.9元一瓶～', purpose: 'reply' });
    outbox.enqueue({ key: 'answer2', to: toDm('王阿姨'), text: '还有货～', purpose: 'reply' });
    await runUntil(Infinity);
    expect(channel.sent.map((m) => [m.key, m.at])).toEqual([
      ['r0', at('2026-11-21T09:00:00')],
      ['answer1', at('2026-11-21T09:00:00')],
      ['answer2', at('2026-11-21T09:00:01.500')],
      ['r1', at('2026-11-22T08:00:00')],
    ]);
  });

  it('retries a failed send with backoff, then marks it failed with the reason', async () => {
    const { outbox, channel, runUntil, store } = await setup();
    channel.failuresLeft = 1;
    outbox.enqueue({ key: 'once', to: toGroup, text: '重试后成功' });
    await runUntil(Infinity);
    expect(channel.sent.map((m) => [m.key, m.at])).toEqual([['once', at('2026-11-21T09:00:05')]]);

    channel.failuresLeft = 10;
    outbox.enqueue({ key: 'never', to: toDm('李哥'), text: '发不出去' });
    await runUntil(Infinity);
    const item = store.data.outbox.find((i) => i.key === 'never')!;
    expect(item).toMatchObject({ state: 'failed', attempts: 3, lastError: 'network down' });
    expect(channel.sent.map((m) => m.key)).toEqual(['once']);
  });
});

describe('pacing rules', () => {
  it('knows quiet hours across midnight', () => {
    expect(inQuietHours(at('2026-11-21T21:59:00'), policy)).toBe(false);
    expect(inQuietHours(at('2026-11-21T22:00:00'), policy)).toBe(true);
    expect(inQuietHours(at('2026-11-22T07:59:00'), policy)).toBe(true);
    expect(inQuietHours(at('2026-11-22T08:00:00'), policy)).toBe(false);
    expect(inQuietHours(at('2026-11-22T03:00:00'), { ...policy, quietHours: null })).toBe(false);
  });

  it('never schedules two sends to a chat closer than the gap or over the per-minute limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 25 }),
        (arrivals, gap, perMinute) => {
          const p = { ...policy, minGapMs: gap, groupPerMinute: perMinute };
          const sent: number[] = [];
          const history: SendHistory = {
            lastSentAt: () => sent.at(-1),
            sentInLastMinute: (_c, t) => sent.filter((s) => s > t - 60_000 && s <= t),
            unsolicitedDmsOn: () => 0,
          };
          let now = 0;
          for (const arrival of [...arrivals].sort((a, b) => a - b)) {
            now = Math.max(now, arrival);
            const t = earliestSend({ to: toGroup, notBefore: arrival, purpose: 'requested' }, history, p, now);
            expect(t).toBeGreaterThanOrEqual(arrival);
            sent.push(t);
            now = t;
          }
          for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(gap);
          for (const t of sent) expect(sent.filter((s) => s > t - 60_000 && s <= t).length).toBeLessThanOrEqual(perMinute);
        },
      ),
    );
  });
});
