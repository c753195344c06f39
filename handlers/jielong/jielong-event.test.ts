// A 接龙 posted with the platform's 接龙 tool reaches the handlers as a `jielong` event (the
// channel has read who added which line); the behaviour log keeps it as the app message it was.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import type { JielongEvent } from '../../bot/types.ts';
import { Store } from '../../store/db.ts';
import { closeAfterTest, closeShopsAfterEach, group1, member, T0, testBot, testConfig } from '../../tests/helpers.ts';

closeShopsAfterEach();

const TEXT = '#接龙\n周六冷榨油团购\n\n1. 3-501 王阿姨 3瓶\n2. 5-201 小张 2瓶\n';
const wang = member('王阿姨');
const zhang = member('小张');

describe('a 接龙 event', () => {
  it('records each line for the member the 接龙 tool names, and is logged as an app message', async () => {
    const { linli, clock } = await testBot();
    closeAfterTest(linli);
    const logged: Array<Record<string, unknown>> = [];
    linli.services.store.log.subscribe((e) => logged.push(e as Record<string, unknown>));
    const event: JielongEvent = {
      kind: 'jielong', id: 'j1', at: clock.now(), group: group1, from: zhang, text: TEXT,
      lines: [{ line: 1, authorId: wang.id }, { line: 2, authorId: zhang.id }],
      raw: { platform: 'replay', type: 'app', xml: '<msg/>' },
    };
    await linli.handle(event);
    await linli.idle();
    const [record] = Object.values(linli.services.store.data.jielong);
    expect(record?.book.lines.map((l) => [l.entry.name, l.authorId])).toEqual([['王阿姨', wang.id], ['小张', zhang.id]]);
    expect(logged[0]).toEqual({
      kind: 'app', id: 'j1', at: T0, group: group1, from: { ...zhang, no: expect.any(Number) }, text: TEXT.trim(),
      raw: { platform: 'replay', type: 'app', xml: '<msg/>' },
    });
  });

  it('comes from a replay script\'s WeChat 接龙 XML line', async () => {
    const range = (part: string) => `${TEXT.indexOf(part)}-${part.length}`;
    const info = `<solitaire><content><i><u>王阿姨</u><r>${range('3-501 王阿姨 3瓶')}</r></i><i><u>小张</u><r>${range('5-201 小张 2瓶')}</r></i></content></solitaire>`;
    const xml = `<msg><appmsg><title><![CDATA[${TEXT}]]></title><type>53</type><extinfo><solitaire_info><![CDATA[${info}]]></solitaire_info></extinfo></appmsg></msg>`;
    const config = testConfig();
    const script = parseScript(JSON.stringify({ at: '2026-11-21T09:00:00+08:00', group: '幸福里1群', from: '老赵', xml }));
    await runReplay(script, { config, log: silentLogger(), scriptDir: process.cwd(), onOutput: () => {} });
    const store = await Store.open(config.DATA_DIR);
    const [record] = Object.values(store.data.jielong);
    expect(record?.book.lines.map((l) => [l.entry.name, l.authorId])).toEqual([['王阿姨', '王阿姨'], ['小张', '小张']]);
    await store.close();
    const first = JSON.parse(readFileSync(join(config.DATA_DIR, 'events.jsonl'), 'utf8').split('\n')[0]!);
    expect(first).toMatchObject({ kind: 'app', from: { id: '老赵' }, raw: { platform: 'replay', type: 'app', xml } });
    expect(first).not.toHaveProperty('lines');
  });
});
