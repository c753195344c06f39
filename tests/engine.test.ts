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
