import type { OutboxItem } from '../store/schema.ts';
import { isFinished } from './outbox-history.ts';
import { chatKey } from './pacing.ts';

/**
 * Which queued messages may go next. The outbox keeps a month of finished messages, so
 * walking all of them per send would cost a busy shop tens of thousands of steps per
 * message; a queue only has to know the messages still waiting.
 */
export interface PendingQueue {
  /** A pending item, in outbox order (called at enqueue and for each pending item at start-up). */
  add(item: OutboxItem): void;
  /** Every item that may go next, in no particular order. */
  heads(): Iterable<OutboxItem>;
  /** The first head in outbox order for which `ready` holds. */
  first(ready: (item: OutboxItem) => boolean): OutboxItem | undefined;
}

/**
 * The rule both queues implement: a chat's messages go out in order, so its oldest pending
 * message is its head. In a DM chat the oldest answer is a head too: a reply must not wait
 * behind a DM the daily cap or quiet hours hold until tomorrow.
 */
export function isDmReply(item: OutboxItem): boolean {
  return item.to.kind === 'dm' && item.purpose === 'reply';
}

interface Entry {
  item: OutboxItem;
  /** Outbox order: heads of different chats are compared by it. */
  seq: number;
}

/**
 * A FIFO of entries that drops finished ones lazily from the front. The outbox changes an
 * item's state in place (sending, sent, back to pending for a retry, failed); reading the
 * state here instead of being told keeps the two from ever disagreeing.
 */
class Lane {
  private entries: Entry[] = [];
  private start = 0;

  push(entry: Entry): void {
    this.entries.push(entry);
  }

  /** The oldest pending entry; one being sent right now is skipped, not dropped (it may come back). */
  firstPending(): Entry | undefined {
    while (this.start < this.entries.length && isFinished(this.entries[this.start]!.item)) this.start++;
    if (this.start > 64 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
    for (let i = this.start; i < this.entries.length; i++) {
      if (this.entries[i]!.item.state === 'pending') return this.entries[i];
    }
    return undefined;
  }

  get empty(): boolean {
    return this.start >= this.entries.length;
  }
}

interface Chat {
  all: Lane;
  /** DM chats only: the answers among `all`. */
  replies?: Lane;
}

/** Pending messages indexed per chat: picking the next send costs O(chats with pending work). */
export class IndexedQueue implements PendingQueue {
  private readonly chats = new Map<string, Chat>();
  private seq = 0;

  add(item: OutboxItem): void {
    const key = chatKey(item.to);
    let chat = this.chats.get(key);
    if (!chat) {
      chat = { all: new Lane() };
      this.chats.set(key, chat);
    }
    const entry = { item, seq: this.seq++ };
    chat.all.push(entry);
    if (isDmReply(item)) (chat.replies ??= new Lane()).push(entry);
  }

  *heads(): Iterable<OutboxItem> {
    for (const entry of this.headEntries()) yield entry.item;
  }

  first(ready: (item: OutboxItem) => boolean): OutboxItem | undefined {
    let best: Entry | undefined;
    for (const entry of this.headEntries()) {
      if (best && entry.seq > best.seq) continue;
      if (ready(entry.item)) best = entry;
    }
    return best?.item;
  }

  /** Chats with pending work currently in the index (for tests and the benchmark). */
  get chatCount(): number {
    return this.chats.size;
  }

  private *headEntries(): Iterable<Entry> {
    for (const [key, chat] of this.chats) {
      const head = chat.all.firstPending();
      if (chat.all.empty) {
        // Deleting the current key while iterating a Map is safe and visits the rest.
        this.chats.delete(key);
        continue;
      }
      // Also run over the answers when the head is one, so their lane drops what was sent.
      const reply = chat.replies?.firstPending();
      if (!head) continue;
      yield head;
      if (reply && !isDmReply(head.item)) yield reply;
    }
  }
}
