// The plain shapes that cross the channel boundary. Nothing past a channel adapter
// knows Wechaty or WeCom types: adapters turn platform messages into InboundEvent and
// deliver OutboundMessage.

/** A person, by a stable platform id plus the name to show. */
export interface MemberRef {
  id: string;
  /** The member's own nickname. */
  name: string;
  /** The member's nickname inside the group the event came from, when known. */
  groupAlias?: string;
}

export interface GroupRef {
  id: string;
  name: string;
}

/** A link, mini-program or video-channel card posted into a chat. */
export interface SharedCard {
  type: 'link' | 'miniprogram' | 'channel' | 'photo';
  title: string;
  url?: string;
  description?: string;
}

/**
 * What the platform sent, kept for the behaviour log (the XML of a WeChat app message, for
 * example). Handlers do not read it: whatever a feature needs from a platform's format the
 * channel reads into the event itself (a 接龙's line authors: JielongEvent).
 */
export interface RawMessage {
  platform: 'wechaty' | 'wecom' | 'replay';
  /** Platform message type, as the platform names it (e.g. Wechaty's MessageType name). */
  type: string;
  xml?: string;
}

interface EventBase {
  /** Platform message id, or a derived id for events that have none (joins, leaves). */
  id: string;
  /** Epoch milliseconds on the injected clock at the moment the event was received. */
  at: number;
  /** The group the event happened in; absent for a direct message to the bot. */
  group?: GroupRef;
}

export interface TextEvent extends EventBase {
  kind: 'text';
  from: MemberRef;
  text: string;
  /** True when the message @mentions the bot. */
  mentionsBot: boolean;
  /** Other members @mentioned in the message. */
  mentions: MemberRef[];
  raw?: RawMessage;
}

export interface ShareEvent extends EventBase {
  kind: 'share';
  from: MemberRef;
  card: SharedCard;
  raw?: RawMessage;
}

export interface JoinEvent extends EventBase {
  kind: 'join';
  group: GroupRef;
  member: MemberRef;
  /** Who invited the member, when the platform says. */
  inviter?: MemberRef;
}

export interface LeaveEvent extends EventBase {
  kind: 'leave';
  group: GroupRef;
  member: MemberRef;
}

/** An app message the adapter could not turn into text, a share or a 接龙. */
export interface AppEvent extends EventBase {
  kind: 'app';
  from: MemberRef;
  raw: RawMessage;
  /** A readable summary (e.g. the app message title), may be empty. */
  text: string;
}

/** Who added one line of a 接龙, as the platform's 接龙 tool recorded it. */
export interface JielongLine {
  /** The list number of the line (1-based, in list order). */
  line: number;
  /** The id of the member who added it (as in MemberRef.id); '' when the platform left it out. */
  authorId: string;
}

/**
 * A 接龙 posted with the platform's own 接龙 tool (WeChat's 接龙 app message, WeCom's msgtype
 * 213 with its line authors), read by the channel: the list as text, and who added which line.
 * A 接龙 pasted as a plain message is a TextEvent. The behaviour log keeps it as the app
 * message it arrived as (`kind: 'app'`, bot/behaviour.ts).
 */
export interface JielongEvent extends EventBase {
  kind: 'jielong';
  /** Who posted this version of the list. */
  from: MemberRef;
  /** The whole list as the 接龙 tool shows it, as sent (not trimmed). */
  text: string;
  /** Who added which line, where the platform recorded it; may be empty or name only some lines. */
  lines: JielongLine[];
  /** For the behaviour log only. */
  raw?: RawMessage;
}

export type InboundEvent = TextEvent | ShareEvent | JoinEvent | LeaveEvent | AppEvent | JielongEvent;

/** Where an outbound message goes. */
export type Destination =
  | { kind: 'group'; group: GroupRef }
  | { kind: 'dm'; member: MemberRef };

/** A file sent as an attachment (a pick list): the text of its message is only a caption for logs. */
export interface OutboundFile {
  /** Where the file is on disk (under DATA_DIR). */
  path: string;
  /** The name the recipient sees. */
  name: string;
}

/** What the outbox hands to a channel once pacing allows it. */
export interface OutboundMessage {
  key: string;
  to: Destination;
  text: string;
  /** Members to @mention in a group post (ignored for DMs). */
  mentions: MemberRef[];
  /** Send this file instead of the text. */
  file?: OutboundFile;
}

/** A platform adapter: turns platform events into InboundEvent and delivers outbound messages. */
export interface Channel {
  readonly name: string;
  /** Delivers one message. Throws on failure; the outbox retries. */
  send(message: OutboundMessage): Promise<void>;
  /**
   * Removes a member from a group, where the platform lets the bot (Wechaty: the account must
   * own or manage the group). Absent where it cannot: WeCom's API cannot remove members of a
   * customer group. Throws when the platform refuses.
   */
  removeMember?(group: GroupRef, member: MemberRef): Promise<void>;
}

/** The injected clock: no handler reads the wall clock directly. */
export interface Clock {
  now(): number;
}

/** The speaker of an event, for events that have one. */
export function speakerOf(event: InboundEvent): MemberRef {
  return event.kind === 'join' || event.kind === 'leave' ? event.member : event.from;
}
