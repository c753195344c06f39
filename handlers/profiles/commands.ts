import type { Ctx, Services } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import { resolveMember } from '../points/index.ts';
import { memberName } from '../../store/members.ts';
import { catalogLookup } from './catalog-lookup.ts';
import { activeAgo, dateText, profileCard } from './card.ts';
import { movements, takeSnapshot } from './snapshot.ts';
import type { StageRules } from './stage.ts';
import { STAGES, type Profile } from './types.ts';

// The owner's view of members: /画像, /分层, /名单, /标签. All owner-only.

const LIST_MAX = 40;
const TAG_MAX = 12;
const stageList = STAGES.join('、');

/** "@王阿姨 宝妈" → ["王阿姨", "宝妈"]; WeChat puts a narrow space after a mention. */
function splitArgs(args: string): string[] {
  return args.split(/[\s\u2005\u00a0]+/).map((s) => s.replace(/^[@＠]/, '')).filter(Boolean);
}

function profileFor(ctx: Ctx, who: string): Profile | undefined {
  const ref = resolveMember(ctx, who);
  return ref ? ctx.services.store.data.profiles.members[ref.id] : undefined;
}

const notFound = (who: string, usage: string) => `没找到「${who}」的记录。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称，例如：${usage}`;

/** Lines other features add to a member's card (given by bot/app.ts). */
export type CardMore = (services: Services, memberId: string) => string[];

export function profileCommands(rules: StageRules, more: CardMore = () => []): Command[] {
  const isOwnerId = (ctx: Ctx, id: string) => ctx.services.isOwner({ id, name: '' });

  const portrait: Command = {
    name: '画像', ownerOnly: true, usage: '/画像 @某人', summary: '看一位成员的画像：阶段、订单、爱好、标签',
    run(ctx, args) {
      const [who] = splitArgs(args);
      if (!who) return void ctx.reply('想看谁的画像？发送 /画像 @某人，例如 /画像 @王阿姨');
      const p = profileFor(ctx, who);
      if (!p) return void ctx.reply(notFound(who, '/画像 @王阿姨'));
      const { store, config } = ctx.services;
      const look = catalogLookup(store.data.catalog);
      ctx.reply(profileCard(p, ctx.now, rules, {
        tz: config.TZ, nameOfProduct: look.nameOf, streak: store.data.points.streaks[p.id]?.streak ?? 0, more: more(ctx.services, p.id),
        nameOfMember: (id) => memberName(store.data, id),
      }));
    },
  };

  const segments: Command = {
    name: '分层', ownerOnly: true, usage: '/分层', summary: '各阶段有多少人，和上周比的变化',
    run(ctx) {
      const data = ctx.services.store.data.profiles;
      const now = takeSnapshot(data, ctx.now, rules, (id) => isOwnerId(ctx, id));
      const total = Object.keys(now.stageOf).length;
      if (total === 0) return void ctx.reply('还没有成员记录。群里有人说话、接龙、签到后，这里就能看到分层了。');
      const before = data.snapshot;
      const lines = [`成员分层（共 ${total} 人）：`];
      for (const s of STAGES) {
        const n = now.counts[s] ?? 0;
        const delta = before ? n - (before.counts[s] ?? 0) : 0;
        lines.push(`${s} ${n} 人${before && delta !== 0 ? `（${delta > 0 ? '+' : ''}${delta}）` : ''}`);
      }
      if (!before) {
        lines.push('', '每周一会记下一次分层，下周起这里能看到和上周比的变化。');
      } else {
        const moves = movements(before, now).slice(0, 5);
        lines.push('', `和 ${dateText(before.at, ctx.services.config.TZ)} 比：`);
        if (moves.length === 0) lines.push('没有人换阶段。');
        for (const m of moves) lines.push(`${m.from} → ${m.to}：${m.count} 人`);
      }
      lines.push('', '发送 /名单 沉默 看某个阶段有谁。');
      ctx.reply(lines.join('\n'));
    },
  };

  const roster: Command = {
    name: '名单', ownerOnly: true, usage: '/名单 <阶段>', summary: `看某个阶段有谁（${stageList}）`,
    run(ctx, args) {
      const wanted = splitArgs(args)[0]?.toUpperCase();
      const stage = STAGES.find((s) => s.toUpperCase() === wanted);
      if (!stage) {
        return void ctx.reply(`${wanted ? `没有「${wanted}」这个阶段。` : ''}请发送 /名单 加阶段名，例如 /名单 沉默。阶段有：${stageList}`);
      }
      const profiles = ctx.services.store.data.profiles;
      // The snapshot already leaves the owners out.
      const snap = takeSnapshot(profiles, ctx.now, rules, (id) => isOwnerId(ctx, id));
      const inStage = Object.entries(snap.stageOf).filter(([, s]) => s === stage).map(([id]) => profiles.members[id]!)
        .sort((a, b) => b.lastActiveAt - a.lastActiveAt);
      if (inStage.length === 0) return void ctx.reply(`现在没有「${stage}」的成员。`);
      const lines = [`${stage}（${inStage.length} 人）：`];
      for (const p of inStage.slice(0, LIST_MAX)) lines.push(`${memberName(ctx.services.store.data, p.id)} · ${activeAgo(p, ctx.now)}${p.optedOut ? ' · 已退订' : ''}`);
      if (inStage.length > LIST_MAX) lines.push(`……还有 ${inStage.length - LIST_MAX} 人`);
      ctx.reply(lines.join('\n'));
    },
  };

  const tag: Command = {
    name: '标签', ownerOnly: true, usage: '/标签 @某人 <标签>', summary: '给成员打标签（标签前加 - 是去掉）',
    run(ctx, args) {
      const [who, ...rest] = splitArgs(args);
      const label = rest.join(' ');
      if (!who || !label) return void ctx.reply('请发送 /标签 @某人 标签，例如 /标签 @王阿姨 宝妈；去掉标签写 /标签 @王阿姨 -宝妈');
      const p = profileFor(ctx, who);
      if (!p) return void ctx.reply(notFound(who, '/标签 @王阿姨 宝妈'));
      const shown = memberName(ctx.services.store.data, p.id);
      const remove = label.startsWith('-') || label.startsWith('－');
      const name = remove ? label.slice(1).trim() : label;
      if (!name || name.length > TAG_MAX) return void ctx.reply(`标签写 1 到 ${TAG_MAX} 个字就好，例如 /标签 @${shown} 宝妈`);
      if (remove) {
        if (!p.ownerTags.includes(name)) return void ctx.reply(`${shown}没有「${name}」这个标签。`);
        p.ownerTags = p.ownerTags.filter((t) => t !== name);
      } else if (!p.ownerTags.includes(name)) {
        p.ownerTags.push(name);
      }
      ctx.services.store.changed();
      const all = p.ownerTags.length ? p.ownerTags.join('、') : '（无）';
      ctx.reply(`${remove ? '已去掉' : '已加上'}「${name}」。${shown}的标签：${all}`);
    },
  };

  return [portrait, segments, roster, tag];
}

