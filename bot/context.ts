import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Outbox } from './outbox.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import type { Store } from '../store/db.ts';
import type { MemberRecord, SendPurpose } from '../store/schema.ts';
import { speakerOf, type Clock, type GroupRef, type InboundEvent, type MemberRef, type OutboundFile } from './types.ts';

/** What every handler can reach. One instance for the life of the bot. */
export interface Services {
  config: Config;
  store: Store;
  outbox: Outbox;
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
  isOwner(member: MemberRef): boolean;
  /** A helper of the owner (店员): in STAFF_IDS or added with /店员 新增; never the owner. */
  isStaff(member: MemberRef): boolean;
}

/** Who the speaker is to the shop: what /help lists for them and which commands they may run. */
export type Role = 'owner' | 'staff' | 'resident';

export interface SendOptions {
  /** Idempotency key; defaults to one derived from the event, so a redelivered event never double-replies. */
  key?: string;
}

export interface DmOptions extends SendOptions {
  purpose?: SendPurpose;
  /** Send this file (the text is its caption in logs). */
  file?: OutboundFile;
}

/** The context passed down the handlers for one inbound event (grammY / Hono style). */
export class Ctx {
  readonly member: MemberRef;
  readonly group: GroupRef | undefined;
  readonly isOwner: boolean;
  /** False for the owner: the owner's rights are a superset, checked by isOwner. */
  readonly isStaff: boolean;
  readonly role: Role;
  /** Text with a leading @bot mention removed and trimmed; '' for events without text. */
  readonly text: string;
  /** The member's stored record (set by the behaviour logger, the first handler). */
  record: MemberRecord | undefined;
  private replies = 0;

  constructor(readonly event: InboundEvent, readonly services: Services) {
    this.member = speakerOf(event);
    this.group = event.group;
    // services.isOwner itself counts a display name only where names are allowed (bot/app.ts),
    // for every caller, so the member is passed as is.
    this.isOwner = services.isOwner(this.member);
    this.isStaff = !this.isOwner && services.isStaff(this.member);
    this.role = this.isOwner ? 'owner' : this.isStaff ? 'staff' : 'resident';
    this.text = event.kind === 'text' ? stripBotMention(event.text, services.config.BOT_NAME) : '';
  }

  get now(): number {
    return this.services.clock.now();
  }

  /** Answers where the event came from: in the group with an @mention, or by DM. */
  reply(text: string, opts: SendOptions = {}): boolean {
    const key = opts.key ?? this.nextKey();
    if (this.group) {
      return this.services.outbox.enqueue({ key, to: { kind: 'group', group: this.group }, text, mentions: [this.member] });
    }
    return this.services.outbox.enqueue({ key, to: { kind: 'dm', member: this.member }, text, purpose: 'reply' });
  }

  /**
   * A direct message. Default 'reply' when it answers the speaker, else 'requested';
   * recall and follow-ups pass 'unsolicited' so the daily cap applies.
   */
  dm(member: MemberRef, text: string, opts: DmOptions = {}): boolean {
    const purpose = opts.purpose ?? (member.id === this.member.id ? 'reply' : 'requested');
    return this.services.outbox.enqueue({
      key: opts.key ?? this.nextKey(), to: { kind: 'dm', member }, text, purpose, ...(opts.file ? { file: opts.file } : {}),
    });
  }

  /** A post into a group without an @mention. */
  post(group: GroupRef, text: string, opts: SendOptions & { mentions?: MemberRef[] } = {}): boolean {
    return this.services.outbox.enqueue({ key: opts.key ?? this.nextKey(), to: { kind: 'group', group }, text, mentions: opts.mentions });
  }

  private nextKey(): string {
    this.replies++;
    return `reply:${this.event.id}:${this.replies}`;
  }
}

const mentionPatterns = new Map<string, RegExp>();

/** "@邻里小助手 /help" → "/help". WeChat separates a mention with a (narrow) space. */
export function stripBotMention(text: string, botName: string): string {
  let mention = mentionPatterns.get(botName);
  if (!mention) {
    mention = new RegExp(`^\\s*@${escapeRegExp(botName)}[\\s\\u2005\\u00a0]*`);
    mentionPatterns.set(botName, mention);
  }
  return text.replace(mention, '').trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
