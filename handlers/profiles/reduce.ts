import { num, orderDetails, person, str, strings, type CatalogLookup, type Entry } from './entry-fields.ts';
import { newProfile, type Profile, type ProfileOrder, type ProfilesState } from './types.ts';

// The profile reducer: one behaviour-log entry in, the touched profiles updated in place.
// Pure apart from that mutation (no clock, no store, no I/O), so the live follower, tests and
// the benchmark all run the same code. Entries are read defensively: a malformed one changes
// nothing rather than throwing. handlers/profiles/from-scratch.ts is the whole-log definition
// it must agree with (a property test checks it after every entry).
//
// It runs once per event for the life of the shop, so it is written to allocate little: a
// member is looked up without building an intermediate object, a profile field is written
// only when its value changes (a fresh string stored into a long-lived profile would survive
// the young-generation collector and cost a full collection later), and activities are told
// to a callback rather than returned in a fresh array.

export type { CatalogLookup } from './entry-fields.ts';

/** What the entry says a member did, for whoever measures comebacks (recall). */
export interface Activity {
  member: string;
  at: number;
  ordered: boolean;
}

/** Told of each member activity an entry shows; the reducer allocates nothing to say so. */
export type ActivityListener = (member: string, at: number, ordered: boolean) => void;
const ignore: ActivityListener = () => {};

/**
 * Profiles by member number (`no`, given once by the member registry, store/members.ts, and
 * written on every member the log names). Resolving a fresh id string among 100,000 keys
 * costs a hash and a cache miss per event; an array slot costs neither. Kept beside the
 * persisted record, never in it: built on first sight of each number (one id lookup), so a
 * state loaded from disk or a members record replaced wholesale gets a fresh index. A number
 * names one member for good (the registry never reuses or changes one), so the slot is
 * trusted without comparing ids, which would cost the cache miss it saves. Nothing
 * removes or replaces a profile in the record once made (only its fields change); code that
 * ever does must replace the whole record, or this index would hand out the old object.
 */
const indexes = new WeakMap<Record<string, Profile>, Array<Profile | undefined>>();
let lastMembers: Record<string, Profile> | undefined;
let lastIndex: Array<Profile | undefined> = [];
/** Numbers beyond this are not the registry's (it counts from 1): they take the id path. */
const MAX_NO = 1 << 24;

function indexFor(members: Record<string, Profile>): Array<Profile | undefined> {
  if (members === lastMembers) return lastIndex;
  let index = indexes.get(members);
  if (!index) indexes.set(members, (index = []));
  lastMembers = members;
  lastIndex = index;
  return index;
}

/** The profile of the member an entry names (made on first sight), or undefined if it names none. */
function profileOf(state: ProfilesState, who: unknown, at: number): Profile | undefined {
  const p = who as { id?: unknown; no?: unknown } | null | undefined;
  const id = p?.id;
  if (typeof id !== 'string' || !id) return undefined;
  const no = p!.no;
  const numbered = typeof no === 'number' && no >= 0 && no < MAX_NO && (no | 0) === no;
  const index = numbered ? indexFor(state.members) : undefined;
  let profile = index ? index[no as number] : undefined;
  if (!profile) {
    profile = state.members[id];
    if (!profile) {
      profile = newProfile(id, at);
      state.members[id] = profile;
    }
    if (index) fillIndex(index, no as number, profile);
  }
  return profile;
}

/** Slots up to `no` are filled first, so the array never turns sparse (dictionary) under V8. */
function fillIndex(index: Array<Profile | undefined>, no: number, profile: Profile): void {
  while (index.length < no) index.push(undefined);
  index[no] = profile;
}

function touch(profile: Profile, at: number): void {
  if (at > profile.lastActiveAt) profile.lastActiveAt = at;
}

