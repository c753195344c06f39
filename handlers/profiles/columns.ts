import { loadedPast } from './past.ts';
import { keyed, type PastOrders, type Profile, type ProfileOrder, type ProfilesState } from './types.ts';

// Where a profile's activity times and counts live: one Float64Array, eight numbers per
// member, beside the profile objects instead of inside them.
//
// Why: every message and check-in updates a member's last-active time and a count or two.
// Kept on the profile object, each update chases a pointer to that member's object and on to
// the boxed numbers it holds, scattered over a heap of 100,000 profiles: cache and TLB misses
// that cost the reducer several hundred nanoseconds an event. Here the eight numbers share
// one cache line, found by member number, and the common events never touch the object.
//
// Readers see no difference: a ColumnProfile reads and writes these fields through getters
// and setters, and writes itself to JSON with every field in place (state.json is unchanged).
// A state loaded from disk holds plain objects; columnsFor turns them into ColumnProfiles the
// first time it sees the state's members record (profilesFeature does so at start-up, before
// anything else holds a profile; for 100,000 profiles that takes about half a second, once).
//
// One rule for whoever writes profiles: never put a different object under an id that already
// has a profile. The reducer finds a member by number without looking at the record (that is
// the point), so it would go on writing to the old one. Replace the whole members record
// instead: it gets columns of its own, and every profile in it is copied in.

/** The column of each field within a member's eight. */
export const LAST_ACTIVE = 0;
export const LAST_MESSAGE = 1;
export const LAST_CHECKIN = 2;
export const LAST_ORDER = 3;
export const FIRST_ORDER = 4;
export const CHECKINS = 5;
export const SHARES = 6;
export const QUESTIONS = 7;
/** Numbers per member; a member's first one is at slot × STRIDE. */
export const STRIDE = 8;

/** Numbers beyond this are not the member registry's (it counts from 1). */
const MAX_NO = 1 << 24;

export class ProfileColumns {
  /** Member slot × 8 + field; NaN is "never" for the optional times. */
  values = new Float64Array(1024 * STRIDE);
  private count = 0;
  /** Member number (store/members.ts) → slot + 1; 0 until the number is first seen. */
  private byNo = new Int32Array(1024);
  /** Slot → the member's profile, for the events that change more than the columns. */
  readonly profiles: ColumnProfile[] = [];

  /** A new member's eight numbers: active at `at`, nothing else yet. */
  add(at: number): number {
    const slot = this.count++;
    if ((slot + 1) * STRIDE > this.values.length) this.values = grown(this.values, (slot + 1) * STRIDE);
    const v = this.values;
    const base = slot * STRIDE;
    v[base + LAST_ACTIVE] = at;
    v[base + LAST_MESSAGE] = v[base + LAST_CHECKIN] = v[base + LAST_ORDER] = v[base + FIRST_ORDER] = NaN;
    v[base + CHECKINS] = v[base + SHARES] = v[base + QUESTIONS] = 0;
    return slot;
  }

  /** The slot of the member with this registry number, or -1 if not known by it yet. */
  slotByNo(no: unknown): number {
    return typeof no === 'number' && no >= 0 && no < this.byNo.length && (no | 0) === no ? this.byNo[no]! - 1 : -1;
  }

  /** Remembers a member's number. A number names one member for good (the registry never reuses one). */
  bindNo(no: unknown, slot: number): void {
    if (typeof no !== 'number' || no < 0 || no >= MAX_NO || (no | 0) !== no) return;
    if (no >= this.byNo.length) this.byNo = grown(this.byNo, no + 1);
    this.byNo[no] = slot + 1;
  }
}

