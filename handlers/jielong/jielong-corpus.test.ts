// The 接龙 corpus (tests/corpus/jielong): real-format texts, each with the reading a careful
// 团长 makes of it. One score over all of them: entries right / expected, false entries (lines
// read as orders that are not), the organiser's products and the cut-off. Set
// CORPUS_DETAIL=1 to print every miss.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJielong, type JielongEntry } from './parse.ts';

const DIR = join(import.meta.dirname, '..', '..', 'tests', 'corpus', 'jielong');

interface ExpectedItem {
  product: string | null;
  qty: number | null;
  unit?: string | null;
}
interface ExpectedEntry {
  line: string;
  name: string | null;
  room: string | null;
  items: ExpectedItem[];
}
interface Case {
  file: string;
  text: string;
  offer: Array<{ name: string; price?: number; unit?: string }>;
  cutoff: string | null;
  entries: ExpectedEntry[];
}

function cases(): Case[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort().map((file) => {
    const expected = JSON.parse(readFileSync(join(DIR, file.replace(/\.txt$/, '.json')), 'utf8')) as Omit<Case, 'file' | 'text'>;
    return { file, text: readFileSync(join(DIR, file), 'utf8'), ...expected };
  });
}

const firstLine = (raw: string) => raw.split('\n')[0]!.trim();

function sameItems(got: JielongEntry['items'], want: ExpectedItem[]): boolean {
  const real = got.filter((i) => i.product !== null || i.qty !== null);
  if (real.length !== want.length) return false;
  return want.every((w, i) => {
    const g = real[i]!;
    return g.product === w.product && g.qty === w.qty && (w.unit === undefined || w.unit === null || g.unit === w.unit);
  });
}

/** Why a parsed entry differs from the expected one, or null when it is right. */
function miss(got: JielongEntry | undefined, want: ExpectedEntry): string | null {
  if (!got) return 'not read as an entry';
  const why: string[] = [];
  if (got.name !== want.name) why.push(`name ${JSON.stringify(got.name)} ≠ ${JSON.stringify(want.name)}`);
  if (got.room !== want.room) why.push(`room ${JSON.stringify(got.room)} ≠ ${JSON.stringify(want.room)}`);
  if (!sameItems(got.items, want.items)) why.push(`items ${JSON.stringify(got.items.map((i) => [i.product, i.qty, i.unit]))} ≠ ${JSON.stringify(want.items.map((i) => [i.product, i.qty, i.unit ?? null]))}`);
  return why.length ? why.join('; ') : null;
}

describe('接龙 corpus', () => {
  it('reads at least 98% of the entries right, with at most 1 false entry per 100', () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(Number(process.env.CORPUS_MIN ?? 60));
    let expected = 0;
    let right = 0;
    let falseEntries = 0;
    let offersRight = 0;
    let offersExpected = 0;
    let cutoffsRight = 0;
    const misses: string[] = [];
    for (const c of all) {
      const parsed = parseJielong(c.text);
      const entries = parsed?.entries.filter((e) => !e.flags.includes('empty')) ?? [];
      const byLine = new Map<string, JielongEntry[]>();
      for (const e of entries) byLine.set(firstLine(e.raw), [...(byLine.get(firstLine(e.raw)) ?? []), e]);
      for (const want of c.entries) {
        expected++;
        const got = byLine.get(want.line.trim())?.shift();
        const why = miss(got, want);
        if (why === null) right++;
        else misses.push(`${c.file} “${want.line}”: ${why}`);
      }
      for (const rest of byLine.values()) {
        for (const e of rest) {
          falseEntries++;
          misses.push(`${c.file} false entry “${firstLine(e.raw)}”`);
        }
      }
      offersExpected += c.offer.length;
      for (const o of c.offer) {
        const got = parsed?.offer.find((p) => p.name === o.name);
        if (got && got.price === o.price) offersRight++;
        else misses.push(`${c.file} offer ${o.name} ${o.price ?? ''}: got ${JSON.stringify(parsed?.offer.map((p) => [p.name, p.price]))}`);
      }
      const cut = parsed?.cutoff?.phrase ?? null;
      if (c.cutoff === null ? cut === null : cut !== null && (c.cutoff.includes(cut) || cut.includes(c.cutoff))) cutoffsRight++;
      else misses.push(`${c.file} cutoff ${JSON.stringify(cut)} ≠ ${JSON.stringify(c.cutoff)}`);
    }
    const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
    console.log(
      `接龙 corpus: ${all.length} texts; entries right ${right}/${expected} (${pct(right, expected)}), false entries ${falseEntries} ` +
        `(${((100 * falseEntries) / Math.max(1, expected)).toFixed(2)} per 100); products ${offersRight}/${offersExpected}; cut-offs ${cutoffsRight}/${all.length}`,
    );
    if (process.env.CORPUS_DETAIL) console.log(misses.join('\n'));
    expect(right / expected).toBeGreaterThanOrEqual(0.98);
    expect(falseEntries / expected).toBeLessThanOrEqual(0.01);
    expect(offersRight / Math.max(1, offersExpected)).toBeGreaterThanOrEqual(0.95);
    expect(cutoffsRight / all.length).toBeGreaterThanOrEqual(0.95);
  });
});
