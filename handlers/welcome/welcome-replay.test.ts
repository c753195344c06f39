// Newcomers through the real router, handlers, scheduler and outbox on the replay clock: a
// burst of joins is one group welcome naming them all (and a DM each), a join just after is
// held for the gap and welcomed alone, re-joiners, staff, the bot and a big group's newcomers
// are not welcomed, a restart between a join and its welcome still welcomes once, and the
// owner's /欢迎语 changes the words and the switches.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { testConfig } from '../../tests/helpers.ts';
import { OPT_OUT_LINE } from '../profiles/index.ts';

const G = '幸福里1群';
const BIG = '幸福里大群';
const DAY = '2026-11-23';
// Other features' tests turn welcomes off (tests/helpers.ts); these turn them on.
const env = { STAFF_IDS: '小刘', WELCOME_MAX_GROUP_SIZE: '10', WELCOME_ENABLED: 'true' };
const setup = JSON.stringify({
  setup: {
    owner: '老赵',
    groups: { [G]: ['王阿姨', '小张', '小刘'], [BIG]: Array.from({ length: 11 }, (_, i) => `大群邻居${i + 1}`) },
  },
});

type Line = { join: string; group?: string } | { leave: string } | { from: string; text: string; group?: string } | { tick: true };

const line = (time: string, l: Line) => {
  const at = `${DAY}T${time.length === 5 ? `${time}:00` : time}+08:00`;
  if ('join' in l) return JSON.stringify({ at, group: l.group ?? G, join: l.join });
  if ('leave' in l) return JSON.stringify({ at, group: G, leave: l.leave });
  if ('tick' in l) return JSON.stringify({ at, tick: true });
  return JSON.stringify({ at, ...(l.group ? { group: l.group } : {}), from: l.from, text: l.text });
};

async function replay(lines: string[], extra: Record<string, string> = {}, dataDir?: string): Promise<{ out: ReplayOutput[]; dataDir: string }> {
  const config = testConfig({ ...env, ...extra });
  const dir = dataDir ?? config.DATA_DIR;
  const out: ReplayOutput[] = [];
  await runReplay(parseScript([setup, ...lines].join('\n')), {
    config: { ...config, DATA_DIR: dir }, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o),
  });
  return { out, dataDir: dir };
}

type GroupOut = Extract<ReplayOutput, { group: string }>;
type DmOut = Extract<ReplayOutput, { dm: string }>;
const welcomes = (out: ReplayOutput[]) => out.filter((o): o is GroupOut => 'group' in o && o.text.includes('欢迎新邻居'));
// The owner's /欢迎语 answers show the DM text too: those are not welcomes.
const welcomeDms = (out: ReplayOutput[]) => out.filter((o): o is DmOut => 'dm' in o && o.dm !== '老赵' && o.text.includes('你好，欢迎加入'));
const dmsTo = (out: ReplayOutput[], who: string) => out.filter((o): o is DmOut => 'dm' in o && o.dm === who).map((o) => o.text);
const time = (o: ReplayOutput) => o.at.slice(11, 16);

/** Five newcomers in two minutes, a sixth a minute after their welcome, then people who are not new. */
const morning = [
  line('10:00:00', { join: '新邻居1' }),
  line('10:00:30', { join: '新邻居2' }),
  line('10:01:00', { join: '新邻居3' }),
  line('10:01:30', { join: '新邻居4' }),
  line('10:02:00', { join: '新邻居5' }),
  line('10:03', { tick: true }),
  line('10:04', { join: '新邻居6' }),
  line('10:05', { leave: '王阿姨' }),
  line('10:06', { join: '王阿姨' }),
  line('10:07', { join: '大群新人', group: BIG }),
  line('10:08', { join: '小刘' }),
  line('10:08:30', { join: '邻里小助手' }),
  line('10:30', { tick: true }),
];

