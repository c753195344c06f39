import type { Services } from '../../bot/context.ts';

/** The member card's lines about the 体验官 programme: their code and who they brought, or who brought them. */
export function kocCardLines(services: Services, memberId: string): string[] {
  const state = services.store.data.koc;
  const lines: string[] = [];
  const koc = state.kocs[memberId];
  if (koc && koc.removedAt === undefined) {
    const brought = Object.values(state.referrals).filter((r) => r.koc === memberId).length;
    lines.push(`体验官（邀请码 ${koc.code}）：带来新邻居 ${brought} 位`);
  }
  const referral = state.referrals[memberId];
  if (referral) lines.push(`由体验官${state.kocs[referral.koc]?.name ?? ''}介绍来的`);
  return lines;
}
