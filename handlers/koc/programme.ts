import type { Ctx, Services } from '../../bot/context.ts';
import type { GroupRef, JoinEvent, MemberRef } from '../../bot/types.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { isNewcomer, loggedMember, memberName } from '../../store/members.ts';
import type { JielongClosed } from '../jielong/index.ts';
import type { OrderEntry } from '../fulfilment/index.ts';
import { amountAfter, hasOptedOut, OPT_OUT_LINE } from '../profiles/index.ts';
import { readClaim, type KocName } from './claim.ts';
import type { KocEntry } from './entries.ts';
import type { Koc, KocState, Via } from './state.ts';

// The programme's bookkeeping: newcomers recorded as they join, who brought them credited (by
// the join's inviter, a code or a name they say), their orders credited at each 接龙's close and
// brought down by refunds. Every credit is a `koc` behaviour-log entry with the ledger key the
// points feature posts it under, so a credit is paid once however often it is recorded.

export interface KocRules {
  claimDays: number;
  referral: number;
  firstOrder: number;
  share: number;
  showcase: number;
}

export function kocRulesFrom(config: Services['config']): KocRules {
  return {
    claimDays: config.KOC_CLAIM_DAYS, referral: config.KOC_POINTS_REFERRAL, firstOrder: config.KOC_POINTS_FIRST_ORDER,
    share: config.KOC_ORDER_SHARE, showcase: config.SHOWCASE_POINTS,
  };
}

/** True when `id` is a 体验官 now. */
export function activeKoc(state: KocState | undefined, id: string): Koc | undefined {
  const k = state?.kocs[id];
  return k && k.removedAt === undefined ? k : undefined;
}

/** An invite by this member is the programme's to pay (handlers/points skips its own invite points). */
export function invitesOfKoc(services: Services, inviter: string): boolean {
  return activeKoc(services.store.data.koc, inviter) !== undefined;
}

type Standing = 'open' | 'credited' | 'invited';

export class Programme {
  readonly rules: KocRules;

  constructor(private readonly services: Services) {
    this.rules = kocRulesFrom(services.config);
  }

  get state(): KocState {
    return this.services.store.data.koc;
  }

  /** The 体验官 as the claim reader needs them: code, and every name the shop knows them by. */
  names(): KocName[] {
    const members = this.services.store.data.members;
    return Object.values(this.state.kocs).filter((k) => k.removedAt === undefined).map((k) => {
      const m = members[k.id];
      return { id: k.id, code: k.code, names: [...new Set([k.name, ...(m ? [m.name, ...Object.values(m.aliases)] : [])])] };
    });
  }

  /** A member who first came into one of the groups: they may say who brought them for a while. */
  onJoin(event: JoinEvent): void {
    const { services } = this;
    const { member, inviter } = event;
    if (!isNewcomer(services.store.data.members[member.id], event.id) || this.isShopSide(member)) return;
    this.prune(event.at);
    // Invited by a resident: that join is their invite (handlers/points), unless they are a 体验官.
    const byResident = inviter && inviter.id !== member.id && !services.isOwner(inviter) && inviter.name !== services.config.BOT_NAME;
    const koc = byResident ? activeKoc(this.state, inviter.id) : undefined;
    this.state.newcomers[member.id] = { at: event.at, group: event.group, ...(byResident && !koc ? { inviter: inviter.id } : {}) };
    services.store.changed();
    if (koc) this.credit(member, koc, 'inviter', event.id, event.at, event.group);
  }

  /** A resident's text: true when it was about who brought them and is answered. */
  onText(ctx: Ctx): boolean {
    if (ctx.role !== 'resident' || ctx.event.kind !== 'text') return false;
    const me = ctx.member;
    if (activeKoc(this.state, me.id)) return false;
    const standing = this.standing(me.id, ctx.event.at);
    const claim = readClaim(ctx.text, this.names());
    if (!claim) return false;
    if (!standing) {
      // A long-time member saying a code: nothing is credited, and they hear why.
      if (claim.via !== 'code') return false;
      ctx.reply('邀请码是给刚进群的新邻居用的～你已经是咱们的老邻居啦，谢谢你！');
      return true;
    }
    if (standing === 'credited') {
      if (claim.via !== 'code' && claim.via !== 'name') return false;
      ctx.reply(`记着呢～你是${this.kocName(this.state.referrals[me.id]!.koc)}介绍来的。`);
      return true;
    }
    if (standing === 'invited') {
      if (claim.via !== 'code' && claim.via !== 'name') return false;
      ctx.reply(`谢谢～你进群时是${memberName(this.services.store.data, this.state.newcomers[me.id]!.inviter!)}拉的，已经记上啦。`);
      return true;
    }
    switch (claim.via) {
      case 'code':
        this.creditSaid(ctx, this.state.kocs[claim.koc]!, 'code');
        return true;
      case 'name': {
        if (claim.kocs.length === 1) {
          this.creditSaid(ctx, this.state.kocs[claim.kocs[0]!]!, 'name');
          return true;
        }
        ctx.reply(`有 ${claim.kocs.length} 位叫「${this.kocName(claim.kocs[0]!)}」的体验官，发一下TA给你的邀请码好吗？`);
        return true;
      }
      case 'unknown-code':
        ctx.reply(`没找到邀请码「${claim.code}」，再核对一下？邀请码是 4 位字母和数字。`);
        return true;
      case 'question':
        ctx.reply('邀请码是带你进群的体验官给的 4 位字母和数字，直接发给我就行。没有也没关系，欢迎你～');
        return true;
    }
  }

