// A resident asking many questions in a row: at most `limit` answers per window, then one
// polite line, then quiet until the window has room again. Answers are counted, not
// messages: a greeting, a thanks or a question passed quietly to the owner costs nothing.
// In memory: a restart forgets, which only ever errs towards answering.

export type Admission = 'ok' | 'warn' | 'quiet';

export interface RateState {
  times: number[];
  warnedAt?: number;
}

/** Pure: the admission for one more answer at `now`, counted when admitted, and the member's new state. */
export function admit(state: RateState | undefined, now: number, limit: number, windowMs: number): { admission: Admission; state: RateState } {
  const r = peek(state, now, limit, windowMs);
  return r.admission === 'ok' ? { admission: 'ok', state: { ...r.state, times: [...r.state.times, now] } } : r;
}

/** Pure: whether one more answer may be given at `now`, counting nothing. */
export function peek(state: RateState | undefined, now: number, limit: number, windowMs: number): { admission: Admission; state: RateState } {
  const times = (state?.times ?? []).filter((t) => t > now - windowMs);
  const warnedAt = state?.warnedAt !== undefined && state.warnedAt > now - windowMs ? state.warnedAt : undefined;
  if (times.length < limit) return { admission: 'ok', state: { times, ...(warnedAt !== undefined ? { warnedAt } : {}) } };
  if (warnedAt !== undefined) return { admission: 'quiet', state: { times, warnedAt } };
  return { admission: 'warn', state: { times, warnedAt: now } };
}

export class RateLimiter {
  private readonly members = new Map<string, RateState>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** May the member be answered now? Says 'warn' once when the window is full. Counts nothing. */
  admit(memberId: string, now: number): Admission {
    const { admission, state } = peek(this.members.get(memberId), now, this.limit, this.windowMs);
    this.members.set(memberId, state);
    if (this.members.size > 10_000) this.forgetIdle(now);
    return admission;
  }

  /** One answer given to the member. */
  count(memberId: string, now: number): void {
    const state = this.members.get(memberId) ?? { times: [] };
    state.times = [...state.times.filter((t) => t > now - this.windowMs), now];
    this.members.set(memberId, state);
  }

  private forgetIdle(now: number): void {
    for (const [id, s] of this.members) if (!s.times.some((t) => t > now - this.windowMs)) this.members.delete(id);
  }
}
