// The embedded sandbox: a real Wechaty on wechaty-puppet-mock, seeded with a demo shop,
// plus a driver that lets a person (or a test) speak as any resident and read back
// every group's and DM's timeline.

import { randomUUID } from 'node:crypto';
import { WechatyBuilder, type Wechaty as WechatyInterface } from 'wechaty';
import * as PUPPET from 'wechaty-puppet';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Logger } from '../logger.ts';
import type { Clock, SharedCard } from '../types.ts';
import { DEMO_SHOP, type DemoShop } from './demo-shop.ts';
import type { SandboxDriver, SandboxGroup, SandboxPerson, TimelineEntry } from './sandbox-driver.ts';

export type Mocker = mock.Mocker;
type ContactMock = mock.ContactMock;
type RoomMock = mock.RoomMock;

/** `fromId` of timeline entries that are group notices (someone joined or left), not messages. */
export const SYSTEM_SENDER_ID = 'system';

const isRoomId = (id: string): boolean => id.includes('@');
const aliasKey = (roomId: string, contactId: string): string => `${roomId}/${contactId}`;

/**
 * PuppetMock with the few things the demo needs and the mock lacks: group nicknames,
 * link cards with real titles, and @mentions that survive the bot's own sends.
 */
export class SandboxPuppet extends PuppetMock {
  /** Group nicknames by `${roomId}/${contactId}`. */
  readonly roomAliases = new Map<string, string>();
  /** Link cards by message id (the mock answers every link with a placeholder). */
  readonly links = new Map<string, PUPPET.payloads.UrlLink>();

  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    const payload = await super.roomMemberRawPayload(roomId, contactId);
    const roomAlias = this.roomAliases.get(aliasKey(roomId, contactId));
    return roomAlias ? { ...payload, roomAlias } : payload;
  }

  override async messageUrl(messageId: string): Promise<PUPPET.payloads.UrlLink> {
    return this.links.get(messageId) ?? super.messageUrl(messageId);
  }

  // The mock drops the mention ids of a room message the bot sends; keep them.
  override async messageSendText(conversationId: string, text: string, mentionIdList: string[] = []): Promise<void> {
    if (!isRoomId(conversationId) || mentionIdList.length === 0) return super.messageSendText(conversationId, text);
    const { ContactMock, RoomMock } = this.mocker;
    const mentions = mentionIdList.map((id) => ContactMock.load(id));
    ContactMock.load(this.currentUserId).say(text, mentions).to(RoomMock.load(conversationId));
  }

  // After a join or a leave, Wechaty refreshes "room member" payloads by looking the room
  // id up as a contact; the mock throws on that and Wechaty reports an error each time.
  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    if (!isRoomId(id)) return super.contactRawPayload(id);
    const room = this.mocker.roomPayload(id);
    return {
      id, name: room.topic, avatar: '', phone: [],
      gender: PUPPET.types.ContactGender.Unknown, type: PUPPET.types.Contact.Unknown,
    };
  }
}

/** A mock puppet seeded with a shop, and the ids to find its people by name. */
export interface SandboxWorld {
  puppet: PuppetMock;
  mocker: Mocker;
  shop: DemoShop;
  ids: {
    bot: string;
    owner: string;
    /** Group id by group name. */
    groups: Record<string, string>;
    /** Resident id by name. */
    residents: Record<string, string>;
  };
}

/**
 * Creates the shop's people and groups in a PuppetMock's mocker. Group nicknames need a
 * SandboxPuppet; on a plain PuppetMock everyone goes by their own name.
 */
export function seedDemoShop(puppet: PuppetMock, shop: DemoShop = DEMO_SHOP): SandboxWorld {
  const { mocker } = puppet;
  for (const person of [shop.bot, shop.owner, ...shop.residents]) {
    mocker.createContact({
      id: person.id, name: person.name, avatar: '', phone: [], friend: true,
      gender: PUPPET.types.ContactGender.Unknown, type: PUPPET.types.Contact.Individual,
      address: undefined, city: undefined, province: undefined, signature: undefined,
    });
  }
  for (const group of shop.groups) {
    // A copy: the mock adds and removes members in this very array.
    mocker.createRoom({
      id: group.id, topic: group.name, memberIdList: [...group.memberIds],
      ownerId: shop.owner.id, adminIdList: [], avatar: '',
    });
    if (puppet instanceof SandboxPuppet) {
      for (const [memberId, alias] of Object.entries(group.aliases)) {
        puppet.roomAliases.set(aliasKey(group.id, memberId), alias);
      }
    }
  }
  return {
    puppet,
    mocker,
    shop,
    ids: {
      bot: shop.bot.id,
      owner: shop.owner.id,
      groups: Object.fromEntries(shop.groups.map((group) => [group.name, group.id])),
      residents: Object.fromEntries(shop.residents.map((person) => [person.name, person.id])),
    },
  };
}

