import { defineEntry } from '../../store/log-kinds.ts';
import type { LoggedMember } from '../../store/members.ts';

// The behaviour-log entry points writes when it recognises a 晒单 (a photo with 晒单 words,
// shares.ts), whether or not it earned points (a day's cap, POINTS_SHARE 0): the 体验官
// programme (handlers/koc) follows it to show the owner the month's 晒单 to pick from.

export interface ShaidanEntry {
  kind: 'shaidan';
  id: string;
  at: number;
  member: LoggedMember;
  group: { id: string; name: string };
  /** The photo's event id. */
  photo: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null;

export function shaidanProblem(v: Rec): string | undefined {
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'at 不是时间';
  if (typeof v.id !== 'string' || typeof v.photo !== 'string') return '没有 id 或 photo';
  if (!isRec(v.member) || typeof v.member.id !== 'string' || v.member.id === '') return 'member 不对';
  if (!isRec(v.group) || typeof v.group.id !== 'string' || typeof v.group.name !== 'string') return 'group 不对';
  return undefined;
}

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    shaidan: ShaidanEntry;
  }
}

defineEntry('shaidan', shaidanProblem);
