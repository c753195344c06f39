import type { Logger } from '../../logger.ts';

/**
 * Runs inbound work one item at a time, in arrival order, after the HTTP answer has gone:
 * a 接龙 and its corrections reach the handlers in the order WeCom delivered them.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  push(what: string, work: () => Promise<void>): Promise<void> {
    const run = this.tail.then(work).catch((err: unknown) => {
      this.log.error({ what, err: (err as Error).stack ?? String(err) }, 'WeCom inbound work failed');
    });
    this.tail = run;
    return run;
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }
}
