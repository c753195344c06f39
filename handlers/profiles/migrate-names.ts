import type { MemberRecord } from '../../store/schema.ts';

// Profiles 0 → 1 (state.json version 1 → 2 before slices had versions of their own): profiles
// used to keep a copy of each member's name and groups; the member
// registry (`members`) is now the only place for both. Where the registry already knows a
// member it was already right; a member only the profiles knew (named in a 接龙 line or a
// points entry, never seen speaking) moves into the registry under that name, so no name the
// shop had is lost. The profile fields themselves are left to drop out on the next save.

interface OldProfile {
  name?: unknown;
  groups?: unknown;
  firstSeenAt?: unknown;
  lastActiveAt?: unknown;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const time = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function profileNamesToRegistry(slice: unknown, old: Record<string, unknown>): unknown {
  const members = { ...((old.members ?? {}) as Record<string, MemberRecord>) };
  const profiles = ((slice as { members?: unknown } | undefined)?.members ?? {}) as Record<string, OldProfile>;
  for (const [id, p] of Object.entries(profiles)) {
    if (members[id] || !p || !isString(p.name) || p.name === id) continue;
    const groups = Array.isArray(p.groups) ? p.groups.filter(isString) : [];
    const first = time(p.firstSeenAt) ?? 0;
    members[id] = { id, name: p.name, aliases: {}, groups, groupsEver: [...groups], firstSeenAt: first, lastSeenAt: time(p.lastActiveAt) ?? first };
  }
  old.members = members;
  return slice;
}
