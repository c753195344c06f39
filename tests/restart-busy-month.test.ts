// Issue 20, done when: "a restart in the middle of a replayed busy month loses nothing and sends
// nothing twice". A month of a small shop (接龙 with sign-ups and reposts, chat, 签到, product
// questions, cut-offs, recall and follow-ups on their schedule) runs through the real bot on a
// virtual clock twice over real data folders: once straight through, once killed twice in the
// middle. A kill is a copy of the data folder as the disk holds it at that instant (no flush, no
// close: what kill -9 leaves), and the bot restarts on the copy. Events go in the way the
// acknowledging channels take them (bot/inbound.ts): journaled before they are handled, marked
// handled after the store's flush; at a restart what was taken and not marked is handled again.
// The virtual clock runs hours ahead of the real disk, so before a kill the test waits for the
// writes a live bot would have finished in the minutes since the message before (writesDone).
// Both runs must send the same messages, none twice, and end with the same order books and points.

import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinli, type Linli } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import type { Channel, GroupRef, InboundEvent, MemberRef, OutboundMessage } from '../bot/types.ts';
import { DAY_MS, HOUR_MS, ManualClock } from '../scheduler/clock.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { Store } from '../store/db.ts';
import { InboundJournal } from '../store/inbound-journal.ts';
import { tempDir } from './helpers.ts';
import { prng } from '../bench/random.ts';

const START = Date.parse('2026-03-02T00:00:00+08:00');
const DAYS = 30;
const owner: MemberRef = { id: 'wxid_owner', name: '老赵' };
const groups: GroupRef[] = [1, 2, 3].map((n) => ({ id: `g${n}@chatroom`, name: `幸福里${n}群` }));
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗'];
const GIVEN = ['芳', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳'];
const residents = Array.from({ length: 90 }, (_, i) => ({
  ref: { id: `wxid_r${i}`, name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${i >= 60 ? '2' : ''}` },
  group: groups[i % groups.length]!,
  room: `${(i % 12) + 1}-${(i % 6) + 1}0${(i % 3) + 1}`,
}));
const PRODUCTS = ['亚麻籽油', '大米', '苹果', '鸡蛋', '小米'];
const CHAT = ['今天的草莓很甜', '几点到货？', '收到，谢谢团长', '好的', '物业说明天停水', '辛苦了', '早上好[强]', '我在三号门'];
const ASKS = ['亚麻籽油多少钱？', '苹果是哪里产的？', '鸡蛋还有吗？'];
const QTY = ['1瓶', '2瓶', '两份', 'x2'];

function month(): InboundEvent[] {
  // A fixed pseudo-random sequence, so both runs get the very same month.
  const rand = prng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const events: InboundEvent[] = [];
  let n = 0;
  const say = (from: MemberRef, text: string, at: number, group?: GroupRef) =>
    events.push({ kind: 'text', id: `m${++n}`, at, from, text, mentionsBot: false, mentions: [], ...(group ? { group } : {}) });
  for (let d = 0; d < DAYS; d++) {
    const at = (h: number) => START + d * DAY_MS + Math.round(h * HOUR_MS);
    const day: Array<() => void> = [];
    const times: number[] = [];
    const add = (t: number, f: () => void) => {
      times.push(t);
      day.push(f);
    };
    groups.forEach((group, g) => {
      const product = PRODUCTS[(d + g) % PRODUCTS.length]!;
      add(at(8) + g * 60_000, () => say(owner, `/接龙 开 第${d + 1}天${product}团 ${product} 截止 今天 20:00`, at(8) + g * 60_000, group));
      const lines: string[] = [];
      for (let k = 0; k < 8; k++) {
        const t = at(8.5 + rand() * 11);
        const who = pick(residents.filter((r) => r.group === group));
        const qty = pick(QTY);
        if (k % 2 === 0) {
          add(t, () => {
            lines.push(`${lines.length + 1}. ${who.room} ${who.ref.name} ${qty}`);
            say(who.ref, `#接龙\n第${d + 1}天${product}团\n\n${lines.join('\n')}`, t, group);
          });
        } else add(t, () => say(who.ref, '+1', t, group));
      }
    });
    for (let i = 0; i < 40; i++) {
      const who = pick(residents.slice(0, 45));
      const t = at(7 + rand() * 15);
      const text = pick(CHAT);
      add(t, () => say(who.ref, text, t, who.group));
    }
    for (const who of residents.slice(0, 30)) {
      if (rand() < 0.4) continue;
      const t = at(6.5 + rand() * 3);
      add(t, () => say(who.ref, '签到', t, who.group));
    }
    for (let i = 0; i < 4; i++) {
      const who = pick(residents);
      const t = at(9 + rand() * 12);
      const text = pick(ASKS);
      add(t, () => say(who.ref, text, t));
    }
    // In time order; the text of a repost is built when its turn comes (lines before it).
    const order = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [, i] of order) day[i]!();
  }
  return events;
}

