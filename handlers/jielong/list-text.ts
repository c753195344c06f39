import type { JielongRecord } from './state.ts';
import { announcement } from './texts.ts';

// The whole 接龙 as WeChat's own tool shows it: the post that opened it (texts.ts, so the two
// never drift), a blank line, then every active line numbered. Pure.
//
// Each line is the entry as written (`raw`), not rebuilt from its room, name and items: the
// order book matches reposted lines by their written content (diff.ts), so a resident who
// reposts this list with a line added changes only that line. A line the limits granted less
// (or nothing) of still shows what was written, for the same reason; a cancelled line is gone.

export function activeLines(record: JielongRecord): JielongRecord['book']['lines'] {
  return record.book.lines.filter((l) => l.state === 'active');
}

export function listText(record: JielongRecord, now: number, tz: string): string {
  const head = announcement(record, now, tz);
  const lines = activeLines(record).map((l, i) => `${i + 1}. ${l.entry.raw}`);
  return lines.length ? `${head}\n\n${lines.join('\n')}` : head;
}
