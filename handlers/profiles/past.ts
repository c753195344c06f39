import { DAY_MS } from '../../scheduler/clock.ts';
import { keyed, type PastOrders, type Profile, type ProfilesState, type StageRules } from './types.ts';

// A profile's order history, bounded. Every member's profile used to keep every order forever
// (150 orders a day shop-wide: most of a year-old state.json). Orders older than the horizon
// are folded into one aggregate per profile, `past`, holding exactly what the readers need of
// them: how many, the spend, what was bought (product and category counts) and the latest one
// (its time and products). Every reader gives the same answer as with every order kept:
//
// - Windowed figures (30 and 90 days in orderStats, the RFM and 忠实/高潜 window) never see an
//   order older than the horizon, and the horizon is longer than every window (foldHorizonDays).
// - All-time figures (count, spend, bought counts, latest order, lastOrderAt after a cancel)
//   start from `past` and go on over the orders still kept.
// - Spend stays bit-for-bit the same: only the leading orders are folded, in the order the
//   profile holds them (the order they were placed), so `past.spend` is the very running sum
//   the readers' own loop would have reached at that point, and they go on adding from it.
//   (接龙 ids are `jl-N`, never integer-like, so a profile's orders keep their insertion order.)
//
// Only orders of closed 接龙 are folded: a closed 接龙 takes no more sign-ups, edits or
// cancels, and its close (the final word on each order) has been applied, so nothing can
// reach a folded order again. Were a cancel or edit to arrive for one anyway (a 接龙 closes
// within days of opening; its orders fold 180 days later), it finds no order to change
// (reduce.ts changes nothing for it), and the aggregate keeps counting it: it cannot be taken
// out of the sums, and nothing fails.
//
// Folding runs in a daily job (feature.ts) and in the from-scratch rebuild (from-scratch.ts);
// the aggregate is persisted with the profile, `past` absent until something is folded (so a
// state.json written before this loads as is: nothing folded yet).

/** Orders older than this many days are folded, at the least. */
export const FOLD_HORIZON_DAYS = 120;
/** How far the horizon stays beyond the longest window a reader may be configured with. */
export const FOLD_MARGIN_DAYS = 30;
/** The fixed windows of orderStats (card.ts: 30 and 90 days). */
export const STATS_WINDOW_DAYS = [30, 90] as const;

/**
 * The horizon for these rules: FOLD_HORIZON_DAYS, or longer when a configured window comes
 * near it. Only windowDays (RFM, 忠实/高潜) and the orderStats windows count orders by age;
 * the others (new, silent, lapsed, recency) read joinedAt, lastActiveAt and lastOrderAt, which
 * folding leaves alone. They are counted all the same, so a reader that one day counts orders
 * over one of them still sees every order it needs.
 */
export function foldHorizonDays(rules: StageRules): number {
  const windows = [rules.windowDays, rules.newDays, rules.silentDays, rules.lapsedDays, ...rules.recencyDays, ...STATS_WINDOW_DAYS];
  let longest = 0;
  for (const w of windows) if (Number.isFinite(w) && w > longest) longest = w;
  return Math.max(FOLD_HORIZON_DAYS, Math.ceil(longest) + FOLD_MARGIN_DAYS);
}

/** The instant before which orders are folded, at `now` under these rules. */
export function foldCutoff(now: number, rules: StageRules): number {
  return now - foldHorizonDays(rules) * DAY_MS;
}

/**
 * Folds the member's leading orders placed before `before`, of 接龙 no longer open, into
 * `p.past`; stops at the first that is newer or still open (so what is folded is always a
 * prefix of the orders in the order they were placed). Returns how many were folded.
 */
export function foldOrders(p: Profile, before: number, isOpen: (jielong: string) => boolean): number {
  const orders = p.orders;
  let past = p.past;
  let folded = 0;
  // Deleting the key just visited is safe in a for-in; the ones after it are still visited.
  for (const key in orders) {
    const o = orders[key]!;
    if (!(o.at < before) || isOpen(key)) break;
    if (past === undefined) {
      past = { count: 0, spend: 0, lastAt: o.at, lastProducts: o.products, products: keyed(), categories: keyed() };
      p.past = past;
    } else if (o.at > past.lastAt) {
      // Strictly later only: of equal times the readers took the first placed, as here.
      past.lastAt = o.at;
      past.lastProducts = o.products;
    }
    past.count++;
    past.spend += o.amount;
    for (const name of o.products) past.products[name] = (past.products[name] ?? 0) + 1;
    for (const c of o.categories) past.categories[c] = (past.categories[c] ?? 0) + 1;
    delete orders[key];
    folded++;
  }
  return folded;
}

/** foldOrders for every member; returns how many orders were folded in all. */
export function foldProfiles(state: ProfilesState, before: number, isOpen: (jielong: string) => boolean): number {
  let folded = 0;
  for (const id in state.members) folded += foldOrders(state.members[id]!, before, isOpen);
  return folded;
}

/** How many orders the member has placed (and not cancelled), folded ones included. */
export function orderCount(p: Profile): number {
  let n = p.past ? p.past.count : 0;
  for (const _ in p.orders) n++;
  return n;
}

/** The member's latest order, folded or not (of equal times the first placed): when, and what. */
export function latestOrder(p: Profile): { at: number; products: string[] } | undefined {
  const past = p.past;
  let latest: { at: number; products: string[] } | undefined = past ? { at: past.lastAt, products: past.lastProducts } : undefined;
  for (const key in p.orders) {
    const o = p.orders[key]!;
    if (!latest || o.at > latest.at) latest = o;
  }
  return latest;
}

/**
 * A `past` as read from state.json, in the reducer's shapes (prototype-less maps); a missing
 * one stays missing (nothing folded), a damaged field reads as nothing folded into it.
 */
export function loadedPast(v: unknown): PastOrders | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Partial<Record<keyof PastOrders, unknown>>;
  const finite = (x: unknown, d: number) => (typeof x === 'number' && Number.isFinite(x) ? x : d);
  const counts = (x: unknown) => {
    const m = keyed<number>();
    if (x && typeof x === 'object') for (const [k, n] of Object.entries(x)) if (typeof n === 'number') m[k] = n;
    return m;
  };
  return {
    count: finite(o.count, 0), spend: finite(o.spend, 0), lastAt: finite(o.lastAt, 0),
    lastProducts: Array.isArray(o.lastProducts) ? o.lastProducts.filter((s): s is string => typeof s === 'string') : [],
    products: counts(o.products), categories: counts(o.categories),
  };
}
