import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinli, type Linli } from '../bot/app.ts';
import { ConfigError, loadConfig, type Config } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import { SendLater } from '../bot/send-later.ts';
import type { Channel, GroupRef, MemberRef, OutboundMessage, TextEvent } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import type { Outbox } from '../bot/outbox.ts';
import { foldLines, type OutboxLine } from '../bot/outbox-history.ts';
import type { OutboxItem } from '../store/schema.ts';
import { Store } from '../store/db.ts';
import { DataFileError } from '../store/errors.ts';

/** Opening the store refuses this data directory: the DataFileError it stops with. */
export async function storeRefusal(dir: string): Promise<DataFileError> {
  const err = await Store.open(dir).then(async (store) => {
    await store.close();
    return undefined;
  }, (e: unknown) => e);
  if (!(err instanceof DataFileError)) throw new Error(`expected a DataFileError, got ${String(err)}`);
  return err;
}

/** The messages a data directory's outbox.jsonl records, each as its last line left it. */
export function outboxOnDisk(dir: string): OutboxItem[] {
  const file = join(dir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as OutboxLine);
  return foldLines(lines).items;
}

export function tempDir(prefix = 'linli-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Settings for a test bot. The weekly report and the newcomers' welcome are off unless a test
 * asks for them: the Monday DM would otherwise land in every replay that spans a Monday morning,
 * and a welcome after every join in the tests of other features.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: tempDir(), LOG_LEVEL: 'silent', WEEKLY_REPORT_CRON: 'off', WELCOME_ENABLED: 'false', ...env });
}

/** A channel that records what it is asked to send, and can be told to fail. */
export class RecordingChannel implements Channel {
  readonly name = 'recording';
  readonly sent: Array<OutboundMessage & { at: number }> = [];
  failuresLeft = 0;
  /** The next `left` sends answer "not now, in `ms`" (SendLater) instead of failing. */
  later = { left: 0, ms: 0 };
  constructor(private readonly clock: { now(): number }) {}
  async send(message: OutboundMessage): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('network down');
    }
    if (this.later.left > 0) {
      this.later.left--;
      throw new SendLater(this.clock.now() + this.later.ms, 'not today');
    }
    this.sent.push({ ...message, at: this.clock.now() });
  }
}

export const T0 = Date.parse('2026-11-21T09:00:00+08:00');

export async function testBot(env: Record<string, string> = {}, start = T0): Promise<{ linli: Linli; clock: ManualClock; channel: RecordingChannel; config: Config }> {
  const clock = new ManualClock(start);
  const config = testConfig(env);
  const linli = await createLinli({ config, clock, log: silentLogger() });
  const channel = new RecordingChannel(clock);
  linli.attach(channel);
  return { linli, clock, channel, config };
}

let seq = 0;
export const group1: GroupRef = { id: 'g1@chatroom', name: '幸福里1群' };
export const group2: GroupRef = { id: 'g2@chatroom', name: '幸福里2群' };
export const member = (name: string, id = `wxid_${name}`): MemberRef => ({ id, name });

export function groupText(from: MemberRef, text: string, at: number, group: GroupRef = group1): TextEvent {
  return { kind: 'text', id: `m${++seq}`, at, group, from, text, mentionsBot: false, mentions: [] };
}

export function dmText(from: MemberRef, text: string, at: number): TextEvent {
  return { kind: 'text', id: `m${++seq}`, at, from, text, mentionsBot: false, mentions: [] };
}

/** Steps the clock through every outbox wake-up until nothing is waiting or `until`. */
export async function runOutboxUntil(outbox: Outbox, clock: ManualClock, until: number): Promise<void> {
  await outbox.drain();
  for (let next = outbox.nextWakeAt(); next !== null && next <= until; next = outbox.nextWakeAt()) {
    clock.set(Math.max(next, clock.now()));
    await outbox.drain();
  }
}

const shops: Linli[] = [];

/** Closes every bot catalogShop() opened, after each test: call once at the top of a test file. */
export function closeShopsAfterEach(): void {
  afterEach(async () => {
    for (const bot of shops.splice(0)) await bot.close();
  });
}

/** A bot a test opened itself (reopened on the same data), closed with the shops after the test. */
export function closeAfterTest(bot: Linli): void {
  shops.push(bot);
}

/** A test bot with this owner and the example catalog (store/catalog.example.json). */
export async function catalogShop(ownerId: string) {
  const bot = await testBot({ OWNER_IDS: ownerId });
  closeAfterTest(bot.linli);
  bot.linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
  return bot;
}

/** The message loadConfig stops with for these settings ('' when they are accepted). */
export function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return '';
}
