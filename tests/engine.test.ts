import { afterEach, expect, it, vi } from 'vitest';
import type { Linli } from '../bot/app.ts';
import { group1, member, testBot } from './helpers.ts';

let bot: Linli | undefined;
afterEach(async () => {
  await bot?.engine.stop();
  bot = undefined;
});

it('on the wall clock a reply goes out while slow scheduled work is still running', async () => {
  const { linli, clock, channel } = await testBot();
  bot = linli;
  const { scheduler, outbox } = linli.services;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  scheduler.handle('slow', () => gate);
  scheduler.at(clock.now(), 'slow', {});
  linli.engine.start();
  // The heartbeat's run of scheduled work, stuck on the slow job (as a recall run waiting for the model).
  const ticking = linli.engine.tick();
  outbox.enqueue({ key: 'reply:1', to: { kind: 'group', group: group1 }, text: '收到～', mentions: [member('王阿姨')] });
  await vi.waitFor(() => expect(channel.sent.map((m) => m.text)).toEqual(['收到～']), { timeout: 2000, interval: 10 });
  release();
  await ticking;
});

it('on the wall clock work due within the minute runs on time, not at the next heartbeat', async () => {
  const { linli, clock } = await testBot();
  bot = linli;
  const { scheduler } = linli.services;
  const ran: number[] = [];
  scheduler.handle('soon', () => {
    ran.push(Date.now());
  });
  linli.engine.start();
  // The test clock stands still: make the item due now + 200 ms of wall time on it as well.
  const started = Date.now();
  scheduler.at(clock.now() - 1, 'soon', {});
  await vi.waitFor(() => expect(ran).toHaveLength(1), { timeout: 2000, interval: 10 });
  expect(ran[0]! - started).toBeLessThan(1500);
});
