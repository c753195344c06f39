// WeCom's limit on 群发 tasks per customer (and per customer group) per day: the task over
// the limit waits for the shop's next local day instead of failing, survives a restart, goes
// exactly once, keeps its chat's later messages behind it and holds up no one else. Every
// call lands on the fake WeCom server on 127.0.0.1.

import { afterEach, describe, expect, it } from 'vitest';
import { createLinli, type Linli } from '../bot/app.ts';
import { createWecom } from '../bot/channels/wecom/index.ts';
import type { Config } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import type { Destination } from '../bot/types.ts';
import type { ManualClock } from '../scheduler/clock.ts';
import { testBot } from './helpers.ts';
import { FakeWecom, SECRET } from './wecom-fake.ts';
import { WECOM_ENV } from './wecom-sign.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const WANG = 'wmWangAyi00000001';
const LI = 'wmLiGe00000000001';
const toWang: Destination = { kind: 'dm', member: { id: WANG, name: '王阿姨' } };
const toLi: Destination = { kind: 'dm', member: { id: LI, name: '李哥' } };
const toGroup: Destination = { kind: 'group', group: { id: 'wrGroup001', name: '幸福里团购群' } };

let fake: FakeWecom | undefined;
let linli: Linli | undefined;

afterEach(async () => {
  await linli?.close();
  await fake?.stop();
  linli = fake = undefined;
});

/** The bot with the WeCom channel attached, as `npm start` wires it. */
async function open(config: Config, clock: ManualClock): Promise<Linli> {
  const bot = await createLinli({ config, clock, log: silentLogger() });
  const wecom = createWecom({
    config, store: bot.services.store, clock, log: silentLogger(),
    handle: async (e) => void (await bot.handle(e)), flush: async () => void (await bot.services.outbox.drain()),
  });
  bot.attach(wecom.channel);
  return bot;
}

/** The texts of the 群发 tasks created so far, in order. */
const tasks = () => fake!.callsTo('externalcontact/add_msg_template').map((c) => c.body.text.content as string);

