import type { Services } from '../../bot/context.ts';
import { dropAcks } from './acks.ts';
import { pollCutoffId, type Poll } from './state.ts';
import { closingText } from './texts.ts';

// Ending a poll, by the owner or at its cut-off: the results go to the group once (keyed by the
// poll), the gathered acknowledgements are dropped (the results name every vote).

export function closePoll(services: Services, poll: Poll, by: 'owner' | 'cutoff'): boolean {
  if (poll.status !== 'open') return false;
  poll.status = 'closed';
  poll.closedAt = services.clock.now();
  poll.closedBy = by;
  if (by === 'owner') services.scheduler.cancel(pollCutoffId(poll.no));
  dropAcks(services, poll.group.id);
  services.store.changed();
  services.outbox.enqueue({ key: `poll-closed:${poll.no}`, to: { kind: 'group', group: poll.group }, text: closingText(poll) });
  return true;
}

export function pollCutoffJob(services: Services) {
  return (payload: unknown) => {
    const no = (payload as { no?: number }).no;
    const poll = no === undefined ? undefined : services.store.data.polls.items[no];
    if (poll) closePoll(services, poll, 'cutoff');
  };
}
