import type { Services } from '../../bot/context.ts';
import type { Config } from '../../bot/config.ts';
import type { GroupRef, JoinEvent, MemberRef } from '../../bot/types.ts';
import type { MissedJob } from '../../scheduler/scheduler.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { isNewcomer } from '../../store/members.ts';
import type { State } from '../../store/schema.ts';
import type { Placeholders } from '../broadcasts/index.ts';
import { hasOptedOut, OPT_OUT_LINE } from '../profiles/index.ts';
import { groupWelcomes, notWelcomed, stillHere, withJoin, type Timing } from './batch.ts';
import { welcomeJobId, WELCOME_JOB, type WelcomeBatch } from './state.ts';
import { DEFAULT_DM_TEXT, DEFAULT_GROUP_TEXT, dmWithOptOut, fillOwn, shownName } from './texts.ts';

// A newcomer's join puts them in their group's waiting batch; the batch's scheduler item sends
// one group post @mentioning everyone in it, and one DM each. The batch is in state and the
// item is durable, so a restart in between welcomes them once: the post is keyed by the batch,
// each DM by the member, and a key the outbox has seen is never sent again.

/**
 * A welcome that was due while the bot was down longer than the scheduler's catch-up window
 * still goes on restart if its newcomers joined within this: a day later it reads odd.
 */
export const WELCOME_FRESH_MS = DAY_MS;

export function timingOf(config: Pick<Config, 'WELCOME_BATCH_MINUTES' | 'WELCOME_GAP_MINUTES'>): Timing {
  return { batchMs: config.WELCOME_BATCH_MINUTES * 60_000, gapMs: config.WELCOME_GAP_MINUTES * 60_000 };
}

/** Members the shop knows in a group now: the group's size as far as the bot can tell. */
export function groupSize(state: Pick<State, 'members'>, groupId: string): number {
  let n = 0;
  for (const m of Object.values(state.members)) if (m.groups.includes(groupId)) n++;
  return n;
}

/** Whether the group gets welcomes now (the owner's switches, else its size). */
export function welcomesIn(services: Services, groupId: string): boolean {
  const { store, config } = services;
  const w = store.data.welcome;
  return groupWelcomes({ off: w.off || !config.WELCOME_ENABLED, override: w.groups[groupId], size: groupSize(store.data, groupId), maxSize: config.WELCOME_MAX_GROUP_SIZE });
}

/** A member joined a group: a newcomer waits for the group's next welcome. */
export function onJoin(services: Services, event: JoinEvent): void {
  const { store, config, scheduler } = services;
  const member = event.member;
  const skip = notWelcomed({
    // The behaviour logger has recorded this join already: which event first put them in a group?
    newcomer: isNewcomer(store.data.members[member.id], event.id),
    bot: member.name === config.BOT_NAME,
    owner: services.isOwner(member),
    staff: services.isStaff(member),
  });
  if (skip || !welcomesIn(services, event.group.id)) return;
  const w = store.data.welcome;
  let waiting: WelcomeBatch | undefined = w.pending[event.group.id];
  // A batch whose item already ran (its state written late, before a crash) has been welcomed.
  if (waiting && !scheduler.isPending(welcomeJobId(event.group.id, waiting.seq))) waiting = undefined;
  const { batch, added } = withJoin(waiting, { member, at: event.at, event: event.id }, w.lastAt[event.group.id], timingOf(config), () => store.nextId('welcome-batch'));
  if (!added) return;
  w.pending[event.group.id] = batch;
  store.changed();
  scheduler.at(batch.dueAt, WELCOME_JOB, { group: event.group, seq: batch.seq }, welcomeJobId(event.group.id, batch.seq));
}

interface JobPayload {
  group: GroupRef;
  seq: number;
}

/** The group's welcome text for these newcomers, every placeholder filled. */
export function groupWelcomeText(services: Services, placeholders: Placeholders, group: GroupRef, members: readonly MemberRef[]): string {
  const text = services.store.data.welcome.text ?? DEFAULT_GROUP_TEXT;
  return fillOwn(placeholders.fill(text, services, group), { names: members.map(shownName), group: group.name });
}

/** The welcome DM one newcomer gets, ending with how to stop such DMs. */
export function welcomeDmText(services: Services, placeholders: Placeholders, group: GroupRef, member: MemberRef): string {
  const text = services.store.data.welcome.dmText ?? DEFAULT_DM_TEXT;
  return dmWithOptOut(fillOwn(placeholders.fill(text, services, group), { names: [shownName(member)], group: group.name }), OPT_OUT_LINE);
}

/** Sends a group's batch: one post naming them all, one DM each. */
function welcomeBatch(services: Services, placeholders: Placeholders, p: JobPayload): void {
  const { store, outbox, clock } = services;
  const w = store.data.welcome;
  const batch = w.pending[p.group.id];
  // Another batch's item, or this one sent already.
  if (!batch || batch.seq !== p.seq) return;
  delete w.pending[p.group.id];
  store.changed();
  // Turned off by the owner since they joined: nobody is welcomed. The group's size was
  // judged when they joined; a group that grew past it meanwhile still welcomes those waiting.
  if (w.off || !services.config.WELCOME_ENABLED || w.groups[p.group.id] === false) return;
  // Whoever left again in the meantime is not @mentioned nor written to.
  const members = stillHere(batch.joins, (id) => store.data.members[id]?.groups.includes(p.group.id) === true)
    .map((m) => ({ ...m, name: store.data.members[m.id]?.name ?? m.name }));
  if (members.length === 0) return;
  const group = { id: p.group.id, name: store.data.groups[p.group.id]?.name ?? p.group.name };
  outbox.enqueue({ key: `welcome:${group.id}:${batch.seq}`, to: { kind: 'group', group }, text: groupWelcomeText(services, placeholders, group, members), mentions: members });
  w.lastAt[group.id] = clock.now();
  if (w.dmOff) return;
  for (const member of members) {
    if (hasOptedOut(store.data, member.id)) continue;
    // Keyed by the member alone: a newcomer is welcomed by DM once, whichever group they joined.
    outbox.enqueue({ key: `welcome-dm:${member.id}`, to: { kind: 'dm', member }, text: welcomeDmText(services, placeholders, group, member), purpose: 'unsolicited' });
  }
}

export function welcomeJob(services: Services, placeholders: Placeholders) {
  return (payload: unknown) => welcomeBatch(services, placeholders, payload as JobPayload);
}

/** A welcome due while the bot was down past the catch-up window: sent now if still fresh. */
export function welcomeMissed(services: Services, placeholders: Placeholders) {
  return (job: MissedJob) => {
    if (job.kind !== WELCOME_JOB) return;
    const p = job.payload as JobPayload;
    const batch = services.store.data.welcome.pending[p.group.id];
    if (!batch || batch.seq !== p.seq) return;
    const latest = Math.max(...batch.joins.map((j) => j.at));
    if (services.clock.now() - latest <= WELCOME_FRESH_MS) return welcomeBatch(services, placeholders, p);
    delete services.store.data.welcome.pending[p.group.id];
    services.store.changed();
    services.log.info({ group: p.group.id, newcomers: batch.joins.length }, 'welcome too late after downtime, dropped');
  };
}