function grown<T extends Float64Array | Int32Array>(a: T, atLeast: number): T {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

const maybe = (v: number): number | undefined => (Number.isNaN(v) ? undefined : v);
const orNaN = (v: number | undefined): number => (v === undefined ? NaN : v);

/** A profile whose activity times and counts are in its state's columns. */
export class ColumnProfile implements Profile {
  id: string;
  firstSeenAt: number;
  joinedAt: number | undefined = undefined;
  inviter: string | undefined = undefined;
  orders: Record<string, ProfileOrder> = keyed();
  asked: Record<string, number> = keyed();
  askedCategories: Record<string, number> = keyed();
  invitees: string[] = [];
  inviteesWhoOrdered = 0;
  reservations = 0;
  cases: number | undefined = undefined;
  ownerTags: string[] = [];
  recalls: number[] = [];
  lastRecallText: string | undefined = undefined;
  lastRecallPickAt: number | undefined = undefined;
  optedOut = false;
  optedOutAt: number | undefined = undefined;
  watch: { run: string; until: number } | undefined = undefined;
  past: PastOrders | undefined = undefined;
  readonly #columns: ProfileColumns;
  readonly #base: number;

  constructor(columns: ProfileColumns, slot: number, id: string, firstSeenAt: number) {
    this.#columns = columns;
    this.#base = slot * STRIDE;
    this.id = id;
    this.firstSeenAt = firstSeenAt;
  }

  static slotOf(p: ColumnProfile): number {
    return p.#base / STRIDE;
  }

  /** True when the profile's numbers are in these columns (not a replaced record's). */
  static isIn(p: Profile, columns: ProfileColumns): p is ColumnProfile {
    return p instanceof ColumnProfile && p.#columns === columns;
  }

  get lastActiveAt(): number { return this.#columns.values[this.#base + LAST_ACTIVE]!; }
  set lastActiveAt(v: number) { this.#columns.values[this.#base + LAST_ACTIVE] = v; }
  get lastMessageAt(): number | undefined { return maybe(this.#columns.values[this.#base + LAST_MESSAGE]!); }
  set lastMessageAt(v: number | undefined) { this.#columns.values[this.#base + LAST_MESSAGE] = orNaN(v); }
  get lastCheckinAt(): number | undefined { return maybe(this.#columns.values[this.#base + LAST_CHECKIN]!); }
  set lastCheckinAt(v: number | undefined) { this.#columns.values[this.#base + LAST_CHECKIN] = orNaN(v); }
  get lastOrderAt(): number | undefined { return maybe(this.#columns.values[this.#base + LAST_ORDER]!); }
  set lastOrderAt(v: number | undefined) { this.#columns.values[this.#base + LAST_ORDER] = orNaN(v); }
  get firstOrderAt(): number | undefined { return maybe(this.#columns.values[this.#base + FIRST_ORDER]!); }
  set firstOrderAt(v: number | undefined) { this.#columns.values[this.#base + FIRST_ORDER] = orNaN(v); }
  get checkins(): number { return this.#columns.values[this.#base + CHECKINS]!; }
  set checkins(v: number) { this.#columns.values[this.#base + CHECKINS] = v; }
  get shares(): number { return this.#columns.values[this.#base + SHARES]!; }
  set shares(v: number) { this.#columns.values[this.#base + SHARES] = v; }
  get questions(): number { return this.#columns.values[this.#base + QUESTIONS]!; }
  set questions(v: number) { this.#columns.values[this.#base + QUESTIONS] = v; }

  /**
   * Every field, in the order state.json has always had them (undefined ones JSON leaves out).
   * Typed so that a Profile field missing here fails to compile.
   */
  toJSON(): AllFields {
    return {
      id: this.id, firstSeenAt: this.firstSeenAt, joinedAt: this.joinedAt, inviter: this.inviter, lastActiveAt: this.lastActiveAt,
      lastMessageAt: this.lastMessageAt, lastOrderAt: this.lastOrderAt, firstOrderAt: this.firstOrderAt, orders: this.orders, asked: this.asked,
      askedCategories: this.askedCategories, questions: this.questions, checkins: this.checkins, lastCheckinAt: this.lastCheckinAt,
      shares: this.shares, invitees: this.invitees, inviteesWhoOrdered: this.inviteesWhoOrdered, reservations: this.reservations, cases: this.cases,
      ownerTags: this.ownerTags, recalls: this.recalls, lastRecallText: this.lastRecallText, lastRecallPickAt: this.lastRecallPickAt,
      optedOut: this.optedOut, optedOutAt: this.optedOutAt, watch: this.watch, past: this.past,
    };
  }
}

/** A new member's profile, in the state's columns. */
export function addProfile(state: ProfilesState, columns: ProfileColumns, id: string, at: number): ColumnProfile {
  const p = make(columns, id, at, at);
  state.members[id] = p;
  return p;
}

function make(columns: ProfileColumns, id: string, firstSeenAt: number, lastActiveAt: number): ColumnProfile {
  const p = new ColumnProfile(columns, columns.add(lastActiveAt), id, firstSeenAt);
  columns.profiles.push(p);
  return p;
}

const columnsOf = new WeakMap<Record<string, Profile>, ProfileColumns>();
let lastMembers: Record<string, Profile> | undefined;
let lastColumns: ProfileColumns | undefined;

/**
 * The columns of a state's profiles, made the first time its members record is seen: every
 * plain profile in it (as loaded from state.json) is replaced by a ColumnProfile holding the
 * same values. A record replaced wholesale gets new columns the same way.
 */
export function columnsFor(state: ProfilesState): ProfileColumns {
  const members = state.members;
  if (members === lastMembers) return lastColumns!;
  let columns = columnsOf.get(members);
  if (!columns) {
    columns = new ProfileColumns();
    columnsOf.set(members, columns);
    for (const id of Object.keys(members)) adopt(state, columns, id);
  }
  lastMembers = members;
  lastColumns = columns;
  return columns;
}

/**
 * The member's profile as a ColumnProfile of these columns: a plain one (loaded from disk), or
 * one from a replaced record's columns, is copied into a new ColumnProfile that takes its place.
 */
export function adopt(state: ProfilesState, columns: ProfileColumns, id: string): ColumnProfile {
  const old = state.members[id]!;
  if (ColumnProfile.isIn(old, columns)) return old;
  const p = make(columns, id, old.firstSeenAt, old.lastActiveAt);
  for (const key of COPIED) (p as unknown as Record<string, unknown>)[key] = old[key] ?? (p as unknown as Record<string, unknown>)[key];
  // Loaded records are plain objects; the reducer's maps must stay prototype-less.
  p.orders = Object.assign(keyed<ProfileOrder>(), old.orders);
  p.asked = Object.assign(keyed<number>(), old.asked);
  p.askedCategories = Object.assign(keyed<number>(), old.askedCategories);
  // A profile saved before orders were folded has no `past`: nothing folded yet (past.ts).
  p.past = loadedPast(old.past);
  state.members[id] = p;
  return p;
}

/** Fields a plain profile hands over when it becomes a ColumnProfile (the rest adopt sets itself). */
const COPIED = [
  'joinedAt', 'inviter', 'lastMessageAt', 'lastCheckinAt', 'lastOrderAt', 'firstOrderAt', 'checkins', 'shares', 'questions',
  'invitees', 'inviteesWhoOrdered', 'reservations', 'cases', 'ownerTags', 'recalls', 'lastRecallText', 'lastRecallPickAt', 'optedOut', 'optedOutAt', 'watch',
] as const satisfies ReadonlyArray<keyof Profile>;

/** Every Profile field, the optional ones included: what toJSON must write. */
type AllFields = { [K in keyof Required<Profile>]: Profile[K] };

// A Profile field added without adding it to COPIED (or to what adopt sets) fails to compile
// here: a restart would otherwise lose it silently.
type SetByAdopt = 'id' | 'firstSeenAt' | 'lastActiveAt' | 'orders' | 'asked' | 'askedCategories' | 'past';
const everyFieldCopied: Record<Exclude<keyof Profile, (typeof COPIED)[number] | SetByAdopt>, never> = {};
void everyFieldCopied;
