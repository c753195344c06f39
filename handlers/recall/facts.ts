import { catalogLookup } from '../profiles/index.ts';
import { boughtCounts, favouriteCategories, top } from '../profiles/index.ts';
import type { Profile } from '../profiles/index.ts';
import type { State } from '../../store/schema.ts';
import { memberName } from '../../store/members.ts';
import type { RecallFacts } from './compose.ts';
import { matchingStream } from './stream-facts.ts';
import { openRecords } from '../jielong/index.ts';

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
  if (askedId) {
    facts.asked = look.nameOf(askedId) ?? askedId;
    const product = data.catalog.find((c) => c.id === askedId);
    // On sale and not sold out: something they wanted that they can have now.
    if (product?.onSale && product.stock !== 0) {
      facts.askedInStock = { ...(product.price !== undefined ? { price: product.price } : {}), ...(product.unit ? { unit: product.unit } : {}) };
    }
  }
  // An open 接龙 in one of their groups: one in their favourite category first, else any
  // (a member who never said a word has no favourites, and an open 接龙 is still news to them).
  // From the live index, not a walk over every 接龙 held: this runs once per member in a run.
  const open = openRecords(data.jielong).filter((r) => r.group && groups.includes(r.group.id));
  const category = favourites[0];
  let found = false;
  if (category) {
    for (const record of open) {
      const item = (record.offer ?? []).find((o) => o.productId && look.categoryOf(o.productId) === category);
      if (!item) continue;
      facts.open = { title: record.title, favourite: true, product: item.name, ...(item.price !== undefined ? { price: item.price } : {}), ...(item.unit ? { unit: item.unit } : {}) };
      found = true;
      break;
    }
  }
  const any = found ? undefined : open[0];
  if (any) {
    const item = any.offer?.[0];
    facts.open = item
      ? { title: any.title, product: item.name, ...(item.price !== undefined ? { price: item.price } : {}), ...(item.unit ? { unit: item.unit } : {}) }
      : { title: any.title };
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
