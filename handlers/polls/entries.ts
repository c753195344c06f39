import type { GroupRef } from '../../bot/types.ts';
import { defineEntry } from '../../store/log-kinds.ts';
import type { LoggedMember } from '../../store/members.ts';

// The behaviour-log entry of each vote, and its one reader: profiles and the console follow it
// to show who takes part; participation.ts counts it per period.

export interface VoteEntry {
  kind: 'vote';
  id: string;
  at: number;
  /** The poll's number. */
  poll: number;
  /** The option voted for (1-based) and its name. */
  option: number;
  optionName: string;
  member: LoggedMember;
  group: GroupRef;
  /** The option this vote replaced, when the member had voted before in this poll. */
  replaced?: number;
}

type Rec = Record<string, unknown>;
const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Reads a `vote` entry: what is wrong with it, or nothing. */
export function voteProblem(v: Rec): string | undefined {
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'at 不是时间';
  if (!posInt(v.poll) || !posInt(v.option)) return 'poll 或 option 不是正整数';
  if (typeof v.optionName !== 'string') return '没有 optionName';
  const m = v.member as Rec | undefined;
  if (typeof m !== 'object' || m === null || typeof m.id !== 'string' || m.id === '') return 'member 不对';
  const g = v.group as Rec | undefined;
  if (typeof g !== 'object' || g === null || typeof g.id !== 'string') return 'group 不对';
  if (v.replaced !== undefined && !posInt(v.replaced)) return 'replaced 不对';
  return undefined;
}

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    vote: VoteEntry;
  }
}

defineEntry('vote', voteProblem);
