import type { Command } from '../../bot/commands.ts';
import type { Ctx } from '../../bot/context.ts';
import type { MemberRef } from '../../bot/types.ts';
import { fenYuan } from '../../text/money.ts';
import { plainSpaces } from '../../text/normalize.ts';
import { hasOptedOut } from '../profiles/index.ts';
import { resolveMember } from '../points/index.ts';
import { newCode } from './code.ts';
import { kocFigures, monthSpan, type KocFigure } from './figures.ts';
import type { Programme } from './programme.ts';

// /体验官: the owner names a 体验官 (who gets an invite code by DM), removes one, and sees what
// each brought this month and in all.

export const KOC_USAGE = '/体验官 @某人（或写名字）';
const REMOVE_USAGE = '/体验官 删除 @某人';
const LIST_USAGE = '/体验官 名单';
const ALL_USAGE = `${KOC_USAGE}；${REMOVE_USAGE}；${LIST_USAGE}`;

export function kocCommand(programme: Programme): Command {
  return {
    name: '体验官', aliases: ['koc'], ownerOnly: true, usage: KOC_USAGE,
    summary: '请一位居民当体验官：TA 收到专属邀请码，带来的新邻居和订单都记在 TA 名下',
    more: [
      { usage: REMOVE_USAGE, summary: '取消体验官（之前带来的邻居照旧记着）', ownerOnly: true },
      { usage: LIST_USAGE, summary: '每位体验官的邀请码，本月和累计带来的新邻居、下单人数和金额', ownerOnly: true },
    ],
    run: (ctx, args) => run(ctx, plainSpaces(args).trim(), programme),
  };
}

function run(ctx: Ctx, args: string, programme: Programme): void {
  if (!args) return void ctx.reply(`这样用：${ALL_USAGE}`);
  if (/^(名单|列表|清单|list)$/i.test(args)) return void ctx.reply(listText(ctx, programme));
  const remove = /^(删除|移除|取消|去掉|撤销)\s*([\s\S]*)$/.exec(args);
  if (remove) return removeKoc(ctx, who(remove[2]!), programme);
  const add = /^(新增|添加|增加|加)\s*([\s\S]*)$/.exec(args);
  return addKoc(ctx, who(add ? add[2]! : args), programme);
}

const who = (text: string) => text.trim().replace(/^[@＠]/, '').trim();

function target(ctx: Ctx, name: string, usage: string): MemberRef | undefined {
  if (!name) {
    ctx.reply(`请写上是谁，这样发：${usage}`);
    return undefined;
  }
  if (/\s/.test(name) && !resolveMember(ctx, name)) {
    ctx.reply(`一次只能写一位哦，这样发：${usage}`);
    return undefined;
  }
  const found = resolveMember(ctx, name);
  if (!found) ctx.reply(`没找到「${name}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`);
  return found;
}

function addKoc(ctx: Ctx, name: string, programme: Programme): void {
  const member = target(ctx, name, KOC_USAGE);
  if (!member) return;
  const { services } = ctx;
  if (services.isOwner(member) || member.name === services.config.BOT_NAME) return void ctx.reply('团长和小助手自己不用当体验官哦～请写一位居民。');
  const { state, rules } = programme;
  const known = state.kocs[member.id];
  if (known && known.removedAt === undefined) return void ctx.reply(`${known.name}已经是体验官了，邀请码 ${known.code}。`);
  const code = known?.code ?? newCode(member.id, new Set(Object.values(state.kocs).map((k) => k.code)));
  const since = ctx.event.at;
  state.kocs[member.id] = { id: member.id, name: member.name, code, since };
  services.store.changed();
  programme.log('named', `koc:named:${member.id}:${since}`, since, member);
  const optedOut = hasOptedOut(services.store.data, member.id);
  if (!optedOut) {
    const bonus = rules.referral > 0 ? `，每带来一位新邻居 +${rules.referral} 分${rules.firstOrder > 0 || rules.share > 0 ? '，TA 下单你还有奖励' : ''}` : '';
    services.outbox.enqueue({
      key: `koc-code:${member.id}:${since}`, to: { kind: 'dm', member }, purpose: 'requested',
      text: `${member.name}你好呀～团长请你当咱们小店的「体验官」🎉\n你的专属邀请码：${code}\n`
        + `介绍邻居进群后，让 TA 在群里说「邀请码 ${code}」或「是${member.name}介绍的」就行${bonus}。谢谢你帮大家发现好东西！`,
    });
  }
  ctx.reply(`已请${member.name}当体验官🎉 邀请码 ${code}${optedOut ? '。TA 退订了私信，请你转告 TA 邀请码' : '，已私信发给 TA'}。`
    + `新邻居进群 ${rules.claimDays} 天内说「邀请码 ${code}」或「是${member.name}介绍的」，就记在 TA 名下。`);
}

function removeKoc(ctx: Ctx, name: string, programme: Programme): void {
  const member = target(ctx, name, REMOVE_USAGE);
  if (!member) return;
  const koc = programme.state.kocs[member.id];
  if (!koc || koc.removedAt !== undefined) return void ctx.reply(`${member.name}现在不是体验官。看名单发：${LIST_USAGE}`);
  koc.removedAt = ctx.event.at;
  ctx.services.store.changed();
  programme.log('removed', `koc:removed:${member.id}:${ctx.event.at}`, ctx.event.at, member);
  ctx.reply(`已取消${koc.name}的体验官，邀请码 ${koc.code} 不再记人；之前带来的邻居照旧记着。`);
}

function listText(ctx: Ctx, programme: Programme): string {
  const [from, until] = monthSpan(ctx.event.at, ctx.services.config.TZ);
  const month = new Map(kocFigures(programme.state, from, until).map((f) => [f.koc, f]));
  const total = kocFigures(programme.state);
  if (total.length === 0) return `还没有体验官。请一位：${KOC_USAGE}`;
  const line = (f: KocFigure | undefined) => f ? `新邻居 ${f.newcomers} 位，下单 ${f.buyers} 人，${fenYuan(f.fen)}` : '—';
  return ['体验官名单：', ...total.map((f, i) => `${i + 1}. ${f.name}（邀请码 ${f.code}）\n   本月：${line(month.get(f.koc))}\n   累计：${line(f)}`)].join('\n');
}