class Recorder implements Channel {
  readonly name = 'test';
  readonly sent: Array<{ key: string; to: string; text: string }> = [];
  async send(m: OutboundMessage): Promise<void> {
    this.sent.push({ key: m.key, to: m.to.kind === 'group' ? m.to.group.id : `dm:${m.to.member.id}`, text: m.text });
  }
}

interface Running {
  linli: Linli;
  inbound: InboundJournal;
}

const config = (dir: string) => loadConfig({
  DATA_DIR: dir, LOG_LEVEL: 'silent', OWNER_IDS: owner.id, RECALL_MODE: 'auto', RECALL_MAX_PER_RUN: '5', RECALL_OFFER: '回归福利：本周下单满 50 减 5。',
});

async function open(dir: string, clock: ManualClock, channel: Channel, fresh: boolean): Promise<Running> {
  const store = await Store.open(dir);
  const linli = await createLinli({ config: config(dir), clock, log: silentLogger(), store });
  if (fresh) {
    store.data.catalog = loadCatalogFile(new URL('../store/catalog.example.json', import.meta.url).pathname);
    store.changed();
  }
  linli.attach(channel);
  const inbound = InboundJournal.open(join(dir, 'inbound.jsonl'), { clock, beforeMark: () => store.flush() });
  return { linli, inbound };
}

/**
 * What a live bot has written by the time its next message comes, minutes later: the store
 * saved (STORE_FLUSH_MS after a change, and before each mark), then the handled events marked.
 */
async function writesDone(run: Running): Promise<void> {
  await run.linli.services.store.flush();
  await run.inbound.settle();
}

/** What an acknowledging channel does with one event: journal it, handle it, mark it handled. */
async function take(run: Running, clock: ManualClock, event: InboundEvent): Promise<void> {
  await run.linli.engine.advanceTo(event.at, clock);
  await run.inbound.accept({ id: event.id, src: 'test', at: event.at, body: event }).durable;
  await run.linli.handle(event);
  run.inbound.handled(event.id);
  // A live bot gets each message in a macrotask of its own: the store's timers get their turn.
  await new Promise((resolve) => setImmediate(resolve));
}

async function finish(run: Running, clock: ManualClock): Promise<void> {
  await run.linli.engine.advanceTo(START + DAYS * DAY_MS + DAY_MS, clock);
  await run.linli.idle();
  await run.inbound.settle();
  run.inbound.close();
  await run.linli.close();
}

type Record_ = { id: string; group: GroupRef; title: string; book: { lines: Array<{ state: string; history: string[]; authorId: string | null }> } };

