import type { Command } from '../../bot/commands.ts';
import type { Ctx } from '../../bot/context.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { zonedParts } from '../../scheduler/clock.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { plainSpaces } from '../../text/normalize.ts';
import { resolveMember, type ShaidanEntry } from '../points/index.ts';
import { monthKey } from './figures.ts';
import type { Programme } from './programme.ts';
import type { Shaidan } from './state.ts';

// The month's best 晒单: the points feature recognises 晒单 (a photo with 晒单 words) and logs
// each; the owner sees the recent ones with /晒单 and picks one a month with /晒单 精选, which is
// announced in the group and earns SHOWCASE_POINTS once. A second pick in a month is refused
// unless the owner says 换 (the first pick keeps what it earned).

const PICK_USAGE = '/晒单 精选 @某人 [理由]';
const SWAP_USAGE = '/晒单 换 @某人 [理由]';
const KEPT_DAYS = 45;
const KEPT_MAX = 200;
const SHOWN = 10;

/** A 晒单 the points feature recognised: kept a few weeks for the owner to pick from. */
export function onShaidan(programme: Programme, entry: ShaidanEntry): void {
  const list = programme.state.shaidan;
  if (list.some((s) => s.source === entry.photo)) return;
  list.push({ member: entry.member.id, name: entry.member.name ?? entry.member.id, group: entry.group, at: entry.at, source: entry.photo });
  const horizon = entry.at - KEPT_DAYS * DAY_MS;
  while (list.length > KEPT_MAX || (list[0] && list[0].at < horizon)) list.shift();
}

export function showcaseCommand(programme: Programme): Command {
  return {
    name: '晒单', ownerOnly: true, usage: '/晒单', summary: '看最近的晒单和本月精选',
    more: [
      { usage: PICK_USAGE, summary: '选本月最佳晒单：在群里表扬，并送积分（每月一位）', ownerOnly: true },
      { usage: SWAP_USAGE, summary: '把本月精选换成另一位（之前那位的积分不收回）', ownerOnly: true },
    ],
    run: (ctx, args) => run(ctx, plainSpaces(args).trim(), programme),
  };
}

function run(ctx: Ctx, args: string, programme: Programme): void {
  if (!args || /^(列表|最近|看看)$/.test(args)) return void ctx.reply(recentText(ctx, programme));
  const m = /^(精选|选|评选|换|替换|换成)\s*([\s\S]*)$/.exec(args);
  if (!m) return void ctx.reply(`这样用：/晒单（看最近的晒单）；${PICK_USAGE}`);
  const swap = /^(换|替换|换成)$/.test(m[1]!);
  const usage = swap ? SWAP_USAGE : PICK_USAGE;
  const [name = '', ...rest] = m[2]!.trim().replace(/^[@＠]/, '').split(/\s+/);
  if (!name) return void ctx.reply(`选谁呢？这样发：${usage}`);
  const member = resolveMember(ctx, name);
  if (!member) return void ctx.reply(`没找到「${name}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`);
  pick(ctx, programme, member, rest.join(' ').trim(), swap);
}

function pick(ctx: Ctx, programme: Programme, member: MemberRef, reason: string, swap: boolean): void {
  const { services } = ctx;
  const tz = services.config.TZ;
  const now = ctx.event.at;
  const month = monthKey(now, tz);
  const label = `${zonedParts(now, tz).month}月`;
  const { state, rules } = programme;
  const before = state.showcases[month];
  if (before?.member === member.id) return void ctx.reply(`${label}的晒单精选已经是${member.name}啦。`);
  if (before && !swap) {
    return void ctx.reply(`${label}已经选了${before.name}。要换成${member.name}，发：/晒单 换 @${member.name}${reason ? ` ${reason}` : ''}`);
  }
  state.showcases[month] = {
    member: member.id, name: member.name, reason, at: now,
    ...(before ? { replaced: [...(before.replaced ?? []), before.member] } : {}),
  };
  services.store.changed();
  const group = groupOf(ctx, state.shaidan, member.id);
  programme.log('showcase', `koc:showcase:${month}:${member.id}`, now, member, {
    key: `showcase:${month}:${member.id}`, points: rules.showcase, reason: `${label}晒单精选`, ...(group ? { group } : {}),
  });
  const earned = rules.showcase > 0 ? `，送上 ${rules.showcase} 积分` : '';
  if (group) {
    services.outbox.enqueue({
      key: `showcase:${month}:${member.id}:${group.id}`, to: { kind: 'group', group }, mentions: [member],
      text: `🌟${label}晒单之星：${member.name}！${reason ? `\n${reason}` : ''}\n谢谢你的用心分享${earned}～大家买到好东西也来晒晒呀！`,
    });
  }
  const where = group ? `，已在${group.name}表扬` : '（TA 不在群里，没有公布）';
  const replaced = before ? `（之前选的${before.name}积分不收回）` : '';
  ctx.reply(`已选${member.name}为${label}晒单精选${rules.showcase > 0 ? `，+${rules.showcase} 分` : ''}${where}。${replaced}`);
}

/** Where to announce: the group of their latest 晒单, else this group, else a group they are in. */
function groupOf(ctx: Ctx, list: readonly Shaidan[], member: string): GroupRef | undefined {
  const latest = [...list].reverse().find((s) => s.member === member);
  if (latest) return latest.group;
  if (ctx.group) return ctx.group;
  const data = ctx.services.store.data;
  const id = data.members[member]?.groups[0];
  const g = id ? data.groups[id] : undefined;
  return g ? { id: g.id, name: g.name } : undefined;
}

function recentText(ctx: Ctx, programme: Programme): string {
  const tz = ctx.services.config.TZ;
  const now = ctx.event.at;
  const chosen = programme.state.showcases[monthKey(now, tz)];
  const label = `${zonedParts(now, tz).month}月`;
  const picked = chosen ? `${label}精选：${chosen.name}${chosen.reason ? `（${chosen.reason}）` : ''}` : `${label}还没选精选。选一位：${PICK_USAGE}`;
  const recent = programme.state.shaidan.slice(-SHOWN).reverse();
  if (recent.length === 0) return `最近还没有人晒单（居民在群里发照片并说「晒单」就会记下）。\n${picked}`;
  const line = (s: Shaidan) => {
    const p = zonedParts(s.at, tz);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${s.name}（${s.group.name}）`;
  };
  return [`最近的晒单：`, ...recent.map(line), picked].join('\n');
}
