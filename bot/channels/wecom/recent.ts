/**
 * Keys seen within the last `ttlMs` (and at most `max` of them): de-duplicates WeCom's
 * retries and rejects replayed requests. Time comes from the caller's clock.
 */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}

  /** Records the key; false when it was already seen within the window. */
  add(key: string, now: number): boolean {
    this.expire(now);
    if (this.seenAt.has(key)) return false;
    this.seenAt.set(key, now);
    if (this.seenAt.size > this.max) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.seenAt.keys().next().value;
      if (oldest !== undefined) this.seenAt.delete(oldest);
    }
    return true;
  }

  has(key: string, now: number): boolean {
    this.expire(now);
    return this.seenAt.has(key);
  }

  private expire(now: number): void {
    for (const [key, at] of this.seenAt) {
      if (now - at < this.ttlMs) break;
      this.seenAt.delete(key);
    }
  }
}
