import type { Handler } from './router.ts';
import type { AppEvent, GroupRef, InboundEvent, MemberRef, RawMessage } from './types.ts';
import type { Store } from '../store/db.ts';
import type { MemberRecord, State } from '../store/schema.ts';
import { syncGroupRoster, trackMembership, withMemberNo } from '../store/members.ts';

/**
 * The first handler: every event is appended to the behaviour log and keeps the member
 * and group records current, before any feature sees it.
 */
export const behaviourLogger: Handler = async (ctx, next) => {
  const { store } = ctx.services;
  ctx.record = trackMembership(store.data, ctx.event);
  store.changed();
  store.log.append(loggable(numbered(store.data, ctx.event, ctx.record)));
  await next();
};

/**
 * Texts longer than this are logged cut, with their length. Only 接龙 reposts get this
 * long, and what they mean is logged by the 接龙 handler; logging every repost whole would
 * make the log grow with the square of a 接龙's size (N reposts of up to N lines).
 */
export const LOGGED_TEXT_MAX = 2000;

/** A 接龙 event as the log keeps it. */
type LoggedJielong = Omit<AppEvent, 'raw'> & { raw?: RawMessage };

function loggable(event: InboundEvent): InboundEvent | (InboundEvent & { textLength: number }) | LoggedJielong {
  // A 接龙 from the platform's 接龙 tool is logged as the app message it arrives as: its
  // sign-ups are logged by the 接龙 handler, and the log's readers count it as activity.
  if (event.kind === 'jielong') {
    const { kind: _kind, lines: _lines, text, ...rest } = event;
    return { ...rest, kind: 'app', text: text.trim() };
  }
  if (event.kind !== 'text' || event.text.length <= LOGGED_TEXT_MAX) return event;
  return { ...event, text: event.text.slice(0, LOGGED_TEXT_MAX), textLength: event.text.length };
}

/**
 * The event with each member it names carrying their registry number (looked up just above
 * by trackMembership), so the profile builder need not look them up by id again.
 */
function numbered(state: State, event: InboundEvent, record: MemberRecord): InboundEvent {
  switch (event.kind) {
    case 'join': {
      const inviter = event.inviter ? withMemberNo(event.inviter, state.members[event.inviter.id]) : undefined;
      return { ...event, member: withMemberNo(event.member, record), ...(inviter ? { inviter } : {}) };
    }
    case 'leave':
      return { ...event, member: withMemberNo(event.member, record) };
    default:
      return { ...event, from: withMemberNo(event.from, record) };
  }
}

/**
 * A group's member list as read at start-up: the registry learns it (syncGroupRoster), and the
 * behaviour log records, once, each member on it that no profile knows yet (`{kind:'roster'}`).
 * Most of a group never says a word; without this they would have no profile, never count in
 * /分层 and never be recalled. A member found this way is first seen now and, doing nothing,
 * falls silent (沉默) after the usual days. Returns how many were logged.
 */
export function logGroupRoster(store: Store, group: GroupRef, members: MemberRef[], at: number): number {
  const state = store.data;
  syncGroupRoster(state, group, members, at);
  let logged = 0;
  for (const member of members) {
    if (state.profiles.members[member.id]) continue;
    store.log.append({ kind: 'roster', id: `roster:${group.id}:${member.id}:${at}`, at, group, member: withMemberNo(member, state.members[member.id]) });
    logged++;
  }
  store.changed();
  return logged;
}
