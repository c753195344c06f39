import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../scheduler/clock.ts';
import { Store } from '../../store/db.ts';
import { tempDir } from '../../tests/helpers.ts';
import { ANY_KEPT_MS, archiveSettled } from './archive.ts';
import './index.ts';
import type { FulfilmentOrder } from './state.ts';

const NOW = Date.parse('2026-12-01T04:40:00+08:00');

function order(no: string, closedAt: number, over: Partial<FulfilmentOrder> = {}): FulfilmentOrder {
  return {
    no, jielong: `jl-${no}`, title: '苹果团', group: { id: 'g1', name: '1群' }, lineId: 1, member: { id: `m${no}`, name: `m${no}` },
    name: null, room: null, items: [{ product: '苹果', qty: 1, unit: '箱', amountFen: 4990, collected: 0 }], dueFen: 4990,
    paid: false, paidFen: 0, refundedFen: 0, closedAt, history: [], ...over,
  };
}

describe('archiving orders that are done with', () => {
  it('moves settled orders a month on and any order after four, keeping open cases and recent ones', async () => {
    const dir = tempDir();
    const store = await Store.open(dir);
    const old = NOW - 31 * DAY_MS;
    const done = { paid: true, paidFen: 4990, items: [{ product: '苹果', qty: 1, unit: '箱', amountFen: 4990, collected: 1 }] };
    const f = store.data.fulfilment;
    for (const o of [
      order('101', old, done), // settled a month ago: goes
      order('102', old), // unpaid a month ago: stays (the owner still chases it)
      order('103', NOW - ANY_KEPT_MS - DAY_MS), // four months: goes, unpaid or not
      order('104', old, { ended: 'refunded', refundedFen: 4990 }), // refunded, but its case is open: stays
      order('105', NOW - 2 * DAY_MS, done), // settled this week: stays
    ]) f.orders[o.no] = o;
    f.cases['1'] = { no: 1, order: '104', member: { id: 'm104', name: 'm104' }, text: '烂了', kind: 'bad', at: old, where: 'dm' };
    f.cases['2'] = { no: 2, order: '101', member: { id: 'm101', name: 'm101' }, text: '少了', kind: 'missing', at: old, where: 'dm', outcome: { kind: 'reissue', at: old, by: 'o' } };
    expect(archiveSettled(store, NOW)).toBe(2);
    expect(Object.keys(f.orders).sort()).toEqual(['102', '104', '105']);
    expect(Object.keys(f.cases)).toEqual(['1']);
    const lines = readFileSync(join(dir, 'fulfilment-archive.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.order.no, l.cases.map((c: { no: number }) => c.no)])).toEqual([['101', [2]], ['103', []]]);
    expect(archiveSettled(store, NOW)).toBe(0);
    await store.close();
  });
});
