import type { Services } from '../../bot/context.ts';

/** The member card's line about polls: how many they voted in (who takes part in 新品共创). */
export function pollCardLines(services: Services, memberId: string): string[] {
  const polls = Object.values(services.store.data.polls.items);
  const voted = polls.filter((p) => p.votes[memberId] !== undefined).length;
  return voted > 0 ? [`参与投票：${voted} 次（共 ${polls.length} 次投票）`] : [];
}
