/**
 * Thrown by a channel's send() when the platform will not take the message now but will at
 * a known instant (a daily limit that resets at midnight). Nothing was sent and nothing went
 * wrong, so the outbox keeps the message waiting until `notBefore` without counting an
 * attempt: a limit a shop hits every day must not use up the retries meant for real failures.
 */
export class SendLater extends Error {
  constructor(readonly notBefore: number, reason: string) {
    super(reason);
    this.name = 'SendLater';
  }
}
