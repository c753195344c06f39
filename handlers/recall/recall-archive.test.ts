// Recall runs done with (window over, old previews) leave state.json for recall-archive.jsonl
// (handlers/recall/archive.ts), and nothing the bot does changes for it: 60 days of daily runs
// through the real bot on a manual clock, once archiving and once not (the same shop twice),
// must send the same messages and say the same /召回 报告, before and after a restart.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLinli } from '../../bot/app.ts';
import { expiredWaiting } from '../../bot/expiry.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { JoinEvent, MemberRef, TextEvent } from '../../bot/types.ts';
import { allRuns, ARCHIVE_NAME, archivable, SENT_KEEP_MS, UNSENT_KEEP_MS } from './archive.ts';
import { reportText, WINDOW_DAYS } from './run.ts';
import type { RecallRun, RecallState } from './types.ts';
import { DAY_MS, HOUR_MS } from '../../scheduler/clock.ts';
import { Store } from '../../store/db.ts';
import type { OutboxItem } from '../../store/schema.ts';
import { group1, member, T0, testBot } from '../../tests/helpers.ts';

// The twin without archiving: archiveRuns does nothing while `knob.archiving` is off.
const knob = vi.hoisted(() => ({ archiving: true }));
vi.mock('./archive.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./archive.ts')>();
  return { ...real, archiveRuns: (...args: Parameters<typeof real.archiveRuns>) => (knob.archiving ? real.archiveRuns(...args) : 0) };
});

const owner = member('老赵', 'wxid_laozhao');
const DAYS = 60;
const START = T0 - 70 * DAY_MS;
const END = T0 + DAYS * DAY_MS;
/** The last day's recall run (10:30; T0 is 09:00), which archived what was done with by then. */
const LAST_RUN = T0 + (DAYS - 1) * DAY_MS + 1.5 * HOUR_MS;
/** 24 residents: the even ones bought three times long ago (流失风险 at T0), the odd ones went quiet (沉默). */
const residents: MemberRef[] = Array.from({ length: 24 }, (_, i) => member(`邻居${i}`, `wxid_n${String(i).padStart(2, '0')}`));
/** Come back to the group the day after a recall DM. */
const talkers = new Set(residents.filter((_, i) => i % 4 === 1).map((m) => m.id));
/** Order again after a recall DM: booked late, on the window's last day (a late credit). */
const buyers = new Set(residents.filter((_, i) => i % 4 === 2).map((m) => m.id));

type Bot = Awaited<ReturnType<typeof testBot>>;
// Event ids of our own, counted afresh for each twin: replies are keyed by them.
let n = 0;
const joins = (who: MemberRef, at: number): JoinEvent => ({ kind: 'join', id: `aj${++n}`, at, group: group1, member: who });
const groupText = (from: MemberRef, text: string, at: number): TextEvent => ({ kind: 'text', id: `at${++n}`, at, group: group1, from, text, mentionsBot: false, mentions: [] });
const dmText = (from: MemberRef, text: string, at: number): TextEvent => ({ kind: 'text', id: `at${++n}`, at, from, text, mentionsBot: false, mentions: [] });
const signup = (bot: Bot, who: MemberRef, at: number) => bot.linli.services.store.log.append({
  kind: 'jielong', change: 'signup', id: `ao${++n}`, at, jielong: `j${n}`, group: group1, member: who, amount: 58,
  items: [{ product: '亚麻籽油', productId: 'p1', qty: 1, price: 58 }],
});

const ENV = {
  OWNER_IDS: owner.id, RECALL_MODE: 'auto', RECALL_HOLDOUT_PERCENT: '30', RECALL_MAX_PER_RUN: '4', DM_DAILY_CAP: '3',
  RECALL_OFFER: '回归福利：本周下单满 50 减 5。', STORE_FLUSH_MS: '60000',
};

