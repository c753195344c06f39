import { stageOf, orderStats, type StageRules } from '../profiles/stage.ts';
import type { Profile, ProfilesState, Stage } from '../profiles/types.ts';

// Who a recall run reaches: pure, so the plan, the preview and the benchmark agree.

const DAY = 24 * 3600_000;
export const RECALL_STAGES: readonly Stage[] = ['流失风险', '沉默'];

export interface SelectOptions {
  runId: string;
  cooldownDays: number;
  holdoutPercent: number;
  /** Most members contacted in one run (the outbox's daily DM cap applies on top). */
  max: number;
  isOwner(id: string): boolean;
}

export interface Pick {
  profile: Profile;
  stage: Stage;
}

export interface Selection {
  contacted: Pick[];
  control: Pick[];
  /** Eligible but over the per-run limit: they wait for a later run. */
  deferred: number;
}

/** FNV-1a: a stable pseudo-random number per member and run, so a plan can be re-made exactly. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Eligible: in 沉默 or 流失风险, still in one of the shop's groups, not opted out, not the
 * owner, and not picked (contacted or held back) within the cool-down. A share of them,
 * drawn per member and run, is held back as the control group. At-risk buyers come first,
 * then bigger spenders, so a small cap reaches those who matter most.
 */
export function selectRecall(state: ProfilesState, now: number, rules: StageRules, opts: SelectOptions): Selection {
  const eligible: Array<Pick & { spend: number }> = [];
  for (const p of Object.values(state.members)) {
    if (p.optedOut || p.groups.length === 0 || opts.isOwner(p.id)) continue;
    if (p.lastRecallPickAt !== undefined && now - p.lastRecallPickAt < opts.cooldownDays * DAY) continue;
    const stage = stageOf(p, now, rules);
    if (!RECALL_STAGES.includes(stage)) continue;
    eligible.push({ profile: p, stage, spend: 0 });
  }
  const control: Pick[] = [];
  const contact: Array<Pick & { spend: number }> = [];
  for (const e of eligible) {
    if (hash(`${opts.runId}:${e.profile.id}`) % 100 < opts.holdoutPercent) control.push({ profile: e.profile, stage: e.stage });
    else contact.push({ ...e, spend: orderStats(e.profile, now).spend });
  }
  contact.sort((a, b) => RECALL_STAGES.indexOf(a.stage) - RECALL_STAGES.indexOf(b.stage) || b.spend - a.spend || (a.profile.id < b.profile.id ? -1 : 1));
  const contacted = contact.slice(0, opts.max).map(({ profile, stage }) => ({ profile, stage }));
  return { contacted, control, deferred: contact.length - contacted.length };
}
