// Short memories of who did what just now: messages per member (刷屏) and joins per inviter
// (拉人). Kept in memory: a window is seconds or minutes long, and a restart losing one only
// means a flood has to start again to be seen. What was flagged is kept in the store (state.ts).

/** Times (and texts) per key, each dropped once older than its window. */
export class Windows<T> {
  private readonly byKey = new Map<string, Array<{ at: number; value: T }>>();

  constructor(private readonly maxKeys = 5_000) {}

  /** Adds one and returns those of the key within `windowMs` up to `at`, oldest first. */
  add(key: string, at: number, value: T, windowMs: number): Array<{ at: number; value: T }> {
    const kept = (this.byKey.get(key) ?? []).filter((e) => e.at > at - windowMs && e.at <= at);
    kept.push({ at, value });
    // Re-inserted: the Map's order is then least recently used first.
    this.byKey.delete(key);
    this.byKey.set(key, kept);
    if (this.byKey.size > this.maxKeys) this.byKey.delete(this.byKey.keys().next().value!);
    return kept;
  }

  /** The key's entries within `windowMs` before `at`, without adding one. */
  recent(key: string, at: number, windowMs: number): Array<{ at: number; value: T }> {
    return (this.byKey.get(key) ?? []).filter((e) => e.at > at - windowMs && e.at <= at);
  }
}

/** 刷屏: enough messages in the window, or the same text repeated enough times. */
export function floodOf(
  recent: ReadonlyArray<{ at: number; value: string }>,
  at: number,
  rules: { messages: number; seconds: number; repeats: number },
): { kind: 'burst'; count: number } | { kind: 'repeat'; count: number } | undefined {
  const burst = recent.filter((e) => e.at > at - rules.seconds * 1000).length;
  if (burst >= rules.messages) return { kind: 'burst', count: burst };
  const last = recent.at(-1)?.value;
  // Short answers (好, +1, 收到了) repeated are a conversation or three sign-ups, not a flood.
  if (last === undefined || last.length < 4) return undefined;
  const same = recent.filter((e) => e.value === last).length;
  return same >= rules.repeats ? { kind: 'repeat', count: same } : undefined;
}

/** How long the same text is remembered for HYGIENE_REPEAT_TIMES. */
export const REPEAT_WINDOW_MS = 10 * 60_000;
