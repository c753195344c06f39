// The Wechaty channel: turns Wechaty messages and room events into InboundEvent, and
// delivers OutboundMessage through Wechaty. The same adapter runs on the embedded
// sandbox (wechaty-puppet-mock) and on any Wechaty puppet service.

import {
  WechatyBuilder,
  qrcodeValueToImageUrl,
  types,
  type Contact,
  type Message,
  type Room,
  type Wechaty as WechatyInterface,
} from 'wechaty';
import { readFileSync } from 'node:fs';
import { FileBox } from 'file-box';
import { PuppetService } from 'wechaty-puppet-service';
import type { Logger } from '../logger.ts';
import { SendLater } from '../send-later.ts';
import { readAppMessage } from './app-message.ts';
import { jielongLines, parseSolitaireXml } from './solitaire-xml.ts';
import type {
  Channel,
  Clock,
  GroupRef,
  InboundEvent,
  MemberRef,
  OutboundMessage,
  RawMessage,
  SharedCard,
} from '../types.ts';

export type { WechatyInterface };

/** The groups the account is in and who is in each, as the platform says now. */
export type Roster = Array<{ group: GroupRef; members: MemberRef[] }>;

/**
 * Whether the account can send: logged in; logged out (never logged in since start, or
 * logged out by WeChat or on the phone: someone has to scan the QR code again); or
 * disconnected (the puppet was stopped or reset, as wechaty-puppet's watchdog does when the
 * puppet service goes quiet: it usually comes back by itself).
 */
export type ConnectionState = 'logged-in' | 'logged-out' | 'disconnected';

/** What /healthz and the outage watch read (bot/healthz.ts, bot/outage.ts). */
export interface ChannelStatus {
  state: ConnectionState;
  /** When the channel entered this state (the attach time for the first state). */
  since: number;
  /** The last message, join or leave received; undefined until one is. */
  lastInboundAt?: number;
  /** The last message delivered; undefined until one is. */
  lastOutboundAt?: number;
}

export interface WechatyChannel extends Channel {
  /** Resolves once every event received so far has been handed to onEvent. */
  idle(): Promise<void>;
  /** Reads the groups and their members (call once logged in). */
  roster(): Promise<Roster>;
  status(): ChannelStatus;
  /** Called on every change of state, after it happened; returns how to stop listening. */
  onStateChange(listener: (state: ConnectionState, at: number) => void): () => void;
}

export interface AttachWechatyOptions {
  clock: Clock;
  onEvent: (event: InboundEvent) => Promise<void>;
  log: Logger;
  /**
   * While the account is not logged in a send answers "not now" (SendLater) this far ahead
   * (default 5 min), so the outbox keeps the message without using up its attempts. The
   * outage watch (bot/outage.ts) lets the waiting messages go as soon as the account is back;
   * this is only how often they would knock again without it.
   */
  recheckMs?: number;
}

/** How long a message refused while the account is down waits before it knocks again. */
export const DOWN_RECHECK_MS = 5 * 60_000;

/** wechaty-puppet's reason for the logout it reports when the puppet is stopped or reset. */
const PUPPET_STOPPED = 'puppet stop()';

