// The "Done when" replay: 60 generated members with different habits, a month and
// a half of daily 接龙 through the real bot on a manual clock, and the owner's routine with
// recall (approve mode). Every expectation is worked out from what the test itself fed in
// (tests/month-sim.ts Ledger), never read back from the bot's own reckoning.

import { beforeAll, describe, expect, it } from 'vitest';
import { archivedCandidates, readArchived } from '../jielong/archive.ts';
import type { InboundEvent, MemberRef } from '../../bot/types.ts';
import { dayKey, zonedParts } from '../../scheduler/clock.ts';
import { defaultStageRules, stageOf } from '../profiles/stage.ts';
import type { Stage } from '../profiles/types.ts';
import type { RecallRun } from './types.ts';
import { allRuns, findRun } from './archive.ts';
import { testBot } from '../../tests/helpers.ts';
import { DAY, DAYS, group, HOUR, Ledger, members, owner, prng, PRODUCTS, routine, START, type Action, type Sim } from '../../tests/month-sim.ts';

const CAP = 6;
const TZ = 'Asia/Shanghai';
const END = START + DAYS * DAY + 9 * HOUR;
/** The owner cancels the first preview, forgets one, and confirms the rest at 11:00. */
const CANCEL_DAY = 15;
const FORGET_DAY = 30;
const REFUSAL_DAY = 30;

type Bot = Awaited<ReturnType<typeof testBot>>;
const all = members();
const by = (habit: Sim['habit'], i: number) => all.find((m) => m.habit === habit && m.i === i)!.ref;
const lurkersBack = [0, 1, 2, 3].map((i) => by('lurker', i));
const lurkerQuits = by('lurker', 9);
const lapsedBack = [0, 2].map((i) => by('lapsed', i));
const resident = by('daily', 0);

interface World {
  bot: Bot;
  ledger: Ledger;
  /** What the bot said back to each owner or resident command, by day and text. */
  replies: Map<string, string>;
  /** Recall DMs per member, in order: [run id, sent at]. */
  recallDms: Map<string, Array<{ key: string; at: number }>>;
}

let world: World;

