import { createHash } from 'node:crypto';
import { TEMPLATE_VARIANTS, type TextsSent } from './compose.ts';
import type { RecallState } from './types.ts';

// "A member is never sent a text they were sent before." The texts of the runs in state.json
// are read from the runs; a run that leaves for the archive (./archive.ts) leaves behind a short
// key of each text it sent (recall.sentBefore), the last SENT_KEPT per member: a text is the same
// only when the facts and the variant are, and the template has TEMPLATE_VARIANTS variants.

/** Texts of archived runs remembered per member: twice the template's variants (with the 7-day cool-down, half a year and more). */
export const SENT_KEPT = 2 * TEMPLATE_VARIANTS;

/** A text's key: 72 bits of its SHA-256, in 12 characters. */
export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

/** The keys of every text each member was sent: by the sent runs in state.json, and remembered from archived ones. */
export function sentKeys(recall: RecallState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (id: string, key: string) => {
    const set = out.get(id);
    if (set) set.add(key);
    else out.set(id, new Set([key]));
  };
  for (const [id, keys] of Object.entries(recall.sentBefore ?? {})) for (const key of keys) add(id, key);
  for (const run of Object.values(recall.runs)) {
    if (run.status !== 'sent') continue;
    for (const t of Object.values(run.contacted)) if (t.text) add(t.id, textKey(t.text));
  }
  return out;
}

/** What the writer asks: was this text sent to the member before? */
export function textsSent(keys: ReadonlySet<string> | undefined, also?: string): TextsSent {
  const extra = also === undefined ? undefined : textKey(also);
  return { has: (text) => { const key = textKey(text); return key === extra || (keys?.has(key) ?? false); } };
}

/** Remembers the texts a run sent as it is archived, keeping each member's last SENT_KEPT. */
export function rememberSent(recall: RecallState, member: string, text: string): void {
  const sent = (recall.sentBefore ??= {});
  const keys = [...(sent[member] ?? []), textKey(text)];
  sent[member] = keys.length > SENT_KEPT ? keys.slice(-SENT_KEPT) : keys;
}
