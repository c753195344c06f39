import type { JielongOffer } from './state.ts';
import { offerFor } from './orders.ts';
import type { JielongEntry } from './parse.ts';

// A list line the bot cannot book for sure, in a 接龙 that sells named products: one that
// names only things not on offer ("榴莲2个" in an egg-and-rice 接龙), or that gives no product
// when several are on offer ("3-501 王阿姨 2"). Booking a guess puts a wrong total in front of
// the group; such a line is not booked, and its writer is asked once. Pure.

export type Unclear = { kind: 'not-offered'; product: string } | { kind: 'which' };

export function unclearEntry(entry: JielongEntry, offer: JielongOffer[]): Unclear | null {
  if (offer.length === 0) return null;
  const named = entry.items.filter((i) => i.product !== null);
  if (named.some((i) => offerFor(offer, i) !== undefined)) return null;
  const product = named[0]?.product;
  if (product) return { kind: 'not-offered', product };
  return offer.length > 1 ? { kind: 'which' } : null;
}

/** The one short question for an unclear line, in the group. */
export function unclearText(entry: JielongEntry, why: Unclear, title: string, offer: JielongOffer[]): string {
  const names = offer.map((o) => o.name).join('、');
  const who = [entry.room, entry.name].filter(Boolean).join(' ');
  const qty = entry.items.find((i) => i.qty !== null);
  const example = `${who ? `${who} ` : ''}${offer[0]!.name}${qty?.qty ?? 1}${qty?.unit ?? offer[0]!.unit ?? '份'}`;
  if (why.kind === 'not-offered') {
    return `“${entry.raw}”里的${why.product}这次没有哦，「${title}」有：${names}。这一行先没登记，要的话请改一下再发。`;
  }
  return `“${entry.raw}”没写是哪样～「${title}」有：${names}。请写上商品名再发一次，比如“${example}”，这一行先没登记。`;
}
