// A poll through the real bot (router, store, scheduler, outbox on a virtual clock): created with
// three options and a cut-off, votes by number, by 投2, by name, a changed vote, chat with numbers
// that is no vote, results on demand, the results posted once at the cut-off, and the winner
// turned into a 接龙 that takes sign-ups. Then what goes wrong: bad input, residents trying the
// owner's verbs, a 接龙 and a poll open in one group, a poll sent by DM, a tie.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { readLog, type LogEntry } from '../../store/log.ts';
import { Store } from '../../store/db.ts';
import { testConfig } from '../../tests/helpers.ts';
import { pollParticipation } from './index.ts';

const G = '幸福里1群';
const G2 = '幸福里2群';
const PEOPLE = ['王阿姨', '小王', '小张', '李哥', '刘姐', '陈叔', ...Array.from({ length: 30 }, (_, i) => `邻居${i + 1}`)];

type Line = [time: string, from: string, text: string, where?: 'dm' | typeof G | typeof G2] | [time: string, 'tick'];

async function day(lines: Line[], opts: { groups?: string[]; env?: Record<string, string> } = {}): Promise<{ out: ReplayOutput[]; store: Store; log: LogEntry[] }> {
  const config = testConfig(opts.env ?? {});
  const groups = Object.fromEntries((opts.groups ?? [G]).map((g) => [g, PEOPLE]));
  const script = [
    JSON.stringify({ setup: { owner: '老赵', groups, catalog: '../../store/catalog.example.json' } }),
    ...lines.map((l) => {
      const at = `2026-11-23T${l[0]}:00+08:00`;
      if (l[1] === 'tick') return JSON.stringify({ at, tick: true });
      const [, from, text, where] = l;
      return JSON.stringify({ at, ...(where === 'dm' ? {} : { group: where ?? G }), from, text });
    }),
  ].join('\n');
  const out: ReplayOutput[] = [];
  await runReplay(parseScript(script), { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  const store = await Store.open(config.DATA_DIR);
  const log: LogEntry[] = [];
  for await (const e of readLog(store.log.file)) log.push(e);
  return { out, store, log };
}

const saidAt = (out: ReplayOutput[], time: string) => out.filter((o) => o.at.slice(11, 16) === time).map((o) => o.text);
const NEW = '/投票 新建 下周上新选哪个口味？ 海盐 芝士 原味 截止 今天 20:00';

describe('a poll, start to finish', () => {
  it('counts votes by number, 投2 and name, one per member, and posts the results once at the cut-off', async () => {
    const { out, store, log } = await day([
      ['09:00', '老赵', NEW],
      ['09:05', '王阿姨', '2'],
      ['09:05', '小王', '投2'],
      ['09:06', '小张', '我投海盐'],
      ['09:06', '李哥', '我家2个孩子，周末带他们去公园'],
      ['09:06', '陈叔', '海盐的上次买过挺好吃的吗'],
      ['09:08', '刘姐', '芝士味～'],
      ['10:00', '王阿姨', '3号'],
      ['10:01', '王阿姨', '3号'],
      ['10:30', '陈叔', '投票结果'],
      ['10:31', '老赵', '/投票 结果 1', 'dm'],
      ['10:32', '老赵', '/投票 列表', 'dm'],
      ['20:00', 'tick'],
      ['20:01', '李哥', '2'],
      ['20:30', 'tick'],
    ]);
    const post = saidAt(out, '09:00').find((t) => t.startsWith('【投票 #1】'))!;
    expect(post).toBe('【投票 #1】下周上新选哪个口味？\n1. 海盐\n2. 芝士\n3. 原味\n直接回复数字或名字就算一票（比如“2”或“芝士”），每人一票，想改就再回一次～\n截止：今天 20:00');
    // The first vote is answered at once, with an @mention; the next ones gathered into one line.
    expect(out.find((o) => o.at.includes('09:05') && 'group' in o)).toMatchObject({ text: '收到～你投了2号 芝士', mentions: ['王阿姨'] });
    expect(saidAt(out, '09:07')).toEqual(['收到投票：小王投2号，小张投1号']);
    expect(saidAt(out, '09:09')).toEqual(['收到投票：刘姐投2号']);
    // The chat with numbers and the question about 海盐 got nothing.
    expect(out.filter((o) => o.at.slice(11, 16) === '09:06')).toEqual([]);
    // A changed vote is told once; the same vote again is silent.
    expect(saidAt(out, '10:00')).toEqual(['改好啦，你现在投的是3号 原味（每人一票，以最后一次为准）']);
    expect(saidAt(out, '10:01')).toEqual([]);
    const standings = '1. 海盐：1票\n2. 芝士：2票 👑\n3. 原味：1票';
    expect(saidAt(out, '10:30')).toEqual([`投票 #1「下周上新选哪个口味？」目前4人投票，今天 20:00截止：\n${standings}\n暂时领先：芝士`]);
    expect(saidAt(out, '10:31')[0]).toContain(`幸福里1群：投票 #1「下周上新选哪个口味？」目前4人投票`);
    expect(saidAt(out, '10:32')).toEqual(['投票：\n#1 幸福里1群「下周上新选哪个口味？」进行中，今天 20:00截止，4人投票，领先：芝士']);
    const closing = out.filter((o) => o.text.includes('截止啦'));
    expect(closing.map((o) => o.text)).toEqual([`投票 #1「下周上新选哪个口味？」截止啦，谢谢大家！共4人投票：\n${standings}\n大家选的是：芝士 🎉`]);
    expect(closing[0]!.at).toContain('T20:00');
    // After the cut-off a "2" is nobody's vote.
    expect(saidAt(out, '20:01')).toEqual([]);
    const poll = store.data.polls.items['1']!;
    expect(poll.status).toBe('closed');
    expect(Object.fromEntries(Object.entries(poll.votes).map(([id, v]) => [id, v.option]))).toEqual({ 王阿姨: 3, 小王: 2, 小张: 1, 刘姐: 2 });
    // Each vote is in the behaviour log; the change says what it replaced.
    const votes = log.filter((e) => e.kind === 'vote');
    expect(votes.map((e) => [(e.member as { id: string }).id, e.option, e.replaced])).toEqual([
      ['王阿姨', 2, undefined], ['小王', 2, undefined], ['小张', 1, undefined], ['刘姐', 2, undefined], ['王阿姨', 3, 2],
    ]);
    expect(pollParticipation(log, { tz: 'Asia/Shanghai', period: 'week' })).toEqual([
      { period: '2026-11-23', voters: ['刘姐', '小张', '小王', '王阿姨'], votes: 4, polls: 1, changes: 1 },
    ]);
    await store.close();
  });

  it('opens a 接龙 for the winner, whose sign-ups then work', async () => {
    const { out, store } = await day([
      ['09:00', '老赵', NEW],
      ['09:05', '王阿姨', '2'],
      ['09:06', '小王', '芝士'],
      ['09:07', '小张', '1'],
      ['20:00', 'tick'],
      ['20:05', '老赵', '/投票 开团 1 29.9 截止 明天 20:00', 'dm'],
      ['20:10', '王阿姨', '+1'],
      ['20:12', '小张', '接龙+2 5-201'],
      ['20:30', 'tick'],
    ]);
    const at2005 = out.filter((o) => o.at.slice(11, 16) === '20:05');
    expect(at2005.map((o) => o.text)).toEqual([
      '投票 #1 大家选了「芝士」，开团啦，接龙在下面👇',
      '已在幸福里1群开接龙「芝士团购」。\n明天 20:00自动截单。',
      '#接龙\n芝士团购\n芝士 29.9元/份\n截止：明天 20:00\n例 3-501 王阿姨 2份',
    ]);
    const record = Object.values(store.data.jielong).find((r) => r.title === '芝士团购')!;
    expect(record).toMatchObject({ status: 'open', group: { name: G }, offer: [{ name: '芝士', price: 29.9 }] });
    expect(store.data.polls.items['1']!.jielong).toBe(record.id);
    const lines = record.book.lines.filter((l) => l.state === 'active').map((l) => [l.authorId, l.entry.items[0]!.qty]);
    expect(lines).toEqual([['王阿姨', 1], ['小张', 2]]);
    expect(out.some((o) => o.text === '已登记「芝士团购」：王阿姨 芝士×1份')).toBe(true);
    await store.close();
  });

  it('asks which option on a tie, and opens the one named', async () => {
    const { out, store } = await day([
      ['09:00', '老赵', '/投票 新建 口味 海盐 芝士 原味'],
      ['09:05', '王阿姨', '1'],
      ['09:06', '小王', '2'],
      ['10:00', '老赵', '/投票 开团 1'],
      ['10:01', '老赵', '/投票 开团 1 海盐 19.9'],
    ]);
    expect(saidAt(out, '10:00')).toEqual(['投票 #1 里1号 海盐和2号 芝士票数一样，开哪个？在编号后面写上选项，比如：/投票 开团 1 海盐 29.9 截止 周六 20:00']);
    expect(Object.values(store.data.jielong).map((r) => [r.title, r.offer?.[0]?.price])).toEqual([['海盐团购', 19.9]]);
    expect(saidAt(out, '10:01')[0]).toBe(`投票 #1「口味」截止啦，谢谢大家！共2人投票：\n1. 海盐：1票 🤝\n2. 芝士：1票 🤝\n3. 原味：0票\n海盐和芝士票数一样，团长来定～`);
    await store.close();
  });
});

describe('what goes wrong', () => {
  it('answers bad input with the usage, and refuses residents the owner\'s verbs', async () => {
    const { out, store } = await day([
      ['09:00', '老赵', '/投票'],
      ['09:01', '老赵', '/投票 新建 口味 海盐'],
      ['09:02', '老赵', '/投票 新建 口味 海盐 芝士 截止 昨天8点'],
      ['09:03', '老赵', '/投票 乱写'],
      ['09:04', '老赵', '/投票 结束', 'dm'],
      ['09:05', '老赵', '/投票 开团', 'dm'],
      ['09:06', '老赵', '/投票 结果 9', 'dm'],
      ['09:07', '小王', '/投票 新建 口味 海盐 芝士'],
      ['09:08', '小王', '/投票 结束 1'],
      ['09:09', '小王', '/投票 开团 1'],
      ['09:10', '老赵', '/投票 新建 口味 1 2'],
      ['09:11', '老赵', '/投票 新建 口味 a b c d e f g h i j k'],
    ]);
    expect(saidAt(out, '09:00')[0]).toContain('/投票 新建 <问题> <选项1> <选项2> … [截止 <时间>]');
    expect(saidAt(out, '09:01')[0]).toMatch(/^至少要有2个选项.*\n用法：\/投票 新建/s);
    expect(saidAt(out, '09:02')[0]).toMatch(/^截止时间：没看懂“昨天8点”这个时间/);
    expect(saidAt(out, '09:03')[0]).toMatch(/^没有“\/投票 乱写”这个用法。\n用法：/);
    expect(saidAt(out, '09:04')).toEqual(['请写上编号，比如：/投票 结束 1（发 /投票 列表 看编号）']);
    expect(saidAt(out, '09:05')[0]).toMatch(/^请写上投票编号。\n用法：\/投票 开团 <编号>/);
    expect(saidAt(out, '09:06')).toEqual(['没有编号为 9 的投票。发 /投票 列表 看看编号。']);
    for (const time of ['09:07', '09:08', '09:09']) expect(saidAt(out, time)).toEqual(['抱歉，/投票 只有团长可以使用。发送 /help 看看你能用的命令。']);
    expect(saidAt(out, '09:10')[0]).toMatch(/^选项“1”只有数字/);
    expect(saidAt(out, '09:11')[0]).toMatch(/^选项最多10个（现在有11个）/);
    expect(store.data.polls.items).toEqual({});
    await store.close();
  });

  it('with a 接龙 and a poll open in one group, neither takes the other\'s messages', async () => {
    const { out, store } = await day([
      ['09:00', '老赵', '/接龙 开 周一苹果团 红富士苹果 截止 今晚8点'],
      ['09:01', '老赵', '/投票 新建 下周上新选哪个口味？ 海盐 芝士 原味'],
      ['09:10', '王阿姨', '+1'],
      ['09:12', '小王', '2'],
      ['09:14', '小张', '我要2'],
      ['09:16', '李哥', '投3'],
      ['09:18', '刘姐', '红富士苹果 2'],
      ['09:20', '陈叔', '海盐'],
      ['09:22', '刘姐', '2箱'],
      ['09:24', '王阿姨', '芝士+1'],
    ]);
    const apples = Object.values(store.data.jielong).find((r) => r.title === '周一苹果团')!;
    expect(apples.book.lines.filter((l) => l.state === 'active').map((l) => [l.authorId, l.entry.items[0]!.qty])).toEqual([
      ['王阿姨', 1], ['小张', 2], ['刘姐', 2],
    ]);
    const votes = store.data.polls.items['1']!.votes;
    expect(Object.fromEntries(Object.entries(votes).map(([id, v]) => [id, v.option]))).toEqual({ 小王: 2, 李哥: 3, 陈叔: 1, 王阿姨: 2 });
    // "2箱" is the 接龙's business (or nobody's), never a vote.
    expect(votes['刘姐']).toBeUndefined();
    expect(out.filter((o) => o.text.startsWith('收到') && o.at.slice(11, 16) === '09:22')).toEqual([]);
    await store.close();
  });

  it('by DM with two groups asks which group, then posts there', async () => {
    const { out, store } = await day([
      ['09:00', '老赵', '/投票 新建 口味 海盐 芝士 截止 今晚8点', 'dm'],
      ['09:01', '老赵', '幸福里2群', 'dm'],
      ['09:02', '老赵', '/投票 新建 幸福里1群 口味 海盐 芝士', 'dm'],
      ['09:03', '老赵', '/投票 新建 幸福里1群 颜色 红 蓝', 'dm'],
      ['09:10', '小王', '芝士', G2],
      ['09:11', '小王', '芝士', G],
    ], { groups: [G, G2] });
    expect(saidAt(out, '09:00')).toEqual(['发到哪个群？回复群名就行：幸福里1群、幸福里2群\n（也可以直接写群名：/投票 新建 幸福里1群 口味 海盐 芝士 截止 今晚8点）']);
    const at0901 = out.filter((o) => o.at.slice(11, 16) === '09:01');
    expect(at0901[0]).toMatchObject({ group: G2, text: expect.stringMatching(/^【投票 #1】口味\n1. 海盐\n2. 芝士/) });
    expect(at0901[1]).toMatchObject({ dm: '老赵', text: expect.stringMatching(/^投票 #1 已发到幸福里2群，今天 20:00截止/) });
    expect(out.find((o) => o.at.includes('09:02') && 'group' in o)).toMatchObject({ group: G, text: expect.stringMatching(/^【投票 #2】口味/) });
    expect(saidAt(out, '09:03')[0]).toMatch(/^幸福里1群里投票 #2「口味」还在进行中/);
    // Each group's votes are its own.
    expect(Object.keys(store.data.polls.items['1']!.votes)).toEqual(['小王']);
    expect(Object.keys(store.data.polls.items['2']!.votes)).toEqual(['小王']);
    await store.close();
  });

  it('gathers a rush of votes into a few lines, not one reply per vote', async () => {
    const voters = Array.from({ length: 30 }, (_, i) => `邻居${i + 1}`);
    const lines: Line[] = [['09:00', '老赵', '/投票 新建 口味 海盐 芝士 原味']];
    voters.forEach((v, i) => lines.push([`09:${String(10 + Math.floor(i / 3)).padStart(2, '0')}`, v, String((i % 3) + 1)]));
    lines.push(['09:30', 'tick']);
    const { out, store } = await day(lines);
    const acks = out.filter((o) => 'group' in o && o.text.startsWith('收到'));
    expect(Object.keys(store.data.polls.items['1']!.votes)).toHaveLength(30);
    expect(acks.length).toBeLessThanOrEqual(7);
    // Every voter is named once across them.
    for (const v of voters.slice(1)) expect(acks.filter((a) => a.text.includes(`${v}投`)).length, v).toBe(1);
    await store.close();
  });
});
