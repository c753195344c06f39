import type { Ctx } from '../../bot/context.ts';
import type { Command } from '../../bot/commands.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { resolveMember } from '../points/index.ts';
import { AD_WORDS } from './detect.ts';
import { foldWord } from './fold.ts';
import type { Flag } from './state.ts';

// The owner's two commands: /移出 takes someone out of the group (where the channel can), and
// /防广告 turns the checks on and off, adds and removes ad words, and vouches for a member.
// Both are the owner's alone: taking a neighbour out of the group, or deciding whose phone
// number is an ad, is the owner's call, not a helper's.

const REMOVE_USAGE = '/移出 @某人（或提醒里的编号，如 /移出 3）';
const USAGE = '/防广告 列表';
const HOW = [
  '防广告可以这样用：',
  '/防广告 列表 — 看看现在的设置',
  '/防广告 关键词 新增 词1 词2 — 加几个广告词',
  '/防广告 关键词 删除 词 — 去掉一个广告词',
  '/防广告 放行 @某人 — 是自己人，不再提醒',
  '/防广告 取消放行 @某人',
  '/防广告 关 ／ /防广告 开',
].join('\n');
const MAX_WORDS = 200;
const BOT_REFUSAL = '我是小助手，不能把自己移出去哦～';

export function hygieneCommands(): Command[] {
  return [
    { name: '移出', ownerOnly: true, usage: REMOVE_USAGE, summary: '把发广告、刷屏的人移出群（企业微信客户群需手动）', run: removeCommand },
    {
      name: '防广告', ownerOnly: true, usage: USAGE, summary: '看看防广告的设置和今天提醒过谁',
      more: [
        { usage: '/防广告 关键词 新增 词1 词2', summary: '新来的人说这些词时提醒你', ownerOnly: true },
        { usage: '/防广告 关键词 删除 词', summary: '去掉一个广告词', ownerOnly: true },
        { usage: '/防广告 放行 @某人', summary: '是自己人（比如卖自家饺子的邻居），TA 的电话和链接不再提醒', ownerOnly: true },
        { usage: '/防广告 关（或 开）', summary: '关掉或打开广告、刷屏、拉人的提醒', ownerOnly: true },
      ],
      run: hygieneCommand,
    },
  ];
}

/** "@王阿姨\u2005" or "王阿姨": the name typed. */
function nameIn(text: string): string {
  return text.replace(/[\u2005\u00a0\u3000]/g, ' ').trim().replace(/^[@＠]\s*/, '').trim();
}

function target(ctx: Ctx, args: string): { member: MemberRef; flag?: Flag } | string {
  const typed = nameIn(args);
  const flags = Object.values(ctx.services.store.data.hygiene.flags);
  if (/^\d+$/.test(typed)) {
    const flag = flags.find((f) => f.no === Number(typed));
    return flag ? { member: flag.member, flag } : `没有编号 ${typed} 的提醒（提醒只留两周）。也可以直接写名字：/移出 @某人`;
  }
  const member = resolveMember(ctx, typed);
  if (!member) return `没找到「${typed}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称，或者提醒里的编号。\n用法：${REMOVE_USAGE}`;
  const flag = flags.filter((f) => f.member.id === member.id).sort((a, b) => b.at - a.at)[0];
  return { member, ...(flag ? { flag } : {}) };
}

/** Who may never be taken out or flagged: the owner, staff and the bot itself. */
function protectedWho(ctx: Ctx, member: MemberRef): string | undefined {
  const { services } = ctx;
  if (member.name === services.config.BOT_NAME) return BOT_REFUSAL;
  if (services.isOwner(member)) return member.id === ctx.member.id ? '你是团长，不能移出自己哦～' : `${member.name}是团长，不能移出。`;
  if (services.isStaff(member)) return `${member.name}是店员，不能移出。要移出的话，先 /店员 删除 @${member.name}。`;
  return undefined;
}

