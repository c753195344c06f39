// The outbox's record is outbox.jsonl, not state.json: a message's whole line when queued, a
// short line per change of state. These run the outbox over a real store on disk, across
// restarts (a new Store over the same directory), and check that keys, pacing, lookups by key
// and the no-double-send rule survive while a send never rewrites state.json.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { COMPACT_AFTER_START_MS, Outbox } from '../bot/outbox.ts';
import { foldLines, type OutboxJournal, type OutboxLine } from '../bot/outbox-history.ts';
import type { PacingPolicy } from '../bot/pacing.ts';
import type { Destination } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { emptyState, FINISHED_RETENTION_MS, type OutboxItem } from '../store/schema.ts';
import { group1, member, RecordingChannel, runOutboxUntil, tempDir, testBot } from './helpers.ts';

const policy: PacingPolicy = {
  minGapMs: 1500, groupPerMinute: 3, quietHours: { start: 22 * 60, end: 8 * 60 }, dmDailyCap: 30, tz: 'Asia/Shanghai',
};
const at = (local: string) => Date.parse(`${local}+08:00`);
const DAY = 24 * 3600_000;
const T0 = at('2026-11-21T09:00:00');
const toGroup: Destination = { kind: 'group', group: group1 };
const toDm = (name: string): Destination => ({ kind: 'dm', member: member(name) });

async function open(dir: string, now: number, journal?: OutboxJournal) {
  const clock = new ManualClock(now);
  const store = await Store.open(dir);
  const outbox = journal
    ? new Outbox(store, clock, policy, silentLogger(), 3, undefined, journal)
    : new Outbox(store, clock, policy, silentLogger(), 3);
  const channel = new RecordingChannel(clock);
  outbox.attach(channel);
  const runUntil = async (until: number) => {
    await runOutboxUntil(outbox, clock, until);
    clock.set(Math.max(until, clock.now()));
    await outbox.drain();
  };
  return { clock, store, outbox, channel, runUntil };
}

