import type { Services } from '../../bot/context.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { shopGroups } from '../../store/members.ts';
import { scheduleCutoff } from '../jielong/index.ts';
import { createRecord, openIn } from '../jielong/index.ts';
import { announcement } from '../jielong/index.ts';
import { confirmText, endText, noLinkText, previewText, reminderText, startText } from './texts.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { missedDmAt, missedDms } from './missed.ts';
import { recordReminder, settleReminders } from './reminded.ts';
import { sendKey, STREAM_JOB, stepId, type Stream, type StreamStep } from './state.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';

// A stream's timeline: previews at the lead times, the reservers' reminder, the start post,
// and the end, which opens the 接龙 for its products. Every step is a durable scheduler item.

const MINUTE = 60_000;
/** After the end, when the reminders' outcomes are copied onto the stream for good: late enough
 * for a reminder held by quiet hours, well inside the outbox's retention. */
const SETTLE_AFTER_MS = 7 * DAY_MS;

export function groupsOf(services: Services, stream: Stream): GroupRef[] {
  return stream.groups ?? shopGroups(services.store.data);
}

function at(services: Services, stream: Stream, when: number, s: Exclude<StreamStep, { step: 'confirm' }>): void {
  services.scheduler.at(when, STREAM_JOB, { no: stream.no, rev: stream.rev ?? 0, ...s }, stepId(stream, s));
}

/** The preview lead times (minutes) still ahead of a start: the ones scheduleStream sends. */
export function leadsAhead(leads: number[], startAt: number, now: number): number[] {
  return leads.filter((lead) => startAt - lead * MINUTE > now);
}

/** Schedules every step still ahead; previews whose time has passed are left out. */
export function scheduleStream(services: Services, stream: Stream): void {
  const now = services.clock.now();
  const { STREAM_PREVIEW_LEADS: leads, STREAM_REMINDER_MINUTES: reminder } = services.config;
  for (const lead of leadsAhead(leads, stream.startAt, now)) at(services, stream, stream.startAt - lead * MINUTE, { step: 'preview', lead });
  at(services, stream, Math.max(now, stream.startAt - reminder * MINUTE), { step: 'reminder' });
  at(services, stream, stream.startAt, { step: 'start' });
  at(services, stream, stream.endAt, { step: 'end' });
}

/** Withdraws every step not yet run (cancel, or a change of time). */
export function withdrawStream(services: Services, stream: Stream): void {
  for (const lead of services.config.STREAM_PREVIEW_LEADS) services.scheduler.cancel(stepId(stream, { step: 'preview', lead }));
  for (const step of ['reminder', 'start', 'end'] as const) services.scheduler.cancel(stepId(stream, { step }));
}

export function streamJob(services: Services) {
  return (payload: unknown) => {
    const p = payload as { no: number; rev?: number } & StreamStep;
    const stream = services.store.data.streams.items[p.no];
    if (!stream || stream.status === 'cancelled') return;
    if (p.step === 'missed') return missedDms(services, stream);
    if (p.step === 'settle') return settle(services, stream);
    // A step of the time before a change (its withdrawal raced a restart): the new one runs.
    if (p.step !== 'confirm' && (p.rev ?? 0) !== (stream.rev ?? 0)) return;
    if (p.step === 'preview') return preview(services, stream, p.lead);
    if (p.step === 'reminder') return remind(services, stream);
    if (p.step === 'start') return start(services, stream);
    if (p.step === 'end') return endStream(services, stream);
    if (p.step === 'confirm') return postConfirm(services, stream, p.group);
  };
}

/** One post of the stream in each of its groups, keyed per stream (and time) so none goes twice. */
export function post(services: Services, stream: Stream, what: string, text: string): void {
  for (const group of groupsOf(services, stream)) {
    services.outbox.enqueue({ key: sendKey(stream, what, group.id), to: { kind: 'group', group }, text, spread: true });
  }
}

function preview(services: Services, stream: Stream, lead: number): void {
  if (stream.status !== 'planned') return;
  const { clock, config, store } = services;
  askForLink(services, stream);
  post(services, stream, `preview-${lead}`, previewText(stream, lead, clock.now(), config.TZ));
  if (!stream.previewsSent.includes(lead)) stream.previewsSent.push(lead);
  store.changed();
}

/** The first preview (or the reminder, when previews are off) without a link asks the owner
 * for one: once per stream, keyed without the rev so a change of time does not ask again. */
