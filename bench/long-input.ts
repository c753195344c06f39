// Long messages: 100 KB and 19 KB (just under the channel cap, so every reader runs) of each
// character class, through the real router, 接龙 handler, product questions and store, in a
// group with a 接龙 open. Beside it, the baseline: a short chat message through the same bot.
// One such message must not hold up every group (target < 50 ms each). A benchmark, not a
// test: it prints figures.
//
//   npm run bench:long

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinli } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import { MAX_TEXT_CHARS } from '../bot/too-long.ts';
import type { TextEvent } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { Store } from '../store/db.ts';

const TARGET_MS = 50;
const START_AT = Date.parse('2026-11-21T09:00:00+08:00');
const catalog = loadCatalogFile(new URL('../store/catalog.example.json', import.meta.url).pathname);
const group = { id: 'bench@chatroom', name: '幸福里1群' };

const CLASSES: Record<string, string> = {
  digits: '1', 'Chinese numerals': '一二三四五六七八九十', emoji: '🍎', han: '鸡蛋大米', 'list lines': '3-501 王阿姨 土鸡蛋2盒\n',
  brackets: '（）', dots: '1.', prices: '9元', 'blank lines': '1\n', 'cut-off words': '今晚9点截单',
};

function fill(unit: string, chars: number): string {
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-long-'));
  try {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', STORE_FLUSH_MS: '60000', OWNER_IDS: 'wxid_owner' });
    const clock = new ManualClock(START_AT);
    const store = await Store.open(dir, { flushMs: 60_000 });
    store.data.catalog = catalog;
    const linli = await createLinli({ config, clock, log: silentLogger(), store });
    let i = 0;
    const send = async (text: string, from = `wxid_${i}`): Promise<number> => {
      const e: TextEvent = { kind: 'text', id: `long-${i++}`, at: clock.now(), group, from: { id: from, name: '居民' }, text, mentionsBot: false, mentions: [] };
      const t0 = performance.now();
      await linli.handle(e);
      return performance.now() - t0;
    };
    await send('/接龙 开 周六团购 亚麻籽油 39.9 截止 明晚8点', 'wxid_owner');
    const baseline: number[] = [];
    for (let k = 0; k < 50; k++) baseline.push(await send('今天天气真好，大家吃饭了吗'));
    baseline.sort((a, b) => a - b);
    console.log(`baseline (a short chat message, median of 50): ${baseline[25]!.toFixed(2)} ms`);
    console.log(`channel cap: ${MAX_TEXT_CHARS} characters (longer messages are answered politely, not read)`);
    let worst = 0;
    for (const [name, unit] of Object.entries(CLASSES)) {
      const row: string[] = [];
      for (const chars of [100_000, MAX_TEXT_CHARS - 1_000]) {
        for (const wrap of [(b: string) => `#接龙\n周六团购\n1. ${b}`, (b: string) => b]) {
          const ms = await send(wrap(fill(unit, chars)));
          worst = Math.max(worst, ms);
          row.push(ms.toFixed(1));
        }
      }
      console.log(`  ${name.padEnd(17)} 100 KB as 接龙 / as chat: ${row[0]} / ${row[1]} ms; 19 K chars: ${row[2]} / ${row[3]} ms`);
    }
    console.log(`worst: ${worst.toFixed(1)} ms (target < ${TARGET_MS} ms) ${worst < TARGET_MS ? 'met' : 'NOT met'}`);
    await linli.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
