import { formatDate } from '../../scheduler/when.ts';
import { nextStream } from '../streams/index.ts';
import type { Stream } from '../streams/index.ts';

// The next live stream worth telling a member about: the soonest one still to come whose
// products are in a category they care about. Pure.

export interface StreamFact {
  title: string;
  /** Absolute shop time (the DM may go out a day later, so never 今天/明天). */
  when: string;
  /** The category of theirs it features. */
  category: string;
  /** What to reply: 预约 reserves the next stream, 预约 N a later one. */
  reserve: string;
}

export function matchingStream(
  streams: readonly Stream[], now: number, tz: string, favourites: readonly string[], categoryOf: (productId: string) => string | undefined,
): StreamFact | undefined {
  if (favourites.length === 0) return undefined;
  const upcoming = streams.filter((s) => s.status === 'planned' && s.startAt > now).sort((a, b) => a.startAt - b.startAt || a.no - b.no);
  for (const s of upcoming) {
    const categories = new Set(s.offer.map((o) => (o.productId ? categoryOf(o.productId) : undefined)).filter(Boolean));
    // Favourites are most-liked first: the stream is named for the one they care about most.
    const category = favourites.find((c) => categories.has(c));
    if (!category) continue;
    const first = nextStream([...streams], now);
    return { title: s.title, when: formatDate(s.startAt, now, tz), category, reserve: first?.no === s.no ? '预约' : `预约 ${s.no}` };
  }
  return undefined;
}