export function attachWechaty(bot: WechatyInterface, opts: AttachWechatyOptions): WechatyChannel {
  const { clock, log } = opts;
  const recheckMs = opts.recheckMs ?? DOWN_RECHECK_MS;

  // Attached before bot.start() (a puppet service) it is not logged in yet: sends wait for the login.
  const status: ChannelStatus = { state: puppetLoggedIn(bot) ? 'logged-in' : 'logged-out', since: clock.now() };
  const stateListeners = new Set<(state: ConnectionState, at: number) => void>();
  const setState = (state: ConnectionState): void => {
    if (status.state === state) return;
    const at = clock.now();
    status.state = state;
    status.since = at;
    for (const listener of [...stateListeners]) {
      try {
        listener(state, at);
      } catch (err) {
        log.error({ err: (err as Error).message, state }, 'a channel state listener failed');
      }
    }
  };
  const received = (): void => void (status.lastInboundAt = clock.now());

  // Events are handed over one at a time, in the order Wechaty delivers them: a 接龙 and
  // its corrections must reach the handlers in the order residents posted them.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (what: string, read: () => Promise<InboundEvent[]>): void => {
    queue = queue.then(async () => {
      let events: InboundEvent[];
      try {
        events = await read();
      } catch (err) {
        log.error({ err, what }, 'could not read a Wechaty event');
        return;
      }
      for (const event of events) {
        try {
          await opts.onEvent(event);
        } catch (err) {
          log.error({ err, eventId: event.id, kind: event.kind }, 'event handler failed');
        }
      }
    });
  };

  bot.on('message', (message) => {
    // The mock (and a phone logged into the bot account) echoes the bot's own sends.
    if (message.self()) return;
    const at = clock.now();
    received();
    enqueue(`message ${message.id}`, async () => {
      const event = await messageToEvent(message, at);
      if (!event) log.debug({ id: message.id, type: types.Message[message.type()] }, 'ignored a message type');
      return event ? [event] : [];
    });
  });

  bot.on('room-join', (room, invitees, inviter) => {
    const at = clock.now();
    received();
    enqueue(`room-join ${room.id}`, async () => {
      const group = await groupRefOf(room);
      const inviterRef = await memberRefOf(inviter, room);
      const events: InboundEvent[] = [];
      for (const invitee of invitees) {
        if (invitee.self()) continue;
        const member = await memberRefOf(invitee, room);
        events.push({ kind: 'join', id: `join:${room.id}:${invitee.id}:${at}`, at, group, member, inviter: inviterRef });
      }
      return events;
    });
  });

  bot.on('room-leave', (room, leavers) => {
    const at = clock.now();
    received();
    enqueue(`room-leave ${room.id}`, async () => {
      const group = await groupRefOf(room);
      const events: InboundEvent[] = [];
      for (const leaver of leavers) {
        if (leaver.self()) {
          log.warn({ group }, 'the bot left or was removed from a group');
          continue;
        }
        const member = await memberRefOf(leaver, room);
        events.push({ kind: 'leave', id: `leave:${room.id}:${leaver.id}:${at}`, at, group, member });
      }
      return events;
    });
  });

  // Without an 'error' listener an EventEmitter error kills the process; the mock also
  // reports harmless errors on room events (it is asked for a room as if it were a contact).
  bot.on('error', (err) => log.warn({ err }, 'Wechaty reported an error'));
  bot.on('scan', (qrcode, status) => {
    log.info({ status: types.ScanStatus[status], url: qrcodeValueToImageUrl(qrcode) }, 'scan the QR code with WeChat to log in');
  });
  bot.on('login', (user) => {
    log.info({ id: user.id, name: user.name() }, 'Wechaty logged in');
    setState('logged-in');
  });
  bot.on('logout', (user, reason?: string) => {
    // A stopped or reset puppet reports a logout too; the account itself may still be logged in.
    const state: ConnectionState = reason === PUPPET_STOPPED ? 'disconnected' : 'logged-out';
    log.warn({ id: user.id, name: user.name(), reason, state }, 'Wechaty logged out');
    setState(state);
  });

  /** Not now: the outbox keeps the message in its place without counting an attempt. */
  const notNow = (): SendLater =>
    new SendLater(clock.now() + recheckMs, status.state === 'disconnected' ? '与微信的连接断开了，恢复后再发' : '微信没有登录，登录后再发');

  async function send(message: OutboundMessage): Promise<void> {
    // Wechaty tells of a login or logout only after looking the account up (and not at all if
    // that fails); the puppet knows first, so it has the last word.
    const loggedIn = puppetLoggedIn(bot);
    if (loggedIn !== (status.state === 'logged-in')) setState(loggedIn ? 'logged-in' : 'logged-out');
    if (!loggedIn) throw notNow();
    try {
      await deliver(message);
    } catch (err) {
      // Logged out or cut off while sending: it waits for the account, like the rest.
      if (status.state !== 'logged-in' || !puppetLoggedIn(bot)) throw notNow();
      throw err;
    }
    status.lastOutboundAt = clock.now();
  }

  async function deliver(message: OutboundMessage): Promise<void> {
    const { to } = message;
    // A file goes as a real attachment, which WeChat shows with its name and size. Base64,
    // not fromFile: a puppet service (and the mock) serialises the FileBox, and a file-path
    // FileBox cannot be serialised. Pick lists are a few kilobytes.
    const content = message.file ? FileBox.fromBase64(readFileSync(message.file.path).toString('base64'), message.file.name) : message.text;
    if (to.kind === 'group') {
      const room = await bot.Room.find({ id: to.group.id });
      if (!room) throw new Error(`Wechaty: group ${to.group.id} (${to.group.name}) not found`);
      const mentions: Contact[] = [];
      for (const member of message.mentions) {
        const contact = await bot.Contact.find({ id: member.id });
        if (contact) mentions.push(contact);
        else log.warn({ memberId: member.id }, 'cannot @mention a contact that was not found');
      }
      // Passing contacts (not "@name" text) is what makes WeChat show a real @mention.
      if (typeof content === 'string') await room.say(content, ...mentions);
      else await room.say(content);
      return;
    }
    const contact = await bot.Contact.find({ id: to.member.id });
    if (!contact) throw new Error(`Wechaty: contact ${to.member.id} (${to.member.name}) not found`);
    await contact.say(content);
  }

  /** Wechaty's room.del: WeChat lets only the group's owner or an admin do it, and says no otherwise. */
  async function removeMember(group: GroupRef, member: MemberRef): Promise<void> {
    const room = await bot.Room.find({ id: group.id });
    if (!room) throw new Error(`Wechaty: group ${group.id} (${group.name}) not found`);
    const contact = await bot.Contact.find({ id: member.id });
    if (!contact) throw new Error(`Wechaty: contact ${member.id} not found`);
    // Wechaty types del() with its implementation class; every contact it hands out is one.
    await room.del(contact as Parameters<Room['del']>[0]);
  }

  async function roster(): Promise<Roster> {
    const out: Roster = [];
    for (const room of await bot.Room.findAll()) {
      const group = await groupRefOf(room);
      const members: MemberRef[] = [];
      for (const contact of await room.memberAll()) {
        if (contact.id !== bot.currentUser.id) members.push(await memberRefOf(contact, room));
      }
      out.push({ group, members });
    }
    return out;
  }

  return {
    name: 'wechaty', send, removeMember, idle: () => queue, roster,
    status: () => ({ ...status }),
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
  };
}

