import { z } from 'zod';
import { ownerNamesAllowed } from './config.ts';
import type { Ctx, Role, Services } from './context.ts';
import type { Feature } from './feature.ts';
import type { MemberRef } from './types.ts';
import { zonedParts } from '../scheduler/clock.ts';
import { defineEntry } from '../store/log-kinds.ts';
import { loggedMember, type LoggedMember } from '../store/members.ts';
import { defineSlice } from '../store/slices.ts';
import type { MemberRecord } from '../store/schema.ts';

// Staff (店员) are the owner's helpers: they may run the owner commands marked `staff` (marking
// payments and pick-ups) and nothing else. Two sources: STAFF_IDS in the settings, which only the
// settings can change, and the people the owner adds in chat, kept in this slice.

export type { Role } from './context.ts';

/** Someone the owner made staff in chat. */
export interface StaffRecord {
  id: string;
  /** Their name when added (the member registry keeps the current one). */
  name: string;
  addedBy: { id: string; name: string };
  addedAt: number;
}

declare module '../store/schema.ts' {
  interface Slices {
    /** Staff added in chat (/店员 新增), by member id. */
    staff: Record<string, StaffRecord>;
  }
}

export const staffSlice = defineSlice<Record<string, StaffRecord>>({
  key: 'staff', version: 1, initial: () => ({}),
  shape: z.record(z.string(), z.looseObject({
    id: z.string(), name: z.string(), addedBy: z.looseObject({ id: z.string(), name: z.string() }), addedAt: z.number(),
  })),
});

/** A change of staff, as the behaviour log keeps it. */
export interface StaffChange {
  kind: 'staff';
  change: 'add' | 'remove';
  id: string;
  at: number;
  member: LoggedMember;
  by: { id: string; name: string };
}

declare module '../store/log-kinds.ts' {
  interface LogKinds {
    staff: StaffChange;
  }
}

defineEntry('staff', (e) => {
  if (e.change !== 'add' && e.change !== 'remove') return 'change is neither add nor remove';
  if (typeof (e.member as { id?: unknown } | undefined)?.id !== 'string') return 'no member id';
  if (typeof e.at !== 'number') return 'no time';
  return undefined;
});

/** What deciding a role needs: the settings, the slice, and who the owner is. */
export type RoleLookup = Pick<Services, 'config' | 'store' | 'isOwner'>;

/** True for staff from STAFF_IDS or added in chat; the owner is the owner, never staff. */
export function isStaff(services: RoleLookup, member: MemberRef): boolean {
  if (services.isOwner(member)) return false;
  return services.store.data.staff[member.id] !== undefined || inStaffIds(services, member);
}

export function roleOf(services: RoleLookup, member: MemberRef): Role {
  if (services.isOwner(member)) return 'owner';
  return isStaff(services, member) ? 'staff' : 'resident';
}

/** In STAFF_IDS: by id, and by name only where OWNER_IDS may hold names (the same rule, bot/config.ts). */
function inStaffIds({ config }: RoleLookup, member: MemberRef): boolean {
  return config.STAFF_IDS.includes(member.id) || (ownerNamesAllowed(config) && config.STAFF_IDS.includes(member.name));
}

const USAGE = '/店员 新增 @名字';
const HOW = '用法：/店员 新增 @名字，/店员 删除 @名字，/店员 名单';
export const STAFF_WELCOME = '团长把你设为店员啦，可以帮忙登记收款和取货，发 /help 看看能用的命令～';

/** The /店员 command and the slice of the staff added in chat. */
export function rolesFeature(): Feature {
  return {
    name: 'roles',
    slices: [staffSlice],
    install(kit) {
      kit.command({
        name: '店员', ownerOnly: true, usage: USAGE, summary: '把人设为店员：可以帮忙登记收款和取货',
        more: [
          { usage: '/店员 删除 @名字', summary: '不再让 TA 当店员', ownerOnly: true },
          { usage: '/店员 名单', summary: '看看有哪些店员', ownerOnly: true },
        ],
        run: staffCommand,
      });
    },
  };
}

function staffCommand(ctx: Ctx, args: string): void {
  const m = /^(新增|添加|增加|删除|移除|删掉|名单|列表)?\s*([\s\S]*)$/.exec(args);
  const verb = m?.[1];
  const rest = m?.[2]?.trim() ?? '';
  if (!verb && !rest) return void ctx.reply(listText(ctx));
  if (!verb) return void ctx.reply(HOW);
  if (verb === '名单' || verb === '列表') return void ctx.reply(listText(ctx));
  const names = mentionedNames(rest);
  const add = verb === '新增' || verb === '添加' || verb === '增加';
  const example = `/店员 ${add ? '新增' : '删除'} @王阿姨`;
  if (names.length === 0) return void ctx.reply(`要${add ? '设' : '去掉'}谁呢？这样发：${example}`);
  if (names.length > 1) return void ctx.reply(`一次一位就好，比如：${example}`);
  const name = names[0]!;
  if (!add && configStaffEntry(ctx, name)) return void ctx.reply(fromSettingsText(name));
  const found = resolve(ctx, name);
  if (found.kind === 'unknown') {
    if (name === ctx.services.config.BOT_NAME) return void ctx.reply(add ? '我是小助手，不用设成店员啦～' : '我本来就不是店员哦～');
    return void ctx.reply(`没找到「${name}」，是哪一位呢？在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。`);
  }
  if (found.kind === 'ambiguous') {
    return void ctx.reply(`叫「${name}」的有 ${found.count} 位，是哪一位呢？请在群里发 /店员 ${add ? '新增' : '删除'}，再直接 @ TA。`);
  }
  if (add) addStaff(ctx, found.member);
  else removeStaff(ctx, found.member);
}

