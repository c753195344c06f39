// The 体验官 programme through the real bot (router, handlers, store, scheduler, outbox): the
// owner names 王阿姨 (her code comes by DM); one newcomer says the code, another says 是王阿姨介绍的,
// a third is pulled in by 王阿姨 herself; a long-time member saying the code is not credited;
// the first newcomer's 接龙 order is credited once at the close — also after a restart and a
// redelivered close; /体验官 名单 shows it; /晒单 精选 rewards once; bad input gets the usage
// and residents cannot run the commands.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinli } from '../../bot/app.ts';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { ManualClock } from '../../scheduler/clock.ts';
import { Store } from '../../store/db.ts';
import { readLog } from '../../store/log.ts';
import { testConfig } from '../../tests/helpers.ts';
import { ledgerJournal } from '../points/book.ts';
import { newCode } from './code.ts';
import { kocMonthly } from './index.ts';

const G = '幸福里1群';
const APPLES = '#接龙\n周一苹果团\n红富士苹果 49.9元/箱\n截止：今天 20:00\n例 3-501 王阿姨 2箱\n';
const CODE = newCode('王阿姨', new Set());
const SETUP = JSON.stringify({ setup: { owner: '老赵', groups: { [G]: ['王阿姨', '李哥', '陈姐'] }, catalog: '../../store/catalog.example.json' } });

type Line = [time: string, from: string, text: string, where?: 'dm'] | [time: string, join: { join: string; inviter?: string }] | [time: string, photo: { photo: string }] | [time: string, tick: 'tick'];

function script(day: string, lines: Line[]): string {
  return [SETUP, ...lines.map((l) => {
    const at = `2026-11-${day}T${l[0]}:00+08:00`;
    if (l[1] === 'tick') return JSON.stringify({ at, tick: true });
    if (typeof l[1] === 'object' && 'join' in l[1]) return JSON.stringify({ at, group: G, ...l[1] });
    if (typeof l[1] === 'object') return JSON.stringify({ at, group: G, from: l[1].photo, photo: { title: '' } });
    const [, from, text, where] = l as [string, string, string, 'dm'?];
    return JSON.stringify({ at, ...(where ? {} : { group: G }), from, text });
  })].join('\n');
}