/** Logs the seeded bot in. PuppetMock never emits 'ready' by itself, so we do. */
export function loginBot(world: SandboxWorld): void {
  const { mocker, puppet, ids } = world;
  mocker.login(mocker.ContactMock.load(ids.bot));
  puppet.emit('ready', { data: 'sandbox ready' });
}

export interface StartSandboxOptions {
  log: Logger;
  shop?: DemoShop;
  botName?: string;
  ownerName?: string;
}

export interface Sandbox extends SandboxWorld {
  /** The Wechaty to attach the channel adapter to; started and logged in. */
  bot: WechatyInterface;
  stop(): Promise<void>;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<Sandbox> {
  const base = opts.shop ?? DEMO_SHOP;
  const shop: DemoShop = {
    ...base,
    bot: { ...base.bot, name: opts.botName ?? base.bot.name },
    owner: { ...base.owner, name: opts.ownerName ?? base.owner.name },
  };
  const world = seedDemoShop(new SandboxPuppet(), shop);
  const bot = WechatyBuilder.build({ puppet: world.puppet });
  // Needed before start (an unheard 'error' would throw); the channel adapter logs errors too.
  bot.on('error', (err) => opts.log.debug({ err }, 'sandbox Wechaty error'));
  await bot.start();

  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  loginBot(world);
  await loggedIn;
  await bot.ready();
  opts.log.info({ bot: shop.bot.name, groups: shop.groups.map((group) => group.name) }, 'sandbox started');
  return { ...world, bot, stop: () => bot.stop() };
}

export interface SandboxDriverOptions {
  clock: Clock;
  advance: (ms: number) => Promise<void>;
  botName: string;
}

/** The SandboxDriver, plus what the mock can do beyond chatting. */
export interface SandboxControls extends SandboxDriver {
  /** `inviterId` brings `memberId` into a group: a real room-join reaches the bot. */
  addMember(groupId: string, memberId: string, inviterId: string): Promise<void>;
  /** `memberId` leaves a group (or is removed by `removerId`). */
  removeMember(groupId: string, memberId: string, removerId?: string): Promise<void>;
  /** A person shares a link card into a group, or to the bot (groupId null). */
  shareLink(fromId: string, groupId: string | null, card: Omit<SharedCard, 'type'> & { url: string }): Promise<void>;
  /** Stops recording the timeline. */
  close(): void;
}

export function createSandboxDriver(world: SandboxWorld, opts: SandboxDriverOptions): SandboxControls {
  const { puppet, mocker, shop, ids } = world;
  const entries: TimelineEntry[] = [];
  const listeners = new Set<(entry: TimelineEntry) => void>();

  const nameOf = (id: string): string => mocker.contactPayload(id).name;
  const shownName = (id: string, roomId?: string): string =>
    (roomId && puppet instanceof SandboxPuppet && puppet.roomAliases.get(aliasKey(roomId, id))) || nameOf(id);

  const record = (entry: Omit<TimelineEntry, 'seq' | 'at'>): void => {
    const full: TimelineEntry = { seq: entries.length + 1, at: opts.clock.now(), ...entry };
    entries.push(full);
    for (const listener of listeners) {
      // The mock emits inside the sender's call: a failing page listener must not fail the send.
      try {
        listener(full);
      } catch {
        // The listener's own problem.
      }
    }
  };

  const onMessage = ({ messageId }: PUPPET.payloads.EventMessage): void => {
    const message = mocker.messagePayload(messageId);
    const fromId = message.talkerId ?? '';
    const roomId = message.roomId;
    const peerId = fromId === ids.bot ? message.listenerId ?? '' : fromId;
    record({
      chat: roomId ?? `dm:${peerId}`,
      fromId,
      fromName: shownName(fromId, roomId),
      text: timelineText(message, puppet, fileNameOf(mocker, messageId)),
      fromBot: fromId === ids.bot,
    });
  };

  const onJoin = ({ roomId, inviteeIdList, inviterId }: PUPPET.payloads.EventRoomJoin): void => {
    const invitees = inviteeIdList.map((id) => `“${nameOf(id)}”`).join('、');
    record({
      chat: roomId, fromId: SYSTEM_SENDER_ID, fromName: '', fromBot: false,
      text: `“${shownName(inviterId, roomId)}”邀请${invitees}加入了群聊`,
    });
  };

  const onLeave = ({ roomId, removeeIdList, removerId }: PUPPET.payloads.EventRoomLeave): void => {
    for (const id of removeeIdList) {
      const text = id === removerId
        ? `“${shownName(id, roomId)}”退出了群聊`
        : `“${shownName(removerId, roomId)}”将“${shownName(id, roomId)}”移出了群聊`;
      record({ chat: roomId, fromId: SYSTEM_SENDER_ID, fromName: '', fromBot: false, text });
    }
  };

  puppet.on('message', onMessage);
  puppet.on('room-join', onJoin);
  puppet.on('room-leave', onLeave);

  const contact = (id: string): ContactMock => mocker.ContactMock.load(id);
  const memberRoom = (groupId: string, memberId: string): RoomMock => {
    const room = mocker.RoomMock.load(groupId);
    if (!room.payload.memberIdList.includes(memberId)) throw new Error(`${memberId} is not a member of ${groupId}`);
    return room;
  };
  const speaker = (id: string): ContactMock => {
    if (id === ids.bot) throw new Error('the bot speaks through its channel, not the sandbox driver');
    return contact(id);
  };

  // Residents type "@王阿姨"; WeChat turns that into a mention id, which is what Wechaty reads.
  const mentionedIn = (room: RoomMock, text: string): ContactMock[] =>
    room.payload.memberIdList
      .filter((id) => [shownName(id, room.id), nameOf(id)].some((name) => mentions(text, name)))
      .map(contact);

  const people = (): SandboxPerson[] =>
    [shop.owner, ...shop.residents].map((person) => ({
      id: person.id, name: nameOf(person.id), isOwner: person.id === ids.owner,
    }));

  const groups = (): SandboxGroup[] =>
    shop.groups.map((group) => {
      const payload = mocker.roomPayload(group.id);
      return { id: group.id, name: payload.topic, memberIds: [...payload.memberIdList] };
    });

  return {
    botName: () => opts.botName,
    people,
    groups,
    async say(fromId, groupId, text, messageId) {
      const from = speaker(fromId);
      if (messageId === undefined) {
        if (groupId === null) {
          from.say(text).to(contact(ids.bot));
          return;
        }
        const room = memberRoom(groupId, fromId);
        from.say(text, mentionedIn(room, text)).to(room);
        return;
      }
      // The message the mock's say() would build, under the id it was journaled with.
      const base = { id: messageId, talkerId: from.id, timestamp: Date.now(), type: PUPPET.types.Message.Text, text };
      if (groupId === null) {
        mocker.MessageMock.create({ ...base, listenerId: ids.bot });
      } else {
        const room = memberRoom(groupId, fromId);
        mocker.MessageMock.create({ ...base, roomId: room.id, mentionIdList: mentionedIn(room, text).map((c) => c.id) });
      }
      puppet.emit('message', { messageId });
    },
    timeline: () => [...entries],
    onEntry(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now: () => opts.clock.now(),
    advance: (ms) => opts.advance(ms),

    async addMember(groupId, memberId, inviterId) {
      const room = memberRoom(groupId, inviterId);
      if (room.payload.memberIdList.includes(memberId)) throw new Error(`${memberId} is already in ${groupId}`);
      room.add(contact(memberId)).by(contact(inviterId));
    },
    async removeMember(groupId, memberId, removerId = memberId) {
      memberRoom(groupId, memberId).remove(contact(memberId)).by(contact(removerId));
    },
    async shareLink(fromId, groupId, card) {
      const from = speaker(fromId);
      const messageId = randomUUID();
      if (puppet instanceof SandboxPuppet) puppet.links.set(messageId, { ...card });
      const base = { id: messageId, talkerId: from.id, timestamp: opts.clock.now(), type: PUPPET.types.Message.Url, text: card.title };
      const to = groupId === null
        ? { listenerId: ids.bot }
        : { roomId: memberRoom(groupId, fromId).id, mentionIdList: [] };
      // ContactMock.say() only sends text and files, so the card message is built by hand.
      mocker.MessageMock.create({ ...base, ...to });
      puppet.emit('message', { messageId });
    },
    close() {
      puppet.off('message', onMessage);
      puppet.off('room-join', onJoin);
      puppet.off('room-leave', onLeave);
      listeners.clear();
    },
  };
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`@${escaped}(?=[\\s\\u2005]|$)`).test(text);
}

/** The name of a file the bot sent: the mock keeps the FileBox, but types most files as Unknown. */
function fileNameOf(mocker: Mocker, messageId: string): string | undefined {
  const box = mocker.cacheFileBoxPayload.get(messageId) as unknown;
  if (!box) return undefined;
  const json = typeof box === 'string' ? (JSON.parse(box) as { name?: string }) : (box as { name?: string });
  return json.name;
}

function timelineText(message: PUPPET.payloads.Message, puppet: PuppetMock, fileName?: string): string {
  if (fileName) return `[文件] ${fileName}`;
  if (message.type === PUPPET.types.Message.Text) return message.text ?? '';
  if (message.type === PUPPET.types.Message.Url) {
    const card = puppet instanceof SandboxPuppet ? puppet.links.get(message.id) : undefined;
    return `[链接] ${card?.title ?? message.text ?? ''}`;
  }
  const placeholder = `[${PLACEHOLDERS[message.type] ?? '消息'}]`;
  return message.filename ? `${placeholder} ${message.filename}` : placeholder;
}

const PLACEHOLDERS: Partial<Record<PUPPET.types.Message, string>> = {
  [PUPPET.types.Message.Image]: '图片',
  [PUPPET.types.Message.Audio]: '语音',
  [PUPPET.types.Message.Video]: '视频',
  [PUPPET.types.Message.Emoticon]: '表情',
  [PUPPET.types.Message.Attachment]: '文件',
  [PUPPET.types.Message.MiniProgram]: '小程序',
};
