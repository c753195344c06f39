import { addProfile, adopt, CHECKINS, ColumnProfile, columnsFor, LAST_ACTIVE, LAST_CHECKIN, LAST_MESSAGE, SHARES, STRIDE, type ProfileColumns } from './columns.ts';
import { latestOrder } from './past.ts';
import { amountAfter, jielongEntry, num, orderChangeEntry, orderDetails, person, str, strings, type CatalogLookup, type Entry } from './entry-fields.ts';
import type { ProfileOrder, ProfilesState } from './types.ts';

// The profile reducer: one behaviour-log entry in, the touched profiles updated in place.
// Pure apart from that mutation (no clock, no store, no I/O), so the live follower, tests and
// the benchmark all run the same code. Entries are read defensively: a malformed one changes
// nothing rather than throwing. handlers/profiles/from-scratch.ts is the whole-log definition
// it must agree with (a property test checks it after every entry).
//
// It runs once per event for the life of the shop, so the common events (messages, shares,
// check-ins) only write the member's activity columns (columns.ts), found by member number,
// without touching the profile object; activities are told to a callback rather than
// returned in a fresh array.

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

/** The member id an entry names, or undefined if it names none. */
function idOf(who: unknown): string | undefined {
  const id = (who as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * The column slot of the member an entry names (their profile made on first sight). Found by
 * the number the member registry wrote on the entry (store/members.ts); an entry without one
 * (older logs, tests) is found by id.
 */
function memberSlot(state: ProfilesState, columns: ProfileColumns, who: unknown, id: string, at: number): number {
  const no = (who as { no?: unknown }).no;
  const slot = columns.slotByNo(no);
  if (slot >= 0) return slot;
  const known = state.members[id];
  const found = ColumnProfile.slotOf(known === undefined ? addProfile(state, columns, id, at) : adopt(state, columns, id));
  columns.bindNo(no, found);
  return found;
}

/** The profile object of the member an entry names, for events that change more than columns. */
function profileOf(state: ProfilesState, who: unknown, at: number): ColumnProfile | undefined {
  const id = idOf(who);
  if (id === undefined) return undefined;
  const columns = columnsFor(state);
  return columns.profiles[memberSlot(state, columns, who, id, at)];
}

function touch(p: ColumnProfile, at: number): void {
  if (at > p.lastActiveAt) p.lastActiveAt = at;
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
      const who = entry['from'];
      const id = idOf(who);
      if (id === undefined) return;
      const columns = columnsFor(state);
      const base = memberSlot(state, columns, who, id, at) * STRIDE;
      // Read after memberSlot: making a profile may have grown (replaced) the array.
      const v = columns.values;
      if (at > v[base + LAST_ACTIVE]!) v[base + LAST_ACTIVE] = at;
      // NaN ("never") compares false, so the first message is written too.
      if (kind === 'text' && !(at <= v[base + LAST_MESSAGE]!)) v[base + LAST_MESSAGE] = at;
      if (kind === 'share') v[base + SHARES]!++;
      return onActivity(id, at, false);
    }
    case 'points': {
      // Only what the member did counts as activity; an owner's adjustment does not.
      if (entry['movement'] !== 'checkin') return;
      const who = entry['member'];
      const id = idOf(who);
      if (id === undefined) return;
      const columns = columnsFor(state);
      const base = memberSlot(state, columns, who, id, at) * STRIDE;
      const v = columns.values;
      v[base + CHECKINS]!++;
      v[base + LAST_CHECKIN] = at;
      if (at > v[base + LAST_ACTIVE]!) v[base + LAST_ACTIVE] = at;
      return onActivity(id, at, false);
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
    case 'roster':
      // Found on a group's member list at start-up: known from now, though nothing was done.
      profileOf(state, entry['member'], at);
      return;
    case 'jielong': {
      const read = jielongEntry(entry, kind);
      return read && onOrderChange(state, read, at, catalog, onActivity);
    }
    case 'jielong-closed': {
      const read = jielongEntry(entry, kind);
      return read && onClosed(state, read, at, catalog);
    }
    case 'order': {
      const read = orderChangeEntry(entry);
      return read && onFulfilment(state, read, at);
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
    // An order already folded into p.past (past.ts: only orders of closed 接龙, months old) is
    // not found here, and stays counted there: a 接龙 closes within days, and a closed one
    // takes no cancels, so a cancel months later does not happen; were one to come, it
    // changes nothing.
    const had = p.orders[jielong];
    delete p.orders[jielong];
    if (had) p.lastOrderAt = latestOrder(p)?.at;
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

/**
 * After the cut-off: a cancelled or refunded order stops counting as a purchase (in part for a
 * part refund), and an after-sales case is counted on the card. (An order already folded into
 * p.past is months old; refunds come within days, and one that came later changes nothing.)
 */
function onFulfilment(state: ProfilesState, entry: Entry, at: number): void {
  const p = profileOf(state, entry['member'], at);
  const jielong = str(entry['jielong']);
  if (!p || !jielong) return;
  if (entry['change'] === 'case-opened') {
    p.cases = (p.cases ?? 0) + 1;
    return;
  }
  const order = p.orders[jielong];
  if (!order) return;
  const left = amountAfter(order.amount, entry);
  if (left === order.amount) return;
  if (left !== null) {
    p.orders[jielong] = { ...order, amount: left };
    return;
  }
  delete p.orders[jielong];
  p.lastOrderAt = latestOrder(p)?.at;
}

/**
 * An order placed or replaced: it keeps the time it was first placed. (Orders folded into
 * p.past are of closed 接龙, which take no more changes: past.ts.)
 */
function setOrder(state: ProfilesState, p: ColumnProfile, jielong: string, at: number, details: Omit<ProfileOrder, 'at'>): void {
  const first = p.firstOrderAt === undefined;
  const order: ProfileOrder = { at: p.orders[jielong]?.at ?? at, amount: details.amount, products: details.products, categories: details.categories };
  p.orders[jielong] = order;
  const last = p.lastOrderAt;
  if (last === undefined || order.at > last) p.lastOrderAt = order.at;
  if (first) {
    p.firstOrderAt = order.at;
    const host = p.inviter ? state.members[p.inviter] : undefined;
    if (host) host.inviteesWhoOrdered++;
  }
}
