// The points ledger in segments (handlers/points/ledger.ts, store/journal.ts, handlers/points/ledger-check.ts):
// when points.jsonl is full it is closed into points-archive/ and starts again from a checkpoint.
// Balances, duplicate keys and the history views are what the whole ledger gives, across
// rotations and restarts; a missing, cut or changed archive (or checkpoint) stops start-up with
// what to do; a crash at any step of a rotation leaves the old ledger or the new one, never one
// that lost lines; and for any sequence of movements a tiny segment size answers exactly as none.

import fc from 'fast-check';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerJournal } from '../handlers/points/book.ts';
import { Ledger, ledgerSettings, ledgerSums, memoryJournal, SEGMENT_ENTRIES, type LedgerCheckpoint, type PostResult } from '../handlers/points/ledger.ts';
import { completePoints, emptyPoints, type LedgerEntry, type MovementKind } from '../handlers/points/state.ts';
import { DAY_MS, HOUR_MS } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { DataFileError } from '../store/errors.ts';
import type { RotationStep } from '../store/journal.ts';
import { dmText, groupText, member, T0, tempDir, testBot, storeRefusal } from './helpers.ts';

const dayKey = (at: number) => new Date(at + 8 * HOUR_MS).toISOString().slice(0, 10);
const checkin = (m: string, at: number): LedgerEntry => ({ key: `checkin:${m}:${dayKey(at)}`, member: m, amount: 5, kind: 'checkin', reason: '签到', source: `e-${m}-${at}`, at });
const share = (m: string, thing: string, at: number): LedgerEntry => ({ key: `share:${m}:${thing}`, member: m, amount: 2, kind: 'share', reason: '分享「链接」', source: `s-${m}-${thing}`, at });
const adjust = (id: string, m: string, amount: number, at: number): LedgerEntry => ({ key: `adjust:${id}`, member: m, amount, kind: 'adjust', reason: '团长调整：活动', source: id, at, by: 'owner' });
const redeem = (id: string, m: string, cost: number, at: number): LedgerEntry => ({ key: `redeem:${id}`, member: m, amount: -cost, kind: 'redeem', reason: '兑换「抽纸」', source: id, at, ref: 'rw-1' });
const day = (d: number) => T0 + d * DAY_MS;

