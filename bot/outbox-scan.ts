import type { OutboxItem } from '../store/schema.ts';
import { chatKey } from './pacing.ts';
import { isDmReply, type PendingQueue } from './outbox-queue.ts';

/**
 * The reference the indexed queue is checked against (tests/outbox-index.test.ts) and
 * measured beside (bench/outbox.ts): the outbox's original full scan of every kept message,
 * finished ones included, on every send and every wake-up computation. Not used by the bot.
 */
export class ScanQueue implements PendingQueue {
  constructor(private readonly items: () => OutboxItem[]) {}

  add(): void {}

  heads(): OutboxItem[] {
    const seen = new Set<string>();
    const answered = new Set<string>();
    const heads: OutboxItem[] = [];
    for (const item of this.items()) {
      if (item.state !== 'pending') continue;
      const chat = chatKey(item.to);
      const reply = isDmReply(item);
      if (seen.has(chat) && (!reply || answered.has(chat))) continue;
      seen.add(chat);
      if (reply) answered.add(chat);
      heads.push(item);
    }
    return heads;
  }

  first(ready: (item: OutboxItem) => boolean): OutboxItem | undefined {
    return this.heads().find(ready);
  }
}