  /** Orders of a referred member in a closed 接龙, credited to their 体验官 once each. */
  onClosed(entry: JielongClosed): void {
    const { state } = this;
    for (const order of entry.orders) {
      const id = order.member?.id;
      const referral = id ? state.referrals[id] : undefined;
      const koc = referral ? activeKoc(state, referral.koc) : undefined;
      if (!id || !koc) continue;
      const line = `${entry.jielong}:${order.lineId}`;
      if (state.orders[line]) continue;
      const first = !Object.values(state.orders).some((o) => o.member === id);
      const amount = order.amount ?? 0;
      state.orders[line] = { koc: koc.id, member: id, at: entry.at, amount };
      this.services.store.changed();
      const name = order.member?.name || memberName(this.services.store.data, id);
      const newcomer = { id, name };
      const group = entry.group;
      if (first) {
        this.log('first-order', `koc:first-order:${id}`, entry.at, koc, {
          newcomer, key: `koc-first:${id}`, points: this.rules.firstOrder, reason: `体验官：${name}首单`, jielong: entry.jielong, lineId: order.lineId, group,
        });
      }
      this.log('order', `koc:order:${line}`, entry.at, koc, {
        newcomer, key: `koc-order:${line}`, amount, share: this.rules.share, reason: `体验官：${name}接龙「${entry.title}」¥${amount}`,
        jielong: entry.jielong, lineId: order.lineId, group,
      });
    }
  }

  /** A cancel or refund after the cut-off: the order counts for what is left of it (one rule: amountAfter). */
  onOrderChange(entry: OrderEntry): void {
    if (entry.change !== 'cancelled' && entry.change !== 'refunded') return;
    const order = this.state.orders[`${entry.jielong}:${entry.lineId}`];
    if (!order || order.gone) return;
    const left = amountAfter(order.amount, entry as unknown as Record<string, unknown>);
    if (left === null) order.gone = true;
    else order.amount = left;
    this.services.store.changed();
  }

  /** Records the programme's own events (named, removed, showcase) and credits. */
  log(change: KocEntry['change'], id: string, at: number, earner: MemberRef, more: Partial<KocEntry> = {}): void {
    const data = this.services.store.data;
    const { newcomer, group, ...rest } = more;
    this.services.store.log.append({
      kind: 'koc', id, at, change, member: loggedMember(data, earner.id, earner.name, at), ...rest,
      ...(newcomer ? { newcomer: loggedMember(data, newcomer.id, newcomer.name ?? newcomer.id, at) } : {}),
      ...(group ? { group: { id: group.id, name: group.name } } : {}),
    } satisfies Omit<KocEntry, 'kind'> & { kind: 'koc' });
  }

  kocName(id: string): string {
    return this.state.kocs[id]?.name ?? memberName(this.services.store.data, id);
  }

  private creditSaid(ctx: Ctx, koc: Koc, via: Via): void {
    this.credit(ctx.member, koc, via, ctx.event.id, ctx.event.at, ctx.group);
    ctx.reply(`欢迎欢迎～记下啦：你是${koc.name}介绍来的。有想买的随时在群里说～`);
  }

  private credit(newcomer: MemberRef, koc: Koc, via: Via, source: string, at: number, group: GroupRef | undefined): void {
    const { services, rules } = this;
    this.state.referrals[newcomer.id] = { koc: koc.id, at, via, source };
    services.store.changed();
    this.log('referral', `koc:referral:${newcomer.id}`, at, koc, {
      newcomer, via, key: `koc-referral:${newcomer.id}`, points: rules.referral, reason: `体验官：带来新邻居${newcomer.name}`, group,
    });
    if (hasOptedOut(services.store.data, koc.id)) return;
    const earned = rules.referral > 0 ? `，+${rules.referral} 分` : '';
    services.outbox.enqueue({
      key: `koc-credit:${newcomer.id}`, to: { kind: 'dm', member: { id: koc.id, name: koc.name } }, purpose: 'unsolicited',
      text: `${newcomer.name}是你介绍来的，已记在你名下${earned}。谢谢你帮小店认识新邻居～\n${OPT_OUT_LINE}`,
    });
  }

  private standing(id: string, now: number): Standing | undefined {
    const joined = this.state.newcomers[id];
    if (!joined || now - joined.at > this.rules.claimDays * DAY_MS) return undefined;
    if (this.state.referrals[id]) return 'credited';
    return joined.inviter ? 'invited' : 'open';
  }

  private isShopSide(member: MemberRef): boolean {
    const { services } = this;
    return services.isOwner(member) || services.isStaff(member) || member.name === services.config.BOT_NAME;
  }

  /** Newcomers past the window can no longer claim: dropped, so the slice stays small. */
  private prune(now: number): void {
    const horizon = now - this.rules.claimDays * DAY_MS;
    for (const [id, n] of Object.entries(this.state.newcomers)) if (n.at < horizon) delete this.state.newcomers[id];
  }
}
