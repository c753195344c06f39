import { DAY_MS } from '../../scheduler/clock.ts';
import { dateText } from '../profiles/index.ts';
import { seenDoingNothing, type StageRules } from '../profiles/index.ts';
import type { Profile, ProfilesState, Stage } from '../profiles/index.ts';
import { latestOrder, orderCount } from '../profiles/index.ts';

// Why a member was picked for recall, and when the next one could be, in the owner's words.
// Pure.

const days = (now: number, at: number) => Math.max(0, Math.floor((now - at) / DAY_MS));

/** The products of the member's latest order, and how many orders they placed (folded ones too). */
function lastOrder(p: Profile): { products: string[]; count: number } | undefined {
  const latest = latestOrder(p);
  return latest ? { products: latest.products.slice(0, 2), count: orderCount(p) } : undefined;
}

/** e.g. 沉默18天，上次买过亚麻籽油 · 40天没下单了（以前买过3次），上次买过亚麻籽油 · 从没在群里说过话 */
export function whyChosen(p: Profile, stage: Stage, now: number, productName: (id: string) => string | undefined): string {
  const parts: string[] = [];
  const last = lastOrder(p);
  if (stage === '流失风险' && p.lastOrderAt !== undefined) {
    parts.push(`${days(now, p.lastOrderAt)}天没下单了（以前买过${last?.count ?? 0}次）`);
  } else if (seenDoingNothing(p)) {
    parts.push(`从没在群里说过话（${days(now, p.firstSeenAt)}天前就在群里了）`);
  } else {
    parts.push(`沉默${days(now, p.lastActiveAt)}天`);
  }
  if (last?.products.length) parts.push(`上次买过${last.products.join('、')}`);
  else {
    const asked = Object.entries(p.asked).sort((a, b) => b[1] - a[1])[0]?.[0];
    if (asked) parts.push(`问过${productName(asked) ?? asked}`);
  }
  return parts.join('，');
}

export interface NextOptions {
  rules: StageRules;
  cooldownDays: number;
  tz: string;
  isOwner(id: string): boolean;
  inShopGroup(id: string): boolean;
  nameOf(id: string): string;
}

/**
 * The owner's answer when nobody can be recalled now: the rule, and who becomes eligible
 * first and on which day (if they stay quiet).
 */
export function nobodyText(state: ProfilesState, now: number, o: NextOptions): string {
  const rule = `在群里沉默满${o.rules.silentDays}天，或者常买的老顾客${o.rules.lapsedDays}天没下单，才会召回；同一个人${o.cooldownDays}天内只联系一次，退订的不发。`;
  let best: { at: number; id: string } | undefined;
  for (const id in state.members) {
    const p = state.members[id]!;
    if (p.optedOut || o.isOwner(id) || !o.inShopGroup(id)) continue;
    let at = p.lastActiveAt + o.rules.silentDays * DAY_MS;
    if (p.lastOrderAt !== undefined && orderCount(p) >= o.rules.loyalOrders) at = Math.min(at, p.lastOrderAt + o.rules.lapsedDays * DAY_MS);
    if (p.joinedAt !== undefined) at = Math.max(at, p.joinedAt + o.rules.newDays * DAY_MS);
    if (p.lastRecallPickAt !== undefined) at = Math.max(at, p.lastRecallPickAt + o.cooldownDays * DAY_MS);
    if (at <= now) continue;
    if (!best || at < best.at || (at === best.at && id < best.id)) best = { at, id };
  }
  if (!best) return `现在没有需要召回的人。${rule}`;
  return `现在没有需要召回的人。${rule}最早的是${o.nameOf(best.id)}，要是到时还没动静，${dateText(best.at, o.tz)}起就能召回。`;
}
