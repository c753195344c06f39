// The embedded sandbox: a real Wechaty on wechaty-puppet-mock, seeded with a demo shop,
// plus a driver that lets a person (or a test) speak as any resident, share a card, post a
// photo or invite someone into a group, and read back every group's and DM's timeline (with
// the files the bot sent). Given a data directory, the timeline, the people the page added,
// who is in which group and the files are kept there (store/sandbox-history.ts) and restored.

import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { WechatyBuilder, type Wechaty as WechatyInterface } from 'wechaty';
import * as PUPPET from 'wechaty-puppet';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Logger } from '../logger.ts';
import type { Clock, SharedCard } from '../types.ts';
import { SandboxHistory } from '../../store/sandbox-history.ts';
import { DEMO_SHOP, type DemoPerson, type DemoShop } from './demo-shop.ts';
import type {
  Invitee, SandboxDriver, SandboxFileContent, SandboxGroup, SandboxPerson, SandboxPost, TimelineCard, TimelineEntry, TimelineFile,
} from './sandbox-driver.ts';

export type Mocker = mock.Mocker;
type ContactMock = mock.ContactMock;
type RoomMock = mock.RoomMock;

/** `fromId` of timeline entries that are group notices (someone joined or left), not messages. */
export const SYSTEM_SENDER_ID = 'system';

const isRoomId = (id: string): boolean => id.includes('@');
const aliasKey = (roomId: string, contactId: string): string => `${roomId}/${contactId}`;

/** Ids the page gives the people it adds (邀请入群 with a new name). */
export const ADDED_PERSON_PREFIX = 'wxid_sandbox_';

/**
 * PuppetMock with the few things the demo needs and the mock lacks: group nicknames,
 * link and mini-program cards with real titles, and @mentions that survive the bot's own sends.
 */
export class SandboxPuppet extends PuppetMock {
  /** Group nicknames by `${roomId}/${contactId}`. */
  readonly roomAliases = new Map<string, string>();
  /** Link cards by message id (the mock answers every link with a placeholder). */
  readonly links = new Map<string, PUPPET.payloads.UrlLink>();
  /** Mini-program cards by message id (likewise). */
  readonly miniPrograms = new Map<string, PUPPET.payloads.MiniProgram>();

  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    const payload = await super.roomMemberRawPayload(roomId, contactId);
    const roomAlias = this.roomAliases.get(aliasKey(roomId, contactId));
    return roomAlias ? { ...payload, roomAlias } : payload;
  }

  override async messageUrl(messageId: string): Promise<PUPPET.payloads.UrlLink> {
    return this.links.get(messageId) ?? super.messageUrl(messageId);
  }

  override async messageMiniProgram(messageId: string): Promise<PUPPET.payloads.MiniProgram> {
    return this.miniPrograms.get(messageId) ?? super.messageMiniProgram(messageId);
  }

  // The mock drops the mention ids of a room message the bot sends; keep them.
  override async messageSendText(conversationId: string, text: string, mentionIdList: string[] = []): Promise<void> {
    if (!isRoomId(conversationId) || mentionIdList.length === 0) return super.messageSendText(conversationId, text);
    const { ContactMock, RoomMock } = this.mocker;
    const mentions = mentionIdList.map((id) => ContactMock.load(id));
    ContactMock.load(this.currentUserId).say(text, mentions).to(RoomMock.load(conversationId));
  }

  // The mock's roomDel does nothing: here the bot really removes the member, as WeChat would
  // for a group the account owns, and everyone (the page, the bot) hears the room-leave.
  override async roomDel(roomId: string, contactId: string): Promise<void> {
    const { ContactMock, RoomMock } = this.mocker;
    const room = RoomMock.load(roomId);
    if (!room.payload.memberIdList.includes(contactId)) return;
    room.remove(ContactMock.load(contactId)).by(ContactMock.load(this.currentUserId));
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
  /** Where the timeline, the page's changes to the groups and the files are kept across restarts. */
  history?: SandboxTimelineHistory;
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
  /**
   * The data directory: the timeline, the people the page added, who is in which group and the
   * files are kept in its `sandbox/` folder (store/sandbox-history.ts) and restored from it.
   */
  dataDir?: string;
}

