import type { OutboxItem } from '../../store/schema.ts';
import { reminderPrefix, type Stream } from './state.ts';

// Who got the start reminder, one answer per member. The stream keeps the fact (stream.reminded)
// because the outbox forgets finished messages after a month; the outbox still tells what became
// of a DM while it keeps it. Streams from before stream.reminded are read from the outbox alone.

/** What became of a member's reminder: `queued` = it was queued, but its outcome was never
 * learned before the outbox let it go. */
export type ReminderOutcome = 'sent' | 'waiting' | 'failed' | 'queued';

function outcomeOf(item: OutboxItem): Exclude<ReminderOutcome, 'queued'> {
  return item.state === 'sent' ? 'sent' : item.state === 'failed' ? 'failed' : 'waiting';
}

/** The stream's reminder DMs still in the outbox: by key, and the latest per member (a moved
 * stream reminds again under a new key). */
function inOutbox(stream: Stream, outbox: OutboxItem[]): { byKey: Map<string, OutboxItem>; latest: Map<string, OutboxItem> } {
  const pattern = new RegExp(`^${reminderPrefix(stream.no)}(?:@r\\d+)?:(.+)$`);
  const byKey = new Map<string, OutboxItem>();
  const latest = new Map<string, OutboxItem>();
  for (const item of outbox) {
    const member = pattern.exec(item.key)?.[1];
    if (member === undefined) continue;
    byKey.set(item.key, item);
    const seen = latest.get(member);
    if (!seen || item.createdAt >= seen.createdAt) latest.set(member, item);
  }
  return { byKey, latest };
}

/** One outcome per reminded member: the latest reminder's, from the outbox while it keeps it,
 * else from what the stream recorded. */
export function reminderOutcomes(stream: Stream, outbox: OutboxItem[]): ReminderOutcome[] {
  const { byKey, latest } = inOutbox(stream, outbox);
  const out = new Map<string, ReminderOutcome>();
  for (const [member, r] of Object.entries(stream.reminded ?? {})) {
    const item = byKey.get(r.key);
    out.set(member, item ? outcomeOf(item) : r.state ?? 'queued');
  }
  // Reminders queued before the stream recorded them (older data): the outbox is all there is.
  for (const [member, item] of latest) if (!out.has(member)) out.set(member, outcomeOf(item));
  return [...out.values()];
}

/** Copies final outcomes (sent, failed) from the outbox onto the stream, so they outlive the
 * outbox's retention. Members reminded before the stream kept the record are adopted. True if
 * anything changed (the caller saves). */
export function settleReminders(stream: Stream, outbox: OutboxItem[]): boolean {
  const { byKey, latest } = inOutbox(stream, outbox);
  let changed = false;
  for (const [member, item] of latest) {
    if (stream.reminded?.[member]) continue;
    (stream.reminded ??= {})[member] = { at: item.createdAt, key: item.key };
    changed = true;
  }
  for (const r of Object.values(stream.reminded ?? {})) {
    const item = byKey.get(r.key);
    if (!item || (item.state !== 'sent' && item.state !== 'failed') || r.state === item.state) continue;
    r.state = item.state;
    changed = true;
  }
  return changed;
}

/** Records a reminder just queued; a later one (after a move) replaces the earlier. */
export function recordReminder(stream: Stream, member: string, key: string, at: number): void {
  const reminded = (stream.reminded ??= {});
  if (reminded[member]?.key === key) return;
  reminded[member] = { at, key };
}
