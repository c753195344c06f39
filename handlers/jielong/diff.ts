import { createHash, type Hash } from 'node:crypto';
import { withoutMarker } from './parse.ts';

// Turns each reposted version of a 接龙 into changes against one order book.
//
// In WeChat every participant reposts the whole list with their line added, so versions
// arrive as a stream: most lines repeat, renumbered or not; a changed line is an edit; a
// line that disappeared is a cancellation. Versions may also arrive late or twice, and a
// stale copy must never undo newer lines.

/** What the diff needs of a parsed entry. */
export interface EntryLike {
  raw: string;
  name: string | null;
  room: string | null;
  items?: Array<{ product: string | null; qty?: number | null }>;
}

export interface Sender {
  id: string;
  name: string;
  isOwner: boolean;
}

export interface BookLine<E extends EntryLike = EntryLike> {
  /** Stable for the life of the book. */
  id: number;
  entry: E;
  /** Who the line belongs to: the member who added it, or null when it cannot be told. */
  authorId: string | null;
  /** Book sequence at which the line was added (orders lines in time). */
  addedSeq: number;
  /**
   * What the author of this line had seen: the version that added it contained every
   * active line up to this addedSeq.
   */
  basedOn: number;
  state: 'active' | 'cancelled';
  /** Every content the line has had, oldest first (a late copy of an old one is not an edit). */
  history: string[];
  /** Who was refused what on this line (`<member>:edit|cancel`): the owner hears of it once. */
  refusals: string[];
  /** 'message': added by a short message (+1, 我要两份), so no reposted list will ever hold it. */
  origin?: 'message';
  /** Per item, the quantity granted under the 接龙's limits, when less than asked. */
  granted?: Array<number | null>;
}

export interface OrderBook<E extends EntryLike = EntryLike> {
  seq: number;
  lines: Array<BookLine<E>>;
  /** Fingerprints of versions already applied (sender + content): a repeat is a no-op. */
  applied: string[];
}

export type Change<E extends EntryLike = EntryLike> =
  | { kind: 'signup'; line: BookLine<E> }
  | { kind: 'edit'; line: BookLine<E>; before: E }
  | { kind: 'cancel'; line: BookLine<E> }
  /** Someone other than the line's author (or the owner) changed or removed it: told to the owner, not applied. */
  | { kind: 'refused'; attempted: 'edit' | 'cancel'; line: BookLine<E>; proposed?: E };

export function emptyBook<E extends EntryLike>(): OrderBook<E> {
  return { seq: 0, lines: [], applied: [] };
}

/** A line's content without its list marker and with spacing normalised: renumbering is not a change. */
export function lineContent(raw: string): string {
  return withoutMarker(raw).replace(/[\s\u3000]+/g, ' ').trim();
}

/** Who a line is about: the room when given, else the name; lines without either match only by content. */
export function personKey(e: EntryLike): string | null {
  if (e.room) return `room:${e.room}`;
  if (e.name) return `name:${e.name}`;
  return null;
}

/**
 * Applies one version to the book and returns the new book and what changed. Pure: the
 * given book is not modified. `lineAuthors` (from a 接龙 event: the 接龙 tool's own record) gives each
 * entry's author by position and overrides attribution to the sender.
 */