/** Who the page added and who is in which group now: restored over the demo shop at start. */
export interface WorldSnapshot {
  v: 1;
  added: DemoPerson[];
  /** Member ids (the bot's too) by group id. */
  members: Record<string, string[]>;
}

export type SandboxTimelineHistory = SandboxHistory<TimelineEntry, WorldSnapshot>;

/** Opens the sandbox's history in `dataDir/sandbox/`; problems with it are logged, never fatal. */
export function openSandboxHistory(dataDir: string, log: Logger, keep?: number): SandboxTimelineHistory {
  return SandboxHistory.open<TimelineEntry, WorldSnapshot>(dataDir, {
    ...(keep !== undefined ? { keep } : {}),
    isEntry: isTimelineEntry,
    isWorld: isWorldSnapshot,
    filesOf: (entry) => (entry.file ? [entry.file.id] : []),
    onProblem: (problem, err) => log.warn({ err: err?.message }, `sandbox history: ${problem}`),
  });
}

/** The shop as the page last left it: the people it added, and each group's members. */
export function restoreShop(shop: DemoShop, world: WorldSnapshot | undefined): DemoShop {
  if (!world) return shop;
  const known = new Set([shop.bot.id, shop.owner.id, ...shop.residents.map((p) => p.id)]);
  const added = world.added.filter((p) => !known.has(p.id) && p.id.startsWith(ADDED_PERSON_PREFIX));
  for (const p of added) known.add(p.id);
  return {
    ...shop,
    residents: [...shop.residents, ...added],
    groups: shop.groups.map((group) => {
      const saved = world.members[group.id];
      if (!saved) return group;
      const memberIds = [...new Set([shop.bot.id, ...saved.filter((id) => known.has(id))])];
      return { ...group, memberIds };
    }),
  };
}

