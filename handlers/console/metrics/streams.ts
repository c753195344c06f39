import { share, type Facts } from './facts.ts';
import type { Metrics } from './types.ts';

/**
 * The funnel of each live stream the range touches (its first to last mention overlaps the
 * range), counted over the whole stream: members who reserved; of them, those sent the start
 * reminder, and those with a counted order in the stream's 接龙; conversion = ordered ÷
 * reservations.
 */
export function streamFunnels(facts: Facts, from: number, to: number, titles: Readonly<Record<number, string>> = {}): Metrics['streams'] {
  if (!(from < to)) return [];
  const buyers = new Map<number, Set<string>>();
  for (const o of facts.orders) {
    if (o.stream === undefined) continue;
    let set = buyers.get(o.stream);
    if (!set) buyers.set(o.stream, (set = new Set()));
    set.add(o.member);
  }
  const rows: Metrics['streams'] = [];
  for (const s of [...facts.streams.values()].sort((a, b) => a.no - b.no)) {
    if (!(s.first < to && s.last >= from)) continue;
    const bought = buyers.get(s.no);
    let reminded = 0;
    let ordered = 0;
    for (const id of s.reserved) {
      if (s.reminded.has(id)) reminded++;
      if (bought?.has(id)) ordered++;
    }
    rows.push({
      stream: s.no, title: titles[s.no] ?? s.title ?? `直播 #${s.no}`, reservations: s.reserved.size, reminded, ordered,
      conversion: share(ordered, s.reserved.size),
    });
  }
  return rows;
}
