import { defineEntry } from '../../store/log-kinds.ts';
import type { LogEntry } from '../../store/log.ts';
import type { LoggedMember } from '../../store/members.ts';

// The behaviour-log entry of each quick answer given, and its one reader; the console counts
// answers per rule per period with answersPerRule.

export interface AutoreplyEntry {
  kind: 'autoreply';
  id: string;
  at: number;
  /** The rule's number (/自动回复 列表). */
  rule: number;
  member: LoggedMember;
  /** null: asked by DM. */
  group: { id: string; name: string } | null;
  /** Asked by DM or with an @mention of the bot. */
  direct: boolean;
}

type Rec = Record<string, unknown>;
const isPerson = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as Rec).id === 'string' && (v as Rec).id !== '';
const isGroup = (v: unknown) => v === null || (typeof v === 'object' && typeof (v as Rec).id === 'string' && typeof (v as Rec).name === 'string');

/** Reads an `autoreply` entry: what is wrong with it, or nothing. */
export function autoreplyProblem(v: Rec): string | undefined {
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'at 不是时间';
  if (typeof v.rule !== 'number' || !Number.isInteger(v.rule) || v.rule < 1) return 'rule 不是编号';
  if (!isPerson(v.member)) return 'member 不对';
  if (!isGroup(v.group)) return 'group 不对';
  if (typeof v.direct !== 'boolean') return 'direct 不对';
  return undefined;
}

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    autoreply: AutoreplyEntry;
  }
}

defineEntry('autoreply', autoreplyProblem);

/** A span of time the console counts over, [start, end); `key` names it (a month, a week's Monday). */
export interface CountPeriod {
  key: string;
  start: number;
  end: number;
}

export interface RuleAnswers {
  rule: number;
  /** Answers given in the period. */
  answers: number;
  /** Members who got them. */
  askers: number;
}

/**
 * Answers per rule in each period, from the behaviour log's entries (any order; entries of other
 * kinds and malformed ones skipped). Rules without answers in a period are not listed; each
 * period's rows are by rule number.
 */
export function answersPerRule(entries: Iterable<LogEntry>, periods: readonly CountPeriod[]): Array<{ period: string; rules: RuleAnswers[] }> {
  const counts = periods.map(() => new Map<number, { answers: number; askers: Set<string> }>());
  for (const e of entries) {
    if (e.kind !== 'autoreply' || autoreplyProblem(e) !== undefined) continue;
    const entry = e as unknown as AutoreplyEntry;
    periods.forEach((p, i) => {
      if (entry.at < p.start || entry.at >= p.end) return;
      const byRule = counts[i]!;
      const c = byRule.get(entry.rule) ?? { answers: 0, askers: new Set<string>() };
      c.answers++;
      c.askers.add(entry.member.id);
      byRule.set(entry.rule, c);
    });
  }
  return periods.map((p, i) => ({
    period: p.key,
    rules: [...counts[i]!].sort(([a], [b]) => a - b).map(([rule, c]) => ({ rule, answers: c.answers, askers: c.askers.size })),
  }));
}
