import type { FeatureKit } from '../../bot/feature.ts';
import type { MemberRef } from '../../bot/types.ts';
import { boughtOf, type JielongClosed, type ProductNames } from '../jielong/index.ts';
import { catalogLookup } from '../profiles/index.ts';
import { hasOptedOut } from '../profiles/index.ts';
import { inShopGroup, memberName } from '../../store/members.ts';
import { composeFollowup } from './followup-texts.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { claimFollowupPlace } from './places.ts';

// One follow-up DM per buyer per 接龙, RECALL_FOLLOWUP_DAYS after it closed. The close is a
// behaviour event carrying every order, so this follows the log; the DM is a durable
// scheduler item, and whether it still makes sense is decided when it comes due: whether the
// buyer still wants it, and whether the day's DM places (DM_DAILY_CAP) are better spent on
// others (./places.ts). It keeps for FOLLOWUP_FRESH_MS (bot/expiry.ts), then it is dropped.

export const FOLLOWUP_JOB = 'recall-followup';

export interface FollowupPayload {
  jielong: string;
  closedAt: number;
  member: MemberRef;
  products: string[];
  categories: string[];
}

/** Who bought what in a closed 接龙, one entry per member (several lines merge); their
 * categories by what they spent on each, most first. */
export function buyersOf(entry: JielongClosed, lookup: ProductNames): Array<Omit<FollowupPayload, 'jielong' | 'closedAt'>> {
  interface Buyer { member: MemberRef; products: string[]; weight: Map<string, number> }
  const byMember = new Map<string, Buyer>();
  for (const o of entry.orders) {
    const m = o.member;
    if (!m) continue;
    const buyer: Buyer = byMember.get(m.id) ?? { member: { id: m.id, name: m.name || m.id }, products: [], weight: new Map() };
    byMember.set(m.id, buyer);
    const bought = boughtOf(o.items, lookup);
    for (const name of bought.products) if (!buyer.products.includes(name)) buyer.products.push(name);
    for (const item of o.items ?? []) {
      const category = item.productId ? lookup.categoryOf(item.productId) : undefined;
      if (category) buyer.weight.set(category, (buyer.weight.get(category) ?? 0) + (typeof item.amount === 'number' ? item.amount : 1));
    }
  }
  return [...byMember.values()].map((b) => ({
    member: b.member, products: b.products,
    categories: [...b.weight.entries()].sort((x, y) => y[1] - x[1]).map(([c]) => c),
  }));
}

export function followups(kit: FeatureKit): void {
  const { store, config, scheduler, outbox, isOwner } = kit.services;

  kit.job(FOLLOWUP_JOB, (payload) => {
    const p = payload as FollowupPayload;
    const profile = store.data.profiles.members[p.member.id];
    if (isOwner(p.member) || hasOptedOut(store.data, p.member.id)) return;
    // Left every group (or never was in one the bot knows of): a DM from the shop would be unwelcome.
    if (!inShopGroup(store.data, p.member.id)) return;
    // Ordered again since: they are fine, no need to ask.
    if (profile?.lastOrderAt !== undefined && profile.lastOrderAt > p.closedAt) return;
    const key = `followup:${p.jielong}:${p.member.id}`;
    // The daily cap is planned here, not queued behind (./places.ts).
    if (!claimFollowupPlace(kit.services, key, p.member.id)) return;
    const name = memberName(store.data, p.member.id);
    outbox.enqueue({
      key, to: { kind: 'dm', member: { id: p.member.id, name } },
      text: composeFollowup({ name, products: p.products, categories: p.categories }, `${p.jielong}:${p.member.id}`),
      purpose: 'unsolicited',
    });
  });

  kit.follow('jielong-closed', (entry) => {
    if (config.RECALL_FOLLOWUP_DAYS === 0) return;
    for (const buyer of buyersOf(entry, catalogLookup(store.data.catalog))) {
      const payload: FollowupPayload = { jielong: entry.jielong, closedAt: entry.at, ...buyer };
      scheduler.at(entry.at + config.RECALL_FOLLOWUP_DAYS * DAY_MS, FOLLOWUP_JOB, payload, `${FOLLOWUP_JOB}:${entry.jielong}:${buyer.member.id}`);
    }
  });
}
