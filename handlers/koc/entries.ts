import { defineEntry } from '../../store/log-kinds.ts';
import type { LoggedMember } from '../../store/members.ts';

// The behaviour-log entry of the 体验官 programme, and its one reader. The points feature follows
// it and posts what it says into the ledger under `key` (idempotent: posted once, ever); profiles
// and the console may read who brought whom.

export type KocChange = 'named' | 'removed' | 'referral' | 'first-order' | 'order' | 'showcase';

export interface KocEntry {
  kind: 'koc';
  id: string;
  at: number;
  change: KocChange;
  /** Who earns: the 体验官, or the member whose 晒单 was picked. */
  member: LoggedMember;
  /** The newcomer brought (referral, first-order, order). */
  newcomer?: LoggedMember;
  group?: { id: string; name: string };
  /** The ledger key the points are posted under; absent when nothing is to be posted. */
  key?: string;
  /** Points to post (referral, first-order, showcase). */
  points?: number;
  /** order: the order's amount in yuan, and the percent of the points it earns its buyer that the 体验官 gets. */
  amount?: number;
  share?: number;
  via?: 'code' | 'name' | 'inviter';
  /** What the member reads in their points history. */
  reason?: string;
  jielong?: string;
  lineId?: number;
}

type Rec = Record<string, unknown>;
const CHANGES: ReadonlySet<unknown> = new Set<KocChange>(['named', 'removed', 'referral', 'first-order', 'order', 'showcase']);
const isPerson = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as Rec).id === 'string' && (v as Rec).id !== '';
const optNumber = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/** Reads a `koc` entry: what is wrong with it, or nothing. */
export function kocEntryProblem(v: Rec): string | undefined {
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'at 不是时间';
  if (typeof v.id !== 'string' || v.id === '') return '没有 id';
  if (!CHANGES.has(v.change)) return 'change 不对';
  if (!isPerson(v.member)) return 'member 不对';
  if (v.newcomer !== undefined && !isPerson(v.newcomer)) return 'newcomer 不对';
  if (v.key !== undefined && (typeof v.key !== 'string' || v.key === '')) return 'key 不对';
  if (!optNumber(v.points) || !optNumber(v.amount) || !optNumber(v.share)) return 'points、amount 或 share 不对';
  if (v.points !== undefined && !Number.isInteger(v.points)) return 'points 不是整数';
  if (v.reason !== undefined && typeof v.reason !== 'string') return 'reason 不是文字';
  return undefined;
}

declare module '../../store/log-kinds.ts' {
  interface LogKinds {
    koc: KocEntry;
  }
}

defineEntry('koc', kocEntryProblem);
