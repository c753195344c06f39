import { DAY_MS } from '../../scheduler/clock.ts';
import { sha256, type ClosedSegment, type RotationStep } from '../../store/journal.ts';
import type { LedgerEntry, MovementKind } from './state.ts';

// The honest ledger: every movement is an entry with an idempotency key; a key is posted
// once, ever; a balance is the sum of its member's entries and never goes below zero.
//
// The ledger is kept in segments so that neither start-up nor memory grows with its age: when
// points.jsonl holds SEGMENT_ENTRIES entries it is closed into points-archive/ (never written
// again) and starts over with a checkpoint (LedgerCheckpoint) carrying what the closed entries
// add up to and what of them is still needed at hand:
//   - every member's balance and entry count;
//   - the keys a post can still meet: those of entries of the last KEY_WINDOW_MS (a redelivered
//     or replayed event is recent), and whatever its age every key that is posted once ever
//     (`share:<member>:<thing>`, `invite:`, `referral:`; `redeem:` too, for the redemption repair);
//   - the newest entries (RECENT_WINDOW_MS: this week's ranking, a day's share cap) and each
//     member's last LAST_KEPT (the history 我的积分 shows).
// Anything older is read from the archives on demand (a replayed event from months ago, a member
// back after a year), so every answer is what the whole ledger gives.

export type Movement = LedgerEntry;

export type PostResult =
  | { ok: true; entry: LedgerEntry; balance: number }
  | { ok: false; why: 'duplicate' | 'insufficient' | 'invalid'; balance: number };

/** Where entries are kept: the store's append-only journal, or an array in tests. */
export interface LedgerJournal {
  /** The live segment's entries: all of them until the journal first rotates. */
  readonly entries: readonly LedgerEntry[];
  append(entry: LedgerEntry): void;
  /** A journal kept in segments (store/journal.ts) also has these. */
  readonly checkpoint?: unknown;
  rotate?(seq: number, make: (closed: ClosedSegment) => { line: string; value: unknown }, before: number, onStep?: (step: RotationStep) => void): ClosedSegment;
  readClosed?(ref: ClosedSegment): LedgerEntry[];
}

/** The part of the points collection the ledger owns. */
export interface LedgerData {
  balances: Record<string, number>;
  /** Keys refused for want of points: the same event replayed is refused again, not paid later. */
  declined: Record<string, number>;
}

/**
 * Entries in points.jsonl before it is closed into an archive: a year of a 2,000-member shop
 * (about 250,000 entries) closes twenty-five. Start-up reads at most this many lines, however old the shop.
 */
export const SEGMENT_ENTRIES = 10_000;
/**
 * How far back (by entry time, from the newest entry) the keys of closed entries stay at hand.
 * Only a speed-up for most keys: a post of an older event (its key holds its day or its event id,
 * so its time) looks in the archives. It is what protects a 接龙 closed again after a crash lost
 * the first close (state.json behind the ledger): the second close, at the next start, finds the
 * first one's purchases as long as it comes within PURCHASE_SLACK_MS of it.
 */
export const KEY_WINDOW_MS = 35 * DAY_MS;
/** A 接龙's purchases are keyed by 接龙 and line, not time: a second close this much later still finds them. */
export const PURCHASE_SLACK_MS = 28 * DAY_MS;
/** How far back closed entries stay at hand: this week's ranking, a day's share cap, with a day to spare. */
export const RECENT_WINDOW_MS = 8 * DAY_MS;
/** Each member's newest entries kept at hand however old (我的积分 shows five). */
export const LAST_KEPT = 5;
/** After a rotation failed (a full disk), how many more entries before it is tried again. */
const ROTATE_RETRY_ENTRIES = 1_000;

/** The first line of a points.jsonl that follows a closed segment (checked by handlers/points/ledger-check.ts). */
export interface LedgerCheckpoint {
  checkpoint: 1;
  /** The newest entry time when it was written: the windows are measured back from it. */
  at: number;
  /** The closed segments, oldest first; the last is the one this segment follows. */
  archives: ClosedSegment[];
  /** Entries in the closed segments. */
  entries: number;
  /** Every member with closed entries: [balance, entries]. */
  members: Record<string, [number, number]>;
  /** Keys of closed entries at or after `keyFloor`, with their entry's time. */
  keys: Array<[string, number]>;
  keyFloor: number;
  /** Keys posted once ever, whatever their age. */
  lasting: string[];
  /** The newest closed entries (RECENT_WINDOW_MS and one more), in ledger order. */
  recent: LedgerEntry[];
  /** Each member's closed entries just before `recent`: their last LAST_KEPT at hand, and one from before the window. */
  last: Record<string, LedgerEntry[]>;
  /** sha256 of the line up to `,"seal"` (closed with `}`): a hand edit or damage is found at start-up. */
  seal: string;
}

