import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SandboxDriver } from './channels/sandbox-driver.ts';
import type { Logger } from './logger.ts';
import type { Clock, InboundEvent } from './types.ts';
import type { SayRequest } from './web/app.ts';
import type { PostRequest } from './web/actions.ts';
import { InboundJournal } from '../store/inbound-journal.ts';
import type { Store } from '../store/db.ts';

// "Acknowledged means durable" for the channels that acknowledge: the WeCom callback routes
// (bot/channels/wecom) and the sandbox page's /api/say, /api/share and /api/photo. Each journals
// what it takes before answering 200 (store/inbound-journal.ts), marks it handled once the
// router is done, and at start-up what was taken and not handled is handled first, in order,
// once. The Wechaty channel on a puppet service acknowledges nothing (the puppet pushes), so it
// has no journal. (A sandbox invitation is not journaled: it changes the mock's groups at once.)

export const INBOUND_FILE = 'inbound.jsonl';
/** The sandbox page's messages: the body is the checked /api/say request. */
export const SANDBOX_SOURCE = 'sandbox';
/** How long start-up waits for one recovered sandbox message to come through the mock WeChat. */
const SANDBOX_RECOVERY_WAIT_MS = 30_000;

export class Inbound {
  private readonly waiters = new Map<string, () => void>();

  private constructor(readonly journal: InboundJournal, private readonly log: Logger) {}

  /** Opens `inbound.jsonl` in the store's folder; `done` lines follow the store's own flush. */
  static open(store: Store, clock: Clock, log: Logger, opts: { compactAt?: number } = {}): Inbound {
    const file = join(store.dir, INBOUND_FILE);
    const journal = InboundJournal.open(file, {
      clock,
      beforeMark: () => store.flush(),
      ...(opts.compactAt !== undefined ? { compactAt: opts.compactAt } : {}),
      onBadLine: (line) => log.warn({ file, line }, 'skipped an unreadable line of the inbound journal (a write cut short by a crash)'),
      onError: (err) => log.error({ file, err: err.message }, 'could not write the inbound journal; retrying'),
    });
    const waiting = journal.pending();
    if (waiting.length > 0) {
      const bySource: Record<string, number> = {};
      for (const r of waiting) bySource[r.src] = (bySource[r.src] ?? 0) + 1;
      log.warn({ bySource }, 'messages acknowledged before the last stop were not handled yet: handling them first');
    }
    return new Inbound(journal, log);
  }

  /**
   * For a channel whose event ids are journal ids (the sandbox's messages): an event already
   * handled (before a restart too) is not handled again; a journaled one is marked once handled.
   */
  handleOnce(handle: (event: InboundEvent) => Promise<void>): (event: InboundEvent) => Promise<void> {
    return async (event) => {
      if (this.journal.isHandled(event.id)) {
        this.log.debug({ eventId: event.id }, 'inbound event already handled; not again');
        return;
      }
      try {
        await handle(event);
      } finally {
        this.journal.handled(event.id);
        this.waiters.get(event.id)?.();
      }
    };
  }

  /**
   * What the sandbox page's /api/say calls before the message enters the mock WeChat: the
   * message is journaled and synced under a fresh message id, which the mock then uses.
   * Rejects when it could not be written (the page then answers an error, not 200).
   */
  async acceptSay(say: SayRequest, at: number): Promise<string> {
    const id = randomUUID();
    await this.journal.accept({ id, src: SANDBOX_SOURCE, at, body: say }).durable;
    return id;
  }

  /** The same for a card or a photo the page posts (bot/web/actions.ts): the body is the checked post. */
  async acceptPost(post: PostRequest, at: number): Promise<string> {
    const id = randomUUID();
    await this.journal.accept({ id, src: SANDBOX_SOURCE, at, body: post }).durable;
    return id;
  }

  /** A journaled sandbox message that never reached the mock (it refused it): nothing to handle later. */
  abandon(id: string): void {
    this.journal.handled(id);
  }

  /**
   * Start-up, before the page is served and the engine runs: the sandbox messages taken and not
   * handled before the last stop go through the mock WeChat again (same message ids, same
   * order), and this resolves once each has been handled.
   */
  async recoverSandbox(driver: Pick<SandboxDriver, 'say' | 'post'>): Promise<number> {
    const records = this.journal.pending(SANDBOX_SOURCE);
    if (records.length === 0) return 0;
    const handled: Array<Promise<void>> = [];
    for (const record of records) {
      const say = readSay(record.body);
      const post = say ? undefined : readPost(record.body);
      if (!say && !(post && driver.post)) {
        this.log.error({ id: record.id }, 'an inbound journal line for the sandbox is not a message; skipped');
        this.journal.handled(record.id);
        continue;
      }
      handled.push(this.whenHandled(record.id));
      try {
        if (say) await driver.say(say.from, say.group, say.text, record.id);
        else await driver.post!(post!.from, post!.group, post!.post, record.id);
      } catch (err) {
        this.log.warn({ id: record.id, err: (err as Error).message }, 'a sandbox message taken before the restart cannot be said again; dropped');
        this.journal.handled(record.id);
        this.waiters.get(record.id)?.();
      }
    }
    await Promise.all(handled);
    this.log.info({ count: records.length }, 'sandbox messages taken before the restart handled');
    return records.length;
  }

  /** Writes what is waiting to be written (call before the store closes). */
  async settle(): Promise<void> {
    await this.journal.settle();
  }

  close(): void {
    this.journal.close();
  }

  private whenHandled(id: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        this.log.warn({ id }, 'a recovered sandbox message was not handled in time; it stays in the journal for the next start');
        resolve();
      }, SANDBOX_RECOVERY_WAIT_MS);
      timer.unref();
      this.waiters.set(id, () => {
        clearTimeout(timer);
        this.waiters.delete(id);
        resolve();
      });
    });
  }
}

function readSay(body: unknown): SayRequest | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { from, group, text } = body as Record<string, unknown>;
  if (typeof from !== 'string' || typeof text !== 'string' || (group !== null && typeof group !== 'string')) return undefined;
  return { from, group: group as string | null, text };
}

/** A card or a photo (a post body): checked as far as recovery needs; the driver checks the rest. */
function readPost(body: unknown): PostRequest | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { from, group, post } = body as Record<string, unknown>;
  if (typeof from !== 'string' || (group !== null && typeof group !== 'string')) return undefined;
  if (typeof post !== 'object' || post === null) return undefined;
  const kind = (post as Record<string, unknown>)['kind'];
  if (kind !== 'link' && kind !== 'miniprogram' && kind !== 'photo') return undefined;
  return { from, group: group as string | null, post: post as PostRequest['post'] };
}
