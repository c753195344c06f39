import { z } from 'zod';
import { defineSlice } from '../../store/slices.ts';
import type { BirthDate } from './dates.ts';

/** A member's birthday, as the owner or the member gave it. */
export interface Birthday extends BirthDate {
  /** Who told it: the member themselves, or the owner's id. */
  by: string;
  at: number;
  /** The greeting years already sent ("2027", or "农2026" for a lunar birthday): never twice. */
  greeted?: string[];
}

export interface BirthdaysState {
  /** By member id. */
  members: Record<string, Birthday>;
}

export const emptyBirthdays = (): BirthdaysState => ({ members: {} });

/** The daily job and its recurring id. */
export const BIRTHDAY_JOB = 'birthdays-greet';
export const BIRTHDAY_CRON_ID = 'birthdays-daily';

declare module '../../store/schema.ts' {
  interface Slices {
    /** Members' birthdays (/生日, 我的生日是…). */
    birthdays: BirthdaysState;
  }
}

export const birthdaysSlice = defineSlice<BirthdaysState>({
  key: 'birthdays', version: 1, initial: emptyBirthdays,
  shape: z.looseObject({ members: z.record(z.string(), z.looseObject({ month: z.number(), day: z.number() })).optional() }),
  complete: (slice) => ({ ...slice, members: slice.members ?? {} }),
});