export type CheckpointBody = Omit<LedgerCheckpoint, 'seal'>;

/** The checkpoint line for `body`, sealed (the seal is the sha256 of the line before it, as written), and its value. */
export function sealCheckpoint(body: CheckpointBody): { line: string; value: LedgerCheckpoint } {
  const text = JSON.stringify(body);
  const seal = sha256(text);
  return { line: `${text.slice(0, -1)},"seal":"${seal}"}`, value: { ...body, seal } };
}

/** True when a checkpoint line (as read, one line) is as sealCheckpoint wrote it. */
export function sealHolds(line: string): boolean {
  const at = line.lastIndexOf(',"seal":"');
  if (at < 0) return false;
  const seal = line.slice(at + 9, at + 9 + 64);
  return line.slice(at).trimEnd() === `,"seal":"${seal}"}` && sha256(`${line.slice(0, at)}}`) === seal;
}

/** Settings a test or benchmark may change (a tiny segment, to rotate often). */
export const ledgerSettings = { segmentEntries: SEGMENT_ENTRIES };

export interface LedgerOptions {
  /** Entries in the live segment before it rotates (a journal that cannot rotate never does). */
  segmentEntries?: number;
  /** Told of each rotation, and of one that failed (a full disk: tried again later; nothing is lost). */
  onRotate?: (closed: ClosedSegment) => void;
  onRotateError?: (err: Error) => void;
}

// The 体验官 programme's keys (handlers/koc) are few and posted once ever, whatever their age.
const LASTING_PREFIXES: ReadonlySet<string> = new Set(['share', 'invite', 'referral', 'redeem', 'koc-referral', 'koc-first', 'koc-order', 'showcase']);
const DAY_PREFIXES: ReadonlySet<string> = new Set(['checkin', 'streak']);

/**
 * The earliest time the entry behind `key` can have been posted, when a movement at `at`
 * asks for it; 'lasting' for a key posted once ever (kept at hand whatever its age); undefined
 * when it cannot be told (then the archives are asked).
 */
function keyTime(key: string, at: number | undefined): number | 'lasting' | undefined {
  const prefix = prefixOf(key);
  if (LASTING_PREFIXES.has(prefix)) return 'lasting';
  if (DAY_PREFIXES.has(prefix)) {
    // `checkin:<member>:2026-11-23`: posted on that day in the shop's zone, so after its UTC
    // midnight less 14 hours; a whole day less, to be safe.
    const m = /:(\d{4})-(\d{2})-(\d{2})$/.exec(key);
    if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - DAY_MS;
  }
  if (at === undefined) return undefined;
  return prefix === 'purchase' ? at - PURCHASE_SLACK_MS : at;
}

function prefixOf(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? '' : key.slice(0, colon);
}

/** Kept at hand whatever its age: a key posted once ever (and a redemption's, for repairRedemptions). */
function isLastingKey(key: string): boolean {
  return LASTING_PREFIXES.has(prefixOf(key));
}

/**
 * Posts movements onto the journal and keeps balances beside it. Indexes (keys, entries
 * per member) live in memory and are rebuilt from the journal on start-up: from the live
 * segment and its checkpoint, never from the archives, which are read only on demand.
 */
export class Ledger {
  /** Keys posted once ever. */
  private readonly lasting = new Set<string>();
  /** Other keys, with their entry's time (rotation keeps those of the last KEY_WINDOW_MS). */
  private readonly timed = new Map<string, number>();
  /** Per member, a suffix of their entries (all of them until the ledger first rotates). */
  private readonly byMember = new Map<string, LedgerEntry[]>();
  /** Per member, how many of the entries held for them are closed ones. */
  private readonly held = new Map<string, number>();
  /** The newest closed entries (the checkpoint's `recent`), before the live segment's. */
  private carried: readonly LedgerEntry[] = [];
  private cp: LedgerCheckpoint | undefined;
  /** Live entries when a rotation last failed; -1 when none has. */
  private failedAt = -1;
  private readonly segmentEntries: number;