/** The shop, 60 days of daily recall runs with members coming back, the same for both twins. */
async function simulate(archiving: boolean): Promise<Bot> {
  knob.archiving = archiving;
  n = 0;
  const bot = await testBot(ENV, START);
  const { linli, clock, channel } = bot;
  linli.services.store.data.catalog = [{ id: 'p1', name: '亚麻籽油', aliases: [], category: '粮油', price: 58, unit: '瓶', onSale: true }];
  await linli.handle(groupText(owner, '大家好', START));
  for (const m of residents) await linli.handle(joins(m, START));
  for (const [i, m] of residents.entries()) {
    if (i % 2 === 0) for (const days of [60, 50, 40]) signup(bot, m, T0 - days * DAY_MS + i * 60_000);
    else await linli.handle(groupText(m, '收到', T0 - 20 * DAY_MS + i * 60_000));
  }
  // What members do later: [at, what], done in time order as the days go by.
  const later: Array<{ at: number; run: () => Promise<void> | void }> = [];
  let seen = 0;
  for (let d = 0; d < DAYS; d++) {
    const base = T0 + d * DAY_MS; // 09:00 shop time; the recall run is at 10:30
    // Now and then someone speaks up by themselves (a control member may come back so).
    for (const [i, m] of residents.entries()) {
      if ((d * 7 + i) % 23 === 0) later.push({ at: base + 5 * HOUR_MS + i * 60_000, run: () => linli.handle(groupText(m, '早', base + 5 * HOUR_MS + i * 60_000)).then(() => undefined) });
    }
    later.sort((a, b) => a.at - b.at);
    while (later.length && later[0]!.at < base + DAY_MS - 1000) {
      const next = later.shift()!;
      await linli.engine.advanceTo(next.at, clock);
      await next.run();
    }
    await linli.engine.advanceTo(base + DAY_MS - 1000, clock);
    for (const m of channel.sent.slice(seen)) {
      if (m.to.kind !== 'dm' || !m.key.startsWith('recall:')) continue;
      const who = m.to.member;
      if (talkers.has(who.id)) {
        const at = m.at + DAY_MS + 2 * HOUR_MS;
        later.push({ at, run: () => linli.handle(groupText(who, '好的，谢谢惦记', at)).then(() => undefined) });
      } else if (buyers.has(who.id)) {
        // Ordered an hour before the window closed, booked a day later.
        const orderedAt = m.at + WINDOW_DAYS * DAY_MS - HOUR_MS;
        later.push({ at: orderedAt + DAY_MS, run: () => void signup(bot, who, orderedAt) });
      }
    }
    seen = channel.sent.length;
  }
  await linli.engine.advanceTo(END, clock);
  return bot;
}

async function report(bot: Bot, at: number): Promise<string> {
  const before = bot.channel.sent.length;
  await bot.linli.handle(dmText(owner, '/召回 报告', at));
  await bot.linli.engine.advanceTo(at + 10_000, bot.clock);
  return bot.channel.sent.slice(before).map((m) => m.text).join('\n');
}

