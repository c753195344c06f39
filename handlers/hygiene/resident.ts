import { DAY_MS } from '../../scheduler/clock.ts';
import type { MemberRecord, State } from '../../store/schema.ts';
import { orderCount } from '../profiles/index.ts';

// Who counts as a resident, from what the store knows: a neighbour whose links and phone
// numbers are their own business. The rule, in the order it is tried:
//  1. a member who has ordered (any 接龙 order), or whose building-room is known, or who has
//     checked in on CHECKINS days: they have taken part in the shop;
//  2. a member who was in the group before the bot saw anyone arrive (placed by the group's
//     member list at start-up or by an import, not by a join or a first message);
//  3. a member the shop has known for HYGIENE_RESIDENT_DAYS days.
// Everyone else is a newcomer, whose ads are flagged. A spammer would need weeks in the group,
// an order or three check-ins to pass; a neighbour who sells dumplings the owner vouches for
// with /防广告 放行.

/** Check-ins that make a member a resident: one could be a spammer's warm-up, three are a habit. */
export const CHECKINS = 3;

export interface ResidentFacts {
  record: MemberRecord | undefined;
  orders: number;
  checkins: number;
}

export function residentFacts(state: State, id: string): ResidentFacts {
  // The profiles slice is absent when a test builds a bot without that feature.
  const profile = (state as Partial<State>).profiles?.members[id];
  return { record: state.members[id], orders: profile ? orderCount(profile) : 0, checkins: profile?.checkins ?? 0 };
}

export function isResident(facts: ResidentFacts, now: number, residentDays: number): boolean {
  const { record } = facts;
  if (facts.orders > 0 || facts.checkins >= CHECKINS || record?.room) return true;
  if (!record) return false;
  if (record.firstGroupEvent === undefined) return true;
  return now - record.firstSeenAt >= residentDays * DAY_MS;
}
