import type { Store } from '../../store/db.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import type { Poll } from './state.ts';

// Finding polls: at most one is open per group, so "2" there means one thing.

export function allPolls(store: Store): Poll[] {
  return Object.values(store.data.polls.items).sort((a, b) => a.no - b.no);
}

export function openPollIn(store: Store, groupId: string): Poll | undefined {
  return allPolls(store).find((p) => p.status === 'open' && p.group.id === groupId);
}

/** After a close, residents asking 投票结果 still get the results for this long. */
const RECENT_MS = DAY_MS;

/** The poll residents of a group mean when they ask how it stands: the open one, else one closed today. */
export function currentPollIn(store: Store, groupId: string, now: number): Poll | undefined {
  const open = openPollIn(store, groupId);
  if (open) return open;
  return allPolls(store).filter((p) => p.group.id === groupId && now - (p.closedAt ?? 0) < RECENT_MS).at(-1);
}

/** "#3", "3", "3号": a poll's number as the owner writes it. */
export function pollNumber(word: string | undefined): number | undefined {
  const m = /^#?(\d{1,6})号?$/.exec(word?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

export function pollByNo(store: Store, no: number): Poll | undefined {
  return store.data.polls.items[no];
}