/** state.json's outbox: none when the file was never written (nothing but sends happened). */
const onDisk = (dir: string): { outbox: OutboxItem[] } => {
  const file = join(dir, 'state.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { outbox: OutboxItem[] } : { outbox: [] };
};
const rawLines = (dir: string): string[] => {
  const file = join(dir, 'outbox.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()) : [];
};
/** The messages outbox.jsonl records, each as its last line left it. */
const journalLines = (dir: string): OutboxItem[] => foldLines(rawLines(dir).map((l) => JSON.parse(l) as OutboxLine)).items;

function finished(key: string, to: Destination, sentAt: number, state: 'sent' | 'failed' = 'sent'): OutboxItem {
  return {
    key, to, text: '老消息', mentions: [], purpose: 'requested', createdAt: sentAt - 1_000, notBefore: sentAt - 1_000, state,
    attempts: state === 'sent' ? 1 : 3, ...(state === 'sent' ? { sentAt } : { lastError: '网络不通' }),
  };
}

describe('outbox history in outbox.jsonl', () => {
  it('after a restart still refuses a used key, finds the sent message by key, and keeps pacing', async () => {
    const dir = tempDir();
    const first = await open(dir, T0);
    first.outbox.enqueue({ key: 'a', to: toGroup, text: '一' });
    await first.runUntil(T0);
    expect(first.channel.sent.map((m) => [m.key, m.at])).toEqual([['a', T0]]);
    await first.store.close();
    expect(onDisk(dir).outbox).toEqual([]);

    const second = await open(dir, T0 + 500);
    expect(second.outbox.enqueue({ key: 'a', to: toGroup, text: '一' })).toBe(false);
    expect(second.store.data.outbox.find((i) => i.key === 'a')).toMatchObject({ state: 'sent', sentAt: T0 });
    // Same group 0.5 s after the send before the restart: waits out the 1.5 s gap.
    second.outbox.enqueue({ key: 'b', to: toGroup, text: '二' });
    await second.runUntil(T0 + 60_000);
    expect(second.channel.sent.map((m) => [m.key, m.at])).toEqual([['b', T0 + 1_500]]);
    await second.store.close();

    // Three posts a minute per group: 'a' and 'b' count after a second restart too.
    const third = await open(dir, T0 + 2_000);
    for (const key of ['c', 'd']) third.outbox.enqueue({ key, to: toGroup, text: key });
    await third.runUntil(T0 + 120_000);
    expect(third.channel.sent.map((m) => [m.key, m.at])).toEqual([['c', T0 + 3_000], ['d', T0 + 60_000]]);
    await third.store.close();
  });

  it('a send appends two short lines and leaves state.json alone; the journal holds every message', async () => {
    const dir = tempDir();
    const first = await open(dir, T0);
    for (let i = 0; i < 120; i++) first.outbox.enqueue({ key: `m${i}`, to: toDm(`邻居${i}`), text: `第${i}条，今晚 8 点直播，记得来看～` });
    first.outbox.enqueue({ key: 'later', to: toGroup, text: '明天的预告', notBefore: T0 + DAY });
    const queued = rawLines(dir).length;
    expect(queued).toBe(121);
    await first.runUntil(T0 + 5 * 60_000);
    expect(first.channel.sent).toHaveLength(120);
    // `sending` and `sent` per message, each a short line, not the message again.
    const changes = rawLines(dir).slice(queued);
    expect(changes).toHaveLength(240);
    for (const line of changes) expect(line.length).toBeLessThan(120);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    await first.store.close();

    expect(onDisk(dir).outbox).toEqual([]);
    expect(journalLines(dir).map((i) => [i.key, i.state])).toEqual([
      ...Array.from({ length: 120 }, (_, i) => [`m${i}`, 'sent']), ['later', 'pending'],
    ]);

    const second = await open(dir, T0 + 20 * 60_000);
    expect(second.store.data.outbox).toHaveLength(121);
    for (let i = 0; i < 120; i++) expect(second.outbox.enqueue({ key: `m${i}`, to: toDm(`邻居${i}`), text: '再来一次' })).toBe(false);
    await second.runUntil(T0 + DAY + 60_000);
    expect(second.channel.sent.map((m) => m.key)).toEqual(['later']);
    await second.store.close();
    expect(onDisk(dir).outbox).toEqual([]);
    expect(journalLines(dir).map((i) => i.state)).toEqual(Array(121).fill('sent'));
    // Rewritten one whole line per message minutes after start-up (not during it); the send
    // the next day added two.
    expect(rawLines(dir)).toHaveLength(121 + 2);
  });

  it('moves the finished messages of an older state.json into the journal, losing none and adding none twice', async () => {
    const dir = tempDir();
    const legacy = {
      ...emptyState(),
      outbox: [
        finished('old-expired', toGroup, T0 - 40 * DAY),
        finished('sent-yesterday', toDm('王阿姨'), T0 - DAY),
        finished('gave-up', toDm('李哥'), T0 - 2 * DAY, 'failed'),
        finished('just-now', toGroup, T0 - 1_000),
        { ...finished('waiting', toDm('小张'), T0), state: 'pending', attempts: 0, sentAt: undefined, notBefore: T0 + 60_000 },
      ],
    };
    writeFileSync(join(dir, 'state.json'), JSON.stringify(legacy));

    const first = await open(dir, T0);
    expect(first.store.data.outbox.map((i) => [i.key, i.state])).toEqual([
      ['sent-yesterday', 'sent'], ['gave-up', 'failed'], ['just-now', 'sent'], ['waiting', 'pending'],
    ]);
    for (const key of ['sent-yesterday', 'gave-up', 'just-now', 'waiting']) expect(first.outbox.enqueue({ key, to: toGroup, text: '重复' })).toBe(false);
    expect(journalLines(dir).map((i) => [i.key, i.state])).toEqual([['sent-yesterday', 'sent'], ['gave-up', 'failed'], ['just-now', 'sent'], ['waiting', 'pending']]);
    // Pacing read the migrated history: 'just-now' went to the group a second ago.
    first.outbox.enqueue({ key: 'next', to: toGroup, text: '下一条' });
    await first.runUntil(T0 + 120_000);
    expect(first.channel.sent.map((m) => [m.key, m.at])).toEqual([['next', T0 + 500], ['waiting', T0 + 60_000]]);
    await first.store.close();
    expect(onDisk(dir).outbox).toEqual([]);

    const second = await open(dir, T0 + 130_000);
    expect(second.store.data.outbox.map((i) => [i.key, i.state])).toEqual([
      ['sent-yesterday', 'sent'], ['gave-up', 'failed'], ['just-now', 'sent'], ['waiting', 'sent'], ['next', 'sent'],
    ]);
    expect(journalLines(dir).map((i) => i.key)).toEqual(['sent-yesterday', 'gave-up', 'just-now', 'waiting', 'next']);
    await second.store.close();
  });

  it('a send interrupted before its `sent` line is marked failed, never resent', async () => {
    const dir = tempDir();
    const first = await open(dir, T0);
    first.outbox.enqueue({ key: 'x', to: toGroup, text: '一' });
    // The bot dies while the message is out: the journal says 'sending' (written before it left).
    first.channel.send = () => new Promise<void>(() => {});
    void first.outbox.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await first.store.close();
    expect(journalLines(dir).map((i) => [i.key, i.state])).toEqual([['x', 'sending']]);

    const second = await open(dir, T0 + 60_000);
    await second.runUntil(T0 + DAY);
    expect(second.channel.sent).toEqual([]);
    expect(second.store.data.outbox).toEqual([expect.objectContaining({ key: 'x', state: 'failed', lastError: expect.stringContaining('为避免重复发送') })]);
    await second.store.close();
    expect(journalLines(dir).map((i) => [i.key, i.state])).toEqual([['x', 'failed']]);
    expect(onDisk(dir).outbox).toEqual([]);
  });

  it('a sent message an older state.json still holds as sending counts as sent, once', async () => {
    const dir = tempDir();
    const first = await open(dir, T0);
    first.outbox.enqueue({ key: 'y', to: toGroup, text: '一' });
    const copy = { ...first.store.data.outbox[0]!, state: 'sending' as const, attempts: 1 };
    await first.runUntil(T0);
    await first.store.close();
    // An older version wrote state.json before the send and crashed after the journal line.
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ ...emptyState(), outbox: [copy] }));

    const second = await open(dir, T0 + 1_000);
    expect(second.store.data.outbox).toEqual([expect.objectContaining({ key: 'y', state: 'sent', sentAt: T0 })]);
    second.outbox.enqueue({ key: 'z', to: toGroup, text: '二' });
    await second.runUntil(T0 + DAY);
    expect(second.channel.sent.map((m) => [m.key, m.at])).toEqual([['z', T0 + 1_500]]);
    await second.store.close();
    expect(journalLines(dir).map((i) => [i.key, i.state])).toEqual([['y', 'sent'], ['z', 'sent']]);
    expect(onDisk(dir).outbox).toEqual([]);
  });

  it('a message the journal cannot take waits in state.json unsent, and goes once the journal works', async () => {
    const dir = tempDir();
    const broken: OutboxJournal = { entries: [], append: () => { throw new Error('no space left on device'); }, rewrite: () => { throw new Error('no space left on device'); } };
    const first = await open(dir, T0, broken);
    first.outbox.enqueue({ key: 'w', to: toGroup, text: '一' });
    await first.runUntil(T0 + 60_000);
    expect(first.channel.sent).toEqual([]);
    await first.store.close();
    expect(onDisk(dir).outbox.map((i) => [i.key, i.state, i.attempts])).toEqual([['w', 'pending', 0]]);

    const second = await open(dir, T0 + 120_000);
    expect(second.outbox.enqueue({ key: 'w', to: toGroup, text: '一' })).toBe(false);
    await second.runUntil(T0 + 120_000);
    expect(second.channel.sent.map((m) => m.key)).toEqual(['w']);
    await second.store.close();
    expect(journalLines(dir).map((i) => [i.key, i.state])).toEqual([['w', 'sent']]);
    expect(onDisk(dir).outbox).toEqual([]);
  });

  it('drops journal lines past the retention: once a day while running, and minutes after start-up', async () => {
    const dir = tempDir();
    const first = await open(dir, T0);
    first.outbox.enqueue({ key: 'early', to: toGroup, text: '一' });
    await first.runUntil(T0);
    first.outbox.enqueue({ key: 'late', to: toGroup, text: '二', notBefore: T0 + 5 * DAY });
    await first.runUntil(T0 + 5 * DAY);
    // Stepping an hour at a time, as the engine's wake-ups would.
    for (let t = T0 + 5 * DAY; t <= T0 + FINISHED_RETENTION_MS + 2 * DAY; t += 3600_000) await first.runUntil(t);
    expect(journalLines(dir).map((i) => i.key)).toEqual(['late']);
    expect(first.store.data.outbox.map((i) => i.key)).toEqual(['late']);
    expect(first.outbox.enqueue({ key: 'early', to: toGroup, text: '一' })).toBe(true);
    await first.store.close();

    // 'late' expires while the bot is down: start-up leaves it out, and the journal's rewrite a
    // few minutes later drops its line.
    const second = await open(dir, T0 + 5 * DAY + FINISHED_RETENTION_MS + 1);
    expect(second.store.data.outbox.map((i) => i.key)).toEqual(['early']);
    await second.runUntil(second.clock.now());
    expect(journalLines(dir).map((i) => i.key)).toEqual(['late', 'early']);
    await second.runUntil(second.clock.now() + COMPACT_AFTER_START_MS);
    await second.store.close();
    expect(journalLines(dir).map((i) => i.key)).toEqual(['early']);
  });

  it('with OUTBOX_SYNC_SENDS, syncs the `sending` line to the disk before the message leaves, and only that line', async () => {
    const written: Array<[string, boolean]> = [];
    const spy: OutboxJournal = {
      entries: [],
      append: (line, sync) => void written.push([line.state, sync === true]),
      rewrite: () => {},
    };
    const first = await open(tempDir(), T0, spy);
    first.outbox.syncSends = true;
    let syncedBeforeSend = false;
    const send = first.channel.send.bind(first.channel);
    first.channel.send = async (m) => {
      syncedBeforeSend = written.some(([state, sync]) => state === 'sending' && sync);
      await send(m);
    };
    first.outbox.enqueue({ key: 's', to: toGroup, text: '一' });
    await first.runUntil(T0);
    expect(syncedBeforeSend).toBe(true);
    expect(written).toEqual([['pending', false], ['sending', true], ['sent', false]]);
    await first.store.close();

    const { linli } = await testBot({ OUTBOX_SYNC_SENDS: 'true' });
    expect(linli.services.outbox.syncSends).toBe(true);
    await linli.close();
    const plain = await testBot();
    expect(plain.linli.services.outbox.syncSends).toBe(false);
    await plain.linli.close();
  });

  it('keeps the daily DM counts only for the days the kept history covers', async () => {
    const first = await open(tempDir(), T0);
    first.store.data.dmSentPerDay['2026-09-01'] = 30;
    first.store.data.dmSentPerDay['2026-11-20'] = 12;
    first.outbox.enqueue({ key: 'a', to: toGroup, text: '一' });
    await first.runUntil(T0 + 2 * 3600_000);
    expect(first.store.data.dmSentPerDay).toEqual({ '2026-11-20': 12 });
    await first.store.close();
  });
});
