// A 接龙 reposted in a group (the shared fixture 11 sequence, then a stale copy) through the
// real router, handler, scheduler and outbox on the replay clock.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { Store } from '../../store/db.ts';
import { readLog } from '../../store/log.ts';
import { testConfig } from '../../tests/helpers.ts';

async function replay(file: string, source = readFileSync(file, 'utf8')) {
  const config = testConfig();
  const out: ReplayOutput[] = [];
  const script = parseScript(source);
  await runReplay(script, { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return { out, dataDir: config.DATA_DIR };
}

describe('接龙 in a group', () => {
  it('confirms sign-ups, the edit and the cancellation in consolidated messages, and ignores a stale copy', async () => {
    const { out, dataDir } = await replay('tests/fixtures/jielong-reposts.jsonl');
    expect(out).toEqual([
      // The cut-off written in the title is read, and the owner hears how.
      { at: '2026-11-21T09:00:00+08:00', dm: '老赵', text: '「周六冷榨油团购 截止周五20:00」写了“截止周五20:00”，我记为11月27日（周五）20:00自动截单，到点在群里公布汇总。不对的话请到时间发 /接龙 关 手动截单。' },
      // A quiet group hears about the first change within seconds; what follows in the same
      // minute waits for the minute to pass and is confirmed together.
      { at: '2026-11-21T09:00:05+08:00', group: '幸福里1群', mentions: [], text: '已登记「周六冷榨油团购 截止周五20:00」：王阿姨 3-501 ×2瓶' },
      { at: '2026-11-21T09:01:05+08:00', group: '幸福里1群', mentions: [], text: '已登记「周六冷榨油团购 截止周五20:00」：李哥 7-1102 ×1瓶' },
      { at: '2026-11-21T09:05:05+08:00', group: '幸福里1群', mentions: [], text: '「周六冷榨油团购 截止周五20:00」接龙有更新：王阿姨 3-501 改为 ×3瓶' },
      { at: '2026-11-21T09:06:05+08:00', group: '幸福里1群', mentions: [], text: '已登记「周六冷榨油团购 截止周五20:00」：小张 5-201 ×2瓶' },
      { at: '2026-11-21T09:30:05+08:00', group: '幸福里1群', mentions: [], text: '「周六冷榨油团购 截止周五20:00」接龙有更新：李哥 7-1102 已取消' },
      // 李哥 reposts an older copy still holding his cancelled line: it stays cancelled, and he hears it once.
      { at: '2026-11-21T09:31:00+08:00', group: '幸福里1群', mentions: ['李哥'], text: '你之前取消了“7-1102 李哥 1瓶”，这次的接龙里还有这一行，我没有重新登记。要重新接龙请回复“接龙+1”～' },
    ]);

    const store = await Store.open(dataDir);
    const [record] = Object.values(store.data.jielong);
    expect(record!.book.lines.map((l) => [l.entry.name, l.entry.items[0]!.qty, l.state, l.authorId])).toEqual([
      ['王阿姨', 3, 'active', '王阿姨'], ['李哥', 1, 'cancelled', '李哥'], ['小张', 2, 'active', '小张'],
    ]);
    await store.close();

    const events: Array<{ kind: string; change?: string; name?: string }> = [];
    for await (const e of readLog<{ kind: string; change?: string; name?: string }>(join(dataDir, 'events.jsonl'))) if (e.kind === 'jielong') events.push(e);
    expect(events.map((e) => `${e.change}:${e.name}`)).toEqual(['signup:王阿姨', 'signup:李哥', 'edit:王阿姨', 'signup:小张', 'cancel:李哥']);
  });

  it('does not let a resident change someone else’s line, and tells the owner once', async () => {
    const v1 = '#接龙\n周六冷榨油团购\n\n1. 3-501 王阿姨 2瓶';
    const v2 = '#接龙\n周六冷榨油团购\n\n1. 3-501 王阿姨 5瓶\n2. 7-1102 李哥 1瓶';
    const line = (at: string, from: string, text: string) => JSON.stringify({ at: `2026-11-21T${at}+08:00`, group: '幸福里1群', from, text });
    const source = [
      JSON.stringify({ setup: { owner: '老赵', groups: { 幸福里1群: ['王阿姨', '李哥'] } } }),
      line('09:00:00', '王阿姨', v1),
      line('09:02:00', '李哥', v2),
      line('09:03:00', '李哥', v2),
    ].join('\n');
    const { out } = await replay('', source);
    expect(out).toEqual([
      { at: '2026-11-21T09:00:05+08:00', group: '幸福里1群', mentions: [], text: '已登记「周六冷榨油团购」：王阿姨 3-501 ×2瓶' },
      { at: '2026-11-21T09:02:00+08:00', dm: '老赵', text: '提醒：李哥想在「周六冷榨油团购」里把王阿姨的“3-501 王阿姨 2瓶”改成“3-501 王阿姨 5瓶”。只有本人或团长能改，所以没有采纳。确实要改的话，你发一版改好的接龙就行。' },
      { at: '2026-11-21T09:02:30+08:00', group: '幸福里1群', mentions: [], text: '已登记「周六冷榨油团购」：李哥 7-1102 ×1瓶' },
    ]);
  });
});
