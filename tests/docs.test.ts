import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from '../bot/config.ts';
import { CONFIGURATION_PATH, configurationMarkdown, OWNER_GUIDE_PATH, ownerGuideMarkdown } from '../scripts/gen-docs.ts';

// The generated pages of docs/ must say what the code says: regenerated here, compared with
// the committed files.

const STALE = 'is stale: run `npm run docs` and commit the result';

function committed(path: string): string {
  const url = new URL(`../${path}`, import.meta.url);
  return existsSync(url) ? readFileSync(url, 'utf8') : '';
}

describe('generated docs', () => {
  it('docs/owner-guide.md matches the command registry', async () => {
    const fresh = await ownerGuideMarkdown();
    expect(committed(OWNER_GUIDE_PATH) === fresh, `${OWNER_GUIDE_PATH} ${STALE}`).toBe(true);
  });

  it('docs/configuration.md matches the config schema', () => {
    const fresh = configurationMarkdown();
    expect(committed(CONFIGURATION_PATH) === fresh, `${CONFIGURATION_PATH} ${STALE}`).toBe(true);
  });

  it('lists every command, keyword and variable', async () => {
    const guide = await ownerGuideMarkdown();
    for (const usage of ['/接龙 开\\|关\\|汇总\\|导出', '/召回 预览', '/帮助（或 /help）', '/积分 调整 @某人']) expect(guide).toContain(usage);
    for (const word of ['签到（或 打卡）', '退订', '看接龙、接龙发一下']) expect(guide).toContain(word);
    const config = configurationMarkdown();
    for (const key of Object.keys(configSchema.shape)) expect(config).toContain(`| \`${key}\` |`);
    // Defaults as one would type them, parsed or not.
    expect(config).toContain('| `DM_QUIET_HOURS` | `22:00-08:00` |');
    expect(config).toContain('| `WEB_PORT` | `8787` | whole number, 0–65,535 |');
    expect(config).toContain('| `PROFILE_RFM_MONETARY` | `50,150,400,1000` |');
  });

  it('refuses a variable without a description, or a default it cannot write as text', () => {
    expect(() => configurationMarkdown(z.object({ NO_WORDS: z.string().default('x') }))).toThrow(/NO_WORDS has no description/);
    const parsed = z.string().transform((v) => ({ v })).default({ v: 'x' }).describe('a parsed default');
    expect(() => configurationMarkdown(z.object({ PARSED: parsed }))).toThrow(/PARSED: .*prefault/);
  });
});
