import { Ctx, type Services } from './context.ts';
import type { InboundEvent } from './types.ts';

export type Next = () => Promise<void>;
export type Handler = (ctx: Ctx, next: Next) => Promise<void> | void;

const RECENT_IDS = 5_000;

/**
 * Passes each event down an ordered list of handlers until one handles it (does not call
 * next). A handler that throws is logged and the event stops there; the next event is
 * unaffected. A redelivered event (same id) is handled once.
 */
export class Router {
  private readonly handlers: Handler[] = [];
  private readonly recent = new Set<string>();
  // Evicting from the front of a Set is slow in V8; a ring remembers the order instead.
  private readonly ring: Array<string | undefined> = new Array(RECENT_IDS);
  private ringAt = 0;

  constructor(private readonly services: Services) {}

  use(...handlers: Handler[]): this {
    this.handlers.push(...handlers);
    return this;
  }

  async handle(event: InboundEvent): Promise<Ctx | undefined> {
    if (this.seen(event.id)) return undefined;
    const ctx = new Ctx(event, this.services);
    const run = async (i: number): Promise<void> => {
      const handler = this.handlers[i];
      if (!handler) return;
      let called = false;
      await handler(ctx, () => {
        if (called) throw new Error('next() called twice');
        called = true;
        return run(i + 1);
      });
    };
    try {
      await run(0);
    } catch (err) {
      this.services.log.error({ eventId: event.id, kind: event.kind, err: (err as Error).stack ?? String(err) }, 'handler failed');
    }
    return ctx;
  }

  private seen(id: string): boolean {
    if (this.recent.has(id)) return true;
    this.recent.add(id);
    const oldest = this.ring[this.ringAt];
    if (oldest !== undefined) this.recent.delete(oldest);
    this.ring[this.ringAt] = id;
    this.ringAt = (this.ringAt + 1) % RECENT_IDS;
    return false;
  }
}

/** Several handlers as one, in order (a feature with more than one place in the chain). */
export function compose(...handlers: Handler[]): Handler {
  return (ctx, next) => {
    const run = (i: number): Promise<void> | void => (i < handlers.length ? handlers[i]!(ctx, () => Promise.resolve(run(i + 1))) : next());
    return run(0);
  };
}
