import * as fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Journal } from '../store/journal.ts';
import { tempDir } from './helpers.ts';

// A full disk: writeSync writes what fits and returns fewer bytes, without an error.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: ((fd: number, data: Buffer | string) => {
      if (disk.full && Buffer.isBuffer(data)) return real.writeSync(fd, data.subarray(0, 4));
      return real.writeSync(fd, data as Buffer);
    }) as typeof real.writeSync,
  };
});

const isEntry = (v: unknown): v is { n: number } => typeof (v as { n?: unknown } | null)?.n === 'number';

describe('a journal line written only in part', () => {
  it('counts as not written, and the next line starts fresh so it survives a restart', () => {
    const file = `${tempDir()}/j.jsonl`;
    const j = Journal.open(file, isEntry);
    j.append({ n: 1 });
    disk.full = true;
    expect(() => j.append({ n: 2 })).toThrow(/part of a line/);
    disk.full = false;
    j.append({ n: 3 });
    expect(j.entries).toEqual([{ n: 1 }, { n: 3 }]);
    const bad: number[] = [];
    expect(Journal.open(file, isEntry, (line) => bad.push(line)).entries).toEqual([{ n: 1 }, { n: 3 }]);
    expect(bad).toHaveLength(1);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });
});
