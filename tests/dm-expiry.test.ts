// The daily DM cap is planned, not queued (issue 20): 100 follow-ups due on one day with
// DM_DAILY_CAP=30 send 30, to the buyers who spent most, and drop the rest with a log line;
// nothing goes out later, and an unsolicited DM held past its shelf life is dropped, not sent.
// Driven through the real bot.

import { afterEach, describe, expect, it } from 'vitest';
import type { Linli } from '../bot/app.ts';
import type { MemberRef } from '../bot/types.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { groupText, member, T0, testBot } from './helpers.ts';
import { DAY_MS, dayKey, HOUR_MS } from '../scheduler/clock.ts';
import { FOLLOWUP_FRESH_MS } from '../bot/expiry.ts';

const MIN = 60_000;
const owner = member('老赵', 'wxid_laozhao');
const buyers: MemberRef[] = Array.from({ length: 100 }, (_, i) => member(`买家${i}`, `wxid_b${String(i).padStart(3, '0')}`));
/** Units each buyer orders: 1..10, so spend differs and the top 30 are a known set. */
const units = (i: number) => (i * 37) % 10 + 1;

let bots: Linli[] = [];
afterEach(async () => {
  for (const b of bots) await b.close();
  bots = [];
});

describe('unsolicited DMs beyond the daily cap', () => {
  it('100 follow-ups due with DM_DAILY_CAP=30: 30 go that day to the biggest buyers, the rest are dropped, none later', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id, DM_DAILY_CAP: '30', RECALL_MAX_PER_RUN: '0' });
    bots.push(linli);
    linli.services.store.data.catalog = loadCatalogFile('store/catalog.example.json');
    const say = async (from: MemberRef, text: string, at: number) => {
      await linli.engine.advanceTo(at, clock);
      await linli.handle(groupText(from, text, at));
    };
    await say(owner, '/接龙 开 周末团 亚麻籽油', T0 + MIN);
    for (const [i, b] of buyers.entries()) await say(b, `+${units(i)} 亚麻籽油`, T0 + 2 * MIN + i * 1000);
    await say(owner, '/接龙 关', T0 + 30 * MIN);
    const closedAt = T0 + 30 * MIN;

    await linli.engine.advanceTo(closedAt + 5 * DAY_MS + HOUR_MS, clock);
    const followups = () => channel.sent.filter((m) => m.key.startsWith('followup:'));
    expect(followups()).toHaveLength(30);
    const day = dayKey(followups()[0]!.at, 'Asia/Shanghai');
    expect(followups().every((m) => dayKey(m.at, 'Asia/Shanghai') === day)).toBe(true);
    // The places went to those who spent most: every one sent ordered at least as much as any left out.
    const unitsOf = (id: string) => units(buyers.findIndex((b) => b.id === id));
    const sentTo = new Set(followups().map((m) => (m.to.kind === 'dm' ? m.to.member.id : '')));
    const minSent = Math.min(...[...sentTo].map(unitsOf));
    const maxLeft = Math.max(...buyers.filter((b) => !sentTo.has(b.id)).map((b) => unitsOf(b.id)));
    expect(minSent).toBeGreaterThanOrEqual(maxLeft);
    // Nothing waits behind the cap.
    const outbox = linli.services.outbox;
    expect(outbox.waiting().filter((i) => i.key.startsWith('followup:'))).toHaveLength(0);

    // Days later still 30: the other 70 never go.
    await linli.engine.advanceTo(closedAt + 12 * DAY_MS, clock);
    expect(followups()).toHaveLength(30);
    expect(linli.services.store.data.due.filter((d) => d.kind === 'recall-followup' && d.state === 'pending')).toHaveLength(0);
  });

  it('an unsolicited DM held by the cap past its shelf life is dropped with the reason, never sent late', async () => {
    const { linli, clock, channel } = await testBot({ OWNER_IDS: owner.id, DM_DAILY_CAP: '1' });
    bots.push(linli);
    const { outbox, store } = linli.services;
    // The cap is used up for the next days, so the DM can only wait.
    for (let d = 0; d < 5; d++) store.data.dmSentPerDay[dayKey(T0 + d * DAY_MS, 'Asia/Shanghai')] = 1;
    const to = { kind: 'dm' as const, member: buyers[0]! };
    expect(outbox.enqueue({ key: 'followup:jl-x:wxid_b000', to, text: '用得还顺手吗？', purpose: 'unsolicited' })).toBe(true);
    expect(outbox.enqueue({ key: 'recall:2026-11-21:wxid_b000', to, text: '好久不见', purpose: 'unsolicited' })).toBe(true);
    await linli.engine.advanceTo(T0 + 4 * DAY_MS, clock);
    expect(channel.sent.filter((m) => m.key.startsWith('followup:') || m.key.startsWith('recall:'))).toHaveLength(0);
    const items = store.data.outbox.filter((i) => i.key === 'followup:jl-x:wxid_b000' || i.key === 'recall:2026-11-21:wxid_b000');
    expect(items.map((i) => [i.state, i.lastError])).toEqual([
      ['failed', '过时未发：回购关怀，超过两天'],
      ['failed', '过时未发：召回私信，召回那一轮已经过去'],
    ]);
    // Days later, with room again, still not sent.
    await linli.engine.advanceTo(T0 + 9 * DAY_MS, clock);
    expect(channel.sent.filter((m) => m.key.startsWith('followup:') || m.key.startsWith('recall:'))).toHaveLength(0);
    expect(FOLLOWUP_FRESH_MS).toBeLessThan(4 * DAY_MS);
  });
});
