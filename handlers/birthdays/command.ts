import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import { plainSpaces, toHalfWidth } from '../../text/normalize.ts';
import { memberName } from '../../store/members.ts';
import { resolveMember } from '../points/index.ts';
import { confirmForOwner, confirmOwn, forgetBirthday, recordBirthday } from './book.ts';
import { daysBetween, nextOccurrence } from './calendar.ts';
import { dateText, findDates, isValidDate, type BirthDate } from './dates.ts';
import { dayOf } from './greet.ts';

// /生日: the owner records, lists and deletes members' birthdays; a member may record or delete
// their own with it too (most just say 我的生日是3月15日). Someone else's is the owner's to set.

export const USAGE = '/生日 @某人 3-15';
const EXAMPLE = '例如：/生日 @王阿姨 3-15（也可以写 3月15日、农历八月十五）';
const HELP = [
  `用法：${USAGE} — 记下TA的生日（没有@时写群里的名字）`,
  EXAMPLE,
  '/生日 列表 — 看记下的生日，最近的在前',
  '/生日 删除 @某人 — 删掉TA的生日',
].join('\n');
const RESIDENT_HELP = '告诉我你的生日，发「我的生日是3月15日」或 /生日 3-15 就行，到那天给你送祝福～';
const LIST_MAX = 60;

const LIST = new Set(['列表', '查看', '名单', '全部', 'list']);
const DELETE = new Set(['删除', '删掉', '删', '取消', '清除', '去掉']);

export function birthdayCommand(): Command {
  return {
    name: '生日', aliases: ['birthday'], ownerOnly: false, usage: '/生日 3-15',
    summary: '告诉我你的生日，那天给你送祝福',
    more: [
      { usage: USAGE, summary: '记下某人的生日（也可写 3月15日、农历八月十五）', ownerOnly: true },
      { usage: '/生日 列表', summary: '看记下的生日，最近的在前', ownerOnly: true },
      { usage: '/生日 删除 @某人', summary: '删掉某人的生日', ownerOnly: true },
    ],
    run(ctx, args) {
      const text = plainSpaces(toHalfWidth(args)).trim();
      const [verb = '', ...rest] = text.split(/\s+/);
      const after = rest.join(' ');
      if (ctx.isOwner) {
        if (text === '') return void ctx.reply(HELP);
        if (LIST.has(verb)) return list(ctx);
        if (DELETE.has(verb)) return remove(ctx, after);
        return setFor(ctx, text);
      }
      if (text === '') return void ctx.reply(ownStatus(ctx));
      if (DELETE.has(verb) && !after) return forgetOwn(ctx);
      if (LIST.has(verb) || DELETE.has(verb)) return void ctx.reply(`这个只有团长可以用哦。${RESIDENT_HELP}`);
      return setOwn(ctx, text);
    },
  };
}

interface Parsed {
  who: string;
  date?: BirthDate;
  /** The date as typed, for an answer about a date that is none. */
  typed?: string;
  twoDates?: boolean;
}

/** "@王阿姨 3-15", "王阿姨 农历八月十五", "3月15日 @王阿姨": who, and the one date. */
function parse(text: string): Parsed {
  const dates = findDates(text);
  let who = text;
  for (const d of [...dates].reverse()) who = `${who.slice(0, d.start)} ${who.slice(d.end)}`;
  who = who.replace(/农历|阴历|阳历|公历|生日|是/g, ' ').replace(/[@＠]/g, ' ').replace(/\s+/g, ' ').trim();
  const first = dates[0];
  if (!first) return { who };
  const typed = text.slice(first.start, first.end);
  const twoDates = dates.some((d) => d.month !== first.month || d.day !== first.day || d.lunar !== first.lunar);
  return { who, date: { month: first.month, day: first.day, lunar: first.lunar }, typed, twoDates };
}

