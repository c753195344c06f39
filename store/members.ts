import type { GroupRef, InboundEvent, MemberRef } from '../bot/types.ts';
import type { MemberRecord, State } from './schema.ts';

/**
 * Keeps members and groups current from one event: names, group nicknames, which groups
 * a member is in now and was ever in. Returns the speaker's record.
 */
export function trackMembership(state: State, event: InboundEvent): MemberRecord {
  if (event.group) touchGroup(state, event.group, event.at);
  const ref = event.kind === 'join' || event.kind === 'leave' ? event.member : event.from;
  const member = touchMember(state, ref, event.at, event.group?.id, event.id);
  if (event.kind === 'join' && event.inviter) touchMember(state, event.inviter, event.at, event.group.id, event.id);
  if (event.kind === 'leave') member.groups = member.groups.filter((g) => g !== event.group.id);
  return member;
}

/** Records that a member is in a group (setup and imports: no event, nothing logged). */
export function placeInGroup(state: State, member: MemberRef, group: GroupRef, at: number): MemberRecord {
  touchGroup(state, group, at);
  return touchMember(state, member, at, group.id);
}

/**
 * The platform's member list of a group, read at start-up: everyone in it is placed there
 * (so a later leave and re-join is not a newcomer), and whoever the store still had in it
 * but is gone has left while the bot was away.
 */
export function syncGroupRoster(state: State, group: GroupRef, members: MemberRef[], at: number): void {
  const present = new Set(members.map((m) => m.id));
  touchGroup(state, group, at);
  // Being on a list is not being seen: lastSeenAt stays what the member last did.
  for (const member of members) touchMember(state, member, at, group.id, undefined, false);
  for (const m of Object.values(state.members)) {
    if (!present.has(m.id) && m.groups.includes(group.id)) m.groups = m.groups.filter((g) => g !== group.id);
  }
}

function touchGroup(state: State, group: GroupRef, at: number): void {
  const known = state.groups[group.id];
  if (!known) state.groups[group.id] = { id: group.id, name: group.name, firstSeenAt: at };
  else if (known.name !== group.name) known.name = group.name;
}

function touchMember(state: State, ref: MemberRef, at: number, groupId: string | undefined, eventId?: string, seen = true): MemberRecord {
  let m = state.members[ref.id];
  if (!m) {
    m = { id: ref.id, name: ref.name, aliases: {}, groups: [], groupsEver: [], firstSeenAt: at, lastSeenAt: at };
    state.members[ref.id] = m;
  }
  m.no ??= nextMemberNo(state);
  if (ref.name && m.name !== ref.name) m.name = ref.name;
  if (seen) m.lastSeenAt = Math.max(m.lastSeenAt, at);
  if (groupId) {
    if (ref.groupAlias && m.aliases[groupId] !== ref.groupAlias) m.aliases[groupId] = ref.groupAlias;
    if (!m.groups.includes(groupId)) m.groups.push(groupId);
    if (m.groupsEver.length === 0 && eventId !== undefined) m.firstGroupEvent = eventId;
    if (!m.groupsEver.includes(groupId)) m.groupsEver.push(groupId);
  }
  return m;
}

function nextMemberNo(state: State): number {
  const no = (state.seq[MEMBER_NO_SEQ] ?? 0) + 1;
  state.seq[MEMBER_NO_SEQ] = no;
  return no;
}

const MEMBER_NO_SEQ = 'memberNo';

/** A member as the behaviour log names them: id, name and, once given, their number. */
export interface LoggedMember {
  id: string;
  name: string | null | undefined;
  no?: number;
}

/**
 * How a log entry names a member: the stored name and their number, which the profile builder
 * resolves them by. Someone the store never saw (a 接龙 line's author from before the bot
 * came, say) is recorded under `fallbackName` first, in no group: the registry is where every
 * member's name is kept, so the owner sees 王阿姨 in /画像, not a wxid.
 */
export function loggedMember(state: State, id: string, fallbackName: string | null | undefined, at: number): LoggedMember {
  let m = state.members[id];
  if (!m && fallbackName && fallbackName !== id) m = touchMember(state, { id, name: fallbackName }, at, undefined, undefined, false);
  const name = m?.name ?? fallbackName;
  return m?.no !== undefined ? { id, name, no: m.no } : { id, name };
}

/** An event's member reference with the number from their record, for the log. */
export function withMemberNo<T extends MemberRef>(ref: T, record: MemberRecord | undefined): T & { no?: number } {
  return record?.no !== undefined && record.id === ref.id ? { ...ref, no: record.no } : ref;
}

/** A member's name as the shop knows it now (their id if the store never saw them). */
export function memberName(state: Pick<State, 'members'>, id: string): string {
  return state.members[id]?.name ?? id;
}

/** True while the member is in at least one of the shop's groups. */
export function inShopGroup(state: Pick<State, 'members'>, id: string): boolean {
  return (state.members[id]?.groups.length ?? 0) > 0;
}

/** True when this event put the member in one of the shop's groups for the first time. */
export function isNewcomer(member: MemberRecord | undefined, eventId: string): boolean {
  return member?.firstGroupEvent === eventId;
}

/** Finds a member by id, name or group nickname (owner commands name people that way). */
export function findMember(state: State, nameOrId: string): MemberRecord | undefined {
  const key = nameOrId.replace(/^@/, '').trim();
  if (state.members[key]) return state.members[key];
  return Object.values(state.members).find((m) => m.name === key || Object.values(m.aliases).includes(key));
}

/** Every group the bot is in, as a post addresses it: what "全部" (null groups) means at send time. */
export function shopGroups(state: Pick<State, 'groups'>): GroupRef[] {
  return Object.values(state.groups).map((g) => ({ id: g.id, name: g.name }));
}