describe('WeCom 群发 over the daily limit', () => {
  it('waits for the next local day (not failed), survives a restart, is created once, in order, and holds up no one else', async () => {
    fake = await new FakeWecom().start();
    const start = at('2026-11-21T09:00:00');
    const midnight = at('2026-11-22T00:00:00');
    const made = await testBot({ ...WECOM_ENV, WECOM_SECRET: SECRET, WECOM_API_BASE: fake.url, WECOM_CUSTOMER_DAILY_LIMIT: '2' }, start);
    await made.linli.close();
    const { clock, config } = made;
    linli = await open(config, clock);
    const { store } = linli.services;
    store.data.wecom.contacts[WANG] = { staff: 'xiaoli' };
    store.data.wecom.contacts[LI] = { staff: 'xiaoli' };
    store.data.wecom.chats['wrGroup001'] = { kind: 'customer', owner: 'xiaoli' };
    store.changed();

    const enqueue = (key: string, to: Destination, text: string) => linli!.services.outbox.enqueue({ key, to, text, purpose: 'requested' });
    enqueue('w1', toWang, '王阿姨 1');
    enqueue('w2', toWang, '王阿姨 2');
    enqueue('w3', toWang, '王阿姨 3');
    enqueue('w4', toWang, '王阿姨 4');
    enqueue('l1', toLi, '李哥 1');
    enqueue('g1', toGroup, '群 1');
    enqueue('g2', toGroup, '群 2');
    enqueue('g3', toGroup, '群 3');
    enqueue('g4', toGroup, '群 4');
    await linli.engine.advanceTo(start + 10 * 60_000, clock);

    // Today: two per customer and per group; the third and the one after it are not created.
    expect(tasks().sort()).toEqual(['李哥 1', '王阿姨 1', '王阿姨 2', '群 1', '群 2'].sort());
    const item = (key: string) => linli!.services.store.data.outbox.find((i) => i.key === key);
    for (const key of ['w3', 'g3']) {
      expect(item(key)).toMatchObject({ state: 'pending', attempts: 0, notBefore: midnight });
      expect(item(key)?.lastError).toContain('今天的已用完');
    }
    // Behind them in their chats: never tried, so never over the limit themselves.
    for (const key of ['w4', 'g4']) expect(item(key)).toMatchObject({ state: 'pending', attempts: 0 });

    // Another customer is not held up by 王阿姨's limit.
    clock.set(at('2026-11-21T10:00:00'));
    enqueue('l2', toLi, '李哥 2');
    await linli.engine.advanceTo(at('2026-11-21T10:01:00'), clock);
    expect(tasks().filter((t) => t.startsWith('李哥'))).toEqual(['李哥 1', '李哥 2']);

    // Nothing more all day; then a restart late in the evening.
    await linli.engine.advanceTo(at('2026-11-21T23:00:00'), clock);
    expect(tasks()).toHaveLength(6);
    await linli.close();
    linli = await open(config, clock);
    expect(item('w3')).toMatchObject({ state: 'pending', attempts: 0, notBefore: midnight });
    expect(item('g3')).toMatchObject({ state: 'pending', attempts: 0, notBefore: midnight });

    await linli.engine.advanceTo(midnight - 1, clock);
    expect(tasks()).toHaveLength(6);
    // After local midnight the group's tasks go (a new day's allowance), in their order.
    await linli.engine.advanceTo(midnight + 10_000, clock);
    expect(tasks().slice(6)).toEqual(['群 3', '群 4']);
    // 王阿姨's are DMs: quiet hours (22:00–08:00) still hold them until the morning.
    await linli.engine.advanceTo(at('2026-11-22T07:59:00'), clock);
    expect(tasks()).toHaveLength(8);
    await linli.engine.advanceTo(at('2026-11-22T08:01:00'), clock);
    expect(tasks().slice(8)).toEqual(['王阿姨 3', '王阿姨 4']);

    // Exactly once each, with the right body, and nothing failed.
    await linli.engine.advanceTo(at('2026-11-25T09:00:00'), clock);
    const all = tasks();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(10);
    expect(fake.callsTo('externalcontact/add_msg_template').find((c) => c.body.text.content === '王阿姨 3')?.body)
      .toEqual({ chat_type: 'single', external_userid: [WANG], sender: 'xiaoli', text: { content: '王阿姨 3' } });
    expect(linli.services.store.data.outbox.map((i) => [i.key, i.state, i.attempts]).sort()).toEqual(
      ['g1', 'g2', 'g3', 'g4', 'l1', 'l2', 'w1', 'w2', 'w3', 'w4'].map((k) => [k, 'sent', 1]),
    );
    expect(linli.services.store.data.wecom.templatesPerDay).toEqual({ '2026-11-22': { wrGroup001: 2, [WANG]: 2 } });
  });
  it('an answer to the customer is never created today either, and goes at midnight without waiting for the morning', async () => {
    // The outbox's one exception to per-chat order: an answer in a DM chat does not wait behind
    // a DM quiet hours hold (bot/outbox-queue.ts). Over the limit it waits for midnight like
    // any 群发 task; then it is the one a customer waits for, so it takes the new day's first
    // allowance and the held reminder follows at 08:00.
    fake = await new FakeWecom().start();
    const start = at('2026-11-21T09:00:00');
    const midnight = at('2026-11-22T00:00:00');
    const made = await testBot({ ...WECOM_ENV, WECOM_SECRET: SECRET, WECOM_API_BASE: fake.url, WECOM_CUSTOMER_DAILY_LIMIT: '1' }, start);
    await made.linli.close();
    const { clock, config } = made;
    linli = await open(config, clock);
    linli.services.store.data.wecom.contacts[WANG] = { staff: 'xiaoli' };
    const outbox = linli.services.outbox;
    outbox.enqueue({ key: 'w1', to: toWang, text: '今天的提醒', purpose: 'requested' });
    outbox.enqueue({ key: 'w2', to: toWang, text: '第二条提醒', purpose: 'requested' });
    await linli.engine.advanceTo(start + 60_000, clock);
    outbox.enqueue({ key: 'r1', to: toWang, text: '回答王阿姨', purpose: 'reply' });
    await linli.engine.advanceTo(midnight - 1, clock);
    expect(tasks()).toEqual(['今天的提醒']);
    await linli.engine.advanceTo(midnight + 10_000, clock);
    expect(tasks()).toEqual(['今天的提醒', '回答王阿姨']);
    // The answer used the 22nd's one task, so the reminder waits for the 23rd (and its morning).
    await linli.engine.advanceTo(at('2026-11-23T07:59:00'), clock);
    expect(tasks()).toHaveLength(2);
    await linli.engine.advanceTo(at('2026-11-23T08:01:00'), clock);
    expect(tasks()).toEqual(['今天的提醒', '回答王阿姨', '第二条提醒']);
    const item = linli.services.store.data.outbox.find((i) => i.key === 'w2');
    expect(item).toMatchObject({ state: 'sent', attempts: 1 });
  });
});
