import type { Ctx } from '../../bot/context.ts';
import type { Feature } from '../../bot/feature.ts';
import type { Handler } from '../../bot/router.ts';
import { hygieneCommands } from './commands.ts';
import { isJielong } from '../jielong/index.ts';
import { qrWords } from './detect.ts';
import { fold, tight } from './fold.ts';
import { excerpt, flagOnce } from './flag.ts';
import { isResident, residentFacts } from './resident.ts';
import { hygieneSlice } from './state.ts';
import { adVerdict, exempt } from './verdict.ts';
import { floodOf, REPEAT_WINDOW_MS, Windows } from './windows.ts';

/** A picture and the words of a QR code this close together are one QR code. */
const QR_PAIR_MS = 3 * 60_000;

/**
 * A group kept clean: a newcomer's ads (links, contact handles, QR codes, ad words), anyone's
 * 刷屏 and a newcomer's 拉人 are told to the owner by DM, once per member per kind per day,
 * with /移出 to take them out. It only watches: every event goes on down the router.
 */
export function hygieneFeature(): Feature {
  return {
    name: 'hygiene',
    slices: [hygieneSlice],
    install(kit) {
      for (const command of hygieneCommands()) kit.command(command);
      const messages = new Windows<string>();
      const photos = new Windows<true>();
      const qrTexts = new Windows<string>();
      const joins = new Windows<string>();
      const watch = (ctx: Ctx): void => {
        const { event, services } = ctx;
        const { config, store } = services;
        if (!ctx.group || store.data.hygiene.off) return;
        const group = ctx.group;
        if (event.kind === 'join') {
          const inviter = event.inviter;
          if (!inviter || inviter.id === event.member.id || !newcomer(ctx, inviter)) return;
          const windowMs = config.HYGIENE_INVITE_MINUTES * 60_000;
          const recent = joins.add(`${group.id}|${inviter.id}`, event.at, event.member.name, windowMs);
          if (recent.length >= config.HYGIENE_INVITE_COUNT) {
            flagOnce(services, group, inviter, event.at, { kind: 'invite', count: recent.length, minutes: config.HYGIENE_INVITE_MINUTES, invitees: recent.map((e) => e.value) });
          }
          return;
        }
        if (event.kind === 'leave' || exempt({ role: ctx.role, bot: ctx.member.name === config.BOT_NAME })) return;
        // A 接龙 reposted with a line added carries the neighbours' rooms and phones, and is
        // posted again and again by design: neither an ad nor a flood.
        if ((event.kind === 'text' && isJielong(event.text)) || event.kind === 'jielong') return;
        const isNew = newcomer(ctx, ctx.member);
        const key = `${group.id}|${ctx.member.id}`;
        const said = event.kind === 'share' ? `[${event.card.type === 'photo' ? '图片' : '卡片'}] ${event.card.title}` : event.text;
        const windowMs = Math.max(config.HYGIENE_FLOOD_SECONDS * 1000, REPEAT_WINDOW_MS);
        const recent = messages.add(key, event.at, event.kind === 'text' ? tight(fold(event.text)) : `\u0000${event.id}`, windowMs);
        // A resident in full flow (a dozen short lines about a pick-up) is not a spammer: twice the
        // burst; and one asking the same question again because nobody answered is not either.
        const burst = isNew ? config.HYGIENE_FLOOD_MESSAGES : 2 * config.HYGIENE_FLOOD_MESSAGES;
        const repeats = isNew ? config.HYGIENE_REPEAT_TIMES : Infinity;
        const flood = floodOf(recent, event.at, { messages: burst, seconds: config.HYGIENE_FLOOD_SECONDS, repeats });
        if (flood) flagOnce(services, group, ctx.member, event.at, { kind: 'flood', count: flood.count, repeat: flood.kind === 'repeat', said: excerpt(said) });

        if (!isNew || store.data.hygiene.trusted[ctx.member.id]) return;
        const ad = (why: Parameters<typeof flagOnce>[4]) => flagOnce(services, group, ctx.member, event.at, why);
        if (event.kind === 'text') {
          const { words, muted } = store.data.hygiene;
          const findings = adVerdict(event.text, { role: ctx.role, resident: false, trusted: false }, { words, muted });
          if (findings.length) return void ad({ kind: 'ad', findings, said: excerpt(event.text) });
          // A QR code is a picture we cannot read: the words that come with it say what it is.
          if (qrWords(event.text)) {
            qrTexts.add(key, event.at, event.text, QR_PAIR_MS);
            if (photos.recent(key, event.at, QR_PAIR_MS).length) ad({ kind: 'ad', findings: [{ reason: 'qr', what: '二维码' }], said: excerpt(`[图片] ${event.text}`) });
          }
          return;
        }
        if (event.kind === 'share') {
          const { card } = event;
          if (card.type === 'link' || card.type === 'miniprogram') {
            const title = [card.title, card.description].filter(Boolean).join(' ');
            return void ad({ kind: 'ad', findings: [{ reason: 'link', what: card.url ?? card.title }], said: excerpt(`[${card.type === 'link' ? '链接' : '小程序'}] ${title}`) });
          }
          if (card.type === 'photo') {
            photos.add(key, event.at, true, QR_PAIR_MS);
            const words = qrTexts.recent(key, event.at, QR_PAIR_MS).at(-1)?.value;
            if (words !== undefined) ad({ kind: 'ad', findings: [{ reason: 'qr', what: '二维码' }], said: excerpt(`[图片] ${words}`) });
          }
        }
      };
      const handler: Handler = (ctx, next) => {
        try {
          watch(ctx);
        } catch (err) {
          // Watching must never cost a resident their 接龙 or check-in.
          ctx.services.log.error({ err: (err as Error).message, eventId: ctx.event.id }, 'hygiene: check failed');
        }
        return next();
      };
      return { handler };
    },
  };
}

/** Not a resident (resident.ts) and not the owner, staff or the bot. */
function newcomer(ctx: Ctx, member: { id: string; name: string }): boolean {
  const { services } = ctx;
  if (services.isOwner(member) || services.isStaff(member) || member.name === services.config.BOT_NAME) return false;
  return !isResident(residentFacts(services.store.data, member.id), ctx.now, services.config.HYGIENE_RESIDENT_DAYS);
}
