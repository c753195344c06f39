import { amountAfter, jielongEntry, num, orderChangeEntry, orderDetails, person, str, strings, type CatalogLookup, type Entry, type Person } from './entry-fields.ts';
import { foldProfiles } from './past.ts';
import { newProfile, type Profile, type ProfileOrder, type ProfilesState } from './types.ts';

// Profiles recomputed from a whole behaviour log, member by member and field by field: the
// definition the incremental reducer (reduce.ts) must match after every entry. The bot never
// re-reads its log; this is what the property test checks the reducer against and what the
// recall benchmark runs as its naive baseline.
//
// With `fold`, orders placed before `fold.before` are folded into each profile's `past` as the
// live bot's daily job does (past.ts): the leading ones, of 接龙 the log shows closed. The same
// profiles as the reducer's after folding at any earlier instants and then at this one.

export interface FromScratchOptions {
  /** Fold orders placed before this instant (past.ts foldCutoff gives it for a time and rules). */
  fold?: { before: number };
}

type Role = 'message' | 'share' | 'app' | 'join' | 'roster' | 'inviter' | 'order' | 'closed' | 'fulfil' | 'checkin' | 'question' | 'reserve';

/** One entry as it concerns one member. */
interface Mention {
  role: Role;
  at: number;
  who: Person;
  /** The entry, or for a close the member's order line in it. */
  entry: Entry;
  /** For a close: the 接龙 it closed. */
  jielong?: string;
}

const ACTIVE: ReadonlySet<Role> = new Set<Role>(['message', 'share', 'app', 'join', 'order', 'checkin', 'question', 'reserve']);

export function profilesFromScratch(entries: readonly Entry[], catalog: CatalogLookup, options: FromScratchOptions = {}): ProfilesState {
  // A member's inviter is set by the first join that names someone else as inviter; only
  // that join mentions the inviter.
  const invitedBy = new Map<string, { index: number; inviter: Person }>();
  entries.forEach((entry, index) => {
    if (entry['kind'] !== 'join' || num(entry['at']) === undefined) return;
    const who = person(entry['member']);
    const inviter = person(entry['inviter']);
    if (who && inviter && inviter.id !== who.id && !invitedBy.has(who.id)) invitedBy.set(who.id, { index, inviter });
  });

  const mentions = new Map<string, Mention[]>();
  const mention = (who: Person | undefined, role: Role, at: number, entry: Entry, jielong?: string) => {
    if (!who) return;
    const m: Mention = { role, at, who, entry, ...(jielong ? { jielong } : {}) };
    const list = mentions.get(who.id);
    if (list) list.push(m);
    else mentions.set(who.id, [m]);
  };
  entries.forEach((entry, index) => {
    const at = num(entry['at']);
    if (at === undefined) return;
    switch (entry['kind']) {
      case 'text': return mention(person(entry['from']), 'message', at, entry);
      case 'share': return mention(person(entry['from']), 'share', at, entry);
      case 'app': return mention(person(entry['from']), 'app', at, entry);
      case 'join': {
        const who = person(entry['member']);
        mention(who, 'join', at, entry);
        const invite = who && invitedBy.get(who.id);
        if (invite && invite.index === index) mention(invite.inviter, 'inviter', at, entry);
        return;
      }
      case 'roster': return mention(person(entry['member']), 'roster', at, entry);
      case 'jielong': {
        const read = jielongEntry(entry, 'jielong');
        return read && str(read['jielong']) ? mention(person(read['member']), 'order', at, read) : undefined;
      }
      case 'jielong-closed': {
        const read = jielongEntry(entry, 'jielong-closed');
        if (!read) return;
        const jielong = str(read['jielong']);
        const orders = read['orders'];
        if (!jielong || !Array.isArray(orders)) return;
        for (const o of orders as Array<Entry | null | undefined>) if (o) mention(person(o['member']), 'closed', at, o, jielong);
        return;
      }
      case 'order': {
        const read = orderChangeEntry(entry);
        return read && str(read['jielong']) ? mention(person(read['member']), 'fulfil', at, read) : undefined;
      }
      case 'points': return entry['movement'] === 'checkin' ? mention(person(entry['member']), 'checkin', at, entry) : undefined;
      case 'question': return mention(person(entry['member']), 'question', at, entry);
      case 'stream': return entry['change'] === 'reserve' ? mention(person(entry['member']), 'reserve', at, entry) : undefined;
    }
  });

  const members: Record<string, Profile> = {};
  for (const [id, list] of mentions) members[id] = profileFrom(id, list, invitedBy.get(id)?.inviter.id, catalog);
  // Invitees in the order they were brought in; credit for each one who has ordered.
  const invites = [...invitedBy].sort((a, b) => a[1].index - b[1].index);
  for (const [invitee, { inviter }] of invites) {
    const host = members[inviter.id]!;
    host.invitees.push(invitee);
    if (members[invitee]!.firstOrderAt !== undefined) host.inviteesWhoOrdered++;
  }
  const state: ProfilesState = { members };
  if (options.fold) {
    // A 接龙 is closed once the log has its close (the bot logs it as the record closes).
    const closed = new Set<string>();
    for (const entry of entries) {
      const read = entry['kind'] === 'jielong-closed' ? jielongEntry(entry, 'jielong-closed') : undefined;
      const jielong = read ? str(read['jielong']) : undefined;
      if (jielong) closed.add(jielong);
    }
    foldProfiles(state, options.fold.before, (jielong) => !closed.has(jielong));
  }
  return state;
}