async function removeCommand(ctx: Ctx, args: string): Promise<void> {
  if (!nameIn(args)) return void ctx.reply(`要移出谁呢？这样发：${REMOVE_USAGE}`);
  // The bot is never among the members it knows, so its name is checked before looking anyone up.
  if (nameIn(args) === ctx.services.config.BOT_NAME) return void ctx.reply(BOT_REFUSAL);
  const found = target(ctx, args);
  if (typeof found === 'string') return void ctx.reply(found);
  const { member } = found;
  const refused = protectedWho(ctx, member);
  if (refused) return void ctx.reply(refused);
  const groups = groupsOf(ctx, member);
  if (groups.length === 0) return void ctx.reply(`${member.name}现在不在群里了，不用移出。`);
  const remove = ctx.services.outbox.memberRemover();
  const where = groups.map((g) => `「${g.name}」`).join('');
  if (!remove) return void ctx.reply(`这个群我没法替你移人（企业微信的客户群不支持）。请在${where}的群聊设置里，手动把${member.name}移出。`);
  const done: GroupRef[] = [];
  const failed: GroupRef[] = [];
  for (const group of groups) {
    try {
      await remove(group, member);
      done.push(group);
    } catch (err) {
      ctx.services.log.warn({ group: group.id, member: member.id, err: (err as Error).message }, 'hygiene: could not remove a member');
      failed.push(group);
    }
  }
  ctx.services.log.info({ member: member.id, groups: done.map((g) => g.id), by: ctx.member.id }, 'hygiene: member removed');
  const lines: string[] = [];
  if (done.length) lines.push(`好的，已把${member.name}移出${done.map((g) => `「${g.name}」`).join('')}。`);
  if (failed.length) lines.push(`${failed.map((g) => `「${g.name}」`).join('')}没移成（可能我不是群主或管理员），请在群聊设置里手动移出。`);
  ctx.reply(lines.join('\n'));
}

/** In a group: that group. By DM: every shop group the member is in now (a spammer is one everywhere). */
function groupsOf(ctx: Ctx, member: MemberRef): GroupRef[] {
  const { members, groups } = ctx.services.store.data;
  const now = members[member.id]?.groups ?? [];
  if (ctx.group) return now.includes(ctx.group.id) ? [ctx.group] : [];
  return now.map((id) => ({ id, name: groups[id]?.name ?? id }));
}

function hygieneCommand(ctx: Ctx, args: string): void {
  const state = ctx.services.store.data.hygiene;
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const verb = m?.[1] ?? '';
  const rest = m?.[2]?.trim() ?? '';
  const changed = () => ctx.services.store.changed();
  switch (verb) {
    case '':
    case '列表':
    case '名单':
    case '设置':
      return void ctx.reply(listText(ctx));
    case '关':
    case '关闭':
      if (rest) break;
      state.off = true;
      changed();
      return void ctx.reply('好的，防广告关了：广告、刷屏、拉人都不再提醒你。要打开发 /防广告 开');
    case '开':
    case '打开':
      if (rest) break;
      state.off = false;
      changed();
      return void ctx.reply('好的，防广告开着：新来的人发链接、留联系方式、刷屏或一下子拉很多人，我私信提醒你。');
    case '关键词':
    case '广告词':
      return void wordsCommand(ctx, rest);
    case '放行':
    case '取消放行': {
      if (!nameIn(rest)) return void ctx.reply(`放行谁呢？这样发：/防广告 ${verb} @某人`);
      const member = resolveMember(ctx, nameIn(rest));
      if (!member) return void ctx.reply(`没找到「${nameIn(rest)}」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`);
      if (verb === '放行') {
        state.trusted[member.id] = { name: member.name, at: ctx.now, by: ctx.member.id };
        changed();
        return void ctx.reply(`好的，${member.name}是自己人，TA 发电话、链接我不再提醒（刷屏还会提醒）。`);
      }
      if (!state.trusted[member.id]) return void ctx.reply(`${member.name}本来就没有放行。`);
      delete state.trusted[member.id];
      changed();
      return void ctx.reply(`好的，${member.name}不再放行了。`);
    }
  }
  ctx.reply(`没看懂“${args.trim()}”。\n${HOW}`);
}