function askForLink(services: Services, stream: Stream): void {
  if (stream.link) return;
  for (const owner of ownerRefs(services)) {
    services.outbox.enqueue({ key: `stream:${stream.no}:no-link:${owner.id}`, to: { kind: 'dm', member: owner }, text: noLinkText(stream), purpose: 'requested' });
  }
}

function remind(services: Services, stream: Stream): void {
  if (stream.status !== 'planned') return;
  askForLink(services, stream);
  for (const r of stream.reservations) sendReminder(services, stream, r.member);
}

/** One reserver's reminder DM (at the reminder step, or at once for who reserves after it). */
export function sendReminder(services: Services, stream: Stream, member: MemberRef): void {
  const { clock, config, store } = services;
  const now = clock.now();
  const key = sendKey(stream, 'reminder', member.id);
  const queued = services.outbox.enqueue({ key, to: { kind: 'dm', member }, text: reminderText(stream, now, config.TZ), purpose: 'requested' });
  if (queued) {
    recordReminder(stream, member.id, key, now);
    store.changed();
  }
  store.log.append({ kind: 'stream', change: 'reminder', id: `stream-reminder:${stream.no}${stream.rev ? `@r${stream.rev}` : ''}:${member.id}`, stream: stream.no, member, at: now });
}

function start(services: Services, stream: Stream): void {
  if (stream.status !== 'planned') return;
  stream.status = 'live';
  services.store.changed();
  post(services, stream, 'start', startText(stream));
}

/** Ends the stream (planned end or /直播 结束): a thank-you, then the 接龙 at the stream's prices.
 * Steps still waiting (the planned end, or a start when ended before it ran) are withdrawn. */
export function endStream(services: Services, stream: Stream): void {
  if (stream.status === 'ended' || stream.status === 'cancelled') return;
  const { store, clock, config } = services;
  const now = clock.now();
  withdrawStream(services, stream);
  stream.status = 'ended';
  stream.endedAt = now;
  services.scheduler.at(now + SETTLE_AFTER_MS, STREAM_JOB, { no: stream.no, step: 'settle' }, stepId(stream, { step: 'settle' }));
  settleReminders(stream, store.data.outbox);
  post(services, stream, 'end', endText(stream));
  if (stream.offer.length) {
    const groups = groupsOf(services, stream).filter((g) => !openIn(store, g.id).some((r) => r.title === stream.title));
    const batch = groups.length > 1 ? `batch-${store.nextId('jielong-batch')}` : undefined;
    for (const group of groups) {
      const record = createRecord(store, now, {
        group, header: '#接龙', title: stream.title, openedBy: 'stream', offer: stream.offer.map((o) => ({ ...o })),
        cutoffAt: now + config.STREAM_JIELONG_CUTOFF_HOURS * HOUR_MS, stream: stream.no, ...(batch ? { batch } : {}),
      });
      stream.jielong.push(record.id);
      services.outbox.enqueue({ key: `jielong-open:${record.id}`, to: { kind: 'group', group }, text: announcement(record, now, config.TZ), spread: true });
      scheduleCutoff(services, record);
    }
  }
  // The missed-it DM goes while the 接龙 just opened still takes orders (see missedDmAt).
  if (config.STREAM_MISSED_DM_HOURS > 0) {
    const cutoffs = stream.jielong.map((id) => store.data.jielong[id]?.cutoffAt).filter((c): c is number => c !== undefined);
    const cutoff = cutoffs.length ? Math.min(...cutoffs) : undefined;
    services.scheduler.at(missedDmAt(now, cutoff, config), STREAM_JOB, { no: stream.no, step: 'missed' }, stepId(stream, { step: 'missed' }));
  }
  store.changed();
}

/** Keeps what became of the reminders on the stream, past the outbox's retention. */
export function settle(services: Services, stream: Stream): void {
  if (settleReminders(stream, services.store.data.outbox)) services.store.changed();
}

/** One confirmation per group for the reservations of the last minute. */
function postConfirm(services: Services, stream: Stream, group: GroupRef): void {
  const waiting = stream.pendingConfirm[group.id] ?? [];
  delete stream.pendingConfirm[group.id];
  services.store.changed();
  if (waiting.length === 0) return;
  const { clock, config } = services;
  services.outbox.enqueue({
    key: `stream:${stream.no}:confirm:${group.id}:${clock.now()}`, to: { kind: 'group', group },
    text: confirmText(stream, waiting.length, clock.now(), config.TZ), mentions: waiting,
  });
}
