// The page's 快进 moves the sandbox clock and runs what comes due on the way, through the
// same engine, outbox and Wechaty adapter as everything else.

import { describe, expect, it } from 'vitest';
import { sandboxForFile } from './sandbox-helpers.ts';

const shop = sandboxForFile();

describe('sandbox clock', () => {
  it('fast-forwards through scheduled posts, which appear in the group timeline in order', async () => {
    const { linli, clock, url } = shop.bot;
    const group = { id: 'xingfuli-1@chatroom', name: '幸福里1群' };
    const start = clock.now();
    linli.services.scheduler.at(start + 30 * 60_000, 'post', { group, text: '半小时后的预告' });
    linli.services.scheduler.at(start + 50 * 60_000, 'post', { group, text: '五十分钟后的提醒' });

    const res = await fetch(`${url}/api/clock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ minutes: 60 }),
    });
    expect(res.status).toBe(200);
    const { now } = (await res.json()) as { now: number };
    expect(now - start).toBeGreaterThanOrEqual(60 * 60_000);

    const posts = shop.bot.driver.timeline().filter((e) => e.fromBot && e.chat === group.id);
    expect(posts.map((p) => p.text)).toEqual(['半小时后的预告', '五十分钟后的提醒']);
    expect(posts[0]!.at - start).toBeGreaterThanOrEqual(30 * 60_000);
    expect(posts[1]!.at - start).toBeGreaterThanOrEqual(50 * 60_000);
    expect(posts[1]!.at - start).toBeLessThan(60 * 60_000);
  });
});
