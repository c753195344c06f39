import type { z } from 'zod';
import type { LogEntry } from './log.ts';

// The behaviour log's entry kinds, each declared by the feature that writes it, with the one
// reader every follower of that kind goes through (zod): a feature writes
//   declare module '../../store/log-kinds.ts' { interface LogKinds { 'jielong-closed': JielongClosed } }
//   defineEntry('jielong-closed', closedEntry)
// and followers get `JielongClosed`, checked once per entry, instead of reading fields by name.
// Lines read back from events.jsonl go through the same reader.

export interface LogKinds {}

export type LogKind = keyof LogKinds & string;

const readers = new Map<string, z.ZodType>();
/** Each entry is read once per kind, however many follow it. */
const read = new WeakMap<object, { ok: true; value: unknown } | { ok: false; problem: string }>();

export function defineEntry<K extends LogKind>(kind: K, schema: z.ZodType<LogKinds[K]>): void {
  readers.set(kind, schema);
}

/** The entry as its kind's reader reads it; `problem` when it is of that kind but malformed. */
export function readEntry<K extends LogKind>(kind: K, entry: LogEntry): { value: LogKinds[K] } | { problem: string } | undefined {
  if (entry.kind !== kind) return undefined;
  let result = read.get(entry);
  if (!result) {
    const schema = readers.get(kind);
    if (!schema) throw new Error(`behaviour-log kind ${kind} has no reader (defineEntry)`);
    const parsed = schema.safeParse(entry);
    result = parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid' };
    read.set(entry, result);
  }
  return result.ok ? { value: result.value as LogKinds[K] } : { problem: result.problem };
}