/** A store and a ledger on it, as PointsBook has them, rotating every `segment` entries. */
async function openLedger(dir: string, segment: number) {
  const store = await Store.open(dir);
  store.data.points = completePoints(store.data.points);
  const ledger = new Ledger(store.data.points, ledgerJournal(store), { segmentEntries: segment });
  const post = (m: LedgerEntry): PostResult => {
    const result = ledger.post(m);
    store.changed();
    return result;
  };
  return { store, ledger, post };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
const checkpointOf = (dir: string) => JSON.parse(lines(join(dir, 'points.jsonl'))[0]!) as LedgerCheckpoint;

const refusal = storeRefusal;

/** Every file under a data directory, with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try {
      out[name] = readFileSync(join(dir, name), 'utf8');
    } catch {
      // a directory
    }
  }
  return out;
}

describe('rotation', () => {
  it('closes a full points.jsonl into an archive and starts again from a checkpoint; balances, keys and history carry on, across a restart', async () => {
    const dir = tempDir();
    let { store, ledger, post } = await openLedger(dir, 4);
    for (let d = 0; d < 10; d++) expect(post(checkin('m1', day(d)))).toMatchObject({ ok: true, balance: 5 * (d + 1) });
    post(share('m2', 'https://a', day(1)));
    post(adjust('ev-1', 'm2', 7, day(1)));

    // 12 entries, 4 a segment: two closed, the third full and closed too.
    expect(readdirSync(join(dir, 'points-archive')).sort()).toEqual(['points-0001.jsonl', 'points-0002.jsonl', 'points-0003.jsonl']);
    expect(lines(join(dir, 'points-archive', 'points-0001.jsonl'))).toHaveLength(4);
    expect(lines(join(dir, 'points-archive', 'points-0002.jsonl'))).toHaveLength(4); // the lines after its checkpoint
    const cp = checkpointOf(dir);
    expect(cp).toMatchObject({ checkpoint: 1, entries: 12, members: { m1: [50, 10], m2: [9, 2] } });
    expect(cp.archives.map((a) => [a.file, a.lines])).toEqual([['points-archive/points-0001.jsonl', 4], ['points-archive/points-0002.jsonl', 4], ['points-archive/points-0003.jsonl', 4]]);
    expect(ledgerJournal(store).entries).toEqual([]);
    expect(store.data.points.balances).toEqual({ m1: 50, m2: 9 });

    // Much later: the window moves on, so day 0's keys are no longer at hand.
    for (let d = 60; d < 66; d++) post(checkin('m1', day(d)));
    expect(checkpointOf(dir).keyFloor).toBeGreaterThan(day(9));
    expect(post(checkin('m1', day(0)))).toEqual({ ok: false, why: 'duplicate', balance: 80 }); // found in the archives
    expect(post(share('m2', 'https://a', day(61)))).toMatchObject({ ok: false, why: 'duplicate' }); // once ever
    expect(post(adjust('ev-1', 'm2', 7, day(1)))).toMatchObject({ ok: false, why: 'duplicate' }); // the same event again
    expect(post(adjust('ev-2', 'm2', 1, day(2)))).toMatchObject({ ok: true, balance: 10 }); // an old event never posted
    expect(ledger.recent('m2', 5).map((e) => e.key)).toEqual(['adjust:ev-2', 'adjust:ev-1', 'share:m2:https://a']);
    expect(ledger.countBetween('m2', 'share', day(1) - HOUR_MS, day(2))).toBe(1);
    const before = { recent: ledger.recent('m1', 5), week: ledger.scoresSince(day(62)), all: ledger.allEntries() };
    expect(before.all.map((e) => e.key)).toEqual([...new Set(before.all.map((e) => e.key))]);
    await store.close();
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { journals: Record<string, number> };
    expect(state.journals.points).toBe(before.all.length);

    // A restart reads the checkpoint and the live segment only, and knows everything it knew.
    ({ store, ledger, post } = await openLedger(dir, 4));
    expect(ledgerJournal(store).entries.length).toBeLessThan(4);
    expect(ledger.reconcile()).toEqual([]);
    expect(store.data.points.balances).toEqual({ m1: 80, m2: 10 });
    expect(ledger.recent('m1', 5)).toEqual(before.recent);
    expect(ledger.scoresSince(day(62))).toEqual(before.week);
    expect(ledger.allEntries()).toEqual(before.all);
    for (const e of before.all) expect(ledger.has(e.key, e.at)).toBe(true);
    expect(post(checkin('m1', day(3)))).toMatchObject({ ok: false, why: 'duplicate' });
    expect(post(redeem('r1', 'm1', 80, day(66)))).toMatchObject({ ok: true, balance: 0 });
    expect(post(redeem('r2', 'm1', 1, day(66)))).toMatchObject({ ok: false, why: 'insufficient' });
    await store.close();
  });

  it('a day of ordinary posts and questions reads no archive', async () => {
    const dir = tempDir();
    const store = await Store.open(dir);
    store.data.points = completePoints(store.data.points);
    const journal = ledgerJournal(store);
    let reads = 0;
    const counting = {
      get entries() { return journal.entries; },
      get checkpoint() { return journal.checkpoint; },
      append: (e: LedgerEntry) => journal.append(e),
      rotate: journal.rotate.bind(journal),
      readClosed: (ref: Parameters<typeof journal.readClosed>[0]) => (reads++, journal.readClosed(ref)),
    };
    const ledger = new Ledger(store.data.points, counting, { segmentEntries: 20 });
    const who = ['m1', 'm2', 'm3', 'm4'];
    const redeemed = new Set<string>();
    for (let d = 0; d < 60; d++) {
      for (const [i, m] of who.entries()) {
        if ((d + i) % 3 !== 0) ledger.post(checkin(m, day(d) + i * 60_000));
        if (d % 4 === i) ledger.post(share(m, `d${d}`, day(d) + HOUR_MS));
      }
      if (d % 10 === 0) ledger.post({ key: `purchase:jl-${d}:1`, member: 'm1', amount: 30, kind: 'purchase', reason: '接龙「周六团」¥30', source: `c${d}`, at: day(d) + 12 * HOUR_MS });
      if (d % 15 === 7 && ledger.post(redeem(`r${d}`, 'm2', 5, day(d) + 13 * HOUR_MS)).ok) redeemed.add(`redeem:r${d}`);
    }
    expect(ledger.allEntries().length).toBeGreaterThan(200);
    reads = 0;
    const now = day(60) + 9 * HOUR_MS;
    for (const m of who) {
      expect(ledger.has(`checkin:${m}:${dayKey(now)}`)).toBe(false);
      expect(ledger.post(checkin(m, now))).toMatchObject({ ok: true });
      expect(ledger.post(share(m, 'today', now))).toMatchObject({ ok: true });
      expect(ledger.post(share(m, `d${who.indexOf(m)}`, now))).toMatchObject({ ok: false, why: 'duplicate' }); // shared on day 0–3
      expect(ledger.countBetween(m, 'share', day(60), day(61))).toBe(1);
      expect(ledger.recent(m, 5)).toHaveLength(5);
    }
    expect(ledger.post(adjust('today-1', 'm3', 4, now))).toMatchObject({ ok: true });
    expect(ledger.decided('adjust:today-2', now)).toBe(false);
    expect(ledger.post({ key: 'purchase:jl-60:1', member: 'm2', amount: 30, kind: 'purchase', reason: '接龙「周六团」¥30', source: 'c60', at: now })).toMatchObject({ ok: true });
    expect(ledger.scoresSince(now - 7 * DAY_MS).size).toBe(4);
    expect(ledger.redemptionsMissing(redeemed)).toEqual([]);
    expect(reads).toBe(0);
    await store.close();
  });

  it('a redemption whose state.json record was lost is found in the archives, however old', async () => {
    const dir = tempDir();
    const { store, ledger, post } = await openLedger(dir, 3);
    post(checkin('m1', day(0)));
    post(redeem('r1', 'm1', 5, day(0)));
    for (let d = 20; d < 40; d++) post(checkin('m2', day(d)));
    expect(ledger.entries.some((e) => e.key === 'redeem:r1')).toBe(false); // no longer at hand
    expect(ledger.redemptionsMissing(new Set()).map((e) => e.key)).toEqual(['redeem:r1']);
    expect(ledger.redemptionsMissing(new Set(['redeem:r1']))).toEqual([]);
    await store.close();
  });

  it('a rotation that cannot be written (the archive folder blocked) posts anyway, and is tried again', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'points-archive'), 'in the way');
    const errors: string[] = [];
    const store = await Store.open(dir);
    store.data.points = completePoints(store.data.points);
    const ledger = new Ledger(store.data.points, ledgerJournal(store), { segmentEntries: 3, onRotateError: (e) => errors.push(e.message) });
    for (let d = 0; d < 4; d++) expect(ledger.post(checkin('m1', day(d)))).toMatchObject({ ok: true });
    expect(errors).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(ledgerJournal(store).entries).toHaveLength(4);
    rmSync(join(dir, 'points-archive'));
    for (let d = 4; d < 6; d++) ledger.post(checkin('m1', day(d)));
    expect(ledgerJournal(store).entries).toHaveLength(0);
    expect(lines(join(dir, 'points-archive', 'points-0001.jsonl'))).toHaveLength(6);
    expect(ledger.allEntries()).toHaveLength(6);
    await store.close();
  });
});

describe('a closed segment or checkpoint that is not as it was written', () => {
  /** A shop whose ledger rotated twice: 7 entries, 3 a segment. */
  async function rotatedShop(): Promise<string> {
    const dir = tempDir();
    const { store, post } = await openLedger(dir, 3);
    for (let d = 0; d < 7; d++) post(checkin(d % 2 ? 'm1' : 'm2', day(d)));
    await store.close();
    expect(readdirSync(join(dir, 'points-archive'))).toHaveLength(2);
    return dir;
  }

  async function expectRefused(mutate: (dir: string) => void, file: string, ...says: string[]) {
    const dir = await rotatedShop();
    mutate(dir);
    const before = snapshot(dir);
    const err = await refusal(dir);
    expect(err.file).toBe(join(dir, file));
    for (const s of says) expect(err.message).toContain(s);
    expect(snapshot(dir)).toEqual(before);
  }

  const archive1 = join('points-archive', 'points-0001.jsonl');

  it('a missing archive stops start-up, naming it and what to do', async () => {
    await expectRefused((dir) => rmSync(join(dir, archive1)), archive1, '文件不存在', '检查点记着它', '从备份放回原样的 points-archive/points-0001.jsonl');
  });

  it('an archive cut short stops start-up', async () => {
    await expectRefused((dir) => {
      const file = join(dir, archive1);
      writeFileSync(file, lines(file).slice(0, 2).join('\n') + '\n');
    }, archive1, '文件被截断了', '从备份放回原样的');
  });

  it('an archive changed in place (same size) stops start-up', async () => {
    await expectRefused((dir) => {
      const file = join(dir, archive1);
      writeFileSync(file, readFileSync(file, 'utf8').replace('"amount":5', '"amount":9'));
    }, archive1, 'sha256', '文件被改动过或损坏了');
  });

  it('a hand-edited checkpoint (a balance raised) stops start-up', async () => {
    await expectRefused((dir) => {
      const file = join(dir, 'points.jsonl');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"m1":[15,3]', '"m1":[9015,3]'));
    }, 'points.jsonl', '第 1 行（检查点）', '校验和不符', '从备份恢复 points.jsonl');
  });

  it('a points.jsonl without its checkpoint stops start-up as one cut short', async () => {
    await expectRefused((dir) => {
      const file = join(dir, 'points.jsonl');
      writeFileSync(file, lines(file).slice(1).map((l) => l + '\n').join(''));
    }, 'points.jsonl', '只读到 1 条有效记录', '已有 7 条');
  });

  it('a points.jsonl missing altogether stops start-up', async () => {
    await expectRefused((dir) => rmSync(join(dir, 'points.jsonl')), 'points.jsonl', '文件不存在', '7 条');
  });
});