function wordsCommand(ctx: Ctx, args: string): void {
  const state = ctx.services.store.data.hygiene;
  const m = /^(新增|添加|增加|加|删除|删掉|去掉|移除|列表)?\s*([\s\S]*)$/.exec(args);
  const verb = m?.[1];
  const words = (m?.[2] ?? '').split(/[\s,，、]+/).map(foldWord).filter(Boolean);
  if (!verb || verb === '列表') {
    if (!verb && words.length) return void ctx.reply('要新增还是删除呢？这样发：/防广告 关键词 新增 词1 词2，或 /防广告 关键词 删除 词');
    return void ctx.reply(listText(ctx));
  }
  const add = ['新增', '添加', '增加', '加'].includes(verb);
  if (words.length === 0) return void ctx.reply(add ? '加哪些词呢？这样发：/防广告 关键词 新增 代购 招代理' : '删哪个词呢？这样发：/防广告 关键词 删除 代购');
  if (add) {
    const tooLong = words.find((w) => [...w].length > 20);
    if (tooLong) return void ctx.reply(`“${tooLong}”太长了，广告词请在 20 个字以内。`);
    const fresh = words.filter((w) => !state.words.includes(w) && !(AD_WORDS.includes(w) && !state.muted.includes(w)));
    if (state.words.length + fresh.length > MAX_WORDS) return void ctx.reply(`广告词最多 ${MAX_WORDS} 个，先删掉一些不用的吧。`);
    state.words.push(...fresh.filter((w) => !AD_WORDS.includes(w)));
    state.muted = state.muted.filter((w) => !words.includes(w));
    ctx.services.store.changed();
    return void ctx.reply(fresh.length ? `好的，加上了：${fresh.join('、')}。新来的人说这些词我会提醒你。` : `这些词本来就在：${words.join('、')}。`);
  }
  if (words.length > 1) return void ctx.reply('一次删一个就好，比如：/防广告 关键词 删除 代购');
  const word = words[0]!;
  if (state.words.includes(word)) state.words = state.words.filter((w) => w !== word);
  else if (AD_WORDS.includes(word) && !state.muted.includes(word)) state.muted.push(word);
  else return void ctx.reply(`广告词里没有“${word}”。发 /防广告 列表 看看有哪些。`);
  ctx.services.store.changed();
  ctx.reply(`好的，“${word}”不再算广告词了。`);
}

function listText(ctx: Ctx): string {
  const { store, config, clock } = ctx.services;
  const state = store.data.hygiene;
  const builtIn = AD_WORDS.filter((w) => !state.muted.includes(w));
  const trusted = Object.values(state.trusted).map((t) => t.name);
  const today = Object.values(state.flags).filter((f) => clock.now() - f.at < 24 * 3600_000).sort((a, b) => a.no - b.no);
  const kind = { ad: '广告', flood: '刷屏', invite: '拉人' } as const;
  return [
    `防广告：${state.off ? '关着（/防广告 开 打开）' : '开着'}`,
    `新人满 ${config.HYGIENE_RESIDENT_DAYS} 天、下过单、有房号或签到过 3 次就算老邻居，TA 的电话和链接不提醒。`,
    `你加的广告词：${state.words.length ? state.words.join('、') : '还没有'}`,
    `自带的广告词 ${builtIn.length} 个，如：${builtIn.slice(0, 8).join('、')}…${state.muted.length ? `（已去掉：${state.muted.join('、')}）` : ''}`,
    `放行的人：${trusted.length ? trusted.join('、') : '还没有'}`,
    today.length ? `最近一天提醒过：\n${today.map((f) => `${f.no}. ${f.member.name}（${kind[f.kind]}，${f.group.name}）`).join('\n')}` : '最近一天没有提醒。',
  ].join('\n');
}
