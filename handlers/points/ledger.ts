import type { LedgerEntry, MovementKind } from './state.ts';

// The honest ledger: every movement is an entry with an idempotency key; a key is posted
// once, ever; a balance is the sum of its member's entries and never goes below zero.

export type Movement = LedgerEntry;

export type PostResult =
  | { ok: true; entry: LedgerEntry; balance: number }
  | { ok: false; why: 'duplicate' | 'insufficient' | 'invalid'; balance: number };

/** Where entries are kept: the store's append-only journal, or an array in tests. */
export interface LedgerJournal {
  readonly entries: readonly LedgerEntry[];
  append(entry: LedgerEntry): void;
}

/** The part of the points collection the ledger owns. */
export interface LedgerData {
  balances: Record<string, number>;
  /** Keys refused for want of points: the same event replayed is refused again, not paid later. */
  declined: Record<string, number>;
}

/**
 * Posts movements onto the journal and keeps balances beside it. Indexes (keys, entries
 * per member) live in memory and are rebuilt from the journal on start-up.
 */
export class Ledger {
  private readonly keys = new Set<string>();
  private readonly byMember = new Map<string, LedgerEntry[]>();

  constructor(private readonly data: LedgerData, private readonly journal: LedgerJournal = memoryJournal()) {
    for (const entry of journal.entries) this.index(entry);
  }

  get entries(): readonly LedgerEntry[] {
    return this.journal.entries;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  balance(member: string): number {
    return this.data.balances[member] ?? 0;
  }

  /** Appends the movement unless its key was posted before or it would leave a negative balance. */
  post(movement: Movement): PostResult {
    const balance = this.balance(movement.member);
    if (!Number.isSafeInteger(movement.amount) || movement.amount === 0) return { ok: false, why: 'invalid', balance };
    if (this.keys.has(movement.key)) return { ok: false, why: 'duplicate', balance };
    if (movement.key in this.data.declined) return { ok: false, why: 'insufficient', balance };
    if (balance + movement.amount < 0) {
      this.decline(movement.key, movement.at);
      return { ok: false, why: 'insufficient', balance };
    }
    const entry: LedgerEntry = { ...movement };
    // Written first: if the write fails nothing else changes, and on disk the journal is
    // never behind the balances.
    this.journal.append(entry);
    this.data.balances[entry.member] = balance + entry.amount;
    this.index(entry);
    return { ok: true, entry, balance: balance + entry.amount };
  }

  /** Remembers that the event behind `key` was refused, so replaying it is refused again. */
  decline(key: string, at: number): void {
    this.data.declined[key] ??= at;
  }

  /** True when `key` was posted or refused before: its event has been decided. */
  decided(key: string): boolean {
    return this.keys.has(key) || key in this.data.declined;
  }

  /** How many of a member's entries of one kind fall in [from, until). */
  countBetween(member: string, kind: MovementKind, from: number, until: number): number {
    const entries = this.entriesOf(member);
    let n = 0;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (e.at < from) break;
      if (e.at < until && e.kind === kind) n++;
    }
    return n;
  }

  /** A member's entries, oldest first. */
  entriesOf(member: string): readonly LedgerEntry[] {
    return this.byMember.get(member) ?? [];
  }

  /** The newest `n` entries of a member, newest first. */
  recent(member: string, n: number): LedgerEntry[] {
    return this.entriesOf(member).slice(-n).reverse();
  }

  /**
   * Points earned since `from` per member. Spending on rewards does not lower a rank;
   * deductions do. The ledger is in time order, so only its tail is read.
   */
  scoresSince(from: number, exclude: ReadonlySet<MovementKind> = SPENDING): Map<string, number> {
    const scores = new Map<string, number>();
    const ledger = this.journal.entries;
    for (let i = ledger.length - 1; i >= 0; i--) {
      const e = ledger[i]!;
      if (e.at < from) break;
      if (exclude.has(e.kind)) continue;
      scores.set(e.member, (scores.get(e.member) ?? 0) + e.amount);
    }
    return scores;
  }

  /**
   * Checks that every stored balance is its ledger sum, and repairs any that is not
   * (a hand-edited state.json). Returns the members that were repaired.
   */
  reconcile(): Array<{ member: string; stored: number; sum: number }> {
    const sums = ledgerSums(this.journal.entries);
    const repaired: Array<{ member: string; stored: number; sum: number }> = [];
    for (const member of new Set([...Object.keys(this.data.balances), ...sums.keys()])) {
      const stored = this.data.balances[member] ?? 0;
      const sum = sums.get(member) ?? 0;
      if (stored !== sum) {
        repaired.push({ member, stored, sum });
        this.data.balances[member] = sum;
      }
    }
    return repaired;
  }

  private index(entry: LedgerEntry): void {
    this.keys.add(entry.key);
    let list = this.byMember.get(entry.member);
    if (!list) this.byMember.set(entry.member, (list = []));
    list.push(entry);
  }
}

const SPENDING: ReadonlySet<MovementKind> = new Set(['redeem']);

export function memoryJournal(entries: LedgerEntry[] = []): LedgerJournal {
  return { entries, append: (e) => void entries.push(e) };
}

const KINDS: ReadonlySet<string> = new Set<MovementKind>(['checkin', 'streak', 'share', 'invite', 'referral', 'purchase', 'adjust', 'redeem']);

/** A journal line that is a whole ledger entry (a line torn by a crash is not). */
export function isLedgerEntry(v: unknown): v is LedgerEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.key === 'string' && typeof e.member === 'string' && Number.isSafeInteger(e.amount) && e.amount !== 0
    && typeof e.kind === 'string' && KINDS.has(e.kind) && typeof e.reason === 'string' && typeof e.source === 'string'
    && typeof e.at === 'number';
}

/** The sum of the ledger per member: what every balance must equal. */
export function ledgerSums(ledger: readonly LedgerEntry[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const e of ledger) sums.set(e.member, (sums.get(e.member) ?? 0) + e.amount);
  return sums;
}

/** Competition ranking (1, 2, 2, 4) of positive scores, highest first; ties by name. */
export function rank(scores: Map<string, number>, nameOf: (id: string) => string): Array<{ member: string; score: number; place: number }> {
  const rows = [...scores].filter(([, s]) => s > 0).map(([member, score]) => ({ member, score, name: nameOf(member) }));
  rows.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  let place = 0;
  return rows.map((r, i) => {
    if (i === 0 || rows[i - 1]!.score !== r.score) place = i + 1;
    return { member: r.member, score: r.score, place };
  });
}
