// Birthdays through the real bot on the virtual clock: the owner records one, members tell
// their own, and the days pass by ticks. The DM goes on the day at BIRTHDAY_HOUR with the perk
// word for word, once (a restart does not send it again), never the day before or after; 2-29
// goes on 2-28 in 2027 and on 2-29 in 2028; a member who said 退订 gets none; bad /生日 input
// gets the usage line; a resident cannot record someone else's; chat is left alone.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { Store } from '../../store/db.ts';
import { testConfig } from '../../tests/helpers.ts';

const G = '幸福里1群';
const OWNER = '老赵';
const OFFER = '凭此消息到店领土鸡蛋一盒（3月底前有效）';
const PEOPLE = ['王阿姨', '小张', '李哥', '小红'];

/** [time "YYYY-MM-DDTHH:mm", from, text, 'dm'?]; from 'tick' is a tick. */
type Line = [at: string, from: string, text?: string, where?: 'dm'];

const config = (env: Record<string, string> = {}) => testConfig({ BIRTHDAY_OFFER: OFFER, ...env });

async function run(lines: Line[], cfg: Config = config()): Promise<{ out: ReplayOutput[]; store: Store; cfg: Config }> {
  const script = [
    JSON.stringify({ setup: { owner: OWNER, groups: { [G]: PEOPLE } } }),
    ...lines.map(([at, from, text, where]) => JSON.stringify(from === 'tick'
      ? { at: `${at}:00+08:00`, tick: true }
      : { at: `${at}:00+08:00`, ...(where ? {} : { group: G }), from, text })),
  ].join('\n');
  const out: ReplayOutput[] = [];
  await runReplay(parseScript(script), { config: cfg, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return { out, store: await Store.open(cfg.DATA_DIR), cfg };
}

const dmsTo = (out: ReplayOutput[], who: string) => out.filter((o): o is Extract<ReplayOutput, { dm: string }> => 'dm' in o && o.dm === who);
const birthdayDms = (out: ReplayOutput[], who: string) => dmsTo(out, who).filter((o) => o.text.includes('生日快乐'));
const saidAt = (out: ReplayOutput[], at: string) => out.filter((o) => o.at.startsWith(at)).map((o) => o.text);

/** A tick every few hours from the day before to the day after, so a wrong day would show. */
function daysAround(prefix: string, days: string[]): Line[] {
  return days.flatMap((day) => ['00:30', '08:59', '09:00', '09:30', '15:00', '23:50'].map((t): Line => [`${prefix}-${day}T${t}`, 'tick']));
}

describe('birthday DMs through the bot', () => {
  it('owner sets one, a member tells their own: each DM on the day at 9:00 with the perk word for word, once', async () => {
    const { out, store } = await run([
      ['2027-03-13T10:00', OWNER, '/生日 @王阿姨 3-15'],
      ['2027-03-13T10:05', '小张', '我生日是3月16号'],
      ...daysAround('2027-03', ['14', '15', '16', '17']),
    ]);
    expect(saidAt(out, '2027-03-13T10:00')[0]).toBe('记下了：王阿姨的生日 3月15日。下一次是3月15日（还有2天），那天9点私信送上祝福。');
    expect(saidAt(out, '2027-03-13T10:05')).toEqual(['记下啦，3月16日那天给你送祝福～']);

    const wang = birthdayDms(out, '王阿姨');
    expect(wang.map((o) => o.at)).toEqual(['2027-03-15T09:00:00+08:00']);
    expect(wang[0]!.text).toBe(`王阿姨，生日快乐！🎂\n祝你身体健康、天天开心，新的一岁顺顺利利～\n团长给你准备了一份生日福利：${OFFER}\n不想再收到这类消息，回复「退订」就好。`);
    expect(birthdayDms(out, '小张').map((o) => o.at)).toEqual(['2027-03-16T09:00:00+08:00']);
    // Nobody else has a birthday: no other DM from this feature.
    expect(birthdayDms(out, '李哥')).toEqual([]);
    expect(store.data.birthdays.members['王阿姨']!.greeted).toEqual(['2027']);
    await store.close();
  });

  it('a restart on the day, or a slot caught up after it, never sends a second DM', async () => {
    const first = await run([
      ['2027-03-14T10:00', OWNER, '/生日 @王阿姨 3-15'],
      ...daysAround('2027-03', ['15']).filter(([at]) => at <= '2027-03-15T09:30'),
    ]);
    expect(birthdayDms(first.out, '王阿姨').map((o) => o.at)).toEqual(['2027-03-15T09:00:00+08:00']);
    await first.store.close();
    // The same data directory, started again the same morning and running past the next day.
    const again = await run([
      ['2027-03-15T09:45', 'tick'],
      ...daysAround('2027-03', ['16']),
    ], first.cfg);
    expect(birthdayDms(again.out, '王阿姨')).toEqual([]);
    await again.store.close();
  });

  it('a bot that was down at 9:00 sends on coming back the same day, not the next day', async () => {
    const cfg = config();
    const first = await run([['2027-03-14T10:00', OWNER, '/生日 @王阿姨 3-15'], ['2027-03-15T08:00', 'tick']], cfg);
    await first.store.close();
    const back = await run([['2027-03-15T11:00', 'tick'], ['2027-03-15T12:00', 'tick']], cfg);
    expect(birthdayDms(back.out, '王阿姨').map((o) => o.at)).toEqual(['2027-03-15T11:00:00+08:00']);
    await back.store.close();

    // Back later than the scheduler's window, still the same day: sent then.
    const short = config({ SCHEDULER_MISSED_WINDOW_MINUTES: '60' });
    const c = await run([['2027-03-14T10:00', OWNER, '/生日 @王阿姨 3-15'], ['2027-03-15T08:00', 'tick']], short);
    await c.store.close();
    const d = await run([['2027-03-15T15:00', 'tick'], ['2027-03-15T16:00', 'tick']], short);
    expect(birthdayDms(d.out, '王阿姨').map((o) => o.at)).toEqual(['2027-03-15T15:00:00+08:00']);
    await d.store.close();

    // Down from before 9:00 until the next day: the wish is not sent a day late.
    const late = config();
    const a = await run([['2027-03-14T10:00', OWNER, '/生日 @王阿姨 3-15'], ['2027-03-15T08:00', 'tick']], late);
    await a.store.close();
    const b = await run(daysAround('2027-03', ['16']), late);
    expect(birthdayDms(b.out, '王阿姨')).toEqual([]);
    await b.store.close();
  });

  it('2-29 goes on 2-28 in 2027, and that is said when it is recorded', async () => {
    const { out } = await run([
      ['2027-02-20T10:00', '小红', '我的生日是2月29日'],
      ['2027-02-20T10:01', OWNER, '/生日 @王阿姨 2-29'],
      ...daysAround('2027-02', ['27', '28']),
      ...daysAround('2027-03', ['01']),
    ]);
    expect(saidAt(out, '2027-02-20T10:00')).toEqual(['记下啦，2月29日那天给你送祝福～平年就在2月28日给你送祝福。']);
    expect(saidAt(out, '2027-02-20T10:01')[0]).toContain('下一次是2月28日（还有8天）');
    expect(saidAt(out, '2027-02-20T10:01')[0]).toContain('平年在2月28日发');
    expect(birthdayDms(out, '小红').map((o) => o.at)).toEqual(['2027-02-28T09:00:00+08:00']);
    expect(birthdayDms(out, '王阿姨').map((o) => o.at)).toEqual(['2027-02-28T09:00:00+08:00']);
  });

  it('2-29 goes on 2-29 in 2028, not on 2-28', async () => {
    const { out } = await run([
      ['2028-02-20T10:00', '小红', '我生日2.29'],
      ...daysAround('2028-02', ['27', '28', '29']),
      ...daysAround('2028-03', ['01']),
    ]);
    expect(birthdayDms(out, '小红').map((o) => o.at)).toEqual(['2028-02-29T09:00:00+08:00']);
  });

  it('a member who said 退订 gets no birthday DM, and is told so when they give it', async () => {
    const { out, store } = await run([
      ['2027-03-13T09:00', '李哥', '退订', 'dm'],
      ['2027-03-13T10:00', '李哥', '我生日3.15'],
      ['2027-03-13T10:01', OWNER, '/生日 @小张 3-15'],
      ...daysAround('2027-03', ['14', '15', '16']),
    ]);
    expect(saidAt(out, '2027-03-13T10:00')).toEqual(['记下啦，3月15日那天给你送祝福～\n你退订过私信，到时候收不到祝福哦；想收的话回复「订阅」。']);
    expect(store.data.birthdays.members['李哥']).toMatchObject({ month: 3, day: 15 });
    expect(birthdayDms(out, '李哥')).toEqual([]);
    // The same day's other birthday still goes.
    expect(birthdayDms(out, '小张').map((o) => o.at)).toEqual(['2027-03-15T09:00:00+08:00']);
    await store.close();
  });

  it('with no BIRTHDAY_OFFER no perk is mentioned; BIRTHDAY_HOUR moves the DM', async () => {
    const { out } = await run([
      ['2027-03-14T10:00', '王阿姨', '本人生日 三月十五号', 'dm'],
      ...daysAround('2027-03', ['15']),
    ], testConfig({ BIRTHDAY_HOUR: '20' }));
    const dms = birthdayDms(out, '王阿姨');
    expect(dms.map((o) => o.at)).toEqual(['2027-03-15T20:00:00+08:00']);
    expect(dms[0]!.text).not.toMatch(/福利|优惠|领|送你/);
  });

  it('a lunar birthday goes on that lunar date\'s solar day', async () => {
    const { out } = await run([
      ['2026-09-20T10:00', '小张', '我的生日是农历八月十五'],
      ...daysAround('2026-09', ['24', '25', '26']),
    ]);
    expect(saidAt(out, '2026-09-20T10:00')).toEqual(['记下啦，农历八月十五那天给你送祝福～（下一次是2026年9月25日）']);
    expect(birthdayDms(out, '小张').map((o) => o.at)).toEqual(['2026-09-25T09:00:00+08:00']);
  });

  it('今天是我生日 after the hour: the wish comes at once, with the perk', async () => {
    const { out } = await run([
      ['2027-05-20T14:00', '小红', '今天是我生日🎂'],
      ...daysAround('2027-05', ['21']),
    ]);
    expect(saidAt(out, '2027-05-20T14:00')).toContain('生日快乐！🎂 记下啦，以后每年5月20日都给你送祝福～');
    const dms = birthdayDms(out, '小红');
    expect(dms.map((o) => o.at.slice(0, 10))).toEqual(['2027-05-20']);
    expect(dms[0]!.text).toContain(OFFER);
  });
});

describe('/生日 and chat', () => {
  it('bad /生日 input gets the usage line, and records nothing', async () => {
    const { out, store } = await run([
      ['2027-03-13T10:00', OWNER, '/生日', 'dm'],
      ['2027-03-13T10:01', OWNER, '/生日 @王阿姨'],
      ['2027-03-13T10:02', OWNER, '/生日 @王阿姨 2月30日'],
      ['2027-03-13T10:03', OWNER, '/生日 @王阿姨 13-45'],
      ['2027-03-13T10:04', OWNER, '/生日 3-15'],
      ['2027-03-13T10:05', OWNER, '/生日 赵大爷 3-15', 'dm'],
      ['2027-03-13T10:06', OWNER, '/生日 删除', 'dm'],
      ['2027-03-13T10:07', OWNER, '/生日 王阿姨 3-15 5-20', 'dm'],
    ]);
    const usage = '/生日 @某人 3-15';
    expect(saidAt(out, '2027-03-13T10:00')[0]).toContain(usage);
    expect(saidAt(out, '2027-03-13T10:01')[0]).toBe(`王阿姨的生日是哪天？这样发：${usage}\n例如：/生日 @王阿姨 3-15（也可以写 3月15日、农历八月十五）`);
    expect(saidAt(out, '2027-03-13T10:02')[0]).toBe(`「2月30日」好像不是一个日子呀，再看看？这样发：${usage}`);
    expect(saidAt(out, '2027-03-13T10:03')[0]).toBe(`「13-45」好像不是一个日子呀，再看看？这样发：${usage}`);
    expect(saidAt(out, '2027-03-13T10:04')[0]).toContain(`给谁记呢？这样发：${usage}`);
    expect(saidAt(out, '2027-03-13T10:05')[0]).toBe('没找到「赵大爷」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。');
    expect(saidAt(out, '2027-03-13T10:06')[0]).toBe('删谁的生日？这样发：/生日 删除 @王阿姨');
    expect(saidAt(out, '2027-03-13T10:07')[0]).toContain(usage);
    expect(store.data.birthdays.members).toEqual({});
    await store.close();
  });

  it('a resident cannot record or delete someone else\'s birthday, or list them', async () => {
    const { out, store } = await run([
      ['2027-03-13T10:00', OWNER, '/生日 @王阿姨 3-15'],
      ['2027-03-13T10:01', '小张', '/生日 @王阿姨 5-20'],
      ['2027-03-13T10:02', '小张', '/生日 列表'],
      ['2027-03-13T10:03', '小张', '/生日 删除 @王阿姨'],
      ['2027-03-13T10:04', '小张', '/生日 6-1'],
    ]);
    expect(saidAt(out, '2027-03-13T10:01')[0]).toBe('别人的生日只有团长能记哦。记你自己的，发 /生日 3-15 或「我的生日是3月15日」就行～');
    expect(saidAt(out, '2027-03-13T10:02')[0]).toMatch(/^这个只有团长可以用哦。/);
    expect(saidAt(out, '2027-03-13T10:03')[0]).toMatch(/^这个只有团长可以用哦。/);
    expect(saidAt(out, '2027-03-13T10:04')).toEqual(['记下啦，6月1日那天给你送祝福～']);
    expect(store.data.birthdays.members['王阿姨']).toMatchObject({ month: 3, day: 15, by: OWNER });
    expect(store.data.birthdays.members['小张']).toMatchObject({ month: 6, day: 1, by: '小张' });
    await store.close();
  });

  it('/生日 列表 shows the nearest first; /生日 删除 and 删掉我的生日 forget', async () => {
    const { out, store } = await run([
      ['2027-03-13T10:00', OWNER, '/生日 @王阿姨 3-15'],
      ['2027-03-13T10:01', OWNER, '/生日 小张 1月2日', 'dm'],
      ['2027-03-13T10:02', '李哥', '我生日是3月14号'],
      ['2027-03-13T10:03', '小红', '我的生日是农历八月十五'],
      ['2027-03-13T10:04', OWNER, '/生日 列表', 'dm'],
      ['2027-03-13T10:05', OWNER, '/生日 删除 @王阿姨'],
      ['2027-03-13T10:06', '李哥', '删掉我的生日'],
      ['2027-03-13T10:07', '李哥', '删掉我的生日'],
      ...daysAround('2027-03', ['14', '15']),
    ]);
    expect(saidAt(out, '2027-03-13T10:04')[0]).toBe([
      '记下的生日共4位，最近的在前：',
      '3月14日 李哥（明天）',
      '3月15日 王阿姨（还有2天）',
      '农历八月十五（9月15日） 小红（还有186天）',
      '1月2日 小张（还有295天）',
    ].join('\n'));
    expect(saidAt(out, '2027-03-13T10:05')[0]).toBe('已删除王阿姨的生日（3月15日），不会再发生日祝福。');
    expect(saidAt(out, '2027-03-13T10:06')).toEqual(['好的，你的生日（3月14日）已经删掉了，不会再发生日祝福。']);
    expect(saidAt(out, '2027-03-13T10:07')).toEqual(['我这儿还没记你的生日哦～']);
    expect(birthdayDms(out, '王阿姨')).toEqual([]);
    expect(birthdayDms(out, '李哥')).toEqual([]);
    expect(Object.keys(store.data.birthdays.members).sort()).toEqual(['小张', '小红']);
    await store.close();
  });

  it('chat that is not telling a birthday gets no answer and records nothing', async () => {
    const chat = ['今天我妈生日', '生日蛋糕有吗？', '3月15日的接龙还有吗', '祝你生日快乐', '我女儿生日是3月15', '明天是我老公生日，订个蛋糕'];
    const { out, store } = await run(chat.map((text, i): Line => [`2027-03-13T10:0${i}`, '小张', text]));
    // Other features may answer (a product question goes to the owner); this one says nothing.
    for (let i = 0; i < chat.length; i++) expect(saidAt(out, `2027-03-13T10:0${i}`).filter((t) => /记下|送祝福|生日是哪天/.test(t)), chat[i]).toEqual([]);
    expect(store.data.birthdays.members).toEqual({});
    await store.close();
  });

  it('the owner\'s own 我的生日是… is not recorded', async () => {
    const { out, store } = await run([['2027-03-13T10:00', OWNER, '我的生日是3月15日']]);
    expect(saidAt(out, '2027-03-13T10:00')).toEqual([]);
    expect(store.data.birthdays.members).toEqual({});
    await store.close();
  });
});