describe('a crash in the middle of a rotation', () => {
  const steps: RotationStep[] = ['archive-written', 'archive-renamed', 'live-written', 'live-renamed'];

  it.each(steps)('after %s leaves the old ledger or the new one, whole; the next rotation goes through', async (step) => {
    const dir = tempDir();
    let { store, ledger, post } = await openLedger(dir, 1_000);
    const posted = [checkin('m1', day(0)), share('m1', 'x', day(0)), adjust('a1', 'm2', 9, day(1)), checkin('m2', day(2)), redeem('r1', 'm2', 3, day(2))];
    for (const m of posted) post(m);
    await store.flush();
    expect(() => ledger.rotate((s) => {
      if (s === step) throw new Error('killed');
    })).toThrow('killed');
    await store.close(); // nothing left to write: as a process killed here leaves it

    ({ store, ledger, post } = await openLedger(dir, 1_000));
    const rotated = step === 'live-renamed';
    expect(ledgerJournal(store).checkpoint !== undefined).toBe(rotated);
    expect(ledger.allEntries()).toEqual(posted);
    expect(store.data.points.balances).toEqual({ m1: 7, m2: 11 });
    expect(ledger.reconcile()).toEqual([]);
    for (const m of posted) expect(post(m)).toMatchObject({ ok: false, why: 'duplicate' });

    const more = checkin('m1', day(3));
    post(more);
    ledger.rotate();
    await store.close();
    ({ store, ledger } = await openLedger(dir, 1_000));
    expect(ledger.allEntries()).toEqual([...posted, more]);
    expect(store.data.points.balances).toEqual({ m1: 12, m2: 11 });
    expect(readdirSync(join(dir, 'points-archive'))).toEqual(rotated ? ['points-0001.jsonl', 'points-0002.jsonl'] : ['points-0001.jsonl']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await store.close();
  });
});

describe('the bot on a ledger that rotates every three entries', () => {
  afterEach(() => {
    ledgerSettings.segmentEntries = SEGMENT_ENTRIES;
  });

  const owner = member('老赵', 'wxid_owner');
  const people = [member('王阿姨'), member('李哥'), member('小张')];

  /** A month of check-ins, adjustments, a reward and its redemptions; a restart; the same questions before and after. */
  async function month(segment: number) {
    ledgerSettings.segmentEntries = segment;
    const first = await testBot({ OWNER_IDS: owner.id });
    const dir = first.config.DATA_DIR;
    const answers: string[] = [];
    const run = async (t: typeof first, text: string, from: (typeof people)[number], at: number, dm = false) => {
      await t.linli.engine.advanceTo(Math.max(at, t.clock.now()), t.clock);
      await t.linli.handle(dm ? dmText(from, text, at) : groupText(from, text, at));
      await t.linli.engine.advanceTo(t.clock.now() + 2 * 60_000, t.clock);
    };
    const ask = async (t: typeof first) => {
      const at = t.clock.now() + 60_000;
      for (const p of people) await run(t, '我的积分', p, at, true);
      await run(t, '积分排行', people[0]!, at + 1);
      await run(t, `/积分 查 ${people[1]!.name}`, owner, at + 2, true);
      answers.push(...t.channel.sent.slice(-5).map((m) => m.text));
    };
    for (const p of [owner, ...people]) await first.linli.handle(groupText(p, '大家好', T0 - 60_000));
    await run(first, '/奖品 新增 抽纸 20 5', owner, T0, true);
    const old = groupText(people[0]!, '签到', day(0) + HOUR_MS);
    await first.linli.engine.advanceTo(old.at, first.clock);
    await first.linli.handle(old);
    for (let d = 1; d < 30; d++) {
      for (const [i, p] of people.entries()) if ((d + i) % 4 !== 0) await run(first, '签到', p, day(d) + HOUR_MS + i * 60_000);
      if (d % 7 === 3) await run(first, `/积分 调整 ${people[d % 3]!.name} +${d} 帮忙`, owner, day(d) + 2 * HOUR_MS, true);
      if (d % 9 === 5) await run(first, '兑换 抽纸', people[d % 3]!, day(d) + 3 * HOUR_MS);
    }
    await ask(first);
    await first.linli.close();

    const second = await testBot({ OWNER_IDS: owner.id, DATA_DIR: dir }, first.clock.now() + 60_000);
    await ask(second);
    // The first day's check-in delivered again after the restart: already paid, however old.
    await second.linli.handle({ ...old, id: 'redelivered' });
    await run(second, '签到', people[1]!, day(31) + HOUR_MS);
    await ask(second);
    const balances = { ...second.linli.services.store.data.points.balances };
    const redemptions = second.linli.services.store.data.points.redemptions.length;
    await second.linli.close();
    return { dir, answers, balances, redemptions };
  }

  it('closes a points.jsonl written before segments, longer than one, at start-up rather than on the first post', async () => {
    const first = await testBot();
    for (let d = 0; d < 5; d++) {
      await first.linli.engine.advanceTo(day(d), first.clock);
      await first.linli.handle(groupText(people[0]!, '签到', day(d)));
    }
    const dir = first.config.DATA_DIR;
    await first.linli.close();
    const legacy = readFileSync(join(dir, 'points.jsonl'));
    ledgerSettings.segmentEntries = 3;
    const second = await testBot({ DATA_DIR: dir }, day(6));
    expect(readFileSync(join(dir, 'points-archive', 'points-0001.jsonl'))).toEqual(legacy);
    expect(lines(join(dir, 'points.jsonl'))).toHaveLength(1);
    expect(second.linli.services.store.data.points.balances).toEqual({ [people[0]!.id]: 25 });
    await second.linli.handle(dmText(people[0]!, '我的积分', day(6)));
    await second.linli.engine.advanceTo(day(6) + 60_000, second.clock);
    expect(second.channel.sent.at(-1)?.text).toContain('你现在有 25 分');
    await second.linli.close();
  });

  it('answers 我的积分, 积分排行 and /积分 查 exactly as with one segment, before and after a restart', async () => {
    const whole = await month(SEGMENT_ENTRIES);
    const rotated = await month(3);
    expect(existsSync(join(whole.dir, 'points-archive'))).toBe(false);
    expect(readdirSync(join(rotated.dir, 'points-archive')).length).toBeGreaterThan(20);
    expect(rotated.answers).toEqual(whole.answers);
    expect(rotated.balances).toEqual(whole.balances);
    expect(rotated.redemptions).toBe(whole.redemptions);
    expect(whole.answers.some((a) => a.includes('最近：'))).toBe(true);
  }, 60_000);
});

describe('segments property', () => {
  const members = ['m0', 'm1', 'm2'];
  type Op =
    | { t: 'new'; kind: 'checkin' | 'share' | 'adjust' | 'redeem' | 'purchase'; who: number; size: number; thing: number; gap: number; past: boolean }
    | { t: 'again'; pick: number }
    | { t: 'restart' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 8, arbitrary: fc.record({
      t: fc.constant('new' as const), kind: fc.constantFrom('checkin' as const, 'share' as const, 'adjust' as const, 'redeem' as const, 'purchase' as const),
      who: fc.integer({ min: 0, max: members.length - 1 }), size: fc.integer({ min: 1, max: 40 }), thing: fc.integer({ min: 0, max: 4 }),
      // Mostly hours apart, now and then days or weeks (the windows move on), now and then an event from long ago.
      gap: fc.oneof(fc.integer({ min: 0, max: 6 * HOUR_MS }), fc.integer({ min: 0, max: 20 * DAY_MS })), past: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 3, arbitrary: fc.constant(true) }),
    }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('again' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) },
  );

  /** The views a member or the owner sees, and what a key is known as. */
  function views(ledger: Ledger, keys: string[], now: number) {
    const kinds: MovementKind[] = ['checkin', 'share', 'adjust', 'purchase'];
    return {
      recent: members.map((m) => [ledger.recent(m, 5), ledger.recent(m, 12)]),
      all: members.map((m) => ledger.entriesOf(m)),
      counts: members.map((m) => kinds.map((kind) => [0, 1, 3, 10, 40, 90].map((back) => ledger.countBetween(m, kind, now - back * DAY_MS, now - back * DAY_MS + 3 * DAY_MS)))),
      scores: [0, 3, 7, 30, 90].map((back) => [...ledger.scoresSince(now - back * DAY_MS)].sort()),
      has: keys.map((k) => ledger.has(k)),
    };
  }

  it('a tiny segment (rotating, restarting) gives the same answers, balances and history views as none', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 70 }), fc.integer({ min: 1, max: 5 }), async (ops, segment) => {
      const plainData = emptyPoints();
      const plainJournal = memoryJournal();
      const plain = new Ledger(plainData, plainJournal);
      const dir = tempDir('linli-seg-');
      let seg = await openLedger(dir, segment);

      let now = T0;
      let n = 0;
      const posted: LedgerEntry[] = [];
      const purchaseAt = new Map<number, number>();
      for (const o of ops) {
        if (o.t === 'restart') {
          await seg.store.close();
          seg = await openLedger(dir, segment);
          expect(seg.ledger.reconcile()).toEqual([]);
          continue;
        }
        let m: LedgerEntry;
        if (o.t === 'again') {
          if (posted.length === 0) continue;
          m = posted[o.pick % posted.length]!;
        } else {
          now += o.gap;
          const at = o.past ? now - 60 * DAY_MS - o.gap : now;
          const who = members[o.who]!;
          const id = `e${n++}`;
          const kind: MovementKind = o.kind;
          if (kind === 'checkin') m = checkin(who, at);
          else if (kind === 'share') m = share(who, `t${o.thing}`, at);
          else if (kind === 'adjust') m = adjust(id, who, o.size % 3 === 0 ? -o.size : o.size, at);
          else if (kind === 'redeem') m = redeem(id, who, o.size, at);
          else {
            // One close per 接龙, its lines at its close time (a second close is the same movement again).
            const jl = o.thing;
            if (!purchaseAt.has(jl)) purchaseAt.set(jl, at);
            m = { key: `purchase:jl-${jl}:${o.size % 4}`, member: who, amount: o.size, kind: 'purchase', reason: '接龙「周六团」¥99', source: `c${jl}`, at: purchaseAt.get(jl)! };
          }
          posted.push(m);
        }
        const a = plain.post(m);
        const b = seg.post(m);
        expect(b).toEqual(a);
      }
      const keys = [...new Set(posted.map((p) => p.key))];
      expect(views(seg.ledger, keys, now)).toEqual(views(plain, keys, now));
      expect(seg.store.data.points.balances).toEqual(plainData.balances);
      expect(seg.store.data.points.declined).toEqual(plainData.declined);
      expect(seg.ledger.allEntries()).toEqual(plainJournal.entries);
      await seg.store.close();

      const again = await openLedger(dir, segment);
      expect(again.ledger.reconcile()).toEqual([]);
      expect(views(again.ledger, keys, now)).toEqual(views(plain, keys, now));
      expect(Object.fromEntries(ledgerSums(again.ledger.allEntries()))).toEqual(Object.fromEntries(ledgerSums(plainJournal.entries)));
      await again.store.close();
      rmSync(dir, { recursive: true, force: true });
    }), { numRuns: Number(process.env.PROP_RUNS ?? 60) });
  }, 120_000);
});

// Together the archives and points.jsonl hold every line the ledger ever had, byte for byte: an
// archive is the closed points.jsonl less its checkpoint line.
it('an archive is the closed points.jsonl after its checkpoint, byte for byte; a copy of the folder opens', async () => {
  const dir = tempDir();
  const { store, ledger, post } = await openLedger(dir, 1_000);
  for (let d = 0; d < 3; d++) post(checkin('m1', day(d)));
  const first = readFileSync(join(dir, 'points.jsonl'));
  expect(readFileSync(join(dir, ledger.rotate().file))).toEqual(first);
  for (let d = 3; d < 5; d++) post(checkin('m1', day(d)));
  const [, ...rest] = readFileSync(join(dir, 'points.jsonl'), 'utf8').split('\n');
  const closed = ledger.rotate();
  expect(readFileSync(join(dir, closed.file), 'utf8')).toBe(rest.join('\n'));
  expect(closed).toMatchObject({ lines: 2, bytes: Buffer.byteLength(rest.join('\n')) });
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  await store.close();
  expect((await openLedger(copy, 1_000)).ledger.allEntries()).toHaveLength(5);
});
