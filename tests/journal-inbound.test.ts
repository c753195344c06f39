// The inbound journal (store/inbound-journal.ts): what a channel acknowledged is on disk before
// the acknowledgement, handled marks follow the store's flush, what is open survives a restart
// and a rewrite, and an id taken once is not taken again.

import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InboundJournal, type InboundJournalOptions } from '../store/inbound-journal.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { T0, tempDir } from './helpers.ts';

function lines(file: string): Array<{ k: string; id: string }> {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function setup(opts: Partial<InboundJournalOptions> = {}) {
  const file = join(tempDir(), 'inbound.jsonl');
  const clock = new ManualClock(T0);
  const open = (more: Partial<InboundJournalOptions> = {}) => InboundJournal.open(file, { clock, ...opts, ...more });
  return { file, clock, open };
}

const rec = (n: number, src = 'test') => ({ id: `e${n}`, src, at: T0 + n, body: { n } });

describe('inbound journal', () => {
  it('has each accepted event on disk when `durable` resolves, and gives back the unhandled ones in order after a restart', async () => {
    const { file, open } = setup();
    const journal = open();
    const taken = [1, 2, 3, 4].map((n) => journal.accept(rec(n)));
    expect(taken.every((t) => t.fresh)).toBe(true);
    // One write for the burst: all four resolve, in the order they were taken.
    const order: string[] = [];
    await Promise.all(taken.map((t, i) => t.durable.then(() => order.push(`e${i + 1}`))));
    expect(order).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(lines(file).map((l) => l.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    journal.handled('e2');
    await journal.settle();
    // Crash: nothing more is written.
    const again = open();
    expect(again.pending().map((r) => r.id)).toEqual(['e1', 'e3', 'e4']);
    expect(again.pending()[0]).toEqual(rec(1));
    expect(again.isHandled('e2')).toBe(true);
    expect(again.latestAcceptedAt).toBe(T0 + 4);
  });

  it('takes an id once: a repeat in flight, after handling and after a restart is not fresh', async () => {
    const { clock, open } = setup();
    const journal = open();
    const first = journal.accept(rec(1));
    const repeat = journal.accept(rec(1));
    expect(repeat.fresh).toBe(false);
    await repeat.durable;
    journal.handled('e1');
    expect(journal.accept(rec(1)).fresh).toBe(false);
    await first.durable;
    await journal.settle();
    journal.close();

    const reopened = open();
    expect(reopened.pending()).toEqual([]);
    expect(reopened.accept(rec(1)).fresh).toBe(false);
    reopened.close();
    // Past the memory (an hour), the id is forgotten and its line dropped.
    clock.advance(61 * 60_000);
    const later = open();
    expect(later.isHandled('e1')).toBe(false);
    expect(later.accept(rec(1)).fresh).toBe(true);
  });

  it('writes a handled mark only after beforeMark (the store flush) has finished', async () => {
    let release!: () => void;
    let flushes = 0;
    const { file, open } = setup({
      beforeMark: () => {
        flushes++;
        return new Promise<void>((r) => (release = r));
      },
    });
    const journal = open();
    await journal.accept(rec(1)).durable;
    await journal.accept(rec(2)).durable;
    journal.handled('e1');
    journal.handled('e2');
    await new Promise((r) => setTimeout(r, 20));
    expect(lines(file).filter((l) => l.k === 'done')).toEqual([]);
    expect(open().pending().map((r) => r.id)).toEqual(['e1', 'e2']);
    release();
    await journal.settle();
    // One flush for both marks.
    expect(flushes).toBe(1);
    expect(lines(file).filter((l) => l.k === 'done').map((l) => l.id)).toEqual(['e1', 'e2']);
  });

  it('keeps the event open when the flush before its mark fails, and says so on settle', async () => {
    let fail = true;
    const errors: string[] = [];
    const { open } = setup({
      beforeMark: async () => {
        if (fail) throw new Error('ENOSPC');
      },
      onError: (err) => errors.push(err.message),
    });
    const journal = open();
    await journal.accept(rec(1)).durable;
    journal.handled('e1');
    await expect(journal.settle()).rejects.toThrow('ENOSPC');
    expect(errors).toContain('ENOSPC');
    expect(open().pending().map((r) => r.id)).toEqual(['e1']);
    fail = false;
    await journal.settle();
    expect(open().pending()).toEqual([]);
    journal.close();
  });

  it('skips a line cut short by a crash, and the next event starts on a line of its own', async () => {
    const { file, open } = setup();
    const journal = open();
    await journal.accept(rec(1)).durable;
    journal.close();
    appendFileSync(file, '{"k":"in","id":"e2","src":"te');
    const bad: number[] = [];
    const again = open({ onBadLine: (n) => bad.push(n) });
    expect(bad).toEqual([2]);
    expect(again.pending().map((r) => r.id)).toEqual(['e1']);
    await again.accept(rec(3)).durable;
    again.close();
    expect(open().pending().map((r) => r.id)).toEqual(['e1', 'e3']);
  });

  it('refuses (rejects `durable`) what it cannot write, and does not remember it', async () => {
    const { open } = setup();
    const journal = open();
    journal.close();
    const taken = journal.accept(rec(1));
    await expect(taken.durable).rejects.toThrow('closed');
    expect(journal.isPending('e1')).toBe(false);
    expect(open().pending()).toEqual([]);
  });

  it('does not grow without end: rewritten to what is open while it runs, and at each start', async () => {
    const { file, open } = setup({ compactAt: 50, retainMs: 0 });
    const journal = open();
    let sizeMax = 0;
    // 1,000 events; every tenth stays unhandled.
    for (let n = 1; n <= 1000; n++) {
      await journal.accept(rec(n)).durable;
      if (n % 10 !== 0) journal.handled(`e${n}`);
      // Settled after each event so the bound does not depend on when batched marks happen to run.
      await journal.settle();
      sizeMax = Math.max(sizeMax, lines(file).length);
    }
    await journal.settle();
    // Never more than about twice what is open (100 events) plus the threshold.
    expect(sizeMax).toBeLessThan(2 * 100 + 50 + 30);
    const open100 = Array.from({ length: 100 }, (_, i) => `e${(i + 1) * 10}`);
    expect(open().pending().map((r) => r.id)).toEqual(open100);
    // At start-up the file is rewritten to exactly what is open.
    expect(lines(file).map((l) => l.id)).toEqual(open100);
    const last = open();
    for (const id of open100) last.handled(id);
    await last.settle();
    last.close();
    open();
    expect(lines(file)).toEqual([]);
  });
});
