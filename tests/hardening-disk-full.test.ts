// A full disk (ENOSPC) must not kill the bot: it keeps running, sends nothing it cannot record
// (sent unrecorded, a restart would send it again), tells the owner once, and carries on when
// there is room again, having lost and doubled nothing.

import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WRITE_FAILED_NOTICE } from '../bot/outbox.ts';
import { Store } from '../store/db.ts';
import { group1, member, tempDir, testBot } from './helpers.ts';

// The disk as the bot's synchronous appends see it: `room` bytes left. A write takes what fits
// and says so only by its count; once nothing fits it fails with ENOSPC, as Linux does.
const disk = vi.hoisted(() => ({ room: Infinity }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: ((fd: number, data: Buffer | string, ...rest: unknown[]) => {
      if (disk.room === Infinity || !Buffer.isBuffer(data)) return (real.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
      if (disk.room === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
      const n = real.writeSync(fd, data.subarray(0, Math.min(disk.room, data.length)));
      disk.room -= n;
      return n;
    }) as typeof real.writeSync,
  };
});

const owner = member('老赵', 'wxid_owner');
const unhandled: unknown[] = [];
const note = (err: unknown) => unhandled.push(err);
process.on('unhandledRejection', note);
process.on('uncaughtException', note);

afterEach(() => {
  disk.room = Infinity;
  expect(unhandled).toEqual([]);
});

describe('a full disk while the bot runs', () => {
  it('a message whose sending cannot be recorded is not sent; the owner hears once; it goes when there is room again', async () => {
    const { linli, clock, channel, config } = await testBot({ OWNER_IDS: owner.id });
    const { outbox, store } = linli.services;
    outbox.tellWhenWritesFail(() => [owner]); // as start-up wires it
    outbox.enqueue({ key: 'cutoff', to: { kind: 'group', group: group1 }, text: '今晚8点截单' });

    // The disk is full: no journal line fits, and every rewrite of state.json fails (its
    // temporary file cannot be written: a directory stands in its place).
    const tmp = join(config.DATA_DIR, '.state.json.tmp');
    fs.mkdirSync(tmp);
    disk.room = 0;
    await expect(outbox.drain()).resolves.toBe(0);
    expect(channel.sent).toEqual([expect.objectContaining({ to: { kind: 'dm', member: owner }, text: expect.stringContaining(WRITE_FAILED_NOTICE) })]);
    expect(store.data.outbox).toEqual([expect.objectContaining({ key: 'cutoff', state: 'pending', attempts: 0 })]);
    expect(store.writeError).toBeDefined();

    // Still full a while later, with background writes failing too: nothing sent, nobody told twice.
    store.changed();
    await new Promise((r) => setTimeout(r, 700));
    clock.set(clock.now() + 60_000);
    await outbox.drain();
    expect(channel.sent).toHaveLength(1);

    fs.rmSync(tmp, { recursive: true });
    disk.room = Infinity;
    clock.set(clock.now() + 60_000);
    await expect(outbox.drain()).resolves.toBe(1);
    expect(channel.sent.map((m) => m.text)).toEqual([expect.stringContaining(WRITE_FAILED_NOTICE), '今晚8点截单']);
    expect(store.writeError).toBeUndefined();
    await linli.close();
    expect(JSON.parse(fs.readFileSync(join(config.DATA_DIR, 'state.json'), 'utf8')).outbox).toEqual([]);
  });

  it('behaviour-log lines that do not fit stay queued, nothing is thrown into the bot, and each line lands once, whole', async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { flushMs: 50 });

    disk.room = 10;
    // The 500th append writes at once, a timer writes the rest: neither may throw into a handler.
    for (let n = 0; n < 600; n++) store.log.append({ n });
    await new Promise((r) => setTimeout(r, 300));
    await expect(store.flush()).rejects.toThrow('ENOSPC');
    expect(store.writeError?.message).toContain('ENOSPC');

    disk.room = Infinity;
    await store.flush();
    expect(store.writeError).toBeUndefined();
    await store.close();
    const lines = fs.readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { n: number });
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 600 }, (_, n) => n));
  });
});
