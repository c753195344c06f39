import type { Services } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import { formatWhen } from '../../scheduler/when.ts';
import type { MissedJob } from '../../scheduler/scheduler.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { shopGroups } from '../../store/members.ts';
import type { Placeholders } from './placeholders.ts';
import { BROADCAST_JOB, type Broadcast } from './state.ts';

/** Where a broadcast goes now: its groups, or every group the bot is in at send time. */
function targetsOf(services: Services, item: Broadcast): GroupRef[] {
  return item.groups ?? shopGroups(services.store.data);
}

/** Runs one slot of a broadcast: a post per group, keyed by slot so a slot never goes twice. */
export function broadcastJob(services: Services, placeholders: Placeholders) {
  return (payload: unknown, job: { id: string; at: number }) => {
    const no = (payload as { no?: number }).no;
    const item = no === undefined ? undefined : services.store.data.broadcasts.items[no];
    // Deleted or paused after the slot was queued: nothing to send.
    if (!item || item.paused) return;
    for (const group of targetsOf(services, item)) {
      services.outbox.enqueue({
        key: `broadcast:${item.no}:${job.at}:${group.id}`, to: { kind: 'group', group },
        text: placeholders.fill(item.text, services, group), spread: true,
      });
    }
    item.sent++;
    item.lastSentAt = job.at;
    services.store.changed();
  };
}

/** A slot missed for longer than the catch-up window is not sent late; the owner hears of it. */
export function reportMissedBroadcast(services: Services) {
  return (job: MissedJob) => {
    if (job.kind !== BROADCAST_JOB) return;
    const no = (job.payload as { no?: number }).no;
    if (no === undefined || !services.store.data.broadcasts.items[no]) return;
    const now = services.clock.now();
    const text = `定时 #${no} 本该在${formatWhen(job.at, now, services.config.TZ)}发出，那时我不在线，已经过了补发时限，这次就不补发了。`;
    for (const owner of ownerRefs(services)) {
      services.outbox.enqueue({ key: `broadcast-missed:${no}:${job.at}:${owner.id}`, to: { kind: 'dm', member: owner }, text, purpose: 'requested' });
    }
  };
}
