import { earlyStage, spendOf, type StageRules } from '../profiles/index.ts';
import type { Profile, ProfilesState, Stage } from '../profiles/index.ts';
import { DAY_MS } from '../../scheduler/clock.ts';

// Who a recall run reaches: pure, so the plan, the preview and the benchmark agree.

export const RECALL_STAGES: readonly Stage[] = ['流失风险', '沉默'];

export interface SelectOptions {
  runId: string;
  cooldownDays: number;
  holdoutPercent: number;
  /** Most members contacted in one run (the outbox's daily DM cap applies on top). */
  max: number;
  isOwner(id: string): boolean;
  /** Still in one of the shop's groups (the member registry knows: store/members.ts). */
  inShopGroup(id: string): boolean;
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
  return fnv(s, 0x811c9dc5) >>> 0;
}

function fnv(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** hash(`${runId}:${id}`) without building the string for each of 100,000 members. */
function memberDraw(runPrefix: number, id: string): number {
  return (fnv(id, runPrefix) >>> 0) % 100;
}

/** Up to this many contacts a run, the best are kept by insertion; beyond, by one sort. */
const BOUNDED_MAX = 256;

interface Candidate {
  profile: Profile;
  stage: Stage;
  spend: number;
}

/** Contact order: at-risk buyers first, then bigger spenders, then by id (a stable plan). */
const before = (a: Candidate, b: Candidate): number =>
  RECALL_STAGES.indexOf(a.stage) - RECALL_STAGES.indexOf(b.stage) || b.spend - a.spend || (a.profile.id < b.profile.id ? -1 : 1);

/**
 * Eligible: in 沉默 or 流失风险, still in one of the shop's groups, not opted out, not the
 * owner, and not picked (contacted or held back) within the cool-down. A share of them,
 * drawn per member and run, is held back as the control group. At-risk buyers come first,
 * then bigger spenders, so a small cap reaches those who matter most.
 */
export function selectRecall(state: ProfilesState, now: number, rules: StageRules, opts: SelectOptions): Selection {
  const runPrefix = fnv(`${opts.runId}:`, 0x811c9dc5);
  const control: Pick[] = [];
  // The first `max` in contact order, kept sorted as the candidates stream past: no sort of
  // every eligible member when a run reaches ten of fifty thousand.
  // A large cap (hundreds a run) sorts everyone once instead.
  const best: Candidate[] = [];
  const bounded = opts.max <= BOUNDED_MAX;
  let eligible = 0;
  for (const id in state.members) {
    const p = state.members[id]!;
    if (p.optedOut || opts.isOwner(p.id) || !opts.inShopGroup(p.id)) continue;
    if (p.lastRecallPickAt !== undefined && now - p.lastRecallPickAt < opts.cooldownDays * DAY_MS) continue;
    const stage = earlyStage(p, now, rules);
    if (stage === undefined || !RECALL_STAGES.includes(stage)) continue;
    if (memberDraw(runPrefix, p.id) < opts.holdoutPercent) {
      control.push({ profile: p, stage });
      continue;
    }
    eligible++;
    if (opts.max <= 0) continue;
    const c: Candidate = { profile: p, stage, spend: spendOf(p) };
    if (!bounded) {
      best.push(c);
      continue;
    }
    if (best.length === opts.max && before(c, best[best.length - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(best[mid]!, c) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, c);
    if (best.length > opts.max) best.pop();
  }
  if (!bounded) best.sort(before).splice(Math.max(0, opts.max));
  const contacted = best.map(({ profile, stage }) => ({ profile, stage }));
  return { contacted, control, deferred: eligible - contacted.length };
}
