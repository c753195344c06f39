import type { LogEntry } from './log.ts';

// The behaviour log's entry kinds, each declared by the feature that writes it, with the one
// reader every follower of that kind goes through: a feature writes
//   declare module '../../store/log-kinds.ts' { interface LogKinds { 'jielong-closed': JielongClosed } }
//   defineEntry('jielong-closed', closedProblem)
// and followers get a `JielongClosed`, checked, instead of reading fields by name. Lines read back
// from events.jsonl go through the same reader. A reader says what is wrong with an entry, or
// nothing; it reads in place (a guard, not a parser), since every follower of a kind reads it.

export interface LogKinds {}

export type LogKind = keyof LogKinds & string;

/** What is wrong with an entry of the kind, or undefined when it reads as one. */
export type EntryReader = (entry: Record<string, unknown>) => string | undefined;

const readers = new Map<string, EntryReader>();

export function defineEntry<K extends LogKind>(kind: K, reader: EntryReader): void {
  readers.set(kind, reader);
}

/** The entry as its kind's reader reads it; `problem` when it is of that kind but malformed. */
export function readEntry<K extends LogKind>(kind: K, entry: LogEntry): { value: LogKinds[K] } | { problem: string } | undefined {
  if (entry.kind !== kind) return undefined;
  const reader = readers.get(kind);
  if (!reader) throw new Error(`behaviour-log kind ${kind} has no reader (defineEntry)`);
  const problem = reader(entry);
  return problem === undefined ? { value: entry as unknown as LogKinds[K] } : { problem };
}
