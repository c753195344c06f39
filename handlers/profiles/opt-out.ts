import type { State } from '../../store/schema.ts';

// Whether a member said 退订 (handlers/recall keeps the flag on their profile). Every feature
// that starts a DM nobody asked for reads it here, so the rule lives in one place.

export function hasOptedOut(state: Pick<State, 'profiles'>, memberId: string): boolean {
  return state.profiles.members[memberId]?.optedOut === true;
}

/** The last line of every DM nobody asked for: how to stop them. */
export const OPT_OUT_LINE = '不想再收到这类消息，回复「退订」就好。';
