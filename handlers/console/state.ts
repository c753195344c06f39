import { z } from 'zod';
import type { MemberRef } from '../../bot/types.ts';
import { defineSlice } from '../../store/slices.ts';

// The console's slice of state.json: the sign-in links /后台 sent and the sessions they opened,
// each under the sha256 of its secret (the secret itself is only in the owner's DM and cookie).

declare module '../../store/schema.ts' {
  interface Slices {
    console: ConsoleState;
  }
}

export interface SignInLink {
  owner: MemberRef;
  createdAt: number;
  expiresAt: number;
}

export interface Session {
  owner: MemberRef;
  createdAt: number;
  expiresAt: number;
}

export interface ConsoleState {
  /** Unused sign-in links by the sha256 (hex) of their token; a link is deleted when used. */
  links: Record<string, SignInLink>;
  /** Signed-in browsers by the sha256 (hex) of their cookie. */
  sessions: Record<string, Session>;
}

const entries = z.record(z.string(), z.looseObject({ owner: z.looseObject({ id: z.string() }), expiresAt: z.number() }));

export const consoleSlice = defineSlice<ConsoleState>({
  key: 'console',
  version: 1,
  initial: () => ({ links: {}, sessions: {} }),
  shape: z.looseObject({ links: entries, sessions: entries }),
});
