import type { Services } from '../../bot/context.ts';
import type { JielongRecord } from './state.ts';

// Each change to a 接龙 is confirmed in the group, consolidated: at most one confirmation per
// 接龙 per minute. How soon depends on whether the group is busy with it:
//
// - Quiet (no confirmation for this 接龙 in the last QUIET_MS, nothing waiting): the change is
//   confirmed after QUICK_DELAY_MS. A resident who hears nothing for half a minute cannot tell
//   a dropped sign-up from one being batched, so the first one is answered almost at once; the
//   few seconds still gather their own double-send (the list reposted twice, a "+1" sent
//   again, a second tap on a slow network) into the same message.
// - Busy (a confirmation went out less than QUIET_MS ago): later changes of the burst are
//   gathered as before, CONFIRM_DELAY_MS after the first of them and no sooner than
//   CONFIRM_GAP_MS after the last confirmation. The last confirmation is still near the
//   bottom of the chat, so residents can see the bot is answering.
//
// QUIET_MS is three gaps: while sign-ups keep coming, a confirmation goes out every minute or
// so and the 接龙 stays "busy"; only a pause longer than that counts as quiet again. Because
// QUIET_MS > CONFIRM_GAP_MS, a quick confirmation is never closer than a minute to the
// previous one either, so "one message a minute at most" holds for both paths.
//
// Durability: the due time is kept in record.confirmDueAt and the job in the scheduler's
// store, both in state.json; the job's outbox key is its own id, so a job run again after a
// restart (its post journalled, state.json not yet written) is refused by the outbox. The lines
// it gathers this time may be more than that post held (a sign-up the restart handled again
// joined them): those are posted under a key of their own, the others not again.

export const CONFIRM_JOB = 'jielong-confirm';
const QUICK_DELAY_MS = 5_000;
const QUIET_MS = 3 * 60_000;
const CONFIRM_DELAY_MS = 30_000;
const CONFIRM_GAP_MS = 60_000;

export function scheduleConfirm(services: Services, record: JielongRecord): void {
  if (record.pendingConfirm.length === 0 || waiting(services, record)) return;
  const now = services.clock.now();
  const last = record.lastConfirmAt;
  const at = last === undefined || now - last >= QUIET_MS
    ? now + QUICK_DELAY_MS
    : Math.max(now + CONFIRM_DELAY_MS, last + CONFIRM_GAP_MS);
  record.confirmDueAt = at;
  services.store.changed();
  services.scheduler.at(at, CONFIRM_JOB, { id: record.id }, jobId(record, at));
}

function jobId(record: JielongRecord, at: number): string {
  return `${CONFIRM_JOB}:${record.id}:${at}`;
}

/**
 * A confirmation is waiting while its job is pending. One whose job will never run (skipped
 * after an outage longer than the scheduler's missed window) must not block the next change
 * from being confirmed: the lines it held go out with that change.
 */
function waiting(services: Services, record: JielongRecord): boolean {
  if (record.confirmDueAt === undefined) return false;
  const id = jobId(record, record.confirmDueAt);
  if (services.scheduler.isPending(id)) return true;
  delete record.confirmDueAt;
  return false;
}

/** The scheduled job: posts the gathered lines as one message in the group. */
export function confirmJob(services: Services) {
  return (payload: unknown, job: { id: string }) => {
    const record = services.store.data.jielong[(payload as { id: string }).id];
    if (!record) return;
    delete record.confirmDueAt;
    services.store.changed();
    postConfirm(services, record, `job:${job.id}`);
  };
}

/** Posts what is waiting now (the job, or a close that must not leave sign-ups unconfirmed). */
export function postConfirm(services: Services, record: JielongRecord, key: string): void {
  if (record.pendingConfirm.length === 0) return;
  const { outbox } = services;
  const posted = outbox.textOf(key);
  const pending = posted === undefined ? record.pendingConfirm : record.pendingConfirm.filter((l) => !posted.includes(l.text));
  if (pending.length) {
    const lines = pending.map((l) => l.text);
    const body = lines.length <= 3 ? lines.join('；') : `\n${lines.join('\n')}`;
    const onlySignups = pending.every((l) => l.change === 'signup');
    const heading = onlySignups ? `已登记「${record.title}」：` : `「${record.title}」接龙有更新：`;
    outbox.enqueue({ key: posted === undefined ? key : `${key}:more`, to: { kind: 'group', group: record.group }, text: heading + body });
  }
  record.pendingConfirm = [];
  record.lastConfirmAt = services.clock.now();
  services.store.changed();
}
