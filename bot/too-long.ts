import type { Handler } from './router.ts';

// A message longer than anything a resident or the owner writes (a pasted book, an attack)
// is not read: some readers are not linear in length, and one such message must not hold up
// every group. The sender hears why when the message was for the bot.

/** About 10,000 Chinese characters: longer than any real 接龙 repost of a few hundred lines. */
export const MAX_TEXT_CHARS = 20_000;

export const tooLongHandler: Handler = (ctx, next) => {
  const text = ctx.event.kind === 'text' ? ctx.event.text : '';
  if (text.length <= MAX_TEXT_CHARS) return next();
  ctx.services.log.warn({ eventId: ctx.event.id, chars: text.length }, 'message too long, not read');
  const forBot = !ctx.group || (ctx.event.kind === 'text' && ctx.event.mentionsBot) || /[#＃]\s*(?:接龙|接龍)/.test(text.slice(0, 200));
  if (forBot) ctx.reply(`这条消息太长了（${text.length}字），我读不了。接龙太长的话请分成几条发，或者截单后新开一个～`);
};
