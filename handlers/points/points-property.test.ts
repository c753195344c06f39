// Property: for any sequence of events (check-ins, shares, photos and 晒单, joins and
// leaves, 接龙 sign-ups and closes, owner adjustments, rewards and redemptions) the stored
// balances equal the ledger sums and are never negative; replaying the same sequence into
// the restarted bot changes nothing, and a fresh bot given it writes the same ledger.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLinli, type Linli } from '../../bot/app.ts';
import type { Config } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { GroupRef, InboundEvent, MemberRef } from '../../bot/types.ts';
import { ledgerJournal } from './book.ts';
import { ledgerSums } from './ledger.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { Store } from '../../store/db.ts';
import { member, T0, testConfig } from '../../tests/helpers.ts';

const groups: GroupRef[] = [{ id: 'g1', name: '幸福里1群' }, { id: 'g2', name: '幸福里2群' }];
const owner = member('老赵', 'owner');
const people: MemberRef[] = ['王阿姨', '李哥', '小张', '小李', '小周', '小美'].map((n, i) => member(n, `p${i}`));

type Step =
  | { t: 'text'; who: number; group: number | null; text: string }
  | { t: 'share'; who: number; group: number; url: number; type: 'link' | 'miniprogram' | 'channel' }
  | { t: 'photo'; who: number; group: number }
  | { t: 'join'; who: number; group: number; inviter: number | 'owner' | null }
  | { t: 'leave'; who: number; group: number }
  | { t: 'signup'; who: number | null }
  | { t: 'close'; orders: Array<{ who: number | null; amount: number | null }> }
  | { t: 'owner'; text: string };

const who = fc.integer({ min: 0, max: people.length - 1 });
const group = fc.integer({ min: 0, max: 1 });
const name = (i: number) => people[i]!.name;
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('text' as const), who, group: fc.option(group, { nil: null }), text: fc.constantFrom('签到', '打卡啦', '怎么签到？', '晒单', '我的积分', '积分排行', '兑换 鸡蛋', '兑换 抽纸', '兑换 鸡蛋', '兑换 抽纸', '兑换') }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('share' as const), who, group, url: fc.integer({ min: 0, max: 4 }), type: fc.constantFrom('link' as const, 'miniprogram' as const, 'channel' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('photo' as const), who, group }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('join' as const), who, group, inviter: fc.oneof(who, fc.constant('owner' as const), fc.constant(null)) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('leave' as const), who, group }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('signup' as const), who: fc.option(who, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), orders: fc.array(fc.record({ who: fc.option(who, { nil: null }), amount: fc.option(fc.integer({ min: 0, max: 20_000 }).map((cents) => cents / 100), { nil: null }) }), { maxLength: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.tuple(who, fc.integer({ min: -30, max: 60 }).filter((n) => n !== 0)).map(([w, n]) => ({ t: 'owner' as const, text: `/积分 调整 ${name(w)} ${n > 0 ? '+' : ''}${n} 活动` })),
      fc.tuple(fc.constantFrom('鸡蛋', '抽纸'), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 3 })).map(([r, c, s]) => ({ t: 'owner' as const, text: `/奖品 新增 ${r} ${c} ${s}` })),
      fc.constantFrom('/奖品 下架 鸡蛋', '/兑换记录').map((text) => ({ t: 'owner' as const, text })),
    ),
  },
);
const timed = fc.array(fc.tuple(step, fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 30 * 3600 }))), { minLength: 8, maxLength: 40, size: 'max' });

type Item = { kind: 'event'; event: InboundEvent } | { kind: 'log'; entry: Record<string, unknown> };

