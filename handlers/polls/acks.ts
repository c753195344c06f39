import type { Ctx, Services } from '../../bot/context.ts';
import type { GroupRef } from '../../bot/types.ts';
import { gatheredText } from './texts.ts';

// Acknowledging votes without flooding the group: the first vote in a quiet group is answered
// at once (with an @mention, so the voter knows it counted); while votes keep coming, the rest
// are gathered into one short line per POLLS_ACK_GAP_SECONDS ("收到投票：王阿姨→2号，小张改投3号").
// Fifty votes in ten minutes make about six short lines, not fifty replies, and every voter
// still sees their name once.

export const POLL_ACK_JOB = 'poll-ack';
/** A gathered acknowledgement this overdue (the bot was down) is old news: dropped. */
const STALE_MS = 10 * 60_000;

export interface AckTexts {
  alone: string;
  name: string;
  option: number;
  changed: boolean;
}

export function acknowledge(ctx: Ctx, group: GroupRef, ack: AckTexts): void {
  const { services } = ctx;
  const gap = services.config.POLLS_ACK_GAP_SECONDS * 1000;
  const acks = (services.store.data.polls.acks[group.id] ??= { pending: [] });
  const now = ctx.now;
  if (acks.dueAt !== undefined && now - acks.dueAt > STALE_MS) {
    acks.pending = [];
    delete acks.dueAt;
  }
  const quiet = acks.dueAt === undefined && (acks.lastPostAt === undefined || now - acks.lastPostAt >= gap);
  if (quiet) {
    ctx.reply(ack.alone);
    acks.lastPostAt = now;
  } else {
    const member = ctx.member.id;
    const before = acks.pending.find((p) => p.member === member);
    // A first vote changed within the same gathering is still a first vote to the group.
    const entry = { member, name: ack.name, option: ack.option, changed: before ? before.changed : ack.changed };
    acks.pending = [...acks.pending.filter((p) => p.member !== member), entry];
    if (acks.dueAt === undefined) {
      const dueAt = Math.max(now, (acks.lastPostAt ?? now) + gap);
      acks.dueAt = dueAt;
      services.scheduler.at(dueAt, POLL_ACK_JOB, { group }, `${POLL_ACK_JOB}:${group.id}:${dueAt}`);
    }
  }
  services.store.changed();
}

/** Nothing gathered for this group is posted any more (the poll closed: its results say it all). */
export function dropAcks(services: Services, groupId: string): void {
  const acks = services.store.data.polls.acks[groupId];
  if (!acks || acks.pending.length === 0) return;
  acks.pending = [];
  services.store.changed();
}

/** The scheduled job: one line for everyone who voted since the last acknowledgement. */
export function ackJob(services: Services) {
  return (payload: unknown, job: { id: string }) => {
    const group = (payload as { group?: GroupRef }).group;
    if (!group) throw new Error(`poll acknowledgement ${job.id} has no group`);
    const acks = services.store.data.polls.acks[group.id];
    if (!acks) return;
    delete acks.dueAt;
    services.store.changed();
    if (acks.pending.length === 0) return;
    const lines = acks.pending.map((p) => (p.changed ? `${p.name}改投${p.option}号` : `${p.name}投${p.option}号`));
    services.outbox.enqueue({ key: `job:${job.id}`, to: { kind: 'group', group }, text: gatheredText(lines) });
    acks.pending = [];
    acks.lastPostAt = services.clock.now();
  };
}
