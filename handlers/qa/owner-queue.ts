import type { Services } from '../../bot/context.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import type { JobHandler } from '../../scheduler/scheduler.ts';
import type { State } from '../../store/schema.ts';
import type { QuestionRecord } from './state.ts';
import { ownerRefs } from '../../bot/owners.ts';
import { wantedOf } from './claims.ts';
import { normalize } from './segment.ts';

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

/** One line per thing asked: the first question, and how many residents asked it. */
export function questionLine(q: QuestionRecord, askers = 1): string {
  const wanted = wantedOf(q.text);
  const more = askers > 1 ? (wanted ? `（${askers} 位邻居想要${wanted}）` : `（${askers} 位邻居问过）`) : '';
  return `#${q.no} ${q.member.name}（${q.group ? q.group.name : '私聊'}）：${q.text}${more}`;
}

/** What a question asks, so the same thing asked by several residents is listed (and answered) once. */
export function questionKey(q: Pick<QuestionRecord, 'text' | 'productIds'>): string {
  const wanted = q.productIds.length === 0 ? wantedOf(q.text) : undefined;
  if (wanted) return `want:${wanted}`;
  return `text:${q.productIds.join(',')}:${normalize(q.text).replace(/[\s\p{P}\p{S}]/gu, '').replace(/[吗嘛呢么呀啊]+$/u, '')}`;
}

/** Questions grouped by what they ask, in order of the first asking. */
export function groupQuestions(list: QuestionRecord[]): Array<{ first: QuestionRecord; all: QuestionRecord[] }> {
  const groups = new Map<string, { first: QuestionRecord; all: QuestionRecord[] }>();
  for (const q of list) {
    const key = questionKey(q);
    const g = groups.get(key);
    if (g) g.all.push(q);
    else groups.set(key, { first: q, all: [q] });
  }
  return [...groups.values()];
}

function digestText(waiting: QuestionRecord[]): string {
  const grouped = groupQuestions(waiting);
  const first = grouped[0]!.first.no;
  return [
    `有 ${grouped.length} 个邻居的问题等你回答：`,
    ...grouped.map((g) => questionLine(g.first, g.all.length)),
    `回答就发“/答 ${grouped.length === 1 ? first : '编号'} 你的回答”，我替你转告～`,
  ].join('\n');
}
