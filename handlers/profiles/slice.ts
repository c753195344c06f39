import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';
import { profileNamesToRegistry } from './migrate-names.ts';
import { emptyProfiles, type ProfilesState } from './types.ts';

// Profiles' slice of state.json: one record per member, derived from the behaviour log, and
// the weekly snapshot of stages.

declare module '../../store/schema.ts' {
  interface Slices {
    /** Member profiles derived from the behaviour log (handlers/profiles). */
    profiles: ProfilesState;
  }
}

export const profilesSlice = defineSlice<ProfilesState>({
  key: 'profiles',
  // 1: names live in the member registry, not in profiles (before: state.json version 1).
  // 2: old orders folded into `past` (past.ts): an older build would under-count, so it refuses.
  version: 2,
  initial: emptyProfiles,
  migrations: { 0: profileNamesToRegistry, 1: (slice) => slice },
  shape: z.looseObject({ members: z.record(z.string(), z.unknown()).optional() }),
});