const recallOnDisk = (dir: string) => (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { recall: RecallState }).recall;
const byId = (runs: RecallRun[]) => [...runs].sort((a, b) => (a.id < b.id ? -1 : 1));
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('recall runs leave state.json when done with', () => {
  it('60 days of daily runs: state.json keeps only the open runs, and the bot sends and reports exactly what it did keeping them all', async () => {
    const kept = await simulate(false);
    const archived = await simulate(true);
    knob.archiving = true;
    const store = archived.linli.services.store;

    // The same messages, to the same people, at the same times.
    const sent = (bot: Bot) => bot.channel.sent.map((m) => ({ key: m.key, text: m.text, at: m.at }));
    expect(sent(archived)).toEqual(sent(kept));
    const recallDms = sent(archived).filter((m) => m.key.startsWith('recall:'));
    expect(recallDms.length).toBeGreaterThan(60);

    // Every run is still there to read, as it was when it left: the archive holds the rest.
    const all = allRuns(store);
    expect(byId(all)).toEqual(byId(Object.values(kept.linli.services.store.data.recall.runs)));
    expect(all.length).toBeGreaterThanOrEqual(DAYS - 5);

    // state.json holds only the runs still measuring (and their margin): the rest are archived.
    await store.flush();
    const onDisk = recallOnDisk(archived.config.DATA_DIR);
    const open = all.filter((r) => !archivable(r, LAST_RUN, onDisk.pending)).map((r) => r.id).sort();
    expect(Object.keys(onDisk.runs).sort()).toEqual(open);
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThanOrEqual(Math.ceil(SENT_KEEP_MS / DAY_MS) + 1);
    for (const run of Object.values(onDisk.runs)) expect(END - (run.sentAt ?? run.plannedAt)).toBeLessThan(SENT_KEEP_MS + DAY_MS);
    const lines = readFileSync(join(archived.config.DATA_DIR, `${ARCHIVE_NAME}.jsonl`), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as RecallRun).id).sort()).toEqual(all.map((r) => r.id).filter((id) => !open.includes(id)).sort());
    // The recall part of state.json is a fraction of keeping every run.
    await kept.linli.services.store.flush();
    expect(bytes(onDisk) * 3).toBeLessThan(bytes(recallOnDisk(kept.config.DATA_DIR)));

    // /召回 报告 reads exactly as it would over every run, and as the twin that kept them says.
    const expected = reportText(all, END);
    expect(expected).toMatch(/召回效果（\d+ 次/);
    expect(expected).toMatch(/回来了 [1-9]\d* 人/);
    expect(expected).toMatch(/下单了 [1-9]\d* 人/);
    expect(await report(archived, END)).toBe(expected);
    expect(await report(kept, END)).toBe(expected);

    // A restart on the same data: the same report, the same runs in state.json.
    await archived.linli.close();
    const again = await createLinli({ config: archived.config, clock: archived.clock, log: silentLogger() });
    again.attach(archived.channel);
    try {
      const restarted = { ...archived, linli: again };
      expect(Object.keys(again.services.store.data.recall.runs).sort()).toEqual(open);
      expect(await report(restarted, END + HOUR_MS)).toBe(expected);
      expect(byId(allRuns(again.services.store))).toEqual(byId(all));
    } finally {
      await again.close();
      await kept.linli.close();
    }
  }, 120_000);

  it('a state.json written before the archive: its old runs move out on the first start, the report unchanged', async () => {
    knob.archiving = false;
    const old = await simulate(false);
    knob.archiving = true;
    const { config, clock } = old;
    const runs = Object.values(old.linli.services.store.data.recall.runs);
    const expected = reportText(runs, END + HOUR_MS);
    await old.linli.close();
    expect(Object.keys(recallOnDisk(config.DATA_DIR).runs)).toHaveLength(runs.length);

    const linli = await createLinli({ config, clock, log: silentLogger() });
    linli.attach(old.channel);
    try {
      const { store } = linli.services;
      const left = Object.values(store.data.recall.runs);
      expect(left.length).toBeLessThan(runs.length / 4);
      for (const run of left) expect(archivable(run, END, store.data.recall.pending)).toBe(false);
      expect(byId(allRuns(store))).toEqual(byId(runs));
      expect(await report({ ...old, linli }, END + HOUR_MS)).toBe(expected);

      // A recall DM of an archived run still waiting (it never would be): expired, as with its run in state.json.
      const gone = runs.find((r) => r.status === 'sent' && !store.data.recall.runs[r.id] && Object.keys(r.contacted).length > 0)!;
      const item: OutboxItem = {
        key: `recall:${gone.id}:${Object.keys(gone.contacted)[0]}`, to: { kind: 'dm', member: owner }, text: '好久不见', mentions: [], purpose: 'unsolicited',
        createdAt: gone.sentAt!, notBefore: gone.sentAt!, state: 'pending', attempts: 0,
      };
      expect(expiredWaiting(item, END, store.data)?.label).toBe('召回私信');
      expect(expiredWaiting(item, END, old.linli.services.store.data)?.label).toBe('召回私信');
      // Even the first moment its run may leave: a day after the run is long past.
      expect(expiredWaiting(item, gone.sentAt! + SENT_KEEP_MS, store.data)?.label).toBe('召回私信');

      // A preview or cancelled run leaves after UNSENT_KEEP_MS; the one waiting for 确认 stays.
      const preview: RecallRun = { id: 'p', plannedAt: END - UNSENT_KEEP_MS, status: 'preview', contacted: {}, control: {} };
      expect(archivable(preview, END, undefined)).toBe(true);
      expect(archivable(preview, END, 'p')).toBe(false);
      expect(archivable({ ...preview, plannedAt: END - UNSENT_KEEP_MS + 1 }, END, undefined)).toBe(false);
    } finally {
      await linli.close();
    }
    // Opened by the store alone, the archive is still read back.
    const store = await Store.open(config.DATA_DIR);
    try {
      expect(allRuns(store)).toHaveLength(runs.length);
    } finally {
      await store.close();
    }
  }, 120_000);
});
