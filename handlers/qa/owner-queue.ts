import type { Services } from '../../bot/context.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import type { JobHandler } from '../../scheduler/scheduler.ts';
import type { QuestionRecord, State } from '../../store/schema.ts';
import { ownerRefs } from '../owners.ts';

// Questions the bot could not answer wait here for the owner. The owner hears of them in
// one DM listing what is waiting, at most one per QA_OWNER_DIGEST_MINUTES, never one per question.

export const DIGEST_JOB = 'qa-owner-digest';

export interface NewQuestion {
  member: MemberRef;
  group?: GroupRef;
  text: string;
  productIds: string[];
  at: number;
}

/** Files a question; the same member asking the same thing again gets the open one back. */
export function fileQuestion(services: Services, q: NewQuestion): QuestionRecord {
  const { store } = services;
  const qa = store.data.qa;
  const same = Object.values(qa.questions).find((r) => r.status === 'open' && r.member.id === q.member.id && r.text === q.text);
  if (same) return same;
  const no = store.nextId('question');
  const record: QuestionRecord = {
    no, member: { id: q.member.id, name: q.member.name }, ...(q.group ? { group: q.group } : {}), text: q.text,
    productIds: q.productIds, askedAt: q.at, status: 'open',
  };
  qa.questions[String(no)] = record;
  store.changed();
  notifyOwners(services);
  return record;
}

export function openQuestions(state: State): QuestionRecord[] {
  return Object.values(state.qa.questions).filter((q) => q.status === 'open').sort((a, b) => a.no - b.no);
}

/** Sends the waiting questions to the owner now, or schedules it for when the gap allows. */
export function notifyOwners(services: Services): void {
  const { store, clock, config, scheduler, outbox, log } = services;
  const qa = store.data.qa;
  const waiting = openQuestions(store.data).filter((q) => q.notifiedAt === undefined);
  if (waiting.length === 0) return;
  const now = clock.now();
  const gap = config.QA_OWNER_DIGEST_MINUTES * 60_000;
  if (qa.lastDigestAt !== undefined && now < qa.lastDigestAt + gap) {
    // The next slot follows from the last DM, so a slot is scheduled once however many wait.
    const due = qa.lastDigestAt + gap;
    if (qa.digestDueAt !== due) {
      qa.digestDueAt = due;
      scheduler.at(due, DIGEST_JOB, {}, `${DIGEST_JOB}:${due}`);
      store.changed();
    }
    return;
  }
  const owners = ownerRefs(services);
  if (owners.length === 0) {
    log.warn({ waiting: waiting.length }, 'questions wait for the owner, but OWNER_IDS is empty');
    return;
  }
  const text = digestText(waiting);
  // Keyed by the questions listed: each question is announced once, whatever the timing.
  const key = `${DIGEST_JOB}:${waiting.map((q) => q.no).join(',')}`;
  for (const owner of owners) outbox.enqueue({ key: `${key}:${owner.id}`, to: { kind: 'dm', member: owner }, text, purpose: 'requested' });
  for (const q of waiting) q.notifiedAt = now;
  qa.lastDigestAt = now;
  store.changed();
}

export function digestJob(services: Services): JobHandler {
  return () => {
    delete services.store.data.qa.digestDueAt;
    services.store.changed();
    notifyOwners(services);
  };
}

export function questionLine(q: QuestionRecord): string {
  return `#${q.no} ${q.member.name}（${q.group ? q.group.name : '私聊'}）：${q.text}`;
}

function digestText(waiting: QuestionRecord[]): string {
  const first = waiting[0]!.no;
  return [
    `有 ${waiting.length} 个邻居的问题等你回答：`,
    ...waiting.map(questionLine),
    `回答就发“/答 ${waiting.length === 1 ? first : '编号'} 你的回答”，我替你转告～`,
  ].join('\n');
}