async function replay(config: ReturnType<typeof testConfig>, source: string): Promise<ReplayOutput[]> {
  const out: ReplayOutput[] = [];
  await runReplay(parseScript(source), { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return out;
}

const said = (out: ReplayOutput[], time: string) => out.filter((o) => o.at.slice(11, 16) === time).map((o) => ('dm' in o ? `→${o.dm}: ${o.text}` : o.text));

describe('the 体验官 programme, replayed', () => {
  it('credits newcomers and their orders once, and the month\'s best 晒单 once', async () => {
    const config = testConfig();
    const day1 = await replay(config, script('23', [
      ['08:00', '老赵', '/体验官 王阿姨', 'dm'],
      ['08:01', '李哥', '/体验官 李哥'],
      ['08:02', '老赵', '/体验官', 'dm'],
      ['08:03', '老赵', '/体验官 删除', 'dm'],
      ['08:04', '老赵', '/体验官 张三丰', 'dm'],
      ['08:05', '老赵', '/体验官 王阿姨', 'dm'],
      ['09:00', { join: '小周' }],
      ['09:01', '小周', `邀请码 ${CODE.toLowerCase()}`],
      ['09:10', { join: '小吴', inviter: '老赵' }],
      ['09:11', '小吴', '是王阿姨介绍的～'],
      ['09:12', '小吴', CODE],
      ['09:20', '李哥', `邀请码 ${CODE}`],
      ['09:21', '陈姐', '王阿姨介绍的苹果不错'],
      ['09:30', { join: '小钱', inviter: '王阿姨' }],
      ['09:40', { join: '小孙', inviter: '李哥' }],
      ['09:41', '小孙', '是王阿姨介绍我来的'],
      ['10:00', '老赵', '/接龙 开 周一苹果团 红富士苹果 截止 今晚8点'],
      ['10:30', '小周', `${APPLES}\n1. 5-201 小周 2箱`],
      ['11:00', { photo: '王阿姨' }],
      ['11:00', '王阿姨', '晒单！昨天的草莓太甜了'],
      ['20:01', 'tick'],
      ['20:30', '老赵', '/晒单', 'dm'],
      ['20:31', '老赵', '/晒单 精选', 'dm'],
      ['20:32', '老赵', '/晒单 精选 @王阿姨 草莓拍得真诱人', 'dm'],
      ['20:33', '老赵', '/晒单 精选 李哥', 'dm'],
      ['20:34', '李哥', '/晒单 精选 李哥'],
    ]));

    if (process.env.KOC_DUMP) console.log(day1.map((o) => JSON.stringify(o)).join('\n'));
    expect(said(day1, '08:00')).toEqual([
      `→王阿姨: 王阿姨你好呀～团长请你当咱们小店的「体验官」🎉\n你的专属邀请码：${CODE}\n介绍邻居进群后，让 TA 在群里说「邀请码 ${CODE}」或「是王阿姨介绍的」就行，每带来一位新邻居 +20 分，TA 下单你还有奖励。谢谢你帮大家发现好东西！`,
      `→老赵: 已请王阿姨当体验官🎉 邀请码 ${CODE}，已私信发给 TA。新邻居进群 7 天内说「邀请码 ${CODE}」或「是王阿姨介绍的」，就记在 TA 名下。`,
    ]);
    // A resident cannot run it; bad input gets the usage.
    expect(said(day1, '08:01')[0]).toMatch(/团长/);
    expect(said(day1, '08:01').join()).not.toMatch(/已请/);
    expect(said(day1, '08:02')).toEqual(['→老赵: 这样用：/体验官 @某人（或写名字）；/体验官 删除 @某人；/体验官 名单']);
    expect(said(day1, '08:03')).toEqual(['→老赵: 请写上是谁，这样发：/体验官 删除 @某人']);
    expect(said(day1, '08:04')).toEqual(['→老赵: 没找到「张三丰」。在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。']);
    expect(said(day1, '08:05')).toEqual([`→老赵: 王阿姨已经是体验官了，邀请码 ${CODE}。`]);
    // The newcomers: by code, by name (the owner's invite is no referral), by 王阿姨's own invite.
    expect(said(day1, '09:01')).toEqual(['→王阿姨: 小周是你介绍来的，已记在你名下，+20 分。谢谢你帮小店认识新邻居～\n不想再收到这类消息，回复「退订」就好。', '欢迎欢迎～记下啦：你是王阿姨介绍来的。有想买的随时在群里说～']);
    expect(said(day1, '09:11')).toContain('欢迎欢迎～记下啦：你是王阿姨介绍来的。有想买的随时在群里说～');
    // 王阿姨's own invite is credited on the join, quietly but for a DM to her.
    expect(said(day1, '09:30')).toEqual([expect.stringMatching(/^→王阿姨: 小钱是你介绍来的，已记在你名下，\+20 分/)]);
    expect(said(day1, '09:12')).toEqual(['记着呢～你是王阿姨介绍来的。']);
    // The long-time member saying the code: told, not credited. Chat naming her: nothing.
    expect(said(day1, '09:20')).toEqual(['邀请码是给刚进群的新邻居用的～你已经是咱们的老邻居啦，谢谢你！']);
    expect(said(day1, '09:21')).toEqual([]);
    // 李哥 pulled 小孙 in: that is 李哥's invite, not 王阿姨's.
    expect(said(day1, '09:41')).toEqual(['谢谢～你进群时是李哥拉的，已经记上啦。']);
    // /晒单 lists the recent 晒单; the pick is announced and rewarded; a second pick needs 换.
    expect(said(day1, '20:30')).toEqual(['→老赵: 最近的晒单：\n11-23 11:00 王阿姨（幸福里1群）\n11月还没选精选。选一位：/晒单 精选 @某人 [理由]']);
    expect(said(day1, '20:31')).toEqual(['→老赵: 选谁呢？这样发：/晒单 精选 @某人 [理由]']);
    expect(said(day1, '20:32')).toEqual([
      '🌟11月晒单之星：王阿姨！\n草莓拍得真诱人\n谢谢你的用心分享，送上 50 积分～大家买到好东西也来晒晒呀！',
      '→老赵: 已选王阿姨为11月晒单精选，+50 分，已在幸福里1群表扬。',
    ]);
    expect(said(day1, '20:33')).toEqual(['→老赵: 11月已经选了王阿姨。要换成李哥，发：/晒单 换 @李哥']);
    expect(said(day1, '20:34')[0]).toMatch(/团长/);

    // A restart: the same data, the owner looks at the list and picks 王阿姨 again.
    const day2 = await replay(config, script('24', [
      ['09:00', '老赵', '/体验官 名单', 'dm'],
      ['09:01', '老赵', '/晒单 精选 王阿姨', 'dm'],
      ['09:02', '老赵', '/体验官 删除 @李哥', 'dm'],
    ]));
    const list = '体验官名单：\n1. 王阿姨（邀请码 ' + CODE + '）\n   本月：新邻居 3 位，下单 1 人，99.8元\n   累计：新邻居 3 位，下单 1 人，99.8元';
    expect(said(day2, '09:00')).toEqual([`→老赵: ${list}`]);
    expect(said(day2, '09:01')).toEqual(['→老赵: 11月的晒单精选已经是王阿姨啦。']);
    expect(said(day2, '09:02')).toEqual(['→老赵: 李哥现在不是体验官。看名单发：/体验官 名单']);

    // A redelivered close after another restart pays nothing more.
    const closed: Record<string, unknown>[] = [];
    for await (const e of readLog<Record<string, unknown>>(join(config.DATA_DIR, 'events.jsonl'))) if (e.kind === 'jielong-closed') closed.push(e);
    expect(closed).toHaveLength(1);
    const linli = await createLinli({ config, clock: new ManualClock(Date.parse('2026-11-24T10:00:00+08:00')), log: silentLogger() });
    linli.services.store.log.append({ ...closed[0]!, id: 'redelivered' });
    await linli.close();

    const store = await Store.open(config.DATA_DIR);
    const ledger = ledgerJournal(store).entries;
    const moves = ledger.filter((e) => e.kind === 'koc' || e.kind === 'showcase' || e.kind === 'invite' || e.kind === 'referral')
      .map((e) => [e.member, e.kind, e.amount, e.reason]);
    expect(moves).toEqual([
      ['王阿姨', 'koc', 20, '体验官：带来新邻居小周'],
      ['王阿姨', 'koc', 20, '体验官：带来新邻居小吴'],
      ['王阿姨', 'koc', 20, '体验官：带来新邻居小钱'],
      // 李哥's ordinary invite of 小孙 is points' own; 王阿姨's invite of 小钱 is not paid twice.
      ['李哥', 'invite', 10, '邀请小孙入群'],
      ['王阿姨', 'koc', 30, '体验官：小周首单'],
      // 10% of the 99 points the ¥99.8 order earns 小周.
      ['王阿姨', 'koc', 9, '体验官：小周接龙「周一苹果团」¥99.8'],
      ['王阿姨', 'showcase', 50, '11月晒单精选'],
    ]);
    expect(store.data.points.balances['王阿姨']).toBe(20 * 3 + 30 + 9 + 50 + 2);
    const month = kocMonthly(store.data.koc, Date.parse('2026-11-30T12:00:00+08:00'), config.TZ);
    expect(month).toEqual([{ koc: '王阿姨', name: '王阿姨', code: CODE, newcomers: 3, buyers: 1, fen: 9980 }]);
    expect(kocMonthly(store.data.koc, Date.parse('2026-12-01T12:00:00+08:00'), config.TZ)[0]).toMatchObject({ newcomers: 0, buyers: 0, fen: 0 });
    await store.close();
  });

  it('drops a newcomer\'s claim after KOC_CLAIM_DAYS and asks about an unknown code', async () => {
    const config = testConfig({ KOC_CLAIM_DAYS: '2' });
    const out = await replay(config, [SETUP, ...[
      { at: '2026-11-23T08:00:00+08:00', from: '老赵', text: '/体验官 王阿姨' },
      { at: '2026-11-23T09:00:00+08:00', group: G, join: '小周' },
      { at: '2026-11-23T09:01:00+08:00', group: G, from: '小周', text: '邀请码 ZZ99' },
      { at: '2026-11-23T09:02:00+08:00', group: G, from: '小周', text: '邀请码是什么？' },
      { at: '2026-11-26T09:00:00+08:00', group: G, from: '小周', text: `邀请码 ${CODE}` },
    ].map((l) => JSON.stringify(l))].join('\n'));
    expect(said(out, '09:01')).toEqual(['没找到邀请码「ZZ99」，再核对一下？邀请码是 4 位字母和数字。']);
    expect(said(out, '09:02')).toEqual(['邀请码是带你进群的体验官给的 4 位字母和数字，直接发给我就行。没有也没关系，欢迎你～']);
    expect(out.filter((o) => o.at.startsWith('2026-11-26')).map((o) => o.text)).toEqual(['邀请码是给刚进群的新邻居用的～你已经是咱们的老邻居啦，谢谢你！']);
    const store = await Store.open(config.DATA_DIR);
    expect(store.data.koc.referrals).toEqual({});
    await store.close();
  });
});
