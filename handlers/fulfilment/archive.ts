import type { Store } from '../../store/db.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import type { AfterSalesCase, FulfilmentOrder } from './state.ts';
import { isCollected, isLive } from './status.ts';

// Orders that are done with leave state.json for fulfilment-archive.jsonl, one line each with
// their after-sales cases, so a year of 接龙 does not grow the file every save rewrites: a
// settled order (paid and collected, cancelled or refunded) a month after its cut-off, any
// order after four months. The line is written before the order leaves state.json.

export const ARCHIVE_NAME = 'fulfilment-archive';
export const SETTLED_KEPT_MS = 30 * DAY_MS;
export const ANY_KEPT_MS = 120 * DAY_MS;
export const ARCHIVE_JOB = 'fulfilment-archive';

export interface ArchivedOrder {
  order: FulfilmentOrder;
  cases: AfterSalesCase[];
}

function isArchived(v: unknown): v is ArchivedOrder {
  const a = v as Partial<ArchivedOrder> | null;
  return typeof a === 'object' && a !== null && typeof a.order?.no === 'string' && Array.isArray(a.cases);
}

function settled(o: FulfilmentOrder): boolean {
  return !isLive(o) || (o.paid && isCollected(o));
}

/** Moves what is done with; returns how many orders moved. */
export function archiveSettled(store: Store, now: number): number {
  const state = store.data.fulfilment;
  const openCases = new Set(Object.values(state.cases).filter((c) => !c.outcome).map((c) => c.order));
  const old = Object.values(state.orders).filter((o) => !openCases.has(o.no)
    && (now - o.closedAt > ANY_KEPT_MS || (settled(o) && now - o.closedAt > SETTLED_KEPT_MS)));
  if (!old.length) return 0;
  const archive = store.archive(ARCHIVE_NAME, isArchived, (a) => ({ no: a.order.no }));
  for (const order of old) {
    const cases = Object.values(state.cases).filter((c) => c.order === order.no);
    archive.append({ order, cases });
    delete state.orders[order.no];
    for (const c of cases) delete state.cases[String(c.no)];
  }
  store.changed();
  return old.length;
}
