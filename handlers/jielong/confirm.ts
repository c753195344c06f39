import type { Services } from '../../bot/context.ts';
import type { JielongRecord } from '../../store/schema.ts';

// One consolidated confirmation per 接龙 per minute at most: the first change waits a little
// to gather a burst, later ones wait for the minute to pass.

export const CONFIRM_JOB = 'jielong-confirm';
const CONFIRM_DELAY_MS = 30_000;
const CONFIRM_GAP_MS = 60_000;

export function scheduleConfirm(services: Services, record: JielongRecord): void {
  if (record.confirmDueAt !== undefined || record.pendingConfirm.length === 0) return;
  const now = services.clock.now();
  const at = Math.max(now + CONFIRM_DELAY_MS, (record.lastConfirmAt ?? 0) + CONFIRM_GAP_MS);
  record.confirmDueAt = at;
  services.scheduler.at(at, CONFIRM_JOB, { id: record.id }, `${CONFIRM_JOB}:${record.id}:${at}`);
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
  const lines = record.pendingConfirm.map((l) => l.text);
  const body = lines.length <= 3 ? lines.join('；') : `\n${lines.join('\n')}`;
  const onlySignups = record.pendingConfirm.every((l) => l.change === 'signup');
  const heading = onlySignups ? `已登记「${record.title}」：` : `「${record.title}」接龙有更新：`;
  services.outbox.enqueue({ key, to: { kind: 'group', group: record.group }, text: heading + body });
  record.pendingConfirm = [];
  record.lastConfirmAt = services.clock.now();
  services.store.changed();
}