describe('welcoming newcomers', () => {
  it('welcomes a burst once, naming all five, and the one just after alone once the gap has passed', async () => {
    const { out } = await replay(morning);
    const posts = welcomes(out);
    expect(posts.map((p) => [time(p), p.group, p.mentions])).toEqual([
      ['10:03', G, ['新邻居1', '新邻居2', '新邻居3', '新邻居4', '新邻居5']],
      ['10:13', G, ['新邻居6']],
    ]);
    expect(posts[0]!.text).toBe('欢迎新邻居加入幸福里1群！🎉\n每天在群里发“签到”领积分；想看正在进行的团购，发“看接龙”就行；有事直接在群里问，大家都在～');
    // One DM each, the shop's few rules and how to stop such DMs.
    const dms = welcomeDms(out);
    expect(dms.map((d) => d.dm).sort()).toEqual(['新邻居1', '新邻居2', '新邻居3', '新邻居4', '新邻居5', '新邻居6']);
    expect(dmsTo(out, '新邻居3')).toEqual([
      `新邻居3你好，欢迎加入幸福里1群～我是群里的小助手。\n几件小事：\n· 每天在群里发“签到”领积分；\n· 团购在群里接龙报名，发“看接龙”看正在进行的，回“+1”就能跟着接；\n· 请不要发广告和无关链接，一起把群维护好。\n有问题随时问我或团长。\n${OPT_OUT_LINE}`,
    ]);
  });

  it('leaves out a re-joiner, staff, the bot and a group over the size', async () => {
    const { out } = await replay(morning);
    const named = welcomes(out).flatMap((p) => p.mentions);
    for (const who of ['王阿姨', '大群新人', '小刘', '邻里小助手']) {
      expect(named).not.toContain(who);
      expect(dmsTo(out, who)).toEqual([]);
    }
    expect(out.filter((o) => 'group' in o && o.group === BIG)).toEqual([]);
  });

  it('welcomes once across a restart at the welcome time, the same as without one', async () => {
    const whole = await replay(morning);
    const cut = morning.findIndex((l) => l.includes('T10:03:00'));
    const first = await replay(morning.slice(0, cut));
    expect(welcomes(first.out)).toEqual([]);
    const second = await replay(morning.slice(cut), {}, first.dataDir);
    expect([...first.out, ...second.out]).toEqual(whole.out);
  });

  it('welcomes once, late, after a restart that came long after the welcome was due', async () => {
    const first = await replay(morning.slice(0, 5));
    // Back at noon: the 10:03 welcome was missed by two hours, within the catch-up window.
    const second = await replay([line('12:00', { tick: true }), line('12:01', { join: '新邻居6' }), line('12:30', { tick: true })], {}, first.dataDir);
    const posts = welcomes([...first.out, ...second.out]);
    expect(posts.map((p) => [time(p), p.mentions.length])).toEqual([['12:00', 5], ['12:10', 1]]);
    expect(welcomeDms([...first.out, ...second.out])).toHaveLength(6);
    // Past the scheduler's window: still welcomed once when the bot is back (the same day).
    const third = await replay(morning.slice(0, 2), { SCHEDULER_MISSED_WINDOW_MINUTES: '30' });
    const fourth = await replay([line('15:00', { tick: true })], { SCHEDULER_MISSED_WINDOW_MINUTES: '30' }, third.dataDir);
    expect(welcomes(fourth.out).map((p) => [time(p), p.mentions])).toEqual([['15:00', ['新邻居1', '新邻居2']]]);
    expect(welcomes(third.out)).toEqual([]);
  });

  it('welcomes nobody when the setting turns welcomes off, and says so to the owner', async () => {
    const { out } = await replay([...morning, line('10:40', { from: '老赵', text: '/欢迎语' })], { WELCOME_ENABLED: 'false' });
    expect(welcomes(out)).toEqual([]);
    expect(welcomeDms(out)).toEqual([]);
    expect(out.at(-1)!.text).toContain('WELCOME_ENABLED=false');
  });

  it('sends no DM to a newcomer who said 退订 before the welcome, and none to one who left again', async () => {
    const { out } = await replay([
      line('10:00', { join: '新邻居1' }),
      line('10:00:20', { join: '新邻居2' }),
      line('10:00:40', { join: '新邻居3' }),
      line('10:01', { from: '新邻居1', text: '退订' }),
      line('10:02', { leave: '新邻居3' }),
      line('10:20', { tick: true }),
    ]);
    expect(welcomes(out).map((p) => p.mentions)).toEqual([['新邻居1', '新邻居2']]);
    expect(welcomeDms(out).map((d) => d.dm)).toEqual(['新邻居2']);
  });
});

