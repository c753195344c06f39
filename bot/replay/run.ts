import { dirname, resolve } from 'node:path';
import { createLinli, type Linli } from '../app.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Channel, GroupRef, InboundEvent, MemberRef, OutboundMessage, RawMessage, SharedCard } from '../types.ts';
import { formatIso, ManualClock } from '../../scheduler/clock.ts';
import { loadCatalogFile } from '../../store/catalog.ts';
import { placeInGroup } from '../../store/members.ts';
import type { Script } from './script.ts';
import { jielongLines, parseSolitaireXml } from '../channels/solitaire-xml.ts';

/** One line of replay output: what the bot sent, when, and where. */
export type ReplayOutput =
  | { at: string; group: string; text: string; mentions: string[]; file?: string }
  | { at: string; dm: string; text: string; file?: string };

export interface ReplayOptions {
  config: Config;
  log: Logger;
  /** The script's folder, for a catalog path given relative to it. */
  scriptDir: string;
  onOutput(line: ReplayOutput): void;
  /** Checked between lines: true stops the replay cleanly (SIGTERM). */
  shouldStop?: () => boolean;
}

export interface ReplayResult {
  /** Script lines fully handled (their behaviour-log lines acknowledged). */
  handled: number;
  stopped: boolean;
}

/**
 * Feeds a script through the real router, handlers, store and scheduler on a virtual
 * clock. In replay a person's id is their name and a group's id is its name.
 */
export async function runReplay(script: Script, opts: ReplayOptions): Promise<ReplayResult> {
  const start = script.lines[0]?.at ?? Date.parse('2026-01-01T00:00:00+08:00');
  const clock = new ManualClock(start);
  const config = { ...opts.config, OWNER_IDS: script.setup?.owner ? [script.setup.owner, ...opts.config.OWNER_IDS] : opts.config.OWNER_IDS };
  const linli = await createLinli({ config, clock, log: opts.log });
  const tz = config.TZ;
  linli.attach(replayChannel((m) => opts.onOutput(toOutput(m, clock.now(), tz))));
  seed(linli, script, opts.scriptDir, start);
  // A script continuing over the same data dir (a restart) must not reuse the first part's
  // event ids: replies are keyed by them, and a reused key is never sent.
  const run = linli.services.store.nextId('replay-run');
  const idPrefix = run === 1 ? 'replay' : `replay-${run}`;

  let handled = 0;
  let stopped = false;
  try {
    for (const item of script.lines) {
      if (opts.shouldStop?.()) {
        stopped = true;
        break;
      }
      await linli.engine.advanceTo(item.at, clock);
      const event = toEvent(item, linli.services.config.BOT_NAME, idPrefix);
      if (event) await linli.handle(event);
      await linli.idle();
      handled++;
      // Nothing in a line need wait for I/O (a send is a synchronous journal append), so
      // without a turn of the event loop now and then a signal would wait for the end.
      if (handled % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    // Let the last replies go out on the virtual clock, paced as in production.
    for (let next = linli.services.outbox.nextWakeAt(); !stopped && next !== null; next = linli.services.outbox.nextWakeAt()) {
      if (opts.shouldStop?.()) break;
      await linli.engine.advanceTo(Math.max(next, clock.now()), clock);
      if (linli.services.outbox.nextWakeAt() === next) break;
    }
  } finally {
    await linli.close();
  }
  return { handled, stopped };
}

function replayChannel(deliver: (m: OutboundMessage) => void): Channel {
  return { name: 'replay', send: async (m) => deliver(m) };
}

function toOutput(m: OutboundMessage, at: number, tz: string): ReplayOutput {
  const when = formatIso(at, tz);
  const file = m.file ? { file: m.file.path } : {};
  if (m.to.kind === 'group') return { at: when, group: m.to.group.name, text: m.text, mentions: m.mentions.map((p) => p.name), ...file };
  return { at: when, dm: m.to.member.name, text: m.text, ...file };
}

const person = (name: string): MemberRef => ({ id: name, name });
const groupRef = (name: string): GroupRef => ({ id: name, name });

/** Puts the setup's groups, members and catalog in the store, as if the bot had known them. */
function seed(linli: Linli, script: Script, scriptDir: string, at: number): void {
  const setup = script.setup;
  if (!setup) return;
  const data = linli.services.store.data;
  for (const [group, members] of Object.entries(setup.groups)) {
    for (const name of [...members, ...(setup.owner ? [setup.owner] : [])]) placeInGroup(data, person(name), groupRef(group), at);
  }
  if (setup.catalog) data.catalog = loadCatalogFile(resolve(scriptDir, setup.catalog));
  linli.services.store.changed();
}

function toEvent(item: Script['lines'][number], botName: string, idPrefix: string): InboundEvent | undefined {
  const id = `${idPrefix}:${item.lineNo}`;
  const at = item.at;
  switch (item.type) {
    case 'tick':
      return undefined;
    case 'join': {
      const { group, join, inviter } = item.line;
      return { kind: 'join', id, at, group: groupRef(group), member: person(join), ...(inviter ? { inviter: person(inviter) } : {}) };
    }
    case 'leave':
      return { kind: 'leave', id, at, group: groupRef(item.line.group), member: person(item.line.leave) };
    case 'text': {
      const { group, from, text } = item.line;
      const mentionsBot = group ? text.includes(`@${botName}`) : false;
      return { kind: 'text', id, at, ...(group ? { group: groupRef(group) } : {}), from: person(from), text, mentionsBot, mentions: mentionedPeople(text, botName) };
    }
    case 'link':
    case 'miniprogram':
    case 'channel':
    case 'photo': {
      const { group, from } = item.line;
      const card = cardOf(item);
      return { kind: 'share', id, at, ...(group ? { group: groupRef(group) } : {}), from: person(from), card };
    }
    case 'xml': {
      const { group, from, xml, text } = item.line;
      const raw: RawMessage = { platform: 'replay', type: 'app', xml };
      const base = { id, at, ...(group ? { group: groupRef(group) } : {}), from: person(from), raw };
      // A WeChat 接龙 app message is read as the Wechaty channel reads it (bot/channels/wechaty.ts).
      const solitaire = parseSolitaireXml(xml);
      if (solitaire) return { kind: 'jielong', ...base, text: solitaire.text, lines: jielongLines(solitaire.authors) };
      return { kind: 'app', ...base, text: text ?? '' };
    }
  }
}

function cardOf(item: Script['lines'][number]): SharedCard {
  switch (item.type) {
    case 'link': return { type: 'link', ...item.line.link };
    case 'miniprogram': return { type: 'miniprogram', ...item.line.miniprogram };
    case 'channel': return { type: 'channel', ...item.line.channel };
    case 'photo': return { type: 'photo', ...item.line.photo };
    default: throw new Error(`line ${item.lineNo} is not a card`);
  }
}

/** "@王阿姨 你好" mentions 王阿姨; WeChat ends a mention with a space or U+2005. */
function mentionedPeople(text: string, botName: string): MemberRef[] {
  const names = [...text.matchAll(/@([^\s\u2005@]+)/g)].map((m) => m[1]!).filter((n) => n !== botName);
  return [...new Set(names)].map((n) => person(n));
}

export function scriptDirOf(file: string): string {
  return dirname(resolve(file));
}