  constructor(private readonly data: LedgerData, private readonly journal: LedgerJournal = memoryJournal(), private readonly options: LedgerOptions = {}) {
    this.segmentEntries = options.segmentEntries ?? ledgerSettings.segmentEntries;
    this.load();
  }

  /**
   * The entries held in memory, oldest first: the whole ledger until it first rotates, then the
   * newest closed ones (a week and more) and the live segment's.
   */
  get entries(): readonly LedgerEntry[] {
    return this.carried.length === 0 ? this.journal.entries : [...this.carried, ...this.journal.entries];
  }

  /** True when `key` was posted. `at`: the time of the movement asking (an event's own keys hold its time). */
  has(key: string, at?: number): boolean {
    return this.lasting.has(key) || this.timed.has(key) || this.closedHas(key, at);
  }

  balance(member: string): number {
    return this.data.balances[member] ?? 0;
  }

  /** Appends the movement unless its key was posted before or it would leave a negative balance. */
  post(movement: Movement): PostResult {
    const balance = this.balance(movement.member);
    if (!Number.isSafeInteger(movement.amount) || movement.amount === 0) return { ok: false, why: 'invalid', balance };
    if (this.has(movement.key, movement.at)) return { ok: false, why: 'duplicate', balance };
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
    this.rotateIfFull();
    return { ok: true, entry, balance: balance + entry.amount };
  }

  /** Remembers that the event behind `key` was refused, so replaying it is refused again. */
  decline(key: string, at: number): void {
    this.data.declined[key] ??= at;
  }

  /** True when `key` was posted or refused before: its event has been decided. `at`: as for has(). */
  decided(key: string, at?: number): boolean {
    return key in this.data.declined || this.has(key, at);
  }

  /** How many of a member's entries of one kind fall in [from, until). */
  countBetween(member: string, kind: MovementKind, from: number, until: number): number {
    let n = 0;
    for (const e of this.newestOf(member)) {
      if (e.at < from) break;
      if (e.at < until && e.kind === kind) n++;
    }
    return n;
  }

  /** A member's entries, oldest first (older than those at hand read from the archives). */
  entriesOf(member: string): readonly LedgerEntry[] {
    const list = this.byMember.get(member) ?? [];
    return this.complete(member) ? list : [...this.newestOf(member)].reverse();
  }

  /** The newest `n` entries of a member, newest first. */
  recent(member: string, n: number): LedgerEntry[] {
    const list = this.byMember.get(member) ?? [];
    if (n > 0 && (list.length >= n || this.complete(member))) return list.slice(-n).reverse();
    const out: LedgerEntry[] = [];
    for (const e of this.newestOf(member)) {
      out.push(e);
      if (out.length === n) break;
    }
    return out;
  }