export function applyVersion<E extends EntryLike>(
  book: OrderBook<E>,
  entries: E[],
  sender: Sender,
  lineAuthors?: Array<string | undefined>,
  digest: string = versionHasher(entries).digest('base64url'),
): { book: OrderBook<E>; changes: Array<Change<E>> } {
  const fingerprint = `${sender.id}|${digest}`;
  if (appliedSet(book.applied).has(fingerprint)) return { book, changes: [] };
  const lines = book.lines.map((l) => ({ ...l, history: [...l.history], refusals: [...l.refusals] }));
  let seq = book.seq;
  const changes: Array<Change<E>> = [];
  const active = lines.filter((l) => l.state === 'active');

  // 1. Lines that repeat exactly (whatever their number) are unchanged.
  const byContent = new Map<string, Array<BookLine<E>>>();
  for (const l of active) push(byContent, lineContent(l.entry.raw), l);
  const matched = new Set<BookLine<E>>();
  const fresh: Array<{ entry: E; pos: number }> = [];
  // A line someone cancelled, still held by an older copy, is neither new nor an edit.
  const cancelled = cancelledContents(book);
  entries.forEach((entry, pos) => {
    const same = byContent.get(lineContent(entry.raw))?.shift();
    if (same) matched.add(same);
    else if (!cancelled.has(lineContent(entry.raw))) fresh.push({ entry, pos });
  });
  // Lines added by short messages are in no list: their absence from a version means nothing.
  const missing = active.filter((l) => !matched.has(l) && l.origin !== 'message');

  // 2. A fresh line about the same person as a missing line is an edit of it.
  const missingByPerson = new Map<string, Array<BookLine<E>>>();
  for (const l of missing) {
    const key = personKey(l.entry);
    if (key) push(missingByPerson, key, l);
  }
  const edited = new Set<BookLine<E>>();
  const added: typeof fresh = [];
  for (const f of fresh) {
    const key = personKey(f.entry);
    const line = key ? missingByPerson.get(key)?.shift() : undefined;
    if (!line) {
      added.push(f);
      continue;
    }
    edited.add(line);
    const content = lineContent(f.entry.raw);
    // A late copy of an older revision is not an edit back (unless the author says so).
    if (line.history.includes(content) && line.authorId !== sender.id) continue;
    if (mayChange(line, sender)) {
      const before = line.entry;
      line.entry = f.entry;
      delete line.granted;
      line.history.push(content);
      changes.push({ kind: 'edit', line, before });
    } else if (firstRefusal(line, `${sender.id}:edit`)) {
      changes.push({ kind: 'refused', attempted: 'edit', line, proposed: f.entry });
    }
  }

  // An older revision of a line, come back in an older copy, adds no line.
  const known = knownContents(book);
  const newLines = added.filter((f) => !known.has(lineContent(f.entry.raw)));

  // 2b. The sender's own line added by a short message (我要两份小米), now written into the
  //     list by them (8-702 刘老师 有机小米2袋), is the same order with a room: an edit, not a second order.
  const theirs = active.filter((l) => l.origin === 'message' && l.authorId === sender.id && !edited.has(l));
  for (const line of theirs) {
    const at = newLines.findIndex((f) => authorOf(f.entry, f.pos, sender, newLines.length, lineAuthors) === sender.id && sameProducts(line.entry, f.entry));
    if (at < 0) continue;
    const [f] = newLines.splice(at, 1);
    edited.add(line);
    const before = line.entry;
    line.entry = f!.entry;
    delete line.granted;
    line.history.push(lineContent(f!.entry.raw));
    changes.push({ kind: 'edit', line, before });
  }

  // 2c. A neighbour's line added by a short message ("+1", "3-501 王阿姨 2箱"), copied into the
  //     list by someone else (the same person, products and counts), is that order carried
  //     along by the repost, not a second one.
  for (const line of active) {
    if (line.origin !== 'message' || edited.has(line)) continue;
    const at = newLines.findIndex((f) => copiesMessageLine(line.entry, f.entry));
    if (at < 0) continue;
    newLines.splice(at, 1);
    edited.add(line);
  }

  // 3. A missing line is cancelled only by a version that descends from one that had it
  //    (it carries a line whose author had seen it), or by its own author; otherwise the
  //    version is just a stale or concurrent copy.
  const kept = new Set([...matched, ...edited]);
  let knownUpTo = 0;
  for (const l of kept) knownUpTo = Math.max(knownUpTo, l.basedOn);
  // Lines are kept in addedSeq order: the version has seen the unbroken run it contains.
  let seenUpTo = 0;
  for (const l of active) {
    if (l.origin === 'message') continue;
    if (!kept.has(l)) break;
    seenUpTo = l.addedSeq;
  }
  for (const line of missing) {
    if (edited.has(line)) continue;
    if (knownUpTo < line.addedSeq && line.authorId !== sender.id) continue;
    if (mayChange(line, sender)) {
      line.state = 'cancelled';
      changes.push({ kind: 'cancel', line });
    } else if (firstRefusal(line, `${sender.id}:cancel`)) {
      changes.push({ kind: 'refused', attempted: 'cancel', line });
    }
  }

  // 4. The rest are sign-ups.
  for (const { entry, pos } of newLines) {
    seq++;
    const line: BookLine<E> = {
      id: seq, entry, authorId: authorOf(entry, pos, sender, newLines.length, lineAuthors), addedSeq: seq, basedOn: seenUpTo,
      state: 'active', history: [lineContent(entry.raw)], refusals: [],
    };
    lines.push(line);
    changes.push({ kind: 'signup', line });
  }
  return { book: { seq, lines, applied: [...book.applied, fingerprint] }, changes };
}

