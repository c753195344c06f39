import type { Services } from '../../bot/context.ts';
import { ownerRefs } from '../../bot/owners.ts';
import type { GroupRef, MemberRef } from '../../bot/types.ts';
import { DAY_MS, dayKey } from '../../scheduler/clock.ts';
import type { Finding, Reason } from './detect.ts';
import { maskNumbers } from './phones.ts';
import type { Flag, FlagKind } from './state.ts';

// Telling the owner, once per member per kind per day: the record in the store and the
// outbox key (both by day, member and kind) keep a second ad, a redelivered event or a
// restart from telling again. What the member said is cut short and its long numbers masked:
// the DM is kept in outbox.jsonl, and the service log gets no words at all.

/** Flags are kept this long (for /移出 by number and the list), then dropped. */
export const FLAGS_KEPT_DAYS = 14;
const EXCERPT = 40;

const REASON_TEXT: Record<Reason, string> = {
  link: '发链接', contact: '留联系方式', phone: '留电话', qq: '留QQ', private: '让人私聊', adword: '广告词', qr: '发二维码',
};

export type FlagWhat =
  | { kind: 'ad'; findings: Finding[]; said: string }
  | { kind: 'flood'; count: number; repeat: boolean; said: string }
  | { kind: 'invite'; count: number; minutes: number; invitees: string[] };

/** Flags the member to the owner unless already flagged for this kind today; true when told. */
export function flagOnce(services: Services, group: GroupRef, member: MemberRef, at: number, what: FlagWhat): boolean {
  const { store, config, outbox, log } = services;
  const state = store.data.hygiene;
  const day = dayKey(at, config.TZ);
  const key = `${day}|${member.id}|${what.kind}`;
  if (state.flags[key]) return false;
  const flag: Flag = { no: ++state.lastNo, kind: what.kind, at, member: { id: member.id, name: member.name }, group: { id: group.id, name: group.name } };
  state.flags[key] = flag;
  for (const [k, f] of Object.entries(state.flags)) if (at - f.at > FLAGS_KEPT_DAYS * DAY_MS) delete state.flags[k];
  store.changed();
  const canRemove = outbox.memberRemover() !== undefined;
  const text = flagText(flag, what, canRemove);
  for (const owner of ownerRefs(services)) {
    outbox.enqueue({ key: `hygiene:${day}:${member.id}:${what.kind}:${owner.id}`, to: { kind: 'dm', member: owner }, text, purpose: 'requested' });
  }
  log.info({ kind: what.kind, member: member.id, group: group.id, no: flag.no, ...(what.kind === 'ad' ? { reasons: what.findings.map((f) => f.reason) } : {}) }, 'hygiene: flagged to the owner');
  return true;
}

/** What a member said, short, long numbers masked, on one line. */
export function excerpt(text: string): string {
  const line = maskNumbers(text.replace(/\s+/g, ' ').trim());
  return [...line].length > EXCERPT ? `${[...line].slice(0, EXCERPT).join('')}…` : line;
}

export function flagText(flag: Flag, what: FlagWhat, canRemove: boolean): string {
  const who = flag.member.name;
  const head = what.kind === 'ad'
    ? `【可能是广告】「${flag.group.name}」里新来的${who}${[...new Set(what.findings.map((f) => REASON_TEXT[f.reason]))].join('、')}：\n“${what.said}”`
    : what.kind === 'flood'
      ? `【刷屏】「${flag.group.name}」里${who}${what.repeat ? `把同一句话发了 ${what.count} 遍` : `一下子发了 ${what.count} 条`}：\n“${what.said}”`
      : `【拉人】「${flag.group.name}」里新来的${who} ${what.minutes} 分钟内拉了 ${what.count} 人进群：${what.invitees.slice(0, 5).join('、')}${what.invitees.length > 5 ? ' 等' : ''}`;
  const act = canRemove
    ? `要移出群的话，回我：/移出 @${who}（或 /移出 ${flag.no}）`
    : '这个群我没法替你移人（企业微信的客户群不支持），要移出的话，请在群聊设置里手动把TA移出。';
  const trust = what.kind === 'ad' ? `\n是自己人的话：/防广告 放行 @${who}，以后不再提醒。` : '';
  return `${head}\n${act}${trust}\n今天TA再这样我不会重复提醒。`;
}