  /**
   * Points earned since `from` per member. Spending on rewards does not lower a rank;
   * deductions do. The ledger is in time order, so only its tail is read.
   */
  scoresSince(from: number, exclude: ReadonlySet<MovementKind> = SPENDING): Map<string, number> {
    const scores = new Map<string, number>();
    for (const e of this.newest()) {
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
    const sums = this.sums();
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

  /** Redemption entries whose key is not among `recorded`, in ledger order (closed ones read on demand). */
  redemptionsMissing(recorded: ReadonlySet<string>): LedgerEntry[] {
    const atHand: LedgerEntry[] = [];
    for (const list of [this.carried, this.journal.entries]) for (const e of list) if (e.kind === 'redeem' && !recorded.has(e.key)) atHand.push(e);
    if (!this.cp) return atHand;
    // Every `redeem:` key is kept whatever its age: only one missing from state.json and not at
    // hand sends us to the archives.
    const lost = new Set<string>();
    for (const key of this.lasting) if (key.startsWith('redeem:') && !recorded.has(key)) lost.add(key);
    for (const e of atHand) lost.delete(e.key);
    if (lost.size === 0) return atHand;
    const closed: LedgerEntry[] = [];
    for (const e of this.closedNewestFirst(this.carried[0]?.key)) if (e.kind === 'redeem' && lost.has(e.key)) closed.push(e);
    return [...closed.reverse(), ...atHand];
  }

  /** The whole ledger, oldest first, the closed segments read from disk: for checks and tools, not a hot path. */
  allEntries(): LedgerEntry[] {
    const closed = this.cp ? this.cp.archives.flatMap((ref) => this.readClosed(ref)) : [];
    return [...closed, ...this.journal.entries];
  }

  /**
   * Closes the live segment into an archive and starts a fresh one from a checkpoint (done by
   * post() when the segment is full). `onStep` is for tests, which stop it part way as a crash would.
   */
  rotate(onStep?: (step: RotationStep) => void): ClosedSegment {
    const journal = this.journal;
    if (!journal.rotate) throw new Error('this ledger journal is not kept in segments');
    const body = this.nextCheckpoint();
    const before = this.cp?.archives ?? [];
    const closed = journal.rotate(before.length + 1, (c) => sealCheckpoint({ ...body, archives: [...before, c] }), body.entries, onStep);
    this.load();
    this.options.onRotate?.(closed);
    return closed;
  }

  /**
   * Rotates when the live segment is full (post() asks after each entry; PointsBook at start-up,
   * so a points.jsonl written before segments is closed while nothing waits). A failure (a full
   * disk) is told and tried again after more entries: nothing is lost, the segment just grows.
   */
  rotateIfFull(): void {
    const live = this.journal.entries.length;
    if (!this.journal.rotate || live < this.segmentEntries) return;
    if (this.failedAt >= 0 && live < this.failedAt + Math.min(ROTATE_RETRY_ENTRIES, this.segmentEntries)) return;
    try {
      this.rotate();
      this.failedAt = -1;
    } catch (err) {
      // The entry is posted and the live segment whole; it just grows until a rotation works.
      this.failedAt = live;
      this.options.onRotateError?.(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** (Re)builds the indexes from the checkpoint and the live segment. */
  private load(): void {
    this.lasting.clear();
    this.timed.clear();
    this.byMember.clear();
    this.held.clear();
    const cp = this.journal.checkpoint as LedgerCheckpoint | undefined;
    this.cp = cp;
    this.carried = cp?.recent ?? [];
    if (cp) {
      for (const key of cp.lasting) this.lasting.add(key);
      for (const [key, at] of cp.keys) this.timed.set(key, at);
      for (const list of Object.values(cp.last)) for (const e of list) this.hold(e);
      for (const e of cp.recent) {
        this.hold(e);
        this.remember(e);
      }
    }
    for (const entry of this.journal.entries) this.index(entry);
  }

  private index(entry: LedgerEntry): void {
    this.remember(entry);
    this.listOf(entry.member).push(entry);
  }

  private remember(entry: LedgerEntry): void {
    if (isLastingKey(entry.key)) this.lasting.add(entry.key);
    else this.timed.set(entry.key, entry.at);
  }

  /** A closed entry kept at hand. */
  private hold(entry: LedgerEntry): void {
    this.listOf(entry.member).push(entry);
    this.held.set(entry.member, (this.held.get(entry.member) ?? 0) + 1);
  }

  private listOf(member: string): LedgerEntry[] {
    let list = this.byMember.get(member);
    if (!list) this.byMember.set(member, (list = []));
    return list;
  }

  /** True when every entry of the member is at hand. */
  private complete(member: string): boolean {
    const closed = this.cp?.members[member]?.[1] ?? 0;
    return (this.held.get(member) ?? 0) >= closed;
  }

  /** Ledger sums per member: the checkpoint's, plus the live segment's. */
  private sums(): Map<string, number> {
    const sums = new Map<string, number>();
    for (const [member, [balance]] of Object.entries(this.cp?.members ?? {})) sums.set(member, balance);
    for (const e of this.journal.entries) sums.set(e.member, (sums.get(e.member) ?? 0) + e.amount);
    return sums;
  }

  /** The whole ledger, newest first: the live segment, the carried entries, then the archives as far as asked. */
  private *newest(): Generator<LedgerEntry> {
    const live = this.journal.entries;
    for (let i = live.length - 1; i >= 0; i--) yield live[i]!;
    for (let i = this.carried.length - 1; i >= 0; i--) yield this.carried[i]!;
    if (this.cp) yield* this.closedNewestFirst(this.carried[0]?.key);
  }

  /** A member's entries, newest first: those at hand, then the archives as far as asked. */
  private *newestOf(member: string): Generator<LedgerEntry> {
    const list = this.byMember.get(member) ?? [];
    for (let i = list.length - 1; i >= 0; i--) yield list[i]!;
    if (this.complete(member)) return;
    // The closed entries held for the member are the newest of theirs: go on from the oldest held.
    const oldestHeld = (this.held.get(member) ?? 0) > 0 ? list[0]?.key : undefined;
    for (const e of this.closedNewestFirst(oldestHeld)) if (e.member === member) yield e;
  }

  /**
   * Closed entries, newest first, read from the archives on demand; with `after`, only those
   * older than the entry with that key (one held in memory: keys are posted once).
   */
  private *closedNewestFirst(after?: string): Generator<LedgerEntry> {
    const archives = this.cp?.archives ?? [];
    let skipping = after !== undefined;
    for (let a = archives.length - 1; a >= 0; a--) {
      const entries = this.readClosed(archives[a]!);
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (skipping) {
          if (e.key === after) skipping = false;
          continue;
        }
        yield e;
      }
    }
  }

  private readClosed(ref: ClosedSegment): LedgerEntry[] {
    if (!this.journal.readClosed) throw new Error('this ledger journal cannot read its archives');
    return this.journal.readClosed(ref);
  }

  /** A key not at hand: in the archives only if it may be older than the keys kept, then looked up there. */
  private closedHas(key: string, at: number | undefined): boolean {
    const cp = this.cp;
    if (!cp) return false;
    const time = keyTime(key, at);
    if (time === 'lasting' || (time !== undefined && time >= cp.keyFloor)) return false;
    for (const e of this.closedNewestFirst()) if (e.key === key) return true;
    return false;
  }

  /** What the next checkpoint says of everything up to now (without its archive, which rotate() adds). */
  private nextCheckpoint(): CheckpointBody {
    const cp = this.cp;
    const live = this.journal.entries;
    // The newest time, less outliers: one entry stamped in the future (a device's clock) must not
    // move the windows past every event still to come, or each post would look in the archives.
    const times = live.map((e) => e.at).sort((x, y) => x - y);
    const newest = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] ?? 0;
    const at = Math.max(cp?.at ?? -Infinity, newest);
    const keyFloor = at - KEY_WINDOW_MS;

    const members: Record<string, [number, number]> = {};
    for (const [member, [balance, count]] of Object.entries(cp?.members ?? {})) members[member] = [balance, count];
    for (const e of live) {
      const m = (members[e.member] ??= [0, 0]);
      m[0] += e.amount;
      m[1] += 1;
    }

    const keys: Array<[string, number]> = [];
    for (const [key, t] of this.timed) if (t >= keyFloor) keys.push([key, t]);

    // The newest entries back to, and with, the first older than the window: a question about
    // the window stops at that one, as it would reading the whole ledger.
    const all = [...this.carried, ...live];
    let start = all.length;
    while (start > 0) if (all[--start]!.at < at - RECENT_WINDOW_MS) break;
    const recent = all.slice(start);

    // Each member's last LAST_KEPT, and at least one from before the window: a question about a
    // day in the window (a share cap) then stops at it without the archives.
    const inRecent = new Map<string, number>();
    for (const e of recent) inRecent.set(e.member, (inRecent.get(e.member) ?? 0) + 1);
    const last: Record<string, LedgerEntry[]> = {};
    for (const [member, list] of this.byMember) {
      const n = inRecent.get(member) ?? 0;
      const want = Math.max(LAST_KEPT - n, 1);
      const older = list.slice(Math.max(0, list.length - n - want), list.length - n);
      if (older.length > 0) last[member] = older;
    }

    return {
      checkpoint: 1, at, archives: [], entries: (cp?.entries ?? 0) + live.length, members, keys, keyFloor,
      lasting: [...this.lasting], recent, last,
    };
  }
}

const SPENDING: ReadonlySet<MovementKind> = new Set(['redeem']);

export function memoryJournal(entries: LedgerEntry[] = []): LedgerJournal {
  return { entries, append: (e) => void entries.push(e) };
}

const KINDS: ReadonlySet<string> = new Set<MovementKind>(['checkin', 'streak', 'share', 'invite', 'referral', 'purchase', 'adjust', 'redeem', 'koc', 'showcase']);

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
