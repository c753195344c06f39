import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../store/journal.ts';
import { tempDir } from './helpers.ts';

const isEntry = (v: unknown): v is { n: number } => typeof v === 'object' && v !== null && typeof (v as { n?: unknown }).n === 'number';

describe('journal', () => {
  it('appends a line per entry, written before append returns, and reads them back in order', () => {
    const file = join(tempDir(), 'points.jsonl');
    const journal = Journal.open(file, isEntry);
    journal.append({ n: 1 });
    journal.append({ n: 2 });
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    journal.close();
    expect(Journal.open(file, isEntry).entries).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('skips and reports a line torn by a crash, and starts the next append on a fresh line', () => {
    const file = join(tempDir(), 'points.jsonl');
    const first = Journal.open(file, isEntry);
    first.append({ n: 1 });
    first.close();
    appendFileSync(file, '{"n":2,"ha');
    const bad: number[] = [];
    const journal = Journal.open(file, isEntry, (lineNo) => bad.push(lineNo));
    expect(journal.entries).toEqual([{ n: 1 }]);
    expect(bad).toEqual([2]);
    journal.append({ n: 3 });
    journal.close();
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2,"ha\n{"n":3}\n');
    expect(Journal.open(file, isEntry).entries).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('rewrites itself with the entries kept, and appends after them', () => {
    const file = join(tempDir(), 'outbox.jsonl');
    const journal = Journal.open(file, isEntry);
    for (const n of [1, 2, 3]) journal.append({ n });
    journal.rewrite([{ n: 3 }]);
    expect(journal.entries).toEqual([{ n: 3 }]);
    journal.append({ n: 4 });
    journal.close();
    expect(readFileSync(file, 'utf8')).toBe('{"n":3}\n{"n":4}\n');
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(Journal.open(file, isEntry).entries).toEqual([{ n: 3 }, { n: 4 }]);
  });

  it('refuses to append once closed', () => {
    const journal = Journal.open(join(tempDir(), 'x.jsonl'), isEntry);
    journal.close();
    expect(() => journal.append({ n: 1 })).toThrow('closed');
  });
});
