import type { JielongOffer, JielongRecord } from './state.ts';
import { personKey, type BookLine } from './diff.ts';
import type { JielongEntry } from './parse.ts';
import { offerFor } from './orders.ts';

// Stock and per-person limits. A grant is decided when a line is signed up or edited and is
// never taken back later: what a resident was told stays true.

export interface Shortfall {
  offer: JielongOffer;
  asked: number;
  granted: number;
  /** Which limit bit: the stock left, or the per-person limit. */
  reason: 'stock' | 'per-person';
}

/** Who a line is for when counting per-person limits: its author, else the room or name it gives. */
function holderOf(line: BookLine<JielongEntry>): string | null {
  return line.authorId ? `id:${line.authorId}` : personKey(line.entry);
}

function grantedQty(line: BookLine<JielongEntry>, i: number): number {
  return line.granted?.[i] ?? line.entry.items[i]?.qty ?? 0;
}

/** One product on offer, the same across the groups a 接龙 was opened in together. */
function offerKey(o: JielongOffer): string {
  return o.productId ?? `name:${o.name}`;
}

/** Every line of the 接龙 and of those opened with it (one stock across groups), with its offers. */
function linesOf(records: JielongRecord[]): Array<{ line: BookLine<JielongEntry>; offers: JielongOffer[] }> {
  return records.flatMap((r) => r.book.lines.map((line) => ({ line, offers: r.offer ?? [] })));
}

/**
 * Decides the line's grant against every other active line of the 接龙 and its siblings
 * (the same 接龙 opened in other groups), and sets `line.granted` when something was cut.
 * Returns what was cut, for the polite message.
 */
export function grantLine(record: JielongRecord, line: BookLine<JielongEntry>, siblings: JielongRecord[] = [record]): Shortfall[] {
  const offers = record.offer ?? [];
  delete line.granted;
  if (offers.every((o) => o.stock === null && o.perPerson === null)) return [];
  const others = linesOf(siblings.includes(record) ? siblings : [record, ...siblings])
    .filter(({ line: l }) => l.state === 'active' && l !== line);
  const holder = holderOf(line);
  const shortfalls: Shortfall[] = [];
  const granted: Array<number | null> = [];
  // Several items of the same product in one line share the limit.
  const takenHere = new Map<string, number>();
  line.entry.items.forEach((item, i) => {
    const offer = offerFor(offers, item);
    if (!offer || item.qty === null) {
      granted.push(item.qty);
      return;
    }
    const key = offerKey(offer);
    let used = takenHere.get(key) ?? 0;
    let held = used;
    for (const { line: other, offers: theirs } of others) {
      other.entry.items.forEach((o, j) => {
        const their = offerFor(theirs, o);
        if (!their || offerKey(their) !== key) return;
        const q = grantedQty(other, j);
        used += q;
        if (holder !== null && holderOf(other) === holder) held += q;
      });
    }
    const stockLeft = offer.stock === null ? Infinity : Math.max(0, offer.stock - used);
    const personLeft = offer.perPerson === null ? Infinity : Math.max(0, offer.perPerson - held);
    const g = Math.min(item.qty, stockLeft, personLeft);
    takenHere.set(key, (takenHere.get(key) ?? 0) + g);
    granted.push(g);
    if (g < item.qty) shortfalls.push({ offer, asked: item.qty, granted: g, reason: personLeft <= stockLeft ? 'per-person' : 'stock' });
  });
  if (shortfalls.length) line.granted = granted;
  return shortfalls;
}

/** How much of an offer the active lines of these records take. */
export function takenOf(records: JielongRecord[], offer: JielongOffer): number {
  const key = offerKey(offer);
  let sum = 0;
  for (const { line, offers } of linesOf(records)) {
    if (line.state !== 'active') continue;
    line.entry.items.forEach((item, i) => {
      const their = offerFor(offers, item);
      if (their && offerKey(their) === key) sum += grantedQty(line, i);
    });
  }
  return sum;
}

/** The sentence for the one who went over: what they got and why. */
export function shortfallText(name: string, s: Shortfall): string {
  const unit = s.offer.unit ?? '份';
  if (s.reason === 'per-person') {
    return s.granted > 0
      ? `${name}，${s.offer.name}每人限购${s.offer.perPerson}${unit}，先给你登记了${s.granted}${unit}～`
      : `${name}，${s.offer.name}每人限购${s.offer.perPerson}${unit}，你已经登记满了，这次没有再加上哦。`;
  }
  return s.granted > 0
    ? `${name}，${s.offer.name}只剩${s.granted}${unit}了，先给你登记了${s.granted}${unit}～`
    : `抱歉${name}，${s.offer.name}已经订完了，这次没登记上。下次开团早点提醒你！`;
}