export function applyEntry(state: ProfilesState, entry: Entry, catalog: CatalogLookup, onActivity: ActivityListener = ignore): void {
  const at = num(entry['at']);
  if (at === undefined) return;
  // Entries come in many shapes, so each field read by name is a slow (megamorphic) lookup:
  // the kind is read once.
  const kind = entry['kind'];
  switch (kind) {
    case 'text':
    case 'share':
    case 'app': {
      const p = profileOf(state, entry['from'], at);
      if (!p) return;
      touch(p, at);
      if (kind === 'text' && (p.lastMessageAt === undefined || at > p.lastMessageAt)) p.lastMessageAt = at;
      if (kind === 'share') p.shares++;
      return onActivity(p.id, at, false);
    }
    case 'join': {
      const p = profileOf(state, entry['member'], at);
      if (!p) return;
      p.joinedAt ??= at;
      touch(p, at);
      const inviter = person(entry['inviter']);
      if (inviter && inviter.id !== p.id && !p.inviter) {
        p.inviter = inviter.id;
        const host = profileOf(state, entry['inviter'], at)!;
        if (!host.invitees.includes(p.id)) host.invitees = [...host.invitees, p.id];
        if (p.firstOrderAt !== undefined) host.inviteesWhoOrdered++;
      }
      return;
    }
    case 'jielong':
      return onOrderChange(state, entry, at, catalog, onActivity);
    case 'jielong-closed':
      return onClosed(state, entry, at, catalog);
    case 'points': {
      // Only what the member did counts as activity; an owner's adjustment does not.
      if (entry['movement'] !== 'checkin') return;
      const p = profileOf(state, entry['member'], at);
      if (!p) return;
      p.checkins++;
      p.lastCheckinAt = at;
      touch(p, at);
      return onActivity(p.id, at, false);
    }
    case 'question': {
      const p = profileOf(state, entry['member'], at);
      if (!p) return;
      p.questions++;
      for (const id of strings(entry['productIds'])) p.asked[id] = (p.asked[id] ?? 0) + 1;
      for (const c of strings(entry['categories'])) p.askedCategories[c] = (p.askedCategories[c] ?? 0) + 1;
      touch(p, at);
      return onActivity(p.id, at, false);
    }
    case 'stream': {
      // handlers/streams/reserve.ts logs a reservation as { kind: 'stream', change: 'reserve' }.
      if (entry['change'] !== 'reserve') return;
      const p = profileOf(state, entry['member'], at);
      if (!p) return;
      p.reservations++;
      touch(p, at);
      return onActivity(p.id, at, false);
    }
    default:
      return;
  }
}

function onOrderChange(state: ProfilesState, entry: Entry, at: number, catalog: CatalogLookup, onActivity: ActivityListener): void {
  const jielong = str(entry['jielong']);
  if (!jielong) return;
  const p = profileOf(state, entry['member'], at);
  if (!p) return;
  const change = entry['change'];
  touch(p, at);
  if (change === 'cancel') {
    const had = p.orders[jielong];
    delete p.orders[jielong];
    if (had) p.lastOrderAt = latestOrder(p);
    return onActivity(p.id, at, false);
  }
  if (change !== 'signup' && change !== 'edit') return onActivity(p.id, at, false);
  setOrder(state, p, jielong, at, orderDetails(entry, catalog));
  return onActivity(p.id, at, true);
}

function onClosed(state: ProfilesState, entry: Entry, at: number, catalog: CatalogLookup): void {
  const jielong = str(entry['jielong']);
  const orders = entry['orders'];
  if (!jielong || !Array.isArray(orders)) return;
  // The close is the final word on each order (edits the bot missed, lines the owner fixed).
  for (const o of orders as Array<Entry | null | undefined>) {
    const p = profileOf(state, o?.['member'], at);
    if (p) setOrder(state, p, jielong, at, orderDetails(o!, catalog));
  }
  return;
}

/** An order placed or replaced: it keeps the time it was first placed. */
function setOrder(state: ProfilesState, p: Profile, jielong: string, at: number, details: Omit<ProfileOrder, 'at'>): void {
  const first = p.firstOrderAt === undefined;
  const order: ProfileOrder = { at: p.orders[jielong]?.at ?? at, amount: details.amount, products: details.products, categories: details.categories };
  p.orders[jielong] = order;
  if (p.lastOrderAt === undefined || order.at > p.lastOrderAt) p.lastOrderAt = order.at;
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
