import type { Role } from '../../bot/context.ts';
import { findAds, type Finding } from './detect.ts';

// Whose ads are flagged: only a newcomer's. The owner, staff and the bot are never flagged; a
// resident's phone for a pick-up or link to a good deal is theirs to share; a member the owner
// vouched for (/防广告 放行) sells their dumplings in peace. Pure.

export interface Speaker {
  role: Role;
  /** The bot's own account (its messages never reach the handlers, but a display name might). */
  bot?: boolean;
  resident: boolean;
  trusted: boolean;
}

export interface Lists {
  words: readonly string[];
  muted: readonly string[];
}

/** Never flagged for anything, floods included. */
export const exempt = (s: Pick<Speaker, 'role' | 'bot'>): boolean => s.role !== 'resident' || s.bot === true;

/** What to flag the owner about in this text from this speaker; empty when nothing. */
export function adVerdict(text: string, speaker: Speaker, lists: Lists = { words: [], muted: [] }): Finding[] {
  if (exempt(speaker) || speaker.resident || speaker.trusted) return [];
  return findAds(text, lists.words, lists.muted);
}
