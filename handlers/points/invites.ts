import type { Ctx, Services } from '../../bot/context.ts';
import type { JoinEvent } from '../../bot/types.ts';
import { isNewcomer } from '../../store/members.ts';
import type { PointsBook } from './book.ts';
import type { JielongSignup } from '../jielong/index.ts';
import { inviteEarns, type PointsRules } from './rules.ts';

// A resident who brings a neighbour into the shop's groups earns on the join, and again
// when that neighbour places a first 接龙 order (裂变). Re-joining is not new.

export function onJoin(ctx: Ctx, event: JoinEvent, book: PointsBook, rules: PointsRules, invitesOfKoc?: (services: Services, inviter: string) => boolean): void {
  const { inviter, member: invitee } = event;
  if (!inviter) return;
  const { services } = ctx;
  // A 体验官's invite is the programme's to pay (handlers/koc: KOC_POINTS_*), on the join and on
  // the first order: no referral is kept here, so neither is paid twice.
  if (invitesOfKoc?.(services, inviter.id)) return;
  const earns = inviteEarns({
    inviterId: inviter.id,
    inviteeId: invitee.id,
    // The behaviour logger has already recorded this join, so ask which event first put
    // the invitee in a group rather than whether they are in one now.
    newcomer: isNewcomer(services.store.data.members[invitee.id], event.id),
    inviterIsOwner: services.isOwner(inviter),
    inviterIsBot: inviter.name === services.config.BOT_NAME,
  });
  if (!earns) return;
  book.state.referrals[invitee.id] ??= { inviter: inviter.id, at: event.at, source: event.id };
  book.changed();
  if (rules.invite <= 0) return;
  book.post({
    key: `invite:${inviter.id}:${invitee.id}`, member: inviter.id, amount: rules.invite, kind: 'invite',
    reason: `邀请${invitee.name}入群`, source: event.id, at: event.at,
  }, { group: event.group });
}

/** The invitee's first sign-up pays the inviter once, ever (the key sees to "ever"). */
export function onSignup(entry: JielongSignup, book: PointsBook, rules: PointsRules): void {
  if (entry.change !== 'signup' || !entry.member || rules.inviteFirstOrder <= 0) return;
  const referral = book.state.referrals[entry.member.id];
  // Only an order placed after the invitation is the newcomer's first order.
  if (!referral || entry.at < referral.at) return;
  book.post({
    key: `referral:${referral.inviter}:${entry.member.id}`, member: referral.inviter, amount: rules.inviteFirstOrder,
    kind: 'referral', reason: `${entry.member.name || '新邻居'}首次接龙`, source: entry.id ?? entry.jielong, at: entry.at,
  }, entry.group ? { group: entry.group } : {});
}
