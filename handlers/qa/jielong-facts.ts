import type { Product, State } from '../../store/schema.ts';
import type { JielongRecord } from '../jielong/index.ts';
import { openRecords } from '../jielong/index.ts';

// The open 接龙s a question may be about: what the data says of "when" (its cut-off).

export interface JielongFact {
  id: string;
  title: string;
  groupId: string;
  cutoffAt?: number;
  /** Catalog products on offer or signed up for in it. */
  productIds: string[];
}

export function openJielongs(state: State, namedIn: (text: string) => Product[]): JielongFact[] {
  return openRecords(state.jielong).map((r) => toFact(r, namedIn));
}

function toFact(r: JielongRecord, namedIn: (text: string) => Product[]): JielongFact {
  const ids = new Set<string>();
  for (const o of r.offer ?? []) if (o.productId) ids.add(o.productId);
  for (const line of r.book.lines) for (const item of line.entry.items) if (item.productId) ids.add(item.productId);
  for (const p of namedIn(r.title)) ids.add(p.id);
  const offerNames = (r.offer ?? []).filter((o) => !o.productId).map((o) => o.name).join(' ');
  if (offerNames) for (const p of namedIn(offerNames)) ids.add(p.id);
  return { id: r.id, title: r.title, groupId: r.group.id, ...(r.cutoffAt !== undefined ? { cutoffAt: r.cutoffAt } : {}), productIds: [...ids] };
}

/**
 * The 接龙s that answer "when" for a question: those offering the products asked about,
 * else (no product named) those open in the asker's groups.
 */
export function relevantJielongs(all: JielongFact[], products: Product[], groupIds: string[]): JielongFact[] {
  if (products.length) {
    const ids = new Set(products.map((p) => p.id));
    const offering = all.filter((j) => j.productIds.some((id) => ids.has(id)));
    const here = offering.filter((j) => groupIds.includes(j.groupId));
    return here.length ? here : offering;
  }
  return all.filter((j) => groupIds.includes(j.groupId));
}

/** Words that make a "when does it close" question about the group's 接龙 rather than anything else. */
const ABOUT_JIELONG = /接龙|截单|团购/;
const ASKS_WHEN = /几点|什么时候|啥时候|哪天|多久|[吗嘛呢？?]/;

/** "接龙几点截止？", "今天几点截单": a cut-off question in a group that has a 接龙 open. */
export function asksJielongCutoff(text: string, groupId: string | undefined, state: State): boolean {
  if (!groupId || !ABOUT_JIELONG.test(text) || !/截止|截单|结束/.test(text) || !ASKS_WHEN.test(text)) return false;
  return openRecords(state.jielong, groupId).length > 0;
}

/** A product an open 接龙 offers at a price though the catalog does not list it. */
export interface OfferFact {
  name: string;
  price: number;
  unit?: string;
  title: string;
}

/** Offers the catalog lacks, named in the text, from the 接龙s open in the asker's groups. */
export function offersNamed(state: State, text: string, groupIds: string[]): OfferFact[] {
  const out: OfferFact[] = [];
  for (const r of openRecords(state.jielong)) {
    if (!groupIds.includes(r.group.id)) continue;
    for (const o of r.offer ?? []) {
      if (o.productId || o.price === undefined || !text.includes(o.name) || out.some((f) => f.name === o.name)) continue;
      out.push({ name: o.name, price: o.price, ...(o.unit ? { unit: o.unit } : {}), title: r.title });
    }
  }
  return out;
}