/** The order books (open and archived alike), points balances and rooms a run ends with. */
async function outcome(dir: string) {
  const store = await Store.open(dir);
  const records = new Map<string, Record_>();
  const archived = join(dir, 'jielong-archive.jsonl');
  // An entry archived twice (after a crash) counts once: the last.
  if (existsSync(archived)) for (const line of readFileSync(archived, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as Record_;
    records.set(r.id, r);
  }
  for (const r of Object.values(store.data.jielong)) records.set(r.id, r as unknown as Record_);
  const books = Object.fromEntries([...records.values()].map((r) => [
    `${r.group.id} ${r.title}`,
    r.book.lines.filter((l) => l.state === 'active').map((l) => `${l.authorId} ${l.history.at(-1)}`).sort(),
  ]).sort());
  const balances = Object.fromEntries(Object.entries(store.data.points.balances).sort());
  const rooms = Object.fromEntries(Object.values(store.data.members).map((m) => [m.id, m.room ?? '']).sort());
  await store.close();
  return { books, balances, rooms };
}

describe('a restart in the middle of a busy month', () => {
  it('loses nothing and sends nothing twice', async () => {
    const events = month();
    expect(events.length).toBeGreaterThan(2_500);

    // Straight through.
    const straightDir = join(tempDir(), 'data');
    mkdirSync(straightDir);
    const straightSent = new Recorder();
    const clockA = new ManualClock(START);
    const a = await open(straightDir, clockA, straightSent, true);
    for (const event of events) await take(a, clockA, event);
    await finish(a, clockA);

    // Killed twice: mid-day on day 12 (sign-ups under way), and on day 23 just after a cut-off.
    const kills = [
      events.findIndex((e) => e.at >= START + 11 * DAY_MS + 13 * HOUR_MS),
      events.findIndex((e) => e.at >= START + 22 * DAY_MS + 20 * HOUR_MS + 60_000),
    ];
    const root = tempDir();
    let dir = join(root, 'run0');
    mkdirSync(dir);
    const sent = new Recorder();
    let clock = new ManualClock(START);
    let run = await open(dir, clock, sent, true);
    let next = 0;
    for (const [k, killAt] of kills.entries()) {
      for (; next < killAt; next++) await take(run, clock, events[next]!);
      // The worst moment: an event handled (its replies sent, the day's due work run before it)
      // and not yet marked, state.json not rewritten since.
      const last = events[next++]!;
      // The message before came minutes earlier: live, its writes (state.json saved, then its
      // `done` line), which take milliseconds, are on the disk by now. Here the virtual clock
      // jumps those minutes while they are still under way in real time, and the due work on
      // the way (a 接龙 confirmation 5 s after a sign-up) would be sent from a sign-up no disk
      // holds yet: a kill then leaves what only a save stalled for minutes could, and the
      // restart confirms that sign-up again. So they are waited for; the due work and this
      // message then run as the worst moment above says, their changes in memory only.
      expect(last.at - clock.now(), 'minutes since the message before the kill').toBeGreaterThanOrEqual(60_000);
      await writesDone(run);
      await run.linli.engine.advanceTo(last.at, clock);
      await run.inbound.accept({ id: last.id, src: 'test', at: last.at, body: last }).durable;
      await run.linli.handle(last);
      // kill -9: the disk as it is now, nothing flushed or closed; the old process is gone.
      const copy = join(root, `run${k + 1}`);
      cpSync(dir, copy, { recursive: true });
      const before = sent.sent.length;
      dir = copy;
      clock = new ManualClock(clock.now());
      run = await open(dir, clock, sent, false);
      // What was taken and not marked handled is handled again, in order, first.
      const again = run.inbound.pending();
      expect(again.map((r) => r.id)).toEqual([last.id]);
      for (const record of again) {
        await run.linli.handle(record.body as InboundEvent);
        run.inbound.handled(record.id);
      }
      expect(sent.sent.length, `restart ${k + 1} resent what went before it`).toBeGreaterThanOrEqual(before);
    }
    for (; next < events.length; next++) await take(run, clock, events[next]!);
    await finish(run, clock);

    const keys = sent.sent.map((m) => m.key);
    const twice = keys.filter((key, i) => keys.indexOf(key) !== i);
    expect(twice, 'sent twice').toEqual([]);
    const expected = new Set(straightSent.sent.map((m) => `${m.key}\t${m.to}\t${m.text}`));
    const got = new Set(sent.sent.map((m) => `${m.key}\t${m.to}\t${m.text}`));
    expect([...expected].filter((m) => !got.has(m)), 'sent straight through, lost with the restarts').toEqual([]);
    expect([...got].filter((m) => !expected.has(m)), 'sent only with the restarts').toEqual([]);
    expect(straightSent.sent.length).toBeGreaterThan(1_000);

    expect(await outcome(dir)).toEqual(await outcome(straightDir));
  }, 240_000);
});