/** Whether the puppet has a logged-in account; false before the Wechaty is started. */
function puppetLoggedIn(bot: WechatyInterface): boolean {
  try {
    return bot.puppet.isLoggedIn;
  } catch {
    return false;
  }
}

async function messageToEvent(message: Message, at: number): Promise<InboundEvent | undefined> {
  const room = message.room();
  const from = await memberRefOf(message.talker(), room);
  const group = room ? await groupRefOf(room) : undefined;
  const base = { id: message.id, at, ...(group ? { group } : {}) };
  const type = message.type();
  const raw: RawMessage = { platform: 'wechaty', type: types.Message[type] ?? String(type) };
  const share = (card: SharedCard, xml?: string): InboundEvent => ({ ...base, kind: 'share', from, card, raw: xml ? { ...raw, xml } : raw });

  switch (type) {
    case types.Message.Text: {
      const mentioned = room ? await message.mentionList() : [];
      const others = mentioned.filter((contact) => !contact.self());
      return {
        ...base,
        kind: 'text',
        from,
        text: message.text(),
        mentionsBot: room ? await message.mentionSelf() : false,
        mentions: await Promise.all(others.map((contact) => memberRefOf(contact, room))),
        raw,
      };
    }
    case types.Message.Url: {
      const link = await message.toUrlLink();
      const description = link.description();
      return share({ type: 'link', title: link.title(), url: link.url(), ...(description ? { description } : {}) });
    }
    case types.Message.MiniProgram: {
      const program = await message.toMiniProgram();
      const description = program.description();
      return share({ type: 'miniprogram', title: program.title() || description || '', ...(description ? { description } : {}) });
    }
    case types.Message.Image:
      // A photo has no words of its own; a 晒单 says so in a message beside it.
      return share({ type: 'photo', title: '' });
    default: {
      const text = message.text();
      if (!isXml(text)) return undefined;
      const app = readAppMessage(text);
      if (app.channel) return share(app.channel, text);
      // A 接龙 from WeChat's 接龙 tool: its text, and who added which line.
      const solitaire = parseSolitaireXml(text);
      if (solitaire) return { ...base, kind: 'jielong', from, text: solitaire.text, lines: jielongLines(solitaire.authors), raw: { ...raw, xml: text } };
      return { ...base, kind: 'app', from, raw: { ...raw, xml: text }, text: app.title };
    }
  }
}

