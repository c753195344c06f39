// A resident asking many questions in a row: at most `limit` answers per window, then one
// polite line, then quiet until the window has room again. In memory: a restart forgets,
// which only ever errs towards answering.

export type Admission = 'ok' | 'warn' | 'quiet';

export interface RateState {
  times: number[];
  warnedAt?: number;
}

/** Pure: the admission for one more message at `now`, and the member's new state. */
export function admit(state: RateState | undefined, now: number, limit: number, windowMs: number): { admission: Admission; state: RateState } {
  const times = (state?.times ?? []).filter((t) => t > now - windowMs);
  const warnedAt = state?.warnedAt !== undefined && state.warnedAt > now - windowMs ? state.warnedAt : undefined;
  if (times.length < limit) return { admission: 'ok', state: { times: [...times, now], ...(warnedAt !== undefined ? { warnedAt } : {}) } };
  if (warnedAt !== undefined) return { admission: 'quiet', state: { times, warnedAt } };
  return { admission: 'warn', state: { times, warnedAt: now } };
}

export class RateLimiter {
  private readonly members = new Map<string, RateState>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  admit(memberId: string, now: number): Admission {
    const { admission, state } = admit(this.members.get(memberId), now, this.limit, this.windowMs);
    this.members.set(memberId, state);
    if (this.members.size > 10_000) this.forgetIdle(now);
    return admission;
  }

  private forgetIdle(now: number): void {
    for (const [id, s] of this.members) if (!s.times.some((t) => t > now - this.windowMs)) this.members.delete(id);
  }
}
