// Issue 6, a long message on the sandbox page: never cut silently. The composer has no
// `maxlength` (which cut a pasted 接龙 without a word); the page's limit is what the bot reads
// (MAX_TEXT_CHARS, bot/too-long.ts), it says so before sending, and the server refuses a longer
// message with a note saying how long it was and what the limit is.

import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { MAX_TEXT_CHARS } from '../bot/too-long.ts';
import { say as sayAs, sandboxForFile } from './sandbox-helpers.ts';

const PAGE = readFileSync(new URL('../bot/web/page.html', import.meta.url), 'utf8');
const GROUP1 = 'xingfuli-1@chatroom';
const OWNER = 'wxid_laozhao';

const shop = sandboxForFile();

const say = (from: string, group: string | null, text: string) => sayAs(shop.bot, from, group, text);

/** A 接龙 of `lines` sign-ups, as residents paste it. */
function jielong(lines: number): string {
  const rows = Array.from({ length: lines }, (_, i) => `${i + 1}. ${1 + (i % 30)}栋${100 + i}室 邻居${i + 1} 草莓${1 + (i % 3)}盒`);
  return ['#接龙', '周六草莓团 38元/盒', ...rows].join('\n');
}

describe('a long message on the sandbox page', () => {
  it('is not cut by the composer, and the page knows the limit the bot has', () => {
    const composer = /<textarea id="input"[^>]*>/.exec(PAGE)![0];
    expect(composer).not.toMatch(/maxlength/i);
    expect(Number(/const MAX_CHARS = (\d+);/.exec(PAGE)![1])).toBe(MAX_TEXT_CHARS);
    // It says so before sending, and leaves the message in the box.
    expect(PAGE).toContain('没有发出。请分成几条发');
    expect(PAGE).toMatch(/if \(chars > MAX_CHARS\) \{[^}]*showError\([^}]*return;/);
  });

  it('sends a whole long 接龙 (longer than the page used to allow) to the bot', async () => {
    const text = jielong(300);
    expect([...text].length).toBeGreaterThan(2_000);
    expect([...text].length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect((await say(OWNER, GROUP1, text)).status).toBe(200);
    await vi.waitFor(() => expect(shop.bot.driver.timeline().at(-1)).toMatchObject({ fromId: OWNER, text }), { timeout: 10_000 });
  });

  it('refuses a message longer than the bot reads, saying how long and the limit, and nothing is said', async () => {
    const before = shop.bot.driver.timeline().length;
    const chars = MAX_TEXT_CHARS + 25;
    const res = await say(OWNER, GROUP1, '好'.repeat(chars));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(`消息太长了（${chars} 字），最多 ${MAX_TEXT_CHARS} 字，没有发出。请分成几条发`);
    // Emoji count once each, as a person counts them: the limit in characters goes through.
    expect((await say(OWNER, null, '🍓'.repeat(MAX_TEXT_CHARS))).status).toBe(200);
    await vi.waitFor(() => expect(shop.bot.driver.timeline().length).toBeGreaterThan(before), { timeout: 10_000 });
    expect(shop.bot.driver.timeline().slice(before).some((e) => [...e.text].length > MAX_TEXT_CHARS)).toBe(false);
  });
});