async function memberRefOf(contact: Contact, room: Room | undefined): Promise<MemberRef> {
  const ref: MemberRef = { id: contact.id, name: contact.name() };
  if (!room) return ref;
  try {
    const alias = await room.alias(contact);
    if (alias) ref.groupAlias = alias;
  } catch {
    // Someone who just left has no member payload any more; their own name will do.
  }
  return ref;
}

async function groupRefOf(room: Room): Promise<GroupRef> {
  return { id: room.id, name: await room.topic() };
}

function isXml(text: string): boolean {
  const head = text.trimStart();
  return head.startsWith('<?xml') || head.startsWith('<msg');
}

export interface ServiceWechatyOptions {
  /** host:port of the puppet service. Required: a token alone makes the client look itself up on the internet. */
  endpoint: string;
  token: string;
  /** Talk plain HTTP/2 to the service (WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT). */
  noTlsInsecureClient: boolean;
  name?: string;
  /** Reset the connection after this long without a word from the service (default 60). */
  timeoutSeconds?: number;
}

/**
 * A Wechaty on a puppet service (wechaty-puppet-service 1.19 client).
 *
 * What the client does, from its source (and tried against a PuppetServer):
 * - TLS off is `tls.disable` (same as WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true).
 *   Without TLS the token travels as the gRPC authority instead of an auth header.
 * - The client insists on a TLS server name even with TLS off, taken from the token's
 *   prefix (`insecure_<uuid>` → "insecure"); a token without a prefix throws. We supply
 *   a name in that case, since it is unused without TLS.
 * - Without an endpoint the client resolves `wechaty://api.chatie.io/<token>` over the internet.
 * - Keepalive: wechaty-puppet's watchdog resets (stops and restarts) the client after
 *   `timeoutSeconds` (PuppetOptions, default 60) without any event from the server. The
 *   reset also stops the server's puppet, which logs it out (a mock never logs back in). The
 *   gRPC channel options and the client's own ding/reset timers are module constants
 *   and cannot be configured. A quiet server (the mock, or a real account on a quiet
 *   night) would be reset every minute, so we ding it three times per timeout while
 *   logged in: its 'dong' feeds the watchdog, and a dead server still gets reset.
 */
export function buildServiceWechaty(opts: ServiceWechatyOptions): WechatyInterface {
  if (!opts.endpoint) throw new Error('a Wechaty puppet service needs an endpoint (host:port)');
  if (!opts.token) throw new Error('a Wechaty puppet service needs a token');
  const hasServerName = opts.token.lastIndexOf('_') > 0;
  const timeoutSeconds = opts.timeoutSeconds ?? 60;
  const puppet = new PuppetService({
    endpoint: opts.endpoint,
    token: opts.token,
    timeoutSeconds,
    tls: {
      disable: opts.noTlsInsecureClient,
      ...(opts.noTlsInsecureClient && !hasServerName ? { serverName: 'insecure' } : {}),
    },
  });
  const bot = WechatyBuilder.build({ puppet, ...(opts.name ? { name: opts.name } : {}) });
  keepAlive(bot, (timeoutSeconds * 1000) / 3);
  return bot;
}

function keepAlive(bot: WechatyInterface, intervalMs: number): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = (): void => {
    clearInterval(timer);
    timer = undefined;
  };
  bot.on('login', () => {
    stop();
    timer = setInterval(() => {
      try {
        bot.puppet.ding('linli-keepalive');
      } catch {
        // Not connected right now: the watchdog's reset is already on its way.
      }
    }, intervalMs);
    timer.unref();
  });
  bot.on('logout', stop);
  bot.on('stop', stop);
}
