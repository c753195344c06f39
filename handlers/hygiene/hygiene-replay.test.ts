// Group hygiene through the real bot (bot/replay): a newcomer's ad is told to the owner once a
// day, the owner's, staff's and a resident's own links and phones never are, a flood and a mass
// invitation are told once, and the owner's commands answer bad input with their usage.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { testConfig } from '../../tests/helpers.ts';

const G = '幸福里1群';
type Line = Record<string, unknown> & { at: string };

const at = (hhmm: string, day = 23) => `2026-11-${day}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+08:00`;
const say = (time: string, from: string, text: string, day?: number): Line => ({ at: at(time, day), group: G, from, text });
const dm = (time: string, from: string, text: string, day?: number): Line => ({ at: at(time, day), from, text });
const joins = (time: string, who: string, inviter?: string, day?: number): Line => ({ at: at(time, day), group: G, join: who, ...(inviter ? { inviter } : {}) });

async function replay(lines: Line[], config: Config = testConfig({ STAFF_IDS: '小刘' })): Promise<ReplayOutput[]> {
  const script = [
    JSON.stringify({ setup: { owner: '老赵', groups: { [G]: ['王阿姨', '小刘', '李哥'] } } }),
    ...lines.map((l) => JSON.stringify(l)),
  ].join('\n');
  const out: ReplayOutput[] = [];
  await runReplay(parseScript(script), { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return out;
}

const toOwner = (out: ReplayOutput[]) => out.filter((o): o is Extract<ReplayOutput, { dm: string }> => 'dm' in o && o.dm === '老赵').map((o) => o.text);
const flags = (out: ReplayOutput[], head: string) => toOwner(out).filter((t) => t.startsWith(head));

describe('ads', () => {
  it('tells the owner of a newcomer\'s ad once a day, with what was said and how to remove them by hand here', async () => {
    const out = await replay([
      joins('10:00', '小广告'),
      say('10:01', '小广告', '加我微信 abc123 优惠多多'),
      say('10:05', '小广告', '兼职日结，私聊我 13812345678'),
      say('10:06', '王阿姨', '今天的苹果很甜'),
      say('09:00', '小广告', '招代理 vx: abc123', 24),
    ]);
    const told = flags(out, '【可能是广告】');
    expect(told).toHaveLength(2);
    expect(told[0]).toContain('「幸福里1群」里新来的小广告留联系方式、广告词：\n“加我微信 abc123 优惠多多”');
    expect(told[0]).toContain('请在群聊设置里手动把TA移出');
    expect(told[0]).toContain('/防广告 放行 @小广告');
    expect(told[0]).not.toContain('/移出 @小广告');
    // Nothing about it is said in the group (the welcome is the welcome feature's): the owner decides.
    expect(out.filter((o) => 'group' in o && !o.text.startsWith('欢迎新邻居'))).toEqual([]);
  });

  it('never flags the owner, staff or a resident\'s own phone for a pick-up', async () => {
    const out = await replay([
      say('10:00', '老赵', '今晚8点直播 https://live.example.com/room/88 扫码进群领券'),
      say('10:01', '小刘', '收款码在这 https://pay.example.com/qr 加我微信 staff001'),
      say('10:02', '王阿姨', '我电话13812345678，到了打我'),
      say('10:03', '李哥', '这家更便宜 https://item.jd.com/100012345.html'),
    ]);
    expect(toOwner(out)).toEqual([]);
  });

  it('a newcomer becomes a resident after the days set, and at once by ordering or 放行', async () => {
    const out = await replay([
      joins('10:00', '小周'),
      joins('10:00', '饺子妈妈'),
      dm('10:05', '老赵', '/防广告 放行 饺子妈妈'),
      say('10:06', '饺子妈妈', '自家包的饺子，要的打我电话 13912345678'),
      // Six days later, with HYGIENE_RESIDENT_DAYS 5.
      say('10:00', '小周', '我电话 13712345678，到了打我', 29),
    ], testConfig({ STAFF_IDS: '小刘', HYGIENE_RESIDENT_DAYS: '5' }));
    expect(flags(out, '【可能是广告】')).toEqual([]);
    expect(toOwner(out)[0]).toContain('饺子妈妈是自己人');
  });

  it('a link card from a newcomer, and a photo with QR words, are flagged', async () => {
    const out = await replay([
      joins('10:00', '小广告'),
      { at: at('10:01'), group: G, from: '小广告', link: { title: '限时特价', url: 'https://deal.example.com' } },
      joins('10:00', '二维码哥', undefined, 24),
      { at: at('10:01', 24), group: G, from: '二维码哥', photo: { title: '' } },
      say('10:02', '二维码哥', '长按识别，好东西', 24),
    ]);
    const told = flags(out, '【可能是广告】');
    expect(told).toHaveLength(2);
    expect(told[0]).toContain('小广告发链接：\n“[链接] 限时特价”');
    expect(told[1]).toContain('二维码哥发二维码');
  });

  it('the owner\'s words, and /防广告 关', async () => {
    const out = await replay([
      dm('09:00', '老赵', '/防广告 关键词 新增 好物 团团'),
      joins('10:00', '小新'),
      say('10:01', '小新', '团团好物，看这里'),
      dm('11:00', '老赵', '/防广告 关'),
      joins('11:01', '小广告'),
      say('11:02', '小广告', '加我微信 abc123'),
    ]);
    expect(toOwner(out)[0]).toBe('好的，加上了：好物、团团。新来的人说这些词我会提醒你。');
    expect(flags(out, '【可能是广告】')).toHaveLength(1);
    expect(flags(out, '【可能是广告】')[0]).toContain('小新广告词');
  });

  it('remembers across a restart that it already told the owner today', async () => {
    const config = testConfig({ STAFF_IDS: '小刘' });
    const first = await replay([joins('10:00', '小广告'), say('10:01', '小广告', '加V：tt8888')], config);
    const second = await replay([say('10:30', '小广告', '加V：tt8888 了解详情')], config);
    expect(flags(first, '【可能是广告】')).toHaveLength(1);
    expect(flags(second, '【可能是广告】')).toEqual([]);
  });
});

describe('floods and invitations', () => {
  it('tells of a flood once; a resident gets twice the room', async () => {
    const burst = (who: string, n: number, minute: string) =>
      Array.from({ length: n }, (_, i) => say(`10:${minute}:${String(i * 3).padStart(2, '0')}`, who, `第${i}条 哈哈哈`));
    const out = await replay([joins('09:59', '刷屏哥'), ...burst('李哥', 14, '00'), ...burst('刷屏哥', 14, '02'), say('10:05', '王阿姨', '好')]);
    const told = flags(out, '【刷屏】');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('刷屏哥一下子发了 10 条');
    const resident = await replay(burst('李哥', 20, '00'));
    expect(flags(resident, '【刷屏】')).toHaveLength(1);
    expect(flags(resident, '【刷屏】')[0]).toContain('李哥一下子发了 20 条');
  });

  it('tells of a newcomer\'s same text repeated, not of a resident asking again, nor of the owner', async () => {
    const out = await replay([
      joins('09:50', '新来的'),
      ...['10:00', '10:02', '10:04', '10:05'].flatMap((t) => [say(t, '新来的', '便宜好货看我朋友圈'), say(`${t}:30`, '王阿姨', '谁捡到我的钥匙了')]),
      ...Array.from({ length: 12 }, (_, i) => say(`11:00:${String(i).padStart(2, '0')}`, '老赵', '今晚8点开团')),
    ]);
    const told = flags(out, '【刷屏】');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('新来的把同一句话发了 3 遍');
  });

  it('tells of a newcomer bringing many people in at once, once', async () => {
    const out = await replay([
      joins('10:00', '拉人王'),
      ...['甲', '乙', '丙', '丁', '戊', '己', '庚'].map((p, i) => joins(`10:0${i + 1}`, p, '拉人王')),
      ...['赵', '钱', '孙', '李', '周', '吴'].map((p, i) => joins(`10:1${i}`, p, '王阿姨')),
    ]);
    const told = flags(out, '【拉人】');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('新来的拉人王 10 分钟内拉了 5 人进群：甲、乙、丙、丁、戊');
  });
});

describe('the owner\'s commands', () => {
  it('/移出 where the channel cannot: the by-hand reminder; bad input gets usage; the owner, staff and bot are refused', async () => {
    const out = await replay([
      joins('10:00', '小广告'),
      say('10:01', '小广告', '加我微信 abc123'),
      dm('10:10', '老赵', '/移出 @小广告'),
      dm('10:11', '老赵', '/移出'),
      dm('10:12', '老赵', '/移出 没这个人'),
      dm('10:13', '老赵', '/移出 @小刘'),
      dm('10:14', '老赵', '/移出 @老赵'),
      dm('10:15', '老赵', '/移出 @邻里小助手'),
      dm('10:16', '老赵', '/移出 99'),
      dm('10:17', '老赵', '/防广告 乱写'),
      dm('10:18', '老赵', '/防广告 关键词 新增'),
      dm('10:19', '老赵', '/防广告 放行'),
    ]);
    const said = toOwner(out).slice(1);
    expect(said[0]).toBe('这个群我没法替你移人（企业微信的客户群不支持）。请在「幸福里1群」的群聊设置里，手动把小广告移出。');
    expect(said[1]).toBe('要移出谁呢？这样发：/移出 @某人（或提醒里的编号，如 /移出 3）');
    expect(said[2]).toContain('没找到「没这个人」');
    expect(said[3]).toContain('小刘是店员，不能移出');
    expect(said[4]).toBe('你是团长，不能移出自己哦～');
    expect(said[5]).toBe('我是小助手，不能把自己移出去哦～');
    expect(said[6]).toContain('没有编号 99 的提醒');
    expect(said[7]).toContain('没看懂“乱写”。\n防广告可以这样用：');
    expect(said[8]).toContain('加哪些词呢？');
    expect(said[9]).toContain('放行谁呢？');
  });

  it('a resident or staff cannot run /移出 or /防广告', async () => {
    const out = await replay([
      say('10:00', '王阿姨', '/移出 @李哥'),
      say('10:01', '李哥', '/防广告 关'),
      dm('10:02', '小刘', '/移出 @李哥'),
    ]);
    const texts = out.map((o) => o.text);
    expect(texts[0]).toContain('/移出 只有团长可以使用');
    expect(texts[1]).toContain('/防广告 只有团长可以使用');
    expect(texts[2]).toContain('/移出 只有团长可以使用');
  });
});
