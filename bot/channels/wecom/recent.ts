/** Where a RecentKeys keeps a copy that outlives the process (a record in state.json). */
export interface SavedKeys {
  /** key → when it was first seen (ms). Written in place; read once, at construction. */
  entries: Record<string, number>;
  /** Called after an add, so the record reaches disk (the store's coalesced write). */
  changed(): void;
}

/**
 * Keys seen within the last `ttlMs` (and at most `max` of them): de-duplicates WeCom's
 * retries and rejects replayed requests. Time comes from the caller's clock. With `saved`,
 * the keys also survive a restart: a request captured before it is still refused after.
 */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly ttlMs: number, private readonly max = 10_000, private readonly saved?: SavedKeys) {
    if (!saved) return;
    // Oldest first, as expire() and the eviction below expect of the Map's order.
    const entries = Object.entries(saved.entries).filter(([, at]) => typeof at === 'number').sort((a, b) => a[1] - b[1]);
    for (const [key, at] of entries) this.seenAt.set(key, at);
  }

  /** Records the key; false when it was already seen within the window. */
  add(key: string, now: number): boolean {
    this.expire(now);
    if (this.seenAt.has(key)) return false;
    this.seenAt.set(key, now);
    if (this.saved) this.saved.entries[key] = now;
    if (this.seenAt.size > this.max) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.seenAt.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    this.saved?.changed();
    return true;
  }

  /** Forgets a key taken by mistake (a callback that could not be journaled): its resend is taken. */
  delete(key: string): void {
    if (!this.seenAt.has(key)) return;
    this.forget(key);
    this.saved?.changed();
  }

  has(key: string, now: number): boolean {
    this.expire(now);
    return this.seenAt.has(key);
  }

  private expire(now: number): void {
    for (const [key, at] of this.seenAt) {
      if (now - at < this.ttlMs) break;
      this.forget(key);
    }
  }

  private forget(key: string): void {
    this.seenAt.delete(key);
    if (this.saved) delete this.saved.entries[key];
  }
}
