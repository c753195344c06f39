import type { Services } from '../../bot/context.ts';
import type { MemberRef } from '../../bot/types.ts';
import { catalogLookup } from '../profiles/catalog-lookup.ts';
import { hasOptedOut } from '../profiles/opt-out.ts';
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

type Entry = Record<string, unknown>;

/** Who bought what in a closed 接龙, one entry per member (several lines merge). */
export function buyersOf(entry: Entry, lookup: ReturnType<typeof catalogLookup>): Array<Omit<FollowupPayload, 'jielong' | 'closedAt'>> {
  const orders = Array.isArray(entry['orders']) ? (entry['orders'] as Entry[]) : [];
  interface Buyer { member: MemberRef; products: string[]; weight: Map<string, number> }
  const byMember = new Map<string, Buyer>();
  for (const o of orders) {
    const m = o['member'] as Partial<MemberRef> | null | undefined;
    if (!m || typeof m.id !== 'string' || !m.id) continue;
    const buyer: Buyer = byMember.get(m.id) ?? { member: { id: m.id, name: typeof m.name === 'string' && m.name ? m.name : m.id }, products: [], weight: new Map() };
    byMember.set(m.id, buyer);
    for (const item of Array.isArray(o['items']) ? (o['items'] as Entry[]) : []) {
      const id = typeof item['productId'] === 'string' ? item['productId'] : undefined;
      const name = (id && lookup.nameOf(id)) || (typeof item['product'] === 'string' ? item['product'] : undefined);
      if (name && !buyer.products.includes(name)) buyer.products.push(name);
      const category = id ? lookup.categoryOf(id) : undefined;
      if (category) buyer.weight.set(category, (buyer.weight.get(category) ?? 0) + (typeof item['amount'] === 'number' ? item['amount'] : 1));
    }
  }
  return [...byMember.values()].map((b) => ({
    member: b.member, products: b.products,
    categories: [...b.weight.entries()].sort((x, y) => y[1] - x[1]).map(([c]) => c),
  }));
}

export function followupFeature(services: Services): () => void {
  const { store, config, scheduler, outbox, isOwner } = services;

  scheduler.handle(FOLLOWUP_JOB, (payload) => {
    const p = payload as FollowupPayload;
    const profile = store.data.profiles.members[p.member.id];
    if (isOwner(p.member) || hasOptedOut(store.data, p.member.id)) return;
    // Left every group (or never was in one the bot knows of): a DM from the shop would be unwelcome.
    if (!inShopGroup(store.data, p.member.id)) return;
    // Ordered again since: they are fine, no need to ask.
    if (profile?.lastOrderAt !== undefined && profile.lastOrderAt > p.closedAt) return;
    const key = `followup:${p.jielong}:${p.member.id}`;
    // The daily cap is planned here, not queued behind (./places.ts).
    if (!claimFollowupPlace(services, key, p.member.id)) return;
    const name = memberName(store.data, p.member.id);
    outbox.enqueue({
      key, to: { kind: 'dm', member: { id: p.member.id, name } },
      text: composeFollowup({ name, products: p.products, categories: p.categories }, `${p.jielong}:${p.member.id}`),
      purpose: 'unsolicited',
    });
  });

  return store.log.subscribe((entry) => {
    if (entry['kind'] !== 'jielong-closed' || config.RECALL_FOLLOWUP_DAYS === 0) return;
    const jielong = entry['jielong'];
    const at = entry['at'];
    if (typeof jielong !== 'string' || typeof at !== 'number') return;
    for (const buyer of buyersOf(entry, catalogLookup(store.data.catalog))) {
      const payload: FollowupPayload = { jielong, closedAt: at, ...buyer };
      scheduler.at(at + config.RECALL_FOLLOWUP_DAYS * DAY_MS, FOLLOWUP_JOB, payload, `${FOLLOWUP_JOB}:${jielong}:${buyer.member.id}`);
    }
  });
}
