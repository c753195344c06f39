import type { State } from '../../store/schema.ts';

// Whether a member said 退订 (handlers/recall keeps the flag on their profile). Every feature
// that starts a DM nobody asked for reads it here, so the rule lives in one place.

export function hasOptedOut(state: Pick<State, 'profiles'>, memberId: string): boolean {
  return state.profiles.members[memberId]?.optedOut === true;
}
