import type { Services } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import { withMemberNo } from '../../store/members.ts';
import { indexCache } from '../qa/index.ts';
import type { AutoreplyEntry } from './entries.ts';
import { RuleIndex } from './match.ts';
import { askedRule } from './read.ts';
import type { AutoReplyRule } from './state.ts';

// Residents' questions the owner has a quick answer for: answered in the group with an
// @mention of the asker, or by DM. Anything else goes on, product questions after us.
//
// A group hears the same answer at most once in AUTOREPLY_REPEAT_MINUTES: when several
// neighbours ask where to pick up within a minute or two, the answer is right above them, and
// five copies of it would bury the chat. Those later askers get nothing more (their question is
// taken, so product questions do not answer it instead) unless they @mention the bot: someone
// who speaks to the bot gets an answer. DMs are always answered; nobody else reads them. The
// window is kept in memory: a restart forgets it, which only ever errs towards answering.

const FORGET_AFTER = 2_000;

export function autoreplyHandler(services: Services): Handler {
  const { store, config } = services;
  const catalogIndex = indexCache();
  const lastSaid = new Map<string, number>();
  let cached: { signature: string; index: RuleIndex } | undefined;

  /** The rules' index, rebuilt when a rule's number or keywords changed. */
  function rulesIndex(rules: readonly AutoReplyRule[]): RuleIndex {
    const signature = rules.map((r) => `${r.no}:${r.keywords.join('、')}`).join('|');
    if (cached?.signature !== signature) cached = { signature, index: new RuleIndex(rules) };
    return cached.index;
  }

  return async (ctx, next) => {
    const event = ctx.event;
    if (event.kind !== 'text') return next();
    const rules = Object.values(store.data.autoreply.rules);
    if (rules.length === 0 || ctx.text === '') return next();
    // The shop's own people know the answers: in a group they are never answered; by DM the
    // owner (or a helper) may try a rule out, which counts as no use.
    const shop = ctx.isOwner || ctx.isStaff;
    if (ctx.group && shop) return next();
    // "@王阿姨 自提点在哪？" asks 王阿姨.
    if (ctx.group && event.mentions.length > 0 && !event.mentionsBot) return next();
    const direct = !ctx.group || event.mentionsBot;
    const match = askedRule(rulesIndex(rules), ctx.text, direct, catalogIndex(store.data.catalog).names);
    const rule = match && store.data.autoreply.rules[match.no];
    if (!rule) return next();

    if (ctx.group) {
      const key = `${ctx.group.id}:${rule.no}`;
      const last = lastSaid.get(key);
      if (last !== undefined && ctx.now - last < config.AUTOREPLY_REPEAT_MINUTES * 60_000 && !event.mentionsBot) return;
      lastSaid.set(key, ctx.now);
      if (lastSaid.size > FORGET_AFTER) forgetOld(lastSaid, ctx.now - config.AUTOREPLY_REPEAT_MINUTES * 60_000);
    }
    ctx.reply(rule.answer);
    if (shop) return;
    rule.used++;
    rule.lastUsedAt = ctx.now;
    store.changed();
    const entry: AutoreplyEntry = {
      kind: 'autoreply', id: `autoreply:${event.id}`, at: ctx.now, rule: rule.no,
      member: withMemberNo({ id: ctx.member.id, name: ctx.member.name }, ctx.record),
      group: ctx.group ? { id: ctx.group.id, name: ctx.group.name } : null, direct,
    };
    store.log.append(entry);
  };
}

function forgetOld(map: Map<string, number>, before: number): void {
  for (const [key, at] of map) if (at < before) map.delete(key);
}
