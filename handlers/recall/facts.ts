import { catalogLookup } from '../profiles/catalog-lookup.ts';
import { boughtCounts, favouriteCategories, top } from '../profiles/stage.ts';
import type { Profile } from '../profiles/types.ts';
import type { State } from '../../store/schema.ts';
import { memberName } from '../../store/members.ts';
import type { RecallFacts } from './compose.ts';
import { matchingStream } from './stream-facts.ts';

/** A reward is "almost affordable" from this share of its cost. */
const ALMOST = 0.5;

/** How many of a member's favourite categories a stream may match. */
const FAVOURITES = 3;

export interface FactOptions {
  /** The shop's welcome-back offer (RECALL_OFFER). */
  offer?: string | undefined;
  now: number;
  tz: string;
}

/** What the store knows that a recall DM may mention, for one member. */
export function recallFacts(p: Profile, data: State, { offer, now, tz }: FactOptions): RecallFacts {
  const look = catalogLookup(data.catalog);
  const favourites = favouriteCategories(p, FAVOURITES);
  const facts: RecallFacts = { name: memberName(data, p.id) };
  const groups = data.members[p.id]?.groups ?? [];
  const bought = top(boughtCounts(p).products, 1)[0];
  if (bought) facts.bought = bought;
  const askedId = top(p.asked, 1)[0];
  if (askedId) facts.asked = look.nameOf(askedId) ?? askedId;
  const category = favourites[0];
  if (category) {
    for (const record of Object.values(data.jielong)) {
      if (record.status !== 'open' || !record.group || !groups.includes(record.group.id)) continue;
      const item = (record.offer ?? []).find((o) => o.productId && look.categoryOf(o.productId) === category);
      if (!item) continue;
      facts.open = { title: record.title, product: item.name, ...(item.price !== undefined ? { price: item.price } : {}), ...(item.unit ? { unit: item.unit } : {}) };
      break;
    }
  }
  const balance = data.points.balances[p.id] ?? 0;
  const rewards = data.points.rewards.filter((r) => r.active && r.stock > 0 && balance >= r.cost * ALMOST);
  // The dearest one they can already have, else the nearest one they almost can.
  const affordable = rewards.filter((r) => r.cost <= balance).sort((a, b) => b.cost - a.cost)[0];
  const almost = rewards.filter((r) => r.cost > balance).sort((a, b) => a.cost - b.cost)[0];
  const reward = affordable ?? almost;
  if (reward && balance > 0) facts.reward = { name: reward.name, cost: reward.cost, balance };
  const stream = matchingStream(Object.values(data.streams.items), now, tz, favourites, look.categoryOf);
  if (stream) facts.stream = stream;
  if (offer) facts.offer = offer;
  return facts;
}