const appliedSets = new WeakMap<string[], Set<string>>();

/** The fingerprints applied so far, as a set kept beside the stored list. */
function appliedSet(applied: string[]): Set<string> {
  let set = appliedSets.get(applied);
  if (!set) appliedSets.set(applied, (set = new Set(applied)));
  return set;
}

/**
 * A hash of a version's lines (numbering aside). A Hash can be copied and continued, so a
 * version that only appends lines is hashed from where its predecessor's hash stopped.
 */
export function versionHasher(entries: EntryLike[], from: Hash = createHash('sha1')): Hash {
  for (const e of entries) from.update(lineContent(e.raw)).update('\n');
  return from;
}

/**
 * The list-origin lines in order, when they are exactly the given version's lines: the
 * book is then at that version's tip, and a repost that only appends lines to it can be
 * applied by appendVersion without reading the whole list again.
 */
export function isAtTip(book: OrderBook, entries: EntryLike[]): boolean {
  let i = 0;
  for (const l of book.lines) {
    if (l.state !== 'active' || l.origin === 'message') continue;
    if (i >= entries.length || lineContent(entries[i]!.raw) !== l.history.at(-1)) return false;
    i++;
  }
  return i === entries.length;
}

/**
 * applyVersion for a version that is the book's tip version plus `added` lines at its end
 * (the caller checked isAtTip and the text): every earlier line matches, so the added lines
 * are sign-ups and nothing else changes. `offset` is the position of the first added line
 * in the whole version (for `lineAuthors`); `digest` is the whole version's hash. The given
 * book's `applied` list is extended in place; nothing else of it is modified.
 */
export function appendVersion<E extends EntryLike>(
  book: OrderBook<E>,
  added: E[],
  sender: Sender,
  digest: string,
  offset: number,
  lineAuthors?: Array<string | undefined>,
): { book: OrderBook<E>; changes: Array<Change<E>> } {
  const fingerprint = `${sender.id}|${digest}`;
  const applied = appliedSet(book.applied);
  if (applied.has(fingerprint)) return { book, changes: [] };
  let seenUpTo = 0;
  for (let i = book.lines.length - 1; i >= 0; i--) {
    const l = book.lines[i]!;
    if (l.state === 'active' && l.origin !== 'message') {
      seenUpTo = l.addedSeq;
      break;
    }
  }
  let seq = book.seq;
  const lines: Array<BookLine<E>> = [];
  const changes: Array<Change<E>> = [];
  const known = knownContents(book);
  const fresh = added.map((entry, i) => ({ entry, pos: offset + i })).filter((f) => !known.has(lineContent(f.entry.raw)));
  fresh.forEach(({ entry, pos }) => {
    seq++;
    const line: BookLine<E> = {
      id: seq, entry, authorId: authorOf(entry, pos, sender, fresh.length, lineAuthors), addedSeq: seq, basedOn: seenUpTo,
      state: 'active', history: [lineContent(entry.raw)], refusals: [],
    };
    lines.push(line);
    changes.push({ kind: 'signup', line });
  });
  // `applied` is append-only history: extended in place, so that the set above stays valid
  // (copying a thousand fingerprints per repost would make a 接龙 quadratic again).
  book.applied.push(fingerprint);
  applied.add(fingerprint);
  const next = book.lines.concat(lines);
  // The set moves on with the new lines; the old array computes its own if it is ever read again.
  knownSets.delete(book.lines);
  for (const l of lines) known.add(l.history[0]!);
  knownSets.set(next, known);
  return { book: { seq, lines: next, applied: book.applied }, changes };
}

function firstRefusal(line: BookLine, key: string): boolean {
  if (line.refusals.includes(key)) return false;
  line.refusals.push(key);
  return true;
}

/** The line's author and the owner may change a line; a line of unknown author, whoever it names. */
function mayChange(line: BookLine, sender: Sender): boolean {
  return sender.isOwner || ownsLine(line, sender);
}

/**
 * The member's own line: they added it, or (author unknown: a line that arrived inside someone
 * else's repost) it carries exactly their name. Not a part of it: a member called 王 must not
 * see, change or cancel 王阿姨's line.
 */
export function ownsLine(line: BookLine, member: { id: string; name: string }): boolean {
  if (line.authorId === member.id) return true;
  return line.authorId === null && member.name.length > 0 && line.entry.name === member.name;
}