describe('/欢迎语', () => {
  const owner = (t: string, text: string) => line(t, { from: '老赵', text });
  const replies = (out: ReplayOutput[], t: string) => out.filter((o) => time(o) === t).map((o) => o.text);

  it('sets the text with {名字}, {群名} and the shop placeholders, previews it, and uses it', async () => {
    const { out } = await replay([
      owner('09:00', '/欢迎语 设置 欢迎{名字}来到{群名}！{下场直播}。发“签到”领积分～'),
      owner('09:01', '/欢迎语 预览'),
      line('10:00', { join: '新邻居1' }),
      line('10:01', { join: '新邻居2' }),
      line('10:20', { tick: true }),
    ]);
    expect(replies(out, '09:00')[0]).toBe('好的，群欢迎语改好了。新邻居进群时会这样发：\n@新邻居 欢迎新邻居来到幸福里1群！下一场直播还在筹备中。发“签到”领积分～');
    expect(replies(out, '09:01')[0]).toMatch(/^【群里】\n@新邻居 欢迎新邻居来到幸福里1群！[\s\S]*【私信】\n新邻居你好，欢迎加入幸福里1群～[\s\S]*退订/);
    const post = out.find((o): o is GroupOut => 'group' in o && o.text.startsWith('欢迎新邻居1'));
    expect(post && [time(post), post.text, post.mentions]).toEqual(['10:03', '欢迎新邻居1和新邻居2来到幸福里1群！下一场直播还在筹备中。发“签到”领积分～', ['新邻居1', '新邻居2']]);
  });

  it('turns welcomes off and on, the DM alone, and one group', async () => {
    const { out } = await replay([
      owner('09:00', '/欢迎语 关'),
      line('09:10', { join: '新邻居1' }),
      owner('09:20', '/欢迎语开'),
      owner('09:21', '/欢迎语 私信 关'),
      line('09:30', { join: '新邻居2' }),
      owner('09:40', `/欢迎语 群 ${BIG} 开`),
      owner('09:41', '/欢迎语 私信 开'),
      line('09:50', { join: '大群新人', group: BIG }),
      owner('10:00', `/欢迎语 群 ${G} 关`),
      line('10:10', { join: '新邻居3' }),
      line('11:00', { tick: true }),
    ]);
    expect(replies(out, '09:00')).toEqual(['好的，欢迎语关掉了，新邻居进群我不再欢迎。要打开发 /欢迎语 开']);
    expect(replies(out, '09:21')).toEqual(['好的，私信欢迎关掉了，只在群里欢迎。']);
    expect(replies(out, '09:40')).toEqual([`好的，「${BIG}」会欢迎新邻居。`]);
    expect(welcomes(out).map((p) => [time(p), p.group, p.mentions])).toEqual([['09:33', G, ['新邻居2']], ['09:53', BIG, ['大群新人']]]);
    expect(welcomeDms(out).map((d) => d.dm)).toEqual(['大群新人']);
  });

  it('answers bad input with the usage, asks before taking bare text, and refuses residents politely', async () => {
    const { out } = await replay([
      owner('09:00', '/欢迎语 乱写'),
      owner('09:01', '/欢迎语 设置'),
      owner('09:02', '/欢迎语 群 隔壁群 关'),
      owner('09:03', `/欢迎语 群 ${G}`),
      owner('09:04', '/欢迎语 欢迎新朋友！每天记得签到哦'),
      line('09:05', { from: '小张', text: '/欢迎语 关', group: G }),
      line('09:06', { from: '小刘', text: '/欢迎语' }),
      owner('09:07', '/欢迎语'),
    ]);
    expect(replies(out, '09:00')[0]).toMatch(/^没有“\/欢迎语 乱写”这个用法。\n用法：\n\/欢迎语 — /);
    expect(replies(out, '09:01')[0]).toContain('用法：/欢迎语 [设置 <内容>');
    expect(replies(out, '09:02')[0]).toBe(`没找到叫“隔壁群”的群。现在的群有：${G}、${BIG}\n例如：/欢迎语 群 ${G} 关`);
    expect(replies(out, '09:03')[0]).toContain('例如：/欢迎语 群 幸福里1群 关');
    expect(replies(out, '09:04')[0]).toBe('想把欢迎语改成这段吗？请在前面加“设置”：\n/欢迎语 设置 欢迎新朋友！每天记得签到哦');
    expect(replies(out, '09:05')).toEqual(['抱歉，/欢迎语 只有团长可以使用。发送 /help 看看你能用的命令。']);
    expect(replies(out, '09:06')).toEqual(['抱歉，/欢迎语 只有团长可以使用。店员能用的命令发 /help 查看。']);
    const status = replies(out, '09:07')[0]!;
    expect(status).toContain('群欢迎语（默认）：\n欢迎新邻居加入{群名}！');
    expect(status).toContain(`现在不欢迎的群：${BIG}（12人，超过10人）`);
    expect(status).toContain('{名字}、{群名}、{接龙汇总}、{下场直播}');
  });
});
