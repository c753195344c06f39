import { stageOf, type StageRules } from './stage.ts';
import { STAGES, type ProfilesState, type Stage, type StageSnapshot } from './types.ts';

/** Every member's stage now, and the count per stage. */
export function takeSnapshot(state: ProfilesState, now: number, rules: StageRules, skip: (id: string) => boolean = () => false): StageSnapshot {
  const stageOfMember: Record<string, Stage> = {};
  const counts: Partial<Record<Stage, number>> = {};
  for (const p of Object.values(state.members)) {
    if (skip(p.id)) continue;
    const s = stageOf(p, now, rules);
    stageOfMember[p.id] = s;
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return { at: now, counts, stageOf: stageOfMember };
}

export interface Movement {
  from: Stage | '新加入';
  to: Stage;
  count: number;
}

/** Who moved between stages since `before`, the biggest moves first. */
export function movements(before: StageSnapshot, now: StageSnapshot): Movement[] {
  const moves = new Map<string, Movement>();
  for (const [id, to] of Object.entries(now.stageOf)) {
    const from = before.stageOf[id] ?? '新加入';
    if (from === to) continue;
    const key = `${from}>${to}`;
    const m = moves.get(key) ?? { from, to, count: 0 };
    m.count++;
    moves.set(key, m);
  }
  const order = (s: string) => STAGES.indexOf(s as Stage);
  return [...moves.values()].sort((a, b) => b.count - a.count || order(a.to) - order(b.to) || order(a.from) - order(b.from));
}
