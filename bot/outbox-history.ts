import type { Store } from '../store/db.ts';
import type { OutboxItem, OutboxState } from '../store/schema.ts';
import type { Logger } from './logger.ts';

// The outbox's record on disk is an append-only journal beside state.json, `outbox.jsonl`: a
// message's whole line when it is queued, then one short line per change of its state
// (`sending` before it leaves, `sent` / `failed` / back to `pending` after). A send therefore
// costs one small synchronous append, not a rewrite of the shop's state.json, and a restart
// folds the lines back into the messages. Finished messages stay a month (their idempotency
// keys, the pacing after a restart, readers such as the stream reminders); once a day the
// journal is rewritten with one whole line per message kept.

/** A change of a message already in the journal, named by messageId(). */
export interface OutboxChange {
  id: string;
  state: OutboxState;
  attempts: number;
  notBefore: number;
  sentAt?: number;
  lastError?: string;
}

export type OutboxLine = OutboxItem | OutboxChange;

/** Where the outbox keeps its record: the store's journal `outbox.jsonl`, or an array in tests. */
export interface OutboxJournal {
  /** In the order they were written. */
  readonly entries: readonly OutboxLine[];
  /** `sync`: on the disk itself before it returns (fdatasync), not only in the kernel's cache. */
  append(line: OutboxLine, sync?: boolean): void;
  /** Replaces the record with one whole line per message in `keep`. */
  rewrite(keep: readonly OutboxItem[]): void;
}

/** The outbox's record on disk: `outbox.jsonl` in the data directory. */
export function outboxJournal(store: Store, log: Logger): OutboxJournal {
  const journal = store.journal<OutboxLine>('outbox', isOutboxLine, (lineNo) => log.warn({ lineNo }, 'outbox.jsonl: unreadable line skipped'));
  return {
    get entries() {
      return journal.entries;
    },
    append: (line, sync) => journal.append(line, { sync: sync === true }),
    rewrite: (keep) => journal.rewrite(keep),
  };
}

/** For tests and benchmarks that keep the store in memory. */
export function memoryOutboxJournal(entries: OutboxLine[] = []): OutboxJournal {
  let list = entries;
  return {
    get entries() {
      return list;
    },
    append: (line) => void list.push(structuredClone(line)),
    rewrite: (keep) => void (list = keep.map((item) => structuredClone(item))),
  };
}

/** Names one message in state.json and in the journal alike: a key may be queued again after
 * its first message was dropped, so the key alone does not say which message a line is. */
export function messageId(item: OutboxItem): string {
  return `${item.createdAt}:${item.key}`;
}

export function isFinished(item: OutboxItem): boolean {
  return item.state === 'sent' || item.state === 'failed';
}

/** The line recording `item`'s state now, for a message whose whole line is in the journal. */
export function changeOf(item: OutboxItem): OutboxChange {
  const change: OutboxChange = { id: messageId(item), state: item.state, attempts: item.attempts, notBefore: item.notBefore };
  if (item.sentAt !== undefined) change.sentAt = item.sentAt;
  if (item.lastError !== undefined) change.lastError = item.lastError;
  return change;
}

/**
 * The messages the lines describe, each as its last line left it, in the order they were first
 * queued. A change whose message has no whole line (torn by a crash) is skipped and counted.
 */
export function foldLines(lines: readonly OutboxLine[]): { items: OutboxItem[]; orphans: number } {
  const byId = new Map<string, OutboxItem>();
  let orphans = 0;
  for (const line of lines) {
    if (!isChange(line)) {
      // A copy: the fold must not change the lines a journal holds.
      byId.set(messageId(line), { ...line });
      continue;
    }
    const item = byId.get(line.id);
    if (!item) {
      orphans++;
      continue;
    }
    item.state = line.state;
    item.attempts = line.attempts;
    item.notBefore = line.notBefore;
    if (line.sentAt !== undefined) item.sentAt = line.sentAt;
    if (line.lastError !== undefined) item.lastError = line.lastError;
  }
  return { items: [...byId.values()], orphans };
}

/**
 * Of the journal's and state.json's copy of one message, the later. state.json holds a message
 * only while its lines could not be written (a full disk), copied from memory after them, so
 * it wins unless the journal shows more: a final state, or another attempt.
 */
export function laterCopy(journal: OutboxItem, stateCopy: OutboxItem): OutboxItem {
  if (isFinished(journal)) return journal;
  if (isFinished(stateCopy)) return stateCopy;
  if (journal.attempts !== stateCopy.attempts) return journal.attempts > stateCopy.attempts ? journal : stateCopy;
  // A 'sending' copy in state.json was written by an older version before the send: not later.
  return stateCopy.state === 'sending' ? journal : stateCopy;
}

function isChange(line: OutboxLine): line is OutboxChange {
  return 'id' in line && !('key' in line);
}

const STATES: ReadonlySet<unknown> = new Set(['pending', 'sending', 'sent', 'failed']);

/** A journal line that is whole (a line torn by a crash is not). */
export function isOutboxLine(v: unknown): v is OutboxLine {
  if (typeof v !== 'object' || v === null) return false;
  const i = v as Record<string, unknown>;
  if (!STATES.has(i.state) || typeof i.attempts !== 'number' || typeof i.notBefore !== 'number') return false;
  if (i.sentAt !== undefined && typeof i.sentAt !== 'number') return false;
  if (typeof i.id === 'string' && i.key === undefined) return true;
  const to = i.to as Record<string, unknown> | null | undefined;
  return typeof i.key === 'string' && typeof i.text === 'string' && Array.isArray(i.mentions)
    && (i.purpose === 'reply' || i.purpose === 'requested' || i.purpose === 'unsolicited')
    && typeof i.createdAt === 'number'
    && typeof to === 'object' && to !== null && (to.kind === 'group' || to.kind === 'dm');
}