export interface Sandbox extends SandboxWorld {
  /** The Wechaty to attach the channel adapter to; started and logged in. */
  bot: WechatyInterface;
  stop(): Promise<void>;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<Sandbox> {
  const base = opts.shop ?? DEMO_SHOP;
  const history = opts.dataDir === undefined ? undefined : openSandboxHistory(opts.dataDir, opts.log);
  const shop = restoreShop({
    ...base,
    bot: { ...base.bot, name: opts.botName ?? base.bot.name },
    owner: { ...base.owner, name: opts.ownerName ?? base.owner.name },
  }, history?.world);
  const world: SandboxWorld = { ...seedDemoShop(new SandboxPuppet(), shop), ...(history ? { history } : {}) };
  const bot = WechatyBuilder.build({ puppet: world.puppet });
  // Needed before start (an unheard 'error' would throw); the channel adapter logs errors too.
  bot.on('error', (err) => opts.log.debug({ err }, 'sandbox Wechaty error'));
  await bot.start();

  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  loginBot(world);
  await loggedIn;
  await bot.ready();
  opts.log.info({ bot: shop.bot.name, groups: shop.groups.map((group) => group.name) }, 'sandbox started');
  return {
    ...world, bot,
    stop: async () => {
      await bot.stop();
      history?.close();
    },
  };
}

export interface SandboxDriverOptions {
  clock: Clock;
  advance: (ms: number) => Promise<void>;
  botName: string;
  /** Timeline entries kept in memory (default 2,000; up to twice as many before they are cut back). */
  keep?: number;
}

/** The SandboxDriver, plus what the mock can do beyond chatting. */
export interface SandboxControls extends SandboxDriver {
  /** `inviterId` brings `memberId` into a group: a real room-join reaches the bot. */
  addMember(groupId: string, memberId: string, inviterId: string): Promise<void>;
  /** `memberId` leaves a group (or is removed by `removerId`). */
  removeMember(groupId: string, memberId: string, removerId?: string): Promise<void>;
  /** A person shares a link card into a group, or to the bot (groupId null). */
  shareLink(fromId: string, groupId: string | null, card: Omit<SharedCard, 'type'> & { url: string }): Promise<void>;
  post(fromId: string, groupId: string | null, post: SandboxPost, messageId?: string): Promise<void>;
  keepPhoto(bytes: Buffer, type: 'jpeg' | 'png'): string;
  invite(groupId: string, inviterId: string, who: Invitee): Promise<SandboxPerson>;
  file(id: string): SandboxFileContent | undefined;
  /** Stops recording the timeline. */
  close(): void;
}

/** Files kept in memory when there is no data directory (tests): the most recent ones. */
const MEMORY_FILES = 100;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

export function createSandboxDriver(world: SandboxWorld, opts: SandboxDriverOptions): SandboxControls {
  const { puppet, mocker, shop, ids, history } = world;
  const keep = Math.max(1, opts.keep ?? 2_000);
  const entries: TimelineEntry[] = history ? [...history.loaded] : [];
  let lastSeq = entries.at(-1)?.seq ?? 0;
  /** Message ids in the timeline: a message said again after a crash (same id) shows once. */
  let recorded = new Set(entries.flatMap((e) => (e.messageId ? [e.messageId] : [])));
  const listeners = new Set<(entry: TimelineEntry) => void>();
  /** The people the page added this run (those of earlier runs are in shop.residents). */
  const added: DemoPerson[] = [];
  /** File bytes when there is no history to keep them in. */
  const memoryFiles = new Map<string, Buffer>();
  /** Photos kept for a post, by file id, until their message is recorded. */
  const photos = new Map<string, TimelineFile>();
  /** The photo a message shows, by message id (set just before the mock delivers it). */
  const photoOf = new Map<string, TimelineFile>();

  const nameOf = (id: string): string => mocker.contactPayload(id).name;
  const shownName = (id: string, roomId?: string): string =>
    (roomId && puppet instanceof SandboxPuppet && puppet.roomAliases.get(aliasKey(roomId, id))) || nameOf(id);

  const record = (entry: Omit<TimelineEntry, 'seq' | 'at'>): void => {
    if (entry.messageId !== undefined) {
      if (recorded.has(entry.messageId)) return;
      recorded.add(entry.messageId);
    }
    const full: TimelineEntry = { seq: ++lastSeq, at: opts.clock.now(), ...entry };
    entries.push(full);
    if (entries.length >= 2 * keep) {
      entries.splice(0, entries.length - keep);
      recorded = new Set(entries.flatMap((e) => (e.messageId ? [e.messageId] : [])));
    }
    history?.append(full);
    for (const listener of listeners) {
      // The mock emits inside the sender's call: a failing page listener must not fail the send.
      try {
        listener(full);
      } catch {
        // The listener's own problem.
      }
    }
  };

  const keepBytes = (bytes: Buffer): string => {
    const id = randomUUID();
    if (!history?.putFile(id, bytes)) {
      memoryFiles.set(id, bytes);
      if (memoryFiles.size > MEMORY_FILES) memoryFiles.delete(memoryFiles.keys().next().value!);
    }
    return id;
  };

  /** A file the bot sent: the mock keeps its FileBox (base64, bot/channels/wechaty.ts). */
  const sentFile = (messageId: string): TimelineFile | undefined => {
    const box = fileBoxOf(mocker, messageId);
    if (!box) return undefined;
    const name = box.name || '文件';
    const bytes = box.base64 !== undefined ? Buffer.from(box.base64, 'base64') : undefined;
    const image = IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
    if (!bytes) return { id: '', name, bytes: 0, image };
    return { id: keepBytes(bytes), name, bytes: bytes.length, image };
  };

  const onMessage = ({ messageId }: PUPPET.payloads.EventMessage): void => {
    const message = mocker.messagePayload(messageId);
    const fromId = message.talkerId ?? '';
    const roomId = message.roomId;
    const peerId = fromId === ids.bot ? message.listenerId ?? '' : fromId;
    const file = photoOf.get(messageId) ?? sentFile(messageId);
    photoOf.delete(messageId);
    const card = cardOf(message, puppet);
    record({
      chat: roomId ?? `dm:${peerId}`,
      fromId,
      fromName: shownName(fromId, roomId),
      text: timelineText(message, card, file),
      fromBot: fromId === ids.bot,
      messageId,
      // A file the mock holds no bytes of (none the bot sends) shows by name only.
      ...(file?.id ? { file } : {}),
      ...(card ? { card } : {}),
    });
  };

  const people = (): SandboxPerson[] =>
    [shop.owner, ...shop.residents, ...added].map((person) => ({
      id: person.id, name: nameOf(person.id), isOwner: person.id === ids.owner,
    }));

  const groups = (): SandboxGroup[] =>
    shop.groups.map((group) => {
      const payload = mocker.roomPayload(group.id);
      return { id: group.id, name: payload.topic, memberIds: [...payload.memberIdList] };
    });

  /** Who the page added and who is in which group, for the next start. */
  const saveWorld = (): void => {
    if (!history) return;
    const addedPeople = [...shop.residents, ...added]
      .filter((p) => p.id.startsWith(ADDED_PERSON_PREFIX))
      .map((p) => ({ id: p.id, name: nameOf(p.id) }));
    history.saveWorld({ v: 1, added: addedPeople, members: Object.fromEntries(groups().map((g) => [g.id, g.memberIds])) });
  };

  const onJoin = ({ roomId, inviteeIdList, inviterId }: PUPPET.payloads.EventRoomJoin): void => {
    const invitees = inviteeIdList.map((id) => `“${nameOf(id)}”`).join('、');
    saveWorld();
    record({
      chat: roomId, fromId: SYSTEM_SENDER_ID, fromName: '', fromBot: false,
      text: `“${shownName(inviterId, roomId)}”邀请${invitees}加入了群聊`,
    });
  };

  const onLeave = ({ roomId, removeeIdList, removerId }: PUPPET.payloads.EventRoomLeave): void => {
    saveWorld();
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

  const fileBytes = (id: string): Buffer | undefined => memoryFiles.get(id) ?? history?.readFile(id);

  const addMember = async (groupId: string, memberId: string, inviterId: string): Promise<void> => {
    const room = memberRoom(groupId, inviterId);
    if (room.payload.memberIdList.includes(memberId)) throw new Error(`${memberId} is already in ${groupId}`);
    room.add(contact(memberId)).by(contact(inviterId));
  };

  const post = async (fromId: string, groupId: string | null, what: SandboxPost, messageId: string = randomUUID()): Promise<void> => {
    const from = speaker(fromId);
    const to = groupId === null
      ? { listenerId: ids.bot }
      : { roomId: memberRoom(groupId, fromId).id, mentionIdList: [] };
    const base = { id: messageId, talkerId: from.id, timestamp: opts.clock.now() };
    // ContactMock.say() only sends text and files, so a card or a photo is built by hand.
    switch (what.kind) {
      case 'link': {
        const card = { title: what.title, url: what.url, ...(what.description ? { description: what.description } : {}) };
        if (puppet instanceof SandboxPuppet) puppet.links.set(messageId, card);
        mocker.MessageMock.create({ ...base, ...to, type: PUPPET.types.Message.Url, text: what.title });
        break;
      }
      case 'miniprogram': {
        const card = { title: what.title, ...(what.description ? { description: what.description } : {}) };
        if (puppet instanceof SandboxPuppet) puppet.miniPrograms.set(messageId, card);
        mocker.MessageMock.create({ ...base, ...to, type: PUPPET.types.Message.MiniProgram, text: what.title });
        break;
      }
      case 'photo': {
        // Kept this run (keepPhoto), or before a restart (a journaled photo said again).
        const kept = photos.get(what.file);
        const bytes = kept ? undefined : fileBytes(what.file);
        if (!kept && !bytes) throw new Error(`no photo ${what.file}`);
        const file = kept ?? { id: what.file, name: 'photo.jpg', bytes: bytes!.length, image: true };
        photos.delete(what.file);
        photoOf.set(messageId, file);
        mocker.MessageMock.create({ ...base, ...to, type: PUPPET.types.Message.Image, filename: file.name });
        break;
      }
    }
    puppet.emit('message', { messageId });
  };

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

    addMember,
    async removeMember(groupId, memberId, removerId = memberId) {
      memberRoom(groupId, memberId).remove(contact(memberId)).by(contact(removerId));
    },
    shareLink: (fromId, groupId, card) => post(fromId, groupId, { kind: 'link', ...card }),
    post,
    keepPhoto(bytes, type) {
      const id = keepBytes(bytes);
      photos.set(id, { id, name: `photo.${type === 'png' ? 'png' : 'jpg'}`, bytes: bytes.length, image: true });
      return id;
    },
    async invite(groupId, inviterId, who) {
      memberRoom(groupId, inviterId);
      let person = 'id' in who
        ? people().find((p) => p.id === who.id)
        : people().find((p) => p.name === who.name.trim());
      if (!person && 'id' in who) throw new Error(`no such person: ${who.id}`);
      if (!person && 'name' in who) {
        // Someone new to the shop: a WeChat contact the bot has not met.
        const name = who.name.trim();
        const id = `${ADDED_PERSON_PREFIX}${randomUUID().slice(0, 8)}`;
        mocker.createContact({
          id, name, avatar: '', phone: [], friend: true,
          gender: PUPPET.types.ContactGender.Unknown, type: PUPPET.types.Contact.Individual,
          address: undefined, city: undefined, province: undefined, signature: undefined,
        });
        added.push({ id, name });
        person = { id, name, isOwner: false };
      }
      await addMember(groupId, person!.id, inviterId);
      return person!;
    },
    file(id) {
      const entry = entries.find((e) => e.file?.id === id);
      if (!entry?.file) return undefined;
      const bytes = fileBytes(id);
      return bytes ? { name: entry.file.name, bytes, image: entry.file.image } : undefined;
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

/** A file the bot sent: the mock keeps the FileBox, but types most files as Unknown. */
function fileBoxOf(mocker: Mocker, messageId: string): { name?: string; base64?: string } | undefined {
  const box = mocker.cacheFileBoxPayload.get(messageId) as unknown;
  if (!box) return undefined;
  return typeof box === 'string' ? (JSON.parse(box) as { name?: string; base64?: string }) : (box as { name?: string; base64?: string });
}

function cardOf(message: PUPPET.payloads.Message, puppet: PuppetMock): TimelineCard | undefined {
  if (!(puppet instanceof SandboxPuppet)) return undefined;
  if (message.type === PUPPET.types.Message.Url) {
    const link = puppet.links.get(message.id);
    return link ? { type: 'link', title: link.title, url: link.url, ...(link.description ? { description: link.description } : {}) } : undefined;
  }
  if (message.type === PUPPET.types.Message.MiniProgram) {
    const program = puppet.miniPrograms.get(message.id);
    return program ? { type: 'miniprogram', title: program.title ?? '', ...(program.description ? { description: program.description } : {}) } : undefined;
  }
  return undefined;
}

function timelineText(message: PUPPET.payloads.Message, card: TimelineCard | undefined, file: TimelineFile | undefined): string {
  if (file) return file.image ? '[图片]' : `[文件] ${file.name}`;
  if (message.type === PUPPET.types.Message.Text) return message.text ?? '';
  if (message.type === PUPPET.types.Message.Url) return `[链接] ${card?.title ?? message.text ?? ''}`;
  if (message.type === PUPPET.types.Message.MiniProgram) return `[小程序] ${card?.title ?? message.text ?? ''}`.trimEnd();
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

// What a line of the kept timeline and the world file must be; anything else is skipped.

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isTimelineEntry(value: unknown): value is TimelineEntry {
  if (!isRecord(value)) return false;
  const { seq, at, chat, fromId, fromName, text, fromBot, messageId, file, card } = value;
  if (!Number.isSafeInteger(seq) || typeof at !== 'number' || !Number.isFinite(at)) return false;
  if (![chat, fromId, fromName, text].every(isString) || typeof fromBot !== 'boolean') return false;
  if (messageId !== undefined && !isString(messageId)) return false;
  if (file !== undefined && !(isRecord(file) && isString(file['id']) && isString(file['name'])
    && typeof file['bytes'] === 'number' && typeof file['image'] === 'boolean')) return false;
  if (card !== undefined && !(isRecord(card) && (card['type'] === 'link' || card['type'] === 'miniprogram') && isString(card['title'])
    && (card['url'] === undefined || isString(card['url'])) && (card['description'] === undefined || isString(card['description'])))) return false;
  return true;
}

function isWorldSnapshot(value: unknown): value is WorldSnapshot {
  if (!isRecord(value) || value['v'] !== 1 || !Array.isArray(value['added']) || !isRecord(value['members'])) return false;
  const people = value['added'].every((p: unknown) => isRecord(p) && isString(p['id']) && isString(p['name']));
  const members = Object.values(value['members']).every((ids) => Array.isArray(ids) && ids.every(isString));
  return people && members;
}