/** A line added by a short message (+1, 我要两份) rather than by a reposted list. */
export function appendLine<E extends EntryLike>(book: OrderBook<E>, entry: E, authorId: string): { book: OrderBook<E>; change: Change<E> } {
  const seq = book.seq + 1;
  const line: BookLine<E> = {
    id: seq, entry, authorId, addedSeq: seq, basedOn: 0, state: 'active', history: [lineContent(entry.raw)], refusals: [], origin: 'message',
  };
  return { book: { ...book, seq, lines: [...book.lines, line] }, change: { kind: 'signup', line } };
}

/** A line's new content from a short message (改成3份). */
export function reviseLine<E extends EntryLike>(book: OrderBook<E>, lineId: number, entry: E): { book: OrderBook<E>; change: Change<E> } {
  const old = book.lines.find((l) => l.id === lineId);
  if (!old) throw new Error(`no line ${lineId}`);
  const line: BookLine<E> = { ...old, entry, history: [...old.history, lineContent(entry.raw)] };
  delete line.granted;
  return { book: { ...book, lines: book.lines.map((l) => (l.id === lineId ? line : l)) }, change: { kind: 'edit', line, before: old.entry } };
}

/** Lines cancelled by a short message (取消, 不要了). */
export function cancelLines<E extends EntryLike>(book: OrderBook<E>, lineIds: number[]): { book: OrderBook<E>; changes: Array<Change<E>> } {
  const changes: Array<Change<E>> = [];
  const lines = book.lines.map((l) => {
    if (!lineIds.includes(l.id) || l.state !== 'active') return l;
    const line: BookLine<E> = { ...l, state: 'cancelled' };
    changes.push({ kind: 'cancel', line });
    return line;
  });
  return { book: { ...book, lines }, changes };
}

/** One new line is the sender's; of several, only those that name the sender are. */
function authorOf(entry: EntryLike, pos: number, sender: Sender, count: number, lineAuthors?: Array<string | undefined>): string | null {
  const recorded = lineAuthors?.[pos];
  if (recorded) return recorded;
  if (count === 1) return sender.id;
  return entry.name && entry.name.includes(sender.name) ? sender.id : null;
}

/**
 * Whether a list line is a copy of a short-message line: it names the same person (the same
 * name, and the same room when both give one) and orders the same products in the same counts.
 */
function copiesMessageLine(message: EntryLike, listed: EntryLike): boolean {
  if (!message.name || message.name !== listed.name) return false;
  if (message.room && listed.room && message.room !== listed.room) return false;
  const counts = (e: EntryLike) => (e.items ?? []).map((i) => `${i.product ?? ''}×${i.qty ?? 1}`).sort().join('+');
  return counts(message) === counts(listed);
}

/** Whether a list line orders what a short-message line ordered (an unnamed product fits any). */
function sameProducts(message: EntryLike, listed: EntryLike): boolean {
  const want = (message.items ?? []).map((i) => i.product).filter((p) => p !== null);
  const have = new Set((listed.items ?? []).map((i) => i.product));
  return want.every((p) => have.has(p));
}

/**
 * Every content any line has had: an older copy holding one adds no line. Kept beside each
 * lines array (a book's lines are never changed in place), and carried forward by appendVersion,
 * so a 接龙 growing by reposts is not read again line by line at every repost.
 */
const knownSets = new WeakMap<object, Set<string>>();

function knownContents(book: OrderBook): Set<string> {
  let known = knownSets.get(book.lines);
  if (!known) {
    known = new Set();
    for (const l of book.lines) for (const h of l.history) known.add(h);
    knownSets.set(book.lines, known);
  }
  return known;
}

/** Every content a cancelled line has had: an older copy still holding one does not bring it back. */
function cancelledContents(book: OrderBook): Set<string> {
  const out = new Set<string>();
  for (const l of book.lines) if (l.state === 'cancelled') for (const h of l.history) out.add(h);
  return out;
}

/**
 * Whether added lines need the whole diff rather than appendVersion: the sender has a line
 * from a short message that a line of theirs in the list may be, or an added line copies
 * someone's short-message line.
 */
export function needsFullDiff(book: OrderBook, sender: Sender, added: EntryLike[] = []): boolean {
  return book.lines.some((l) => l.state === 'active' && l.origin === 'message'
    && (l.authorId === sender.id || added.some((e) => copiesMessageLine(l.entry, e))));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
