import type { Services } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import { confirmOwn, forgetBirthday, recordBirthday } from './book.ts';
import { lunarOf, plusDays } from './calendar.ts';
import { dateText, type BirthDate } from './dates.ts';
import { dayOf } from './greet.ts';
import { readForget, readOwnBirthday, type OwnBirthday } from './phrases.ts';

// A member telling their own birthday in plain words, in a group or by DM (我的生日是3月15日,
// 我生日3.15, 今天是我生日), or asking for it to be forgotten (删掉我的生日). Everything else goes
// on down the router. The owner's words are the owner's: they use /生日.

export function residentHandler(services: Services): Handler {
  return async (ctx, next) => {
    if (ctx.event.kind !== 'text' || !ctx.text || /^[/／]/.test(ctx.text) || ctx.isOwner) return next();
    if (readForget(ctx.text)) {
      const gone = forgetBirthday(services, ctx.member.id);
      ctx.reply(gone ? `好的，你的生日（${dateText(gone)}）已经删掉了，不会再发生日祝福。` : '我这儿还没记你的生日哦～');
      return;
    }
    const told = readOwnBirthday(ctx.text);
    if (!told) return next();
    if (told.kind === 'date' && !told.valid) {
      const { month, day, lunar } = told.date;
      ctx.reply(`${lunar ? '农历' : ''}${month}月${day}日好像不是一个日子呀，再发一次你的生日吧，比如「我的生日是3月15日」～`);
      return;
    }
    const date = dateOf(services, told);
    const recorded = recordBirthday(services, ctx.member.id, date, ctx.member.id);
    ctx.reply(confirmOwn(services, ctx.member.id, date, recorded, told.kind === 'relative' ? told.days : undefined));
  };
}

/** The month and day told: as written, or today's (明天's …) date in the calendar they named. */
function dateOf(services: Services, told: OwnBirthday): BirthDate {
  if (told.kind === 'date') return told.date;
  const day = plusDays(dayOf(services.clock.now(), services.config.TZ), told.days);
  if (!told.lunar) return { month: day.month, day: day.day, lunar: false };
  const l = lunarOf(day);
  return { month: l.month, day: l.day, lunar: true };
}