async function simulate(): Promise<World> {
  const bot = await testBot({
    OWNER_IDS: owner.id, DM_DAILY_CAP: String(CAP), RECALL_HOLDOUT_PERCENT: '20', RECALL_MAX_PER_RUN: '50',
    RECALL_OFFER: '回归福利：本周下单满 50 减 5。', STORE_FLUSH_MS: '60000',
  }, START);
  const { linli, clock, channel } = bot;
  linli.services.store.data.catalog = (await import('../../store/catalog.ts')).loadCatalogFile('store/catalog.example.json');
  const ledger = new Ledger();
  const replies = new Map<string, string>();
  const recallDms = new Map<string, Array<{ key: string; at: number }>>();
  const rand = prng(20261001);
  const reactions: Action[] = [];
  const reacted = new Set<string>();
  let seq = 0;
  let seen = 0;

  const feed = async (a: Action, note?: string) => {
    await linli.engine.advanceTo(a.at, clock);
    const before = channel.sent.length;
    const id = `e${++seq}`;
    const event: InboundEvent = a.kind === 'join'
      ? { kind: 'join', id, at: a.at, group, member: a.who, ...(a.inviter ? { inviter: a.inviter } : {}) }
      : { kind: 'text', id, at: a.at, from: a.who, text: a.text, mentionsBot: false, mentions: [], ...(a.kind === 'group' ? { group } : {}) };
    await linli.handle(event);
    if (a.who.id !== owner.id) ledger.feed(a);
    if (note) {
      // Replies to one chat are paced a few seconds apart.
      await linli.engine.advanceTo(a.at + 30_000, clock);
      replies.set(note, channel.sent.slice(before).filter((m) => m.key.startsWith(`reply:${id}:`)).map((m) => m.text).join('\n'));
    }
  };

  for (let d = 0; d <= DAYS; d++) {
    const base = START + d * DAY;
    const ownerSays = (h: number, text: string, kind: 'group' | 'dm' = 'group'): Action => ({ at: base + h * HOUR, who: owner, kind, text });
    const actions: Array<Action & { note?: string }> = [...routine(d, all, rand)];
    if (d < DAYS) actions.push(ownerSays(8.5, `/接龙 开 第${d}天团 ${PRODUCTS[d % PRODUCTS.length]}`), ownerSays(20, '/接龙 关'));
    if (d >= CANCEL_DAY && d !== FORGET_DAY) actions.push({ ...ownerSays(11, d === CANCEL_DAY ? '/召回 取消' : '/召回 确认', 'dm'), note: `owner:${d}` });
    if (d === 29) actions.push({ ...ownerSays(9, '/召回 预览', 'dm'), note: 'owner:preview' });
    if (d === REFUSAL_DAY) {
      for (const cmd of ['/画像 @王阿姨', '/分层', '/名单 沉默', '/标签 @王阿姨 宝妈', '/召回 预览', '/召回 确认', '/召回 取消', '/召回 报告']) {
        actions.push({ at: base + 15 * HOUR + actions.length * 60_000, who: resident, kind: 'dm', text: cmd, note: `refused:${cmd}` });
      }
    }
    if (d === 43) actions.push({ at: base + 9 * HOUR, who: lurkerQuits, kind: 'dm', text: '订阅', note: 'optin' });
    actions.push(...reactions.filter((r) => r.at >= base && r.at < base + DAY));
    actions.sort((a, b) => a.at - b.at);
    for (const a of actions) await feed(a, a.note);
    await linli.engine.advanceTo(Math.min(base + DAY - 1000, END), clock);

    // Members react to recall DMs the day after they get one.
    for (const m of channel.sent.slice(seen)) {
      if (m.to.kind !== 'dm' || !m.key.startsWith('recall:')) continue;
      const who = m.to.member;
      recallDms.set(who.id, [...(recallDms.get(who.id) ?? []), { key: m.key, at: m.at }]);
      if (reacted.has(who.id)) continue;
      reacted.add(who.id);
      const next = START + (Math.floor((m.at - START) / DAY) + 1) * DAY + 12 * HOUR;
      if (lurkersBack.some((r) => r.id === who.id)) {
        reactions.push({ at: next, who, kind: 'dm', text: '好的，谢谢惦记' });
        for (let t = next + 5 * DAY; t < END; t += 5 * DAY) reactions.push({ at: t - 2.5 * HOUR, who, kind: 'group', text: '早' });
      } else if (who.id === lurkerQuits.id) {
        reactions.push({ at: next, who, kind: 'dm', text: '退订' });
      } else if (lapsedBack.some((r) => r.id === who.id)) {
        for (let t = next; t < END - DAY; t += 7 * DAY) reactions.push({ at: t, who, kind: 'group', text: '+1' });
      }
    }
    seen = channel.sent.length;
  }
  await linli.engine.advanceTo(END, clock);
  return { bot, ledger, replies, recallDms };
}

/** Who a run planned at `t` must pick, from the test's own record and the runs sent before. */
function expectedEligible(w: World, t: number, runs: RecallRun[]): Set<string> {
  const rules = defaultStageRules;
  const lastPick = new Map<string, number>();
  for (const r of runs) {
    if (r.status !== 'sent' || r.sentAt === undefined || r.sentAt >= t) continue;
    for (const id of [...Object.keys(r.contacted), ...Object.keys(r.control)]) lastPick.set(id, Math.max(lastPick.get(id) ?? 0, r.sentAt));
  }
  const out = new Set<string>();
  for (const { ref } of all) {
    const joined = w.ledger.joined.get(ref.id);
    if (joined === undefined || joined > t) continue;
    if (t - joined < rules.newDays * DAY) continue;
    if (w.ledger.optedOut(ref.id, t)) continue;
    const picked = lastPick.get(ref.id);
    if (picked !== undefined && t - picked < 7 * DAY) continue;
    const orders = w.ledger.ordersUntil(ref.id, t);
    const lapsed = orders.length >= rules.loyalOrders && t - Math.max(...orders) >= rules.lapsedDays * DAY;
    const silent = t - w.ledger.lastActive(ref.id, t)! >= rules.silentDays * DAY;
    if (lapsed || silent) out.add(ref.id);
  }
  return out;
}