/** Concrete events with ids and times; the same array is fed to every bot. */
function materialise(steps: Array<[Step, number]>): Item[] {
  let at = T0;
  return steps.map(([s, gap], i): Item => {
    at += gap * 1000;
    const id = `e${i}`;
    const base = { id, at };
    switch (s.t) {
      case 'text': {
        const g = s.group === null ? {} : { group: groups[s.group]! };
        return { kind: 'event', event: { ...base, ...g, kind: 'text', from: people[s.who]!, text: s.text, mentionsBot: false, mentions: [] } };
      }
      case 'share':
        return { kind: 'event', event: { ...base, group: groups[s.group]!, kind: 'share', from: people[s.who]!, card: { type: s.type, title: `卡片${s.url}`, ...(s.type === 'link' ? { url: `https://example.com/${s.url}?utm_source=${i}` } : {}) } } };
      case 'photo':
        return { kind: 'event', event: { ...base, group: groups[s.group]!, kind: 'share', from: people[s.who]!, card: { type: 'photo', title: '' } } };
      case 'join': {
        const inviter = s.inviter === null ? undefined : s.inviter === 'owner' ? owner : people[s.inviter]!;
        return { kind: 'event', event: { ...base, group: groups[s.group]!, kind: 'join', member: people[s.who]!, ...(inviter ? { inviter } : {}) } };
      }
      case 'leave':
        return { kind: 'event', event: { ...base, group: groups[s.group]!, kind: 'leave', member: people[s.who]! } };
      case 'owner':
        return { kind: 'event', event: { ...base, kind: 'text', from: owner, text: s.text, mentionsBot: false, mentions: [] } };
      case 'signup': {
        const m = s.who === null ? null : { id: people[s.who]!.id, name: name(s.who) };
        return { kind: 'log', entry: { kind: 'jielong', change: 'signup', id, at, jielong: 'jl-1', group: groups[0], member: m, items: [], amount: 10 } };
      }
      case 'close':
        return {
          kind: 'log',
          entry: {
            kind: 'jielong-closed', id, at, jielong: `jl-${i % 2}`, group: groups[0], title: '周六团',
            orders: s.orders.map((o, line) => ({ lineId: line + 1, member: o.who === null ? null : { id: people[o.who]!.id, name: name(o.who) }, amount: o.amount, items: [] })),
          },
        };
    }
  });
}

async function feed(linli: Linli, clock: ManualClock, items: Item[]): Promise<void> {
  for (const item of items) {
    const at = item.kind === 'event' ? item.event.at : (item.entry.at as number);
    await linli.engine.advanceTo(Math.max(at, clock.now()), clock);
    if (item.kind === 'event') await linli.handle(item.event);
    else linli.services.store.log.append(item.entry);
  }
  await linli.engine.advanceTo(clock.now() + 5 * 60_000, clock);
}

async function open(config: Config, start: number) {
  const clock = new ManualClock(start);
  const store = await Store.open(config.DATA_DIR, { flushMs: 10_000 });
  const linli = await createLinli({ config, clock, log: silentLogger(), store });
  linli.attach({ name: 'null', send: async () => {} });
  // The residents are known members of the first group before the sequence starts.
  for (const p of [owner, people[0]!, people[1]!, people[2]!]) store.data.members[p.id] = {
    id: p.id, name: p.name, aliases: {}, groups: ['g1'], groupsEver: ['g1'], firstSeenAt: start, lastSeenAt: start,
  };
  return { linli, clock, store };
}

function checkHonest(store: Store): void {
  const ledger = ledgerJournal(store).entries;
  const { balances } = store.data.points;
  const sums = ledgerSums(ledger);
  for (const [m, b] of Object.entries(balances)) {
    expect(b).toBe(sums.get(m) ?? 0);
    expect(b).toBeGreaterThanOrEqual(0);
  }
  for (const [m, s] of sums) expect(balances[m]).toBe(s);
  expect(new Set(ledger.map((e) => e.key)).size).toBe(ledger.length);
}

describe('points properties', () => {
  it('for any sequence of events: balances are the ledger sums, never negative; a replay changes nothing; a fresh bot agrees', async () => {
    await fc.assert(fc.asyncProperty(timed, async (steps) => {
      const items = materialise(steps);
      const config = { ...testConfig(), OWNER_IDS: ['owner'] };
      const first = await open(config, T0);
      await feed(first.linli, first.clock, items);
      checkHonest(first.store);
      const ledger = JSON.stringify(ledgerJournal(first.store).entries);
      const balances = JSON.stringify(first.store.data.points.balances);
      await first.linli.close();

      // The same events again, into the bot restarted on the same data (no memory of ids).
      const again = await open(config, T0);
      await feed(again.linli, again.clock, items);
      expect(JSON.stringify(ledgerJournal(again.store).entries)).toBe(ledger);
      expect(JSON.stringify(again.store.data.points.balances)).toBe(balances);
      await again.linli.close();

      const fresh = await open({ ...config, DATA_DIR: testConfig().DATA_DIR }, T0);
      await feed(fresh.linli, fresh.clock, items);
      expect(JSON.stringify(ledgerJournal(fresh.store).entries)).toBe(ledger);
      await fresh.linli.close();
    }), { numRuns: Number(process.env.PROP_RUNS ?? 40) });
  }, 60_000);
});
