import type { Services } from './context.ts';
import type { MemberRef } from './types.ts';
import { findMember } from '../store/members.ts';
import { ownerNamesAllowed } from './config.ts';

/**
 * Whom to DM for the owner: each OWNER_IDS entry as a known member, else taken as an id
 * (the owner may not have spoken since the bot started keeping records).
 */
export function ownerRefs(services: Services): MemberRef[] {
  const refs = new Map<string, MemberRef>();
  // By id only on a real account: someone named like the owner's id must not get the owner's DMs.
  const byName = ownerNamesAllowed(services.config);
  for (const key of services.config.OWNER_IDS) {
    const m = byName ? findMember(services.store.data, key) : services.store.data.members[key];
    const ref = m ? { id: m.id, name: m.name } : { id: key, name: key };
    refs.set(ref.id, ref);
  }
  return [...refs.values()];
}