// Runs done with move to recall-archive.jsonl (handlers/recall/archive.ts): read those too.
const runsOf = (w: World) => allRuns(w.bot.linli.services.store).sort((a, b) => a.plannedAt - b.plannedAt);
const sentKeys = (w: World) => new Set(w.bot.channel.sent.map((m) => m.key));
const runOn = (w: World, d: number) => findRun(w.bot.linli.services.store, dayKey(START + d * DAY + 12 * HOUR, TZ));

beforeAll(async () => {
  world = await simulate();
}, 60_000);

describe('a simulated month and a half of a 60-member group', () => {
  it('puts each habit group in its expected stage', () => {
    const profiles = world.bot.linli.services.store.data.profiles.members;
    const expected = (m: Sim): Stage => {
      if (lurkersBack.some((r) => r.id === m.ref.id) || m.ref.id === lurkerQuits.id) return '活跃';
      if (lapsedBack.some((r) => r.id === m.ref.id)) return '忠实';
      return ({ daily: '忠实', weekly: '忠实', lapsed: '流失风险', lurker: '沉默', newcomer: '新人', asker: '高潜', koc: 'KOC', invitee: '活跃', optout: '沉默' } as const)[m.habit];
    };
    const got = all.map((m) => `${m.habit}${m.i} ${m.ref.name}: ${stageOf(profiles[m.ref.id]!, END, defaultStageRules)}`);
    expect(got).toEqual(all.map((m) => `${m.habit}${m.i} ${m.ref.name}: ${expected(m)}`));
    expect(Object.keys(profiles).filter((id) => id !== owner.id)).toHaveLength(60);
  });

  it('each recall run picks exactly the silent and lapsed members not picked in 7 days, not opted out, not the owner', () => {
    const runs = runsOf(world);
    expect(runs.length).toBeGreaterThan(5);
    for (const run of runs) {
      // Over the daily DM cap (overCap) they were chosen, then not sent: free for the next run.
      const picked = [...Object.keys(run.contacted), ...Object.keys(run.control), ...Object.keys(run.overCap ?? {})];
      expect(new Set(picked).size, run.id).toBe(picked.length);
      expect(picked.sort(), run.id).toEqual([...expectedEligible(world, run.plannedAt, runs)].sort());
      expect(picked).not.toContain(owner.id);
      expect(picked).not.toContain(by('optout', 0).id);
    }
    // The opted-out lurker is left alone from the 退订 until the 订阅.
    const quitAt = world.ledger.optOuts.get(lurkerQuits.id)!.find(([, v]) => v)![0];
    for (const run of runs.filter((r) => r.plannedAt > quitAt)) expect(Object.keys(run.contacted)).not.toContain(lurkerQuits.id);
  });

  it('holds back a control group that gets no DM, and every contacted member gets exactly one DM per run', () => {
    const keys = world.bot.channel.sent.map((m) => m.key);
    const sent = runsOf(world).filter((r) => r.status === 'sent');
    expect(sent.reduce((n, r) => n + Object.keys(r.control).length, 0)).toBeGreaterThan(0);
    for (const run of sent) {
      for (const id of Object.keys(run.control)) expect(keys.filter((k) => k === `recall:${run.id}:${id}`)).toHaveLength(0);
      for (const id of Object.keys(run.contacted)) expect(keys.filter((k) => k === `recall:${run.id}:${id}`)).toHaveLength(1);
    }
    for (const run of runsOf(world).filter((r) => r.status !== 'sent')) {
      expect(keys.filter((k) => k.startsWith(`recall:${run.id}:`))).toEqual([]);
    }
    // Never the same text twice to the same member.
    for (const [id, dms] of world.recallDms) {
      const texts = world.bot.channel.sent.filter((m) => dms.some((d) => d.key === m.key)).map((m) => m.text);
      expect(new Set(texts).size, id).toBe(texts.length);
    }
  });

  it('unsolicited DMs keep to quiet hours and the daily cap', () => {
    const perDay = new Map<string, number>();
    for (const m of world.bot.channel.sent) {
      if (!m.key.startsWith('recall:') && !m.key.startsWith('followup:')) continue;
      const { hour } = zonedParts(m.at, TZ);
      expect(hour >= 8 && hour < 22, `${m.key} at ${hour}h`).toBe(true);
      perDay.set(dayKey(m.at, TZ), (perDay.get(dayKey(m.at, TZ)) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBe(CAP); // the cap is reached, and never passed
  });

  it('the approve flow: a preview each run, 取消 drops it, 确认 sends it, an unconfirmed one is dropped by the next run', () => {
    const cancelled = runOn(world, CANCEL_DAY)!;
    expect(cancelled.status).toBe('cancelled');
    expect(world.replies.get(`owner:${CANCEL_DAY}`)).toContain('不发了');
    const ownerDms = world.bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === owner.id);
    expect(ownerDms.some((m) => m.key === `recall-preview:${cancelled.id}:${owner.id}` && m.text.includes(`召回名单：${Object.keys(cancelled.contacted).length} 人`))).toBe(true);

    const confirmed = runOn(world, CANCEL_DAY + 1)!;
    expect(confirmed.status).toBe('sent');
    expect(world.replies.get(`owner:${CANCEL_DAY + 1}`)).toContain(`${Object.keys(confirmed.contacted).length} 条召回私信已排进发送队列`);

    const forgotten = runOn(world, FORGET_DAY)!;
    expect(forgotten.status).toBe('cancelled');
    expect(runsOf(world).some((r) => r.plannedAt > forgotten.plannedAt)).toBe(true);

    expect(world.replies.get('owner:preview')).toContain('这是预览，什么都没有发出');
    expect(runOn(world, 29)?.plannedAt ?? Infinity).toBeGreaterThanOrEqual(START + 29 * DAY + 10.5 * HOUR);
  });

  it('a resident is refused every owner command of this feature, and nothing changes', () => {
    for (const cmd of ['/画像', '/分层', '/名单', '/标签', '/召回', '/召回', '/召回', '/召回']) {
      expect([...world.replies].some(([k, v]) => k.startsWith(`refused:${cmd}`) && v.includes(`抱歉，${cmd} 只有团长可以使用`))).toBe(true);
    }
    expect([...world.replies].filter(([k]) => k.startsWith('refused:')).every(([, v]) => v.includes('只有团长可以使用'))).toBe(true);
    expect(runOn(world, FORGET_DAY)!.sentAt).toBeUndefined();
    expect(world.bot.linli.services.store.data.profiles.members['wxid_m00']!.ownerTags).toEqual([]);
  });

  it('opt-out is confirmed and kept; 订阅 turns recall back on', () => {
    const optout = by('optout', 0);
    const toOptout = world.bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === optout.id);
    expect(toOptout.map((m) => m.text)).toEqual([expect.stringContaining('不再给你发')]);
    expect(world.bot.channel.sent.filter((m) => m.to.kind === 'dm' && m.to.member.id === lurkerQuits.id && m.text.includes('不再给你发'))).toHaveLength(1);
    expect(world.replies.get('optin')).toContain('已经恢复');
    expect(world.bot.linli.services.store.data.profiles.members[lurkerQuits.id]!.optedOut).toBe(false);
    expect(world.bot.linli.services.store.data.profiles.members[optout.id]!.optedOut).toBe(true);
  });

  it('/召回 报告 matches the comebacks counted from the record', async () => {
    const w = world;
    const sent = runsOf(w).filter((r) => r.status === 'sent');
    const count = (pick: (r: RecallRun) => string[]) => {
      let n = 0, back = 0, ordered = 0;
      for (const r of sent) {
        for (const id of pick(r)) {
          const c = w.ledger.cameBack(id, r.sentAt!, r.sentAt! + 7 * DAY);
          n++;
          if (c.back) back++;
          if (c.ordered) ordered++;
        }
      }
      return { n, back, ordered };
    };
    const c = count((r) => Object.keys(r.contacted));
    const k = count((r) => Object.keys(r.control));
    expect(c.back).toBeGreaterThan(0);
    expect(c.ordered).toBeGreaterThan(0);
    const before = w.bot.channel.sent.length;
    await w.bot.linli.handle({ kind: 'text', id: 'report', at: END, from: owner, text: '/召回 报告', mentionsBot: false, mentions: [] });
    await w.bot.linli.engine.advanceTo(END + 1000, w.bot.clock);
    const report = w.bot.channel.sent.slice(before).map((m) => m.text).join('\n');
    const pct = (a: number, b: number) => (b ? `（${Math.round((a / b) * 100)}%）` : '');
    expect(report).toContain(`召回效果（${sent.length} 次`);
    expect(report).toContain(`发了私信：联系了 ${c.n} 人，回来了 ${c.back} 人${pct(c.back, c.n)}，下单了 ${c.ordered} 人${pct(c.ordered, c.n)}`);
    expect(report).toContain(`对照组（随机留着没发）：${k.n} 人，自己回来了 ${k.back} 人${pct(k.back, k.n)}，下单了 ${k.ordered} 人${pct(k.ordered, k.n)}`);
  });

  it('each buyer gets a follow-up 5 days after a 接龙 closes unless they ordered again or opted out', () => {
    const { store } = world.bot.linli.services;
    // The outbox keeps a month of finished messages; what went out before that is in what was sent.
    const queued = new Set([...store.data.outbox, ...world.bot.channel.sent].map((i) => i.key));
    let expectedCount = 0;
    let queuedWanted = 0;
    // Closed 接龙 move to the archive a week after closing: read those too.
    const records = [...Object.values(store.data.jielong), ...archivedCandidates(store).map((ref) => readArchived(store, ref)!)];
    for (const record of records) {
      const closedAt = record.closedAt!;
      const due = closedAt + 5 * DAY;
      if (due > END - HOUR) continue;
      for (const { ref } of all) {
        const bought = world.ledger.ordersUntil(ref.id, closedAt).some((t) => t >= record.openedAt);
        if (!bought) continue;
        const again = world.ledger.ordersUntil(ref.id, due).some((t) => t > closedAt);
        const want = !again && !world.ledger.optedOut(ref.id, due);
        if (want) expectedCount++;
        const got = queued.has(`followup:${record.id}:${ref.id}`);
        if (want && got) queuedWanted++;
        // Never queued when not wanted. A wanted one may miss its day's places (CAP is 6 and the
        // recall runs use them too): the cap is planned, the least valuable dropped (issue 20).
        if (!want) expect(got, `${record.title} ${ref.name}`).toBe(false);
      }
    }
    expect(expectedCount).toBeGreaterThan(10);
    expect(queuedWanted).toBeGreaterThan(expectedCount / 2);
    const followups = world.bot.channel.sent.filter((m) => m.key.startsWith('followup:'));
    expect(followups.length).toBeGreaterThan(10);
    for (const m of followups) expect(m.text).toMatch(/收到啦/);
  });
});
