import { createHash, randomBytes } from 'node:crypto';
import type { MemberRef } from '../../bot/types.ts';
import type { ConsoleState, Session } from './state.ts';

// Sign-in links and sessions: a random secret goes to the owner (in the DM, in the cookie), its
// sha256 into state.json. A link works once and only until it expires; a session lasts its days.
// Pure functions of the slice and the time: the web app and /后台 call them and save the store.

/** At most this many sessions are kept (the oldest go first): a lost phone cannot pile them up. */
export const MAX_SESSIONS = 20;
/** At most this many unused links are kept (the oldest go first). */
export const MAX_LINKS = 5;

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: what a link carries (`?t=`) and what a cookie holds. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Makes a sign-in link's token for the owner, valid for `ttlMs`. */
export function issueLink(state: ConsoleState, owner: MemberRef, now: number, ttlMs: number): string {
  return issue(state, state.links, MAX_LINKS, owner, now, ttlMs);
}

/** Looks a token up without using it: its owner while it is unused and unexpired. */
export function peekLink(state: ConsoleState, token: string, now: number): MemberRef | undefined {
  if (!isSecretShaped(token)) return undefined;
  const link = state.links[secretHash(token)];
  return link && link.expiresAt > now ? link.owner : undefined;
}

/** Uses a token: its owner once, then never again (expired ones are refused and removed). */
export function useLink(state: ConsoleState, token: string, now: number): MemberRef | undefined {
  if (!isSecretShaped(token)) return undefined;
  const key = secretHash(token);
  const link = state.links[key];
  if (!link) return undefined;
  delete state.links[key];
  return link.expiresAt > now ? link.owner : undefined;
}

/** Opens a session for the owner; returns the cookie value. */
export function openSession(state: ConsoleState, owner: MemberRef, now: number, ttlMs: number): string {
  return issue(state, state.sessions, MAX_SESSIONS, owner, now, ttlMs);
}

/** A new secret for the owner in `table` (links or sessions), its hash kept until `now + ttlMs`. */
function issue(state: ConsoleState, table: Record<string, Session>, max: number, owner: MemberRef, now: number, ttlMs: number): string {
  prune(state, now);
  const secret = newSecret();
  table[secretHash(secret)] = { owner: { id: owner.id, name: owner.name }, createdAt: now, expiresAt: now + ttlMs };
  keepNewest(table, max);
  return secret;
}

/** The session a cookie names, while it lasts. */
export function sessionOf(state: ConsoleState, cookie: string | undefined, now: number): Session | undefined {
  if (!cookie || !isSecretShaped(cookie)) return undefined;
  const session = state.sessions[secretHash(cookie)];
  return session && session.expiresAt > now ? session : undefined;
}

/** Ends the session a cookie names; true when there was one. */
export function closeSession(state: ConsoleState, cookie: string | undefined): boolean {
  if (!cookie || !isSecretShaped(cookie)) return false;
  const key = secretHash(cookie);
  if (!state.sessions[key]) return false;
  delete state.sessions[key];
  return true;
}

/** Ends every session and unused link (/后台 退出); how many sessions there were. */
export function closeAll(state: ConsoleState): number {
  const n = Object.keys(state.sessions).length;
  state.sessions = {};
  state.links = {};
  return n;
}

/** Removes expired links and sessions; true when anything went. */
export function prune(state: ConsoleState, now: number): boolean {
  let removed = false;
  for (const table of [state.links, state.sessions]) {
    for (const [key, entry] of Object.entries(table)) {
      if (entry.expiresAt <= now) {
        delete table[key];
        removed = true;
      }
    }
  }
  return removed;
}

function keepNewest(table: Record<string, { createdAt: number }>, max: number): void {
  const keys = Object.keys(table);
  if (keys.length <= max) return;
  keys.sort((a, b) => table[a]!.createdAt - table[b]!.createdAt);
  for (const key of keys.slice(0, keys.length - max)) delete table[key];
}

/** What newSecret makes: 43 base64url characters. Anything else is not looked up at all. */
function isSecretShaped(s: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(s);
}
