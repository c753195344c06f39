// A product-question conversation through replay: the CSV example catalog, questions in a
// group and by DM, the owner's answer, and an edit residents see at once.

import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { testConfig } from '../../tests/helpers.ts';

it('replays a product-question conversation', async () => {
  const out: ReplayOutput[] = [];
  const script = parseScript(readFileSync('tests/fixtures/qa.jsonl', 'utf8'));
  await runReplay(script, { config: testConfig(), log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  expect(out).toEqual([
    { at: '2026-11-21T09:00:00+08:00', group: '幸福里1群', mentions: ['王阿姨'], text: '有机小米有中国有机产品认证～' },
    { at: '2026-11-21T09:02:00+08:00', group: '幸福里1群', mentions: ['李哥'], text: '土鸡蛋：放冰箱冷藏，大头朝上，两周内吃完～' },
    { at: '2026-11-21T09:03:00+08:00', dm: '老赵', text: '有 1 个邻居的问题等你回答：\n#1 小张（私聊）：你们周末送货吗\n回答就发“/答 1 你的回答”，我替你转告～' },
    { at: '2026-11-21T09:03:00+08:00', dm: '小张', text: '到货时间我问问团长，回头告诉你～' },
    { at: '2026-11-21T09:10:00+08:00', dm: '小张', text: '你问的“你们周末送货吗”，团长回复：周末也送，下午三点前下单当天到' },
    { at: '2026-11-21T09:10:00+08:00', dm: '老赵', text: '已转告小张。' },
    { at: '2026-11-21T09:11:00+08:00', dm: '老赵', text: '「红富士苹果」的价格已改好：\n红富士苹果（编号 fuji-apple）\n别名：苹果、富士\n分类：水果\n价格：45元/箱　规格：5kg\n产地：陕西洛川\n库存：30' },
    { at: '2026-11-21T09:12:00+08:00', group: '幸福里1群', mentions: ['小张'], text: '红富士苹果45元一箱（5kg）～' },
  ]);
});