function setFor(ctx: Ctx, text: string): void {
  const p = parse(text);
  if (!p.who && !p.date) return void ctx.reply(`没看懂，${HELP}`);
  if (!p.who) return void ctx.reply(`给谁记呢？这样发：${USAGE}\n${EXAMPLE}`);
  if (!p.date) return void ctx.reply(`${p.who}的生日是哪天？这样发：${USAGE}\n${EXAMPLE}`);
  if (p.twoDates) return void ctx.reply(`只写一个日期就好，这样发：${USAGE}`);
  if (!isValidDate(p.date)) return void ctx.reply(notADate(p.typed!, p.date, `这样发：${USAGE}`));
  const target = resolveMember(ctx, p.who);
  if (!target) return void ctx.reply(`没找到「${p.who}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`);
  if (ctx.services.isOwner(target)) return void ctx.reply('团长自己的生日就不用记啦～');
  const recorded = recordBirthday(ctx.services, target.id, p.date, ctx.member.id);
  ctx.reply(confirmForOwner(ctx.services, target.name, target.id, p.date, recorded));
}

function setOwn(ctx: Ctx, text: string): void {
  const p = parse(text);
  const self = [ctx.member.id, ctx.member.name, memberName(ctx.services.store.data, ctx.member.id)];
  if (p.who && !self.includes(p.who)) {
    return void ctx.reply(`别人的生日只有团长能记哦。记你自己的，发 /生日 3-15 或「我的生日是3月15日」就行～`);
  }
  if (!p.date) return void ctx.reply(`没看懂日期呢。${RESIDENT_HELP}`);
  if (p.twoDates) return void ctx.reply('只写一个日期就好，比如 /生日 3-15');
  if (!isValidDate(p.date)) return void ctx.reply(notADate(p.typed!, p.date, '比如 /生日 3-15'));
  const recorded = recordBirthday(ctx.services, ctx.member.id, p.date, ctx.member.id);
  ctx.reply(confirmOwn(ctx.services, ctx.member.id, p.date, recorded));
}

/** "2月30日" is no day: said gently, with what to type. */
export function notADate(typed: string, date: BirthDate, how: string): string {
  const cal = date.lunar ? '农历' : '';
  return `「${cal}${typed.trim()}」好像不是一个日子呀，再看看？${how}`;
}

function ownStatus(ctx: Ctx): string {
  const b = ctx.services.store.data.birthdays.members[ctx.member.id];
  return b ? `你的生日记的是${dateText(b)}，那天给你送祝福～要改的话发 /生日 3-15，要删掉发 /生日 删除` : RESIDENT_HELP;
}

function forgetOwn(ctx: Ctx): void {
  const gone = forgetBirthday(ctx.services, ctx.member.id);
  ctx.reply(gone ? '好的，你的生日已经删掉了，不会再发生日祝福。' : '我这儿还没记你的生日哦。');
}

function remove(ctx: Ctx, args: string): void {
  const who = args.replace(/[@＠]/g, ' ').trim();
  if (!who) return void ctx.reply(`删谁的生日？这样发：/生日 删除 @王阿姨`);
  const target = resolveMember(ctx, who);
  if (!target) return void ctx.reply(`没找到「${who}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`);
  const gone = forgetBirthday(ctx.services, target.id);
  ctx.reply(gone ? `已删除${target.name}的生日（${dateText(gone)}），不会再发生日祝福。` : `还没记过${target.name}的生日。`);
}

function list(ctx: Ctx): void {
  const { store, config, clock } = ctx.services;
  const today = dayOf(clock.now(), config.TZ);
  const rows = Object.entries(store.data.birthdays.members).map(([id, b]) => {
    const next = nextOccurrence(b, today);
    return { id, b, next, days: daysBetween(today, next) };
  }).sort((x, y) => x.days - y.days || memberName(store.data, x.id).localeCompare(memberName(store.data, y.id)));
  if (rows.length === 0) return void ctx.reply(`还没记下谁的生日。\n${EXAMPLE}`);
  const lines = rows.slice(0, LIST_MAX).map(({ id, b, next, days }) => {
    const when = b.lunar ? `${dateText(b)}（${next.month}月${next.day}日）` : `${next.month}月${next.day}日`;
    const left = days === 0 ? '今天' : days === 1 ? '明天' : `还有${days}天`;
    return `${when} ${memberName(store.data, id)}（${left}）`;
  });
  const more = rows.length > LIST_MAX ? [`……还有${rows.length - LIST_MAX}位`] : [];
  ctx.reply([`记下的生日共${rows.length}位，最近的在前：`, ...lines, ...more].join('\n'));
}
