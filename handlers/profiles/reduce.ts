import { newProfile, type Profile, type ProfileOrder, type ProfilesState } from './types.ts';

// The profile reducer: one behaviour-log entry in, the touched profiles updated in place.
// Pure apart from that mutation (no clock, no store, no I/O), so the live follower, tests and
// the benchmark all run the same code. Entries are read defensively: a malformed one changes
// nothing rather than throwing.

export interface CatalogLookup {
  /** The category of a catalog product, if it has one. */
  categoryOf(productId: string): string | undefined;
  /** A catalog product's display name. */
  nameOf(productId: string): string | undefined;
}

/** What the entry says a member did, for whoever measures comebacks (recall). */
export interface Activity {
  member: string;
  at: number;
  ordered: boolean;
}

type Entry = Record<string, unknown>;
interface Person { id: string; name: string }

const person = (v: unknown): Person | undefined => {
  const p = v as Partial<Person> | null | undefined;
  return p && typeof p.id === 'string' && p.id ? { id: p.id, name: typeof p.name === 'string' ? p.name : p.id } : undefined;
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function profileOf(state: ProfilesState, p: Person, at: number): Profile {
  let profile = state.members[p.id];
  if (!profile) {
    profile = newProfile(p.id, p.name, at);
    state.members[p.id] = profile;
  } else if (p.name && p.name !== p.id) {
    profile.name = p.name;
  }
  return profile;
}

function touch(profile: Profile, at: number): void {
  if (at > profile.lastActiveAt) profile.lastActiveAt = at;
}

export function applyEntry(state: ProfilesState, entry: Entry, catalog: CatalogLookup): Activity[] {
  const at = num(entry['at']);
  if (at === undefined) return [];
  switch (entry['kind']) {
    case 'text':
    case 'share':
    case 'app': {
      const from = person(entry['from']);
      if (!from) return [];
      const p = profileOf(state, from, at);
      touch(p, at);
      if (entry['kind'] === 'text') p.lastMessageAt = Math.max(p.lastMessageAt ?? 0, at);
      if (entry['kind'] === 'share') p.shares++;
      addGroup(p, entry['group']);
      return [{ member: p.id, at, ordered: false }];
    }
    case 'join': {
      const who = person(entry['member']);
      if (!who) return [];
      const p = profileOf(state, who, at);
      p.joinedAt ??= at;
      touch(p, at);
      addGroup(p, entry['group']);
      const inviter = person(entry['inviter']);
      if (inviter && inviter.id !== p.id && !p.inviter) {
        p.inviter = inviter.id;
        const host = profileOf(state, inviter, at);
        if (!host.invitees.includes(p.id)) host.invitees.push(p.id);
        if (p.firstOrderAt !== undefined) host.inviteesWhoOrdered++;
      }
      return [];
    }
    case 'leave': {
      const who = person(entry['member']);
      const group = (entry['group'] as { id?: unknown } | undefined)?.id;
      if (!who || typeof group !== 'string') return [];
      const p = profileOf(state, who, at);
      p.groups = p.groups.filter((g) => g !== group);
      return [];
    }
    case 'jielong':
      return onOrderChange(state, entry, at, catalog);
    case 'jielong-closed':
      return onClosed(state, entry, at, catalog);
    case 'points': {
      const who = person(entry['member']);
      if (!who) return [];
      // Only what the member did counts as activity; an owner's adjustment does not.
      const movement = entry['movement'];
      if (movement !== 'checkin') return [];
      const p = profileOf(state, who, at);
      p.checkins++;
      p.lastCheckinAt = at;
      touch(p, at);
      return [{ member: p.id, at, ordered: false }];
    }
    case 'question': {
      const who = person(entry['member']);
      if (!who) return [];
      const p = profileOf(state, who, at);
      p.questions++;
      for (const id of strings(entry['productIds'])) p.asked[id] = (p.asked[id] ?? 0) + 1;
      for (const c of strings(entry['categories'])) p.askedCategories[c] = (p.askedCategories[c] ?? 0) + 1;
      touch(p, at);
      return [{ member: p.id, at, ordered: false }];
    }
    case 'stream': {
      // handlers/streams/reserve.ts logs a reservation as { kind: 'stream', change: 'reserve' }.
      if (entry['change'] !== 'reserve') return [];
      const who = person(entry['member']);
      if (!who) return [];
      const p = profileOf(state, who, at);
      p.reservations++;
      touch(p, at);
      return [{ member: p.id, at, ordered: false }];
    }
    default:
      return [];
  }
}

function onOrderChange(state: ProfilesState, entry: Entry, at: number, catalog: CatalogLookup): Activity[] {
  const who = person(entry['member']);
  const jielong = str(entry['jielong']);
  const change = entry['change'];
  if (!who || !jielong) return [];
  const p = profileOf(state, who, at);
  touch(p, at);
  if (change === 'cancel') {
    const had = p.orders[jielong];
    delete p.orders[jielong];
    if (had) p.lastOrderAt = latestOrder(p);
    return [{ member: p.id, at, ordered: false }];
  }
  if (change !== 'signup' && change !== 'edit') return [{ member: p.id, at, ordered: false }];
  setOrder(state, p, jielong, { at: p.orders[jielong]?.at ?? at, ...orderDetails(entry, catalog) });
  return [{ member: p.id, at, ordered: true }];
}

function onClosed(state: ProfilesState, entry: Entry, at: number, catalog: CatalogLookup): Activity[] {
  const jielong = str(entry['jielong']);
  const orders = entry['orders'];
  if (!jielong || !Array.isArray(orders)) return [];
  // The close is the final word on each order (edits the bot missed, lines the owner fixed).
  for (const o of orders as Entry[]) {
    const who = person(o['member']);
    if (!who) continue;
    const p = profileOf(state, who, at);
    setOrder(state, p, jielong, { at: p.orders[jielong]?.at ?? at, ...orderDetails(o, catalog) });
  }
  return [];
}

function setOrder(state: ProfilesState, p: Profile, jielong: string, order: ProfileOrder): void {
  const first = p.firstOrderAt === undefined;
  p.orders[jielong] = order;
  p.lastOrderAt = Math.max(p.lastOrderAt ?? 0, order.at);
  if (first) {
    p.firstOrderAt = order.at;
    const host = p.inviter ? state.members[p.inviter] : undefined;
    if (host) host.inviteesWhoOrdered++;
  }
}

function latestOrder(p: Profile): number | undefined {
  let last: number | undefined;
  for (const o of Object.values(p.orders)) if (last === undefined || o.at > last) last = o.at;
  return last;
}

function orderDetails(entry: Entry, catalog: CatalogLookup): Omit<ProfileOrder, 'at'> {
  const products: string[] = [];
  const categories = new Set<string>();
  const items = Array.isArray(entry['items']) ? (entry['items'] as Entry[]) : [];
  for (const item of items) {
    const id = str(item['productId']);
    const name = (id && catalog.nameOf(id)) ?? str(item['product']);
    if (name && !products.includes(name)) products.push(name);
    const category = id ? catalog.categoryOf(id) : undefined;
    if (category) categories.add(category);
  }
  return { amount: num(entry['amount']) ?? 0, products, categories: [...categories] };
}

function addGroup(p: Profile, group: unknown): void {
  const id = (group as { id?: unknown } | null | undefined)?.id;
  if (typeof id === 'string' && !p.groups.includes(id)) p.groups.push(id);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : [];
}