function profileFrom(id: string, list: Mention[], inviter: string | undefined, catalog: CatalogLookup): Profile {
  const first = list[0]!;
  const p = newProfile(id, first.at);
  const of = (...roles: Role[]) => list.filter((m) => roles.includes(m.role));

  p.lastActiveAt = list.filter((m) => ACTIVE.has(m.role)).reduce((max, m) => Math.max(max, m.at), first.at);
  const messages = of('message');
  if (messages.length) p.lastMessageAt = messages.reduce((max, m) => Math.max(max, m.at), 0);
  p.shares = of('share').length;
  const joins = of('join');
  if (joins.length) p.joinedAt = joins[0]!.at;
  if (inviter) p.inviter = inviter;

  let firstOrderAt: number | undefined;
  const orders: Record<string, ProfileOrder> = {};
  for (const m of of('order', 'closed', 'fulfil')) {
    if (m.role === 'fulfil') {
      const key = str(m.entry['jielong'])!;
      const had = orders[key];
      if (!had) continue;
      const left = amountAfter(had.amount, m.entry);
      if (left !== null) orders[key] = { ...had, amount: left };
      else delete orders[key];
      continue;
    }
    const change = m.role === 'closed' ? 'close' : m.entry['change'];
    const key = m.role === 'closed' ? m.jielong! : str(m.entry['jielong'])!;
    if (change === 'cancel') delete orders[key];
    else if (change === 'signup' || change === 'edit' || change === 'close') {
      orders[key] = { at: orders[key]?.at ?? m.at, ...orderDetails(m.entry, catalog) };
      firstOrderAt ??= m.at;
    }
  }
  p.orders = orders;
  const ats = Object.values(orders).map((o) => o.at);
  if (ats.length) p.lastOrderAt = ats.reduce((max, at) => Math.max(max, at), 0);
  if (firstOrderAt !== undefined) p.firstOrderAt = firstOrderAt;

  const checkins = of('checkin');
  p.checkins = checkins.length;
  if (checkins.length) p.lastCheckinAt = checkins[checkins.length - 1]!.at;
  const questions = of('question');
  p.questions = questions.length;
  for (const q of questions) {
    for (const product of strings(q.entry['productIds'])) p.asked[product] = (p.asked[product] ?? 0) + 1;
    for (const category of strings(q.entry['categories'])) p.askedCategories[category] = (p.askedCategories[category] ?? 0) + 1;
  }
  p.reservations = of('reserve').length;
  const cases = of('fulfil').filter((m) => m.entry['change'] === 'case-opened').length;
  if (cases) p.cases = cases;
  return p;
}
