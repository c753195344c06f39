import type { Store } from '../store/db.ts';
import type { OutboxItem } from '../store/schema.ts';
import type { Logger } from './logger.ts';

// Finished messages (sent, or failed for good) are history: kept a month for their idempotency
// keys, the pacing after a restart and readers such as the stream reminders. They live in an
// append-only journal beside state.json, one line per message as it finishes, so the state.json
// rewrite every send waits for holds only the messages still waiting.

/** Where finished messages are kept: the store's journal `outbox.jsonl`, or an array in tests. */
export interface FinishedJournal {
  /** In the order they finished. */
  readonly entries: readonly OutboxItem[];
  append(item: OutboxItem): void;
  /** Replaces the record with `keep` (drops lines past the retention). */
  rewrite(keep: readonly OutboxItem[]): void;
}

/** The outbox's history on disk: `outbox.jsonl` in the data directory. */
export function outboxJournal(store: Store, log: Logger): FinishedJournal {
  return store.journal<OutboxItem>('outbox', isFinishedItem, (lineNo) => log.warn({ lineNo }, 'outbox.jsonl: unreadable line skipped'));
}

/** For tests and benchmarks that keep the store in memory. */
export function memoryFinishedJournal(entries: OutboxItem[] = []): FinishedJournal {
  let list = entries;
  return {
    get entries() {
      return list;
    },
    append: (item) => void list.push(item),
    rewrite: (keep) => void (list = [...keep]),
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

/** A journal line that is a whole finished message (a line torn by a crash is not). */
export function isFinishedItem(v: unknown): v is OutboxItem {
  if (typeof v !== 'object' || v === null) return false;
  const i = v as Record<string, unknown>;
  const to = i.to as Record<string, unknown> | null | undefined;
  return typeof i.key === 'string' && typeof i.text === 'string' && Array.isArray(i.mentions)
    && (i.purpose === 'reply' || i.purpose === 'requested' || i.purpose === 'unsolicited')
    && (i.state === 'sent' || i.state === 'failed')
    && typeof i.createdAt === 'number' && typeof i.notBefore === 'number' && typeof i.attempts === 'number'
    && (i.sentAt === undefined || typeof i.sentAt === 'number')
    && typeof to === 'object' && to !== null && (to.kind === 'group' || to.kind === 'dm');
}
