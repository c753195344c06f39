// The owner's quick answers through the real bot (replay): rules added by DM in the forms owners
// write, questions in the group answered with the owner's words (the asker @mentioned), chat
// that only holds the words left alone by every feature, a burst of the same question answered
// once, list / edit / delete, bad input answered with the usage, residents refused.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { readLog } from '../../store/log.ts';
import { Store } from '../../store/db.ts';
import { testConfig } from '../../tests/helpers.ts';
import { answersPerRule } from './index.ts';

const G = '幸福里1群';
const PICKUP = '自提点在幸福里3栋楼下便利店，早8点到晚9点都能取～';
const DELIVERY = '每天下午4点左右送到自提点，到了群里会通知～';
const FEE = '满39元免运费，不满收3元';

type Line = [time: string, from: string, text: string, where?: 'dm'];

const rulesSet: Line[] = [
  ['09:00', '老赵', `/自动回复 新增 自提点、提货点 ${PICKUP}`, 'dm'],
  ['09:01', '老赵', `/自动回复 新增 关键词：几点送货、送货时间 回答：${DELIVERY}`, 'dm'],
  ['09:02', '老赵', `/自动回复 新增 运费\n${FEE}`, 'dm'],
];

async function day(lines: Line[], env: Record<string, string> = {}): Promise<{ out: ReplayOutput[]; store: Store }> {
  const config = testConfig(env);
  const script = [
    JSON.stringify({ setup: { owner: '老赵', groups: { [G]: ['王阿姨', '小张', '李哥'] }, catalog: '../../store/catalog.example.json' } }),
    ...lines.map(([time, from, text, where]) => JSON.stringify({ at: `2026-11-23T${time}:00+08:00`, ...(where ? {} : { group: G }), from, text })),
  ].join('\n');
  const out: ReplayOutput[] = [];
  await runReplay(parseScript(script), { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return { out, store: await Store.open(config.DATA_DIR) };
}

/** What the bot said after a line sent at `time`, in order. */
const saidAt = (out: ReplayOutput[], time: string) => out.filter((o) => o.at.slice(11, 16) === time);
const texts = (out: ReplayOutput[], time: string) => saidAt(out, time).map((o) => o.text);

describe('quick answers', () => {
  it('answers questions with the owner’s words, and leaves chat holding the words alone', async () => {
    const { out, store } = await day([...rulesSet,
      ['10:00', '王阿姨', '自提点在哪？'],
      ['10:01', '小张', '我家就在自提点旁边'],
      ['10:10', '小张', '几点送货'],
      ['10:11', '李哥', '送货的小哥人真好'],
      ['10:12', '王阿姨', '怎么付款呀'],
      ['10:13', '王阿姨', '运费多少'],
      ['10:14', '李哥', '付款了'],
      ['10:15', '小张', '@王阿姨 自提点在哪？'],
    ]);
    expect(texts(out, '09:00')[0]).toMatch(/^好的，第1条自动回复设好了。\n关键词：自提点、提货点\n（同样的说法也认：.*取货点.*）\n回答：自提点在幸福里3栋/);
    expect(texts(out, '09:01')[0]).toContain('第2条自动回复设好了。\n关键词：几点送货、送货时间');
    expect(texts(out, '09:02')[0]).toContain(`第3条自动回复设好了。\n关键词：运费\n（同样的说法也认：邮费、配送费`);
    expect(saidAt(out, '10:00')).toEqual([{ at: '2026-11-23T10:00:00+08:00', group: G, mentions: ['王阿姨'], text: PICKUP }]);
    expect(saidAt(out, '10:10')).toEqual([{ at: '2026-11-23T10:10:00+08:00', group: G, mentions: ['小张'], text: DELIVERY }]);
    expect(saidAt(out, '10:13')).toEqual([{ at: '2026-11-23T10:13:00+08:00', group: G, mentions: ['王阿姨'], text: FEE }]);
    // Chat holding the words, a payment rule nobody set, a payment made, a question to a neighbour: nobody answers.
    for (const t of ['10:01', '10:11', '10:12', '10:14', '10:15']) expect(saidAt(out, t)).toEqual([]);

    const rules = store.data.autoreply.rules;
    expect([rules[1]!.used, rules[2]!.used, rules[3]!.used]).toEqual([1, 1, 1]);
    const entries = [];
    for await (const e of readLog(store.log.file)) entries.push(e);
    const answers = entries.filter((e) => e.kind === 'autoreply');
    expect(answers.map((e) => [e.rule, (e.member as { id: string }).id, (e.group as { name: string }).name])).toEqual([[1, '王阿姨', G], [2, '小张', G], [3, '王阿姨', G]]);
    const day23 = { key: '2026-11-23', start: Date.parse('2026-11-23T00:00:00+08:00'), end: Date.parse('2026-11-24T00:00:00+08:00') };
    const day24 = { key: '2026-11-24', start: day23.end, end: day23.end + 86_400_000 };
    expect(answersPerRule(entries, [day23, day24])).toEqual([
      { period: '2026-11-23', rules: [{ rule: 1, answers: 1, askers: 1 }, { rule: 2, answers: 1, askers: 1 }, { rule: 3, answers: 1, askers: 1 }] },
      { period: '2026-11-24', rules: [] },
    ]);
    await store.close();
  });

  it('says a rule once in a burst, except to someone who @mentions the bot; DMs always', async () => {
    const { out, store } = await day([...rulesSet,
      ['10:00', '王阿姨', '自提点在哪？'],
      ['10:01', '李哥', '提货点在哪里'],
      ['10:02', '小张', '@邻里小助手 自提点在哪'],
      ['10:02', '李哥', '运费多少？'],
      ['10:03', '李哥', '自提点在哪', 'dm'],
      ['10:04', '李哥', '自提點在哪裡？', 'dm'],
      ['10:10', '李哥', '提货点在哪里'],
    ]);
    expect(saidAt(out, '10:00').map((o) => o.text)).toEqual([PICKUP]);
    // Right under the answer: not again, and not handed to product questions either.
    expect(saidAt(out, '10:01')).toEqual([]);
    // Two answers in one minute are paced a second apart.
    expect(saidAt(out, '10:02').map(({ at: _, ...o }) => o)).toEqual([
      { group: G, mentions: ['小张'], text: PICKUP },
      { group: G, mentions: ['李哥'], text: FEE },
    ]);
    expect(saidAt(out, '10:03')).toEqual([{ at: '2026-11-23T10:03:00+08:00', dm: '李哥', text: PICKUP }]);
    expect(saidAt(out, '10:04')).toEqual([{ at: '2026-11-23T10:04:00+08:00', dm: '李哥', text: PICKUP }]);
    expect(saidAt(out, '10:10').map((o) => o.text)).toEqual([PICKUP]);
    expect(store.data.autoreply.rules[1]!.used).toBe(5);
    await store.close();
  });

  it('lists with counts, edits answer and keywords, deletes', async () => {
    const { out, store } = await day([...rulesSet,
      ['10:00', '王阿姨', '自提点在哪？'],
      ['10:10', '小张', '提货点在哪呀'],
      ['11:00', '老赵', '/自动回复 列表', 'dm'],
      ['11:01', '老赵', '/自动回复 修改 1 自提点搬到5栋门口了', 'dm'],
      ['11:02', '老赵', '/自动回复 修改 #2 关键词 送货、配送', 'dm'],
      ['11:03', '老赵', '/自动回复 删除 3', 'dm'],
      ['11:10', '小张', '自提点在哪？'],
      ['11:11', '王阿姨', '运费多少？'],
      ['11:12', '李哥', '配送几点？'],
      ['11:13', '老赵', '/自动回复', 'dm'],
    ]);
    expect(texts(out, '11:00')).toEqual([[
      '自动回复（3条）：',
      '1. 自提点、提货点（回答过2次）',
      '   自提点在幸福里3栋楼下便利店，早8点到晚9点都能取～',
      '2. 几点送货、送货时间（还没用过）',
      `   ${DELIVERY}`,
      '3. 运费（还没用过）',
      `   ${FEE}`,
      '修改：/自动回复 修改 <编号> 新的回答　删除：/自动回复 删除 <编号>',
    ].join('\n')]);
    expect(texts(out, '11:01')).toEqual(['好的，第1条改好了。\n关键词：自提点、提货点\n回答：自提点搬到5栋门口了']);
    expect(texts(out, '11:02')).toEqual([`好的，第2条改好了。\n关键词：送货、配送\n回答：${DELIVERY}`]);
    expect(texts(out, '11:03')).toEqual(['已删除：第3条（运费）。']);
    expect(texts(out, '11:10')).toEqual(['自提点搬到5栋门口了']);
    expect(saidAt(out, '11:11')).toEqual([]);
    expect(texts(out, '11:12')).toEqual([DELIVERY]);
    expect(texts(out, '11:13')[0]).toMatch(/^自动回复（2条）：\n1\. 自提点、提货点（回答过3次）[\s\S]*用法：\n\/自动回复 新增 <关键词> <回答>/);
    expect(Object.keys(store.data.autoreply.rules)).toEqual(['1', '2']);
    await store.close();
  });

  it('answers bad input with the usage and an example, and refuses residents', async () => {
    const { out, store } = await day([...rulesSet,
      ['10:00', '老赵', '/自动回复 新增 自提点', 'dm'],
      ['10:01', '老赵', '/自动回复 新增', 'dm'],
      ['10:02', '老赵', '/自动回复 新增 在哪 在3栋', 'dm'],
      ['10:03', '老赵', '/自动回复 新增 邮费、运费 满39包邮', 'dm'],
      ['10:04', '老赵', '/自动回复 新增 苹果 今天的苹果特别甜', 'dm'],
      ['10:05', '老赵', '/自动回复 修改 9 新的回答', 'dm'],
      ['10:06', '老赵', '/自动回复 修改 1', 'dm'],
      ['10:07', '老赵', '/自动回复 删除 几条', 'dm'],
      ['10:08', '老赵', '/自动回复 改名 1', 'dm'],
      ['10:09', '王阿姨', '/自动回复 列表'],
      ['10:10', '王阿姨', '/自动回复 新增 运费 不要钱', 'dm'],
    ]);
    expect(texts(out, '10:00')[0]).toBe('关键词和回答之间空一格。\n用法：/自动回复 新增 <关键词> <回答>\n例如：/自动回复 新增 自提点、提货点 自提点在3栋楼下便利店，早8点到晚9点都能取\n关键词之间用顿号隔开，可以多写几种说法；也可以写成“关键词：运费、邮费 回答：满39元免运费”。');
    expect(texts(out, '10:01')[0]).toMatch(/^要写上关键词和回答。\n用法：/);
    expect(texts(out, '10:02')[0]).toMatch(/^“在哪”太泛了，写上问的是什么/);
    expect(texts(out, '10:03')[0]).toBe('“运费”已经在第3条里了。要改那条的回答：/自动回复 修改 3 新的回答');
    expect(texts(out, '10:04')[0]).toMatch(/^“苹果”是商品的名字/);
    expect(texts(out, '10:05')[0]).toBe('没有第9条自动回复。现有的编号：1、2、3，发 /自动回复 列表 看看。');
    expect(texts(out, '10:06')[0]).toMatch(/^第1条要改成什么？\n用法：\/自动回复 修改 <编号> <新的回答>/);
    expect(texts(out, '10:07')[0]).toMatch(/^要写上第几条。\n用法：\/自动回复 删除 <编号>/);
    expect(texts(out, '10:08')[0]).toMatch(/^没有“\/自动回复 改名”这个用法。\n用法：/);
    expect(texts(out, '10:09')).toEqual(['抱歉，/自动回复 只有团长可以使用。发送 /help 看看你能用的命令。']);
    expect(texts(out, '10:10')).toEqual(['抱歉，/自动回复 只有团长可以使用。发送 /help 看看你能用的命令。']);
    expect(Object.keys(store.data.autoreply.rules)).toEqual(['1', '2', '3']);
    await store.close();
  });
});