function addStaff(ctx: Ctx, member: MemberRef): void {
  const { services } = ctx;
  if (member.id === ctx.member.id && ctx.isOwner) return void ctx.reply('你是团长呀，什么都能做，不用再设店员～');
  if (services.isOwner(member)) return void ctx.reply(`${member.name}是团长，什么都能做，不用再设店员～`);
  if (member.name === services.config.BOT_NAME) return void ctx.reply('我是小助手，不用设成店员啦～');
  if (isStaff(services, member)) {
    const settings = services.store.data.staff[member.id] === undefined;
    return void ctx.reply(`${member.name}已经是店员啦${settings ? '（设置里的）' : ''}。`);
  }
  const by = { id: ctx.member.id, name: ctx.member.name };
  services.store.data.staff[member.id] = { id: member.id, name: member.name, addedBy: by, addedAt: ctx.now };
  services.store.changed();
  logChange(ctx, 'add', member, by);
  ctx.dm(member, STAFF_WELCOME);
  ctx.reply(`好的，${member.name}现在是店员了，可以帮忙登记收款和取货。我私信告诉 TA 啦。`);
}

function removeStaff(ctx: Ctx, member: MemberRef): void {
  const { services } = ctx;
  if (services.store.data.staff[member.id] === undefined) {
    if (isStaff(services, member)) return void ctx.reply(fromSettingsText(member.name));
    return void ctx.reply(`${member.name}现在不是店员，不用删啦。`);
  }
  delete services.store.data.staff[member.id];
  services.store.changed();
  logChange(ctx, 'remove', member, { id: ctx.member.id, name: ctx.member.name });
  ctx.reply(`好的，${member.name}不再是店员了。`);
}

function logChange(ctx: Ctx, change: 'add' | 'remove', member: MemberRef, by: { id: string; name: string }): void {
  const { store } = ctx.services;
  const entry: StaffChange = {
    kind: 'staff', change, id: `staff:${ctx.event.id}`, at: ctx.now,
    member: loggedMember(store.data, member.id, member.name, ctx.now), by,
  };
  store.log.append(entry);
}

function fromSettingsText(name: string): string {
  return `${name}是设置里（STAFF_IDS）定的店员，在聊天里删不了哦。要改的话，请改设置后重启我。`;
}

/** "@王阿姨\u2005" or "王阿姨": the names typed, one per @mention. */
function mentionedNames(text: string): string[] {
  const plain = text.replace(/[\u2005\u00a0\u3000]/g, ' ').trim();
  if (!/^[@＠]/.test(plain)) return plain ? [plain] : [];
  return plain.split(/[@＠]/).map((n) => n.trim()).filter(Boolean);
}

type Resolved = { kind: 'one'; member: MemberRef } | { kind: 'unknown' } | { kind: 'ambiguous'; count: number };

/**
 * A platform @mention names the person exactly; otherwise a known member by id, name or group
 * nickname. Two people with the same name are asked about, never guessed between: making the
 * wrong one staff gives them the shop's payments.
 */
function resolve(ctx: Ctx, name: string): Resolved {
  const { members } = ctx.services.store.data;
  const event = ctx.event;
  if (event.kind === 'text') {
    const ids = new Set(event.mentions.filter((m) => m.name === name || m.groupAlias === name).map((m) => m.id));
    if (ids.size === 1) {
      const id = [...ids][0]!;
      const mentioned = event.mentions.find((m) => m.id === id)!;
      return { kind: 'one', member: { id, name: members[id]?.name ?? mentioned.name } };
    }
  }
  const byId = members[name];
  if (byId) return { kind: 'one', member: ref(byId) };
  const named = Object.values(members).filter((m) => m.name === name || Object.values(m.aliases).includes(name));
  if (named.length === 1) return { kind: 'one', member: ref(named[0]!) };
  return named.length === 0 ? { kind: 'unknown' } : { kind: 'ambiguous', count: named.length };
}

const ref = (m: MemberRecord): MemberRef => ({ id: m.id, name: m.name });

/** The STAFF_IDS entry this name or id stands for (its id, or the name it is written as). */
function configStaffEntry(ctx: Ctx, name: string): string | undefined {
  const { config, store } = ctx.services;
  return config.STAFF_IDS.find((entry) => entry === name || store.data.members[entry]?.name === name);
}

function listText(ctx: Ctx): string {
  const { config, store } = ctx.services;
  const fromSettings = config.STAFF_IDS.map((entry) => `· ${store.data.members[entry]?.name ?? entry}（设置里的）`);
  const tz = config.TZ;
  // Someone added in chat and later written into STAFF_IDS is listed once, as the settings'.
  const inChat = Object.values(store.data.staff)
    .filter((s) => !config.STAFF_IDS.includes(s.id))
    .sort((a, b) => a.addedAt - b.addedAt)
    .map((s) => {
      const d = zonedParts(s.addedAt, tz);
      return `· ${store.data.members[s.id]?.name ?? s.name}（${d.month}月${d.day}日 ${s.addedBy.name}设的）`;
    });
  const lines = [...fromSettings, ...inChat];
  if (lines.length === 0) return `还没有店员。店员可以帮忙登记收款和取货，这样添加：${USAGE}`;
  return [`店员 ${lines.length} 位：`, ...lines, fromSettings.length ? '设置里的店员在聊天里删不了，要改请改设置。' : `去掉店员：/店员 删除 @名字`].join('\n');
}
