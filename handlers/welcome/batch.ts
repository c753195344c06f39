import type { MemberRef } from '../../bot/types.ts';
import type { PendingJoin, WelcomeBatch } from './state.ts';

// When a group is welcomed and whom: pure decisions, no store, no clock.

export interface Timing {
  /** WELCOME_BATCH_MINUTES in ms: how long a welcome waits for more newcomers. */
  batchMs: number;
  /** WELCOME_GAP_MINUTES in ms: the least time between two welcomes in one group. */
  gapMs: number;
}

/**
 * When a new batch's welcome goes: a little after its first join, so a burst is one message,
 * and never sooner than the gap after the group's last welcome, so a busy group hears one
 * welcome per gap however the joins trickle in.
 */
export function welcomeDueAt(firstJoinAt: number, lastWelcomeAt: number | undefined, t: Timing): number {
  const afterBurst = firstJoinAt + t.batchMs;
  return lastWelcomeAt === undefined ? afterBurst : Math.max(afterBurst, lastWelcomeAt + t.gapMs);
}

/** Why a joining member gets no welcome, or undefined for a newcomer to welcome. */
export type NotWelcomed = 'rejoin' | 'bot' | 'owner' | 'staff';

export function notWelcomed(who: { newcomer: boolean; bot: boolean; owner: boolean; staff: boolean }): NotWelcomed | undefined {
  if (who.bot) return 'bot';
  if (who.owner) return 'owner';
  if (who.staff) return 'staff';
  // Someone back after leaving, or already in another of the shop's groups, knows the shop.
  if (!who.newcomer) return 'rejoin';
  return undefined;
}

/**
 * Whether a group gets welcomes: never while the owner turned them off; otherwise the owner's
 * choice for the group, else by its size: in a big group a welcome every few minutes is noise.
 * `maxSize` 0 means no limit.
 */
export function groupWelcomes(o: { off: boolean; override: boolean | undefined; size: number; maxSize: number }): boolean {
  if (o.off) return false;
  if (o.override !== undefined) return o.override;
  return o.maxSize === 0 || o.size <= o.maxSize;
}

/**
 * The group's batch with this join in it: the waiting batch if there is one (its time stays:
 * a stream of joins must not put the welcome off forever), else a new one due by
 * welcomeDueAt. The same member twice stays once. `seq` numbers a new batch.
 */
export function withJoin(batch: WelcomeBatch | undefined, join: PendingJoin, lastWelcomeAt: number | undefined, t: Timing, seq: () => number): { batch: WelcomeBatch; added: boolean } {
  if (batch) {
    if (batch.joins.some((j) => j.member.id === join.member.id)) return { batch, added: false };
    return { batch: { ...batch, joins: [...batch.joins, join] }, added: true };
  }
  return { batch: { seq: seq(), dueAt: welcomeDueAt(join.at, lastWelcomeAt, t), joins: [join] }, added: true };
}

/** The batch's newcomers still worth welcoming when it comes due: those still in the group. */
export function stillHere(joins: readonly PendingJoin[], inGroup: (id: string) => boolean): MemberRef[] {
  return joins.filter((j) => inGroup(j.member.id)).map((j) => j.member);
}
