import type { Ctx } from '../../bot/context.ts';
import type { SharedCard } from '../../bot/types.ts';
import type { PointsBook } from './book.ts';
import { loggedMember } from '../../store/members.ts';
import './entries.ts';
import { dayBounds, mentionsShaidan, shareDecision, shareIdentity, type PointsRules } from './rules.ts';

// Links, mini-programs and video-channel cards posted into a group earn points quietly, a
// few a day, each thing once per member. A photo counts when it is a 晒单: WeChat sends a
// photo and its words as two messages, so the two are paired within a short window.

const PAIR_WINDOW_MS = 2 * 60_000;
const TITLE_CHARS = 16;

interface Pending {
  at: number;
  eventId: string;
}

export class Shares {
  /** By group and member: a photo waiting for its 晒单 words, or the words waiting for a photo. */
  private readonly photos = new Map<string, Pending>();
  private readonly words = new Map<string, Pending>();

  constructor(private readonly book: PointsBook, private readonly rules: PointsRules) {}

  /** A card or photo posted into a group. */
  onShare(ctx: Ctx, card: SharedCard): void {
    if (card.type !== 'photo') {
      const identity = shareIdentity(card);
      if (identity) this.award(ctx, identity, `分享「${shorten(card.title)}」`);
      return;
    }
    const slot = this.slot(ctx);
    const words = take(this.words, slot, ctx.event.at);
    if (words || mentionsShaidan(card.title) || mentionsShaidan(card.description)) {
      recognised(ctx, ctx.event.id);
      this.award(ctx, `photo:${ctx.event.id}`, '晒单');
    } else {
      remember(this.photos, slot, { at: ctx.event.at, eventId: ctx.event.id });
    }
  }

  /** Group text that mentions 晒单: pairs with a photo just posted, or waits for one. */
  onShaidanWords(ctx: Ctx): void {
    const slot = this.slot(ctx);
    const photo = take(this.photos, slot, ctx.event.at);
    if (photo) {
      recognised(ctx, photo.eventId);
      this.award(ctx, `photo:${photo.eventId}`, '晒单', photo.eventId);
    }
    else remember(this.words, slot, { at: ctx.event.at, eventId: ctx.event.id });
  }

  private award(ctx: Ctx, identity: string, reason: string, source = ctx.event.id): void {
    const { book, rules } = this;
    if (rules.share <= 0) return;
    const member = ctx.member.id;
    const at = ctx.event.at;
    const key = `share:${member}:${identity}`;
    // Counted from the ledger, so replaying an old day's shares meets that day's cap again.
    const [from, until] = dayBounds(at, ctx.services.config.TZ);
    const earned = book.ledger.countBetween(member, 'share', from, until);
    if (shareDecision(book.ledger.has(key), earned, rules.shareDailyCap) !== 'award') return;
    book.post({ key, member, amount: rules.share, kind: 'share', reason, source, at }, { group: ctx.group });
  }

  private slot(ctx: Ctx): string {
    return `${ctx.group?.id ?? ''}\u0000${ctx.member.id}`;
  }
}

/** Logs a 晒单 as such (entries.ts), earned or not: the 体验官 programme lists them for the owner. */
function recognised(ctx: Ctx, photo: string): void {
  const { store } = ctx.services;
  if (!ctx.group) return;
  store.log.append({
    kind: 'shaidan', id: `shaidan:${photo}`, at: ctx.event.at, photo, group: ctx.group,
    member: loggedMember(store.data, ctx.member.id, ctx.member.name, ctx.event.at),
  });
}

function take(map: Map<string, Pending>, slot: string, now: number): Pending | undefined {
  const found = map.get(slot);
  if (!found) return undefined;
  map.delete(slot);
  return now - found.at <= PAIR_WINDOW_MS ? found : undefined;
}

function remember(map: Map<string, Pending>, slot: string, item: Pending): void {
  // Stale halves are dropped now and then, so a busy group never grows the map for long.
  if (map.size > 1_000) for (const [k, v] of map) if (item.at - v.at > PAIR_WINDOW_MS) map.delete(k);
  map.set(slot, item);
}

function shorten(title: string): string {
  const t = title.trim().replace(/\s+/g, ' ');
  return [...t].length > TITLE_CHARS ? `${[...t].slice(0, TITLE_CHARS).join('')}…` : t || '链接';
}
