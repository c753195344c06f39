import { defineSlice } from '../../../store/slices.ts';

// What the WeCom channel remembers in state.json (store.data.wecom): which API may reach
// each chat, who looks after each customer, how many 群发 tasks each target got today, and
// which callbacks were already taken.

export type WecomChatKind =
  /** An external customer group (客户群): reachable only through 群发 tasks the owner confirms. */
  | 'customer'
  /** A group the 智能机器人 is in: it may answer when @-mentioned (passively or via response_url). */
  | 'aibot';

export interface WecomChat {
  kind: WecomChatKind;
  /** The group owner's userid (the sender of a 群发 task to a customer group). */
  owner?: string;
}

export interface WecomState {
  chats: Record<string, WecomChat>;
  /** External contact id → the staff member's userid who added them (sender of their 群发 tasks). */
  contacts: Record<string, { staff: string }>;
  /** 群发 tasks created, per local day (`YYYY-MM-DD`) and target (customer id or customer group id). */
  templatesPerDay: Record<string, Record<string, number>>;
  /**
   * Callbacks already taken, per memory (each route's signatures, the message ids): key →
   * first seen (ms). Kept here, not only in RAM, so a captured callback replayed after a
   * restart, while its timestamp is still inside WeCom's window, is refused. Optional:
   * files from before it existed lack it.
   */
  seen?: Record<string, Record<string, number>>;
}

export function emptyWecomState(): WecomState {
  return { chats: {}, contacts: {}, templatesPerDay: {} };
}

/** The saved record of one replay memory (created on first use). */
export function seenRecord(state: WecomState, name: string): Record<string, number> {
  const seen = (state.seen ??= {});
  return (seen[name] ??= {});
}

/** External contacts' ids start with wm / wo; staff userids are the corp's own account names. */
export function isExternalUserId(id: string): boolean {
  return /^w[mo][A-Za-z0-9_-]{10,}$/.test(id);
}

declare module '../../../store/schema.ts' {
  interface Slices {
    /** The WeCom channel's routing memory. */
    wecom: WecomState;
  }
}

export const wecomSlice = defineSlice<WecomState>({ key: 'wecom', version: 1, initial: emptyWecomState });
