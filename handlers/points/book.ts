import type { Services } from '../../bot/context.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import type { Store } from '../../store/db.ts';
import { loggedMember } from '../../store/members.ts';
import { isLedgerEntry, Ledger, type Movement, type PostResult } from './ledger.ts';
import { completePoints, type LedgerEntry, type PointsState } from './state.ts';

/** The points ledger: the store's append-only journal `points.jsonl`. */
export function ledgerJournal(store: Store, onBadLine?: (lineNo: number) => void) {
  return store.journal<LedgerEntry>('points', isLedgerEntry, onBadLine);
}

/**
 * The points collection in the store, with one way in: post(). A movement that lands is
 * written to the ledger, its balance, and the behaviour log (where the segments read who
 * is engaged and who brings others), all in one synchronous step.
 */
export class PointsBook {
  readonly ledger: Ledger;

  constructor(private readonly services: Services) {
    const data = services.store.data;
    data.points = completePoints(data.points);
    const journal = ledgerJournal(services.store, (lineNo) => services.log.warn({ lineNo }, 'points.jsonl: unreadable line skipped'));
    this.ledger = new Ledger(data.points, journal, {
      onRotate: (closed) => services.log.info({ archive: closed.file, lines: closed.lines, bytes: closed.bytes }, 'points.jsonl: segment closed into its archive'),
      onRotateError: (err) => services.log.warn({ err: err.message }, 'points.jsonl: could not close the segment into an archive; it keeps growing and is tried again later'),
    });
    const repaired = this.ledger.reconcile();
    if (repaired.length > 0) {
      services.log.warn({ repaired: repaired.length }, 'points balances differed from the ledger; set to the ledger sums');
      services.store.changed();
    }
    // A points.jsonl longer than a segment (written before segments) is closed now, not on the first post.
    this.ledger.rotateIfFull();
  }

  get state(): PointsState {
    return this.services.store.data.points;
  }

  balance(member: string): number {
    return this.ledger.balance(member);
  }

  /** `name` is for a member the store does not know yet (a 接龙 author, say). */
  post(movement: Movement, where: { group?: GroupRef; name?: string } = {}): PostResult {
    const result = this.ledger.post(movement);
    if (!result.ok) return result;
    const { store } = this.services;
    store.changed();
    store.log.append({
      kind: 'points', id: `points:${movement.key}`, at: movement.at,
      member: loggedMember(store.data, movement.member, where.name ?? movement.member, movement.at),
      amount: movement.amount, balance: result.balance, movement: movement.kind, reason: movement.reason,
      key: movement.key, source: movement.source,
      ...(where.group ? { group: where.group } : {}), ...(movement.by ? { by: movement.by } : {}),
    });
    return result;
  }

  nameOf(id: string): string {
    return this.services.store.data.members[id]?.name ?? id;
  }

  ref(id: string): MemberRef {
    return { id, name: this.nameOf(id) };
  }

  changed(): void {
    this.services.store.changed();
  }
}
