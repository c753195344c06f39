// What goes wrong in real use after a cut-off: a name two people share, an amount that does
// not match, a number nobody has, a 已付 that could be either of two orders, a 坏了 about a
// computer, a resident trying the owner's commands. Each gets a short answer or one question,
// and changes nothing until it is clear.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { Store } from '../../store/db.ts';
import { testConfig } from '../../tests/helpers.ts';
import { stateOf } from './status.ts';

const G = '幸福里1群';
const APPLES = '#接龙\n周一苹果团\n红富士苹果 49.9元/箱\n截止：今天 20:00\n例 3-501 王阿姨 2箱\n';
const RICE = '#接龙\n周一大米团\n东北大米 69元/袋\n截止：今天 20:00\n例 3-501 王阿姨 2袋\n';

type Line = [time: string, from: string, text: string, where?: 'dm'];

/** Two 接龙 closed at 20:00: apples (101 王阿姨 3-501, 102 王阿姨 7-302 for 小王, 103 小张) and rice (104 小张). */
const closedDay: Line[] = [
  ['09:00', '老赵', '/接龙 开 周一苹果团 红富士苹果 截止 今晚8点'],
  ['09:01', '老赵', '/接龙 开 周一大米团 东北大米 截止 今晚8点'],
  ['10:00', '王阿姨', `${APPLES}\n1. 3-501 王阿姨 2箱`],
  ['10:10', '小王', `${APPLES}\n1. 3-501 王阿姨 2箱\n2. 7-302 王阿姨 1箱`],
  ['10:20', '小张', `${APPLES}\n1. 3-501 王阿姨 2箱\n2. 7-302 王阿姨 1箱\n3. 5-201 小张 1箱`],
  ['10:30', '小张', `${RICE}\n1. 5-201 小张 1袋`],
];

async function day(lines: Line[]): Promise<{ out: ReplayOutput[]; store: Store }> {
  const config = testConfig({ STAFF_IDS: '小刘' });
  const script = [
    JSON.stringify({ setup: { owner: '老赵', groups: { [G]: ['王阿姨', '小王', '小张', '小刘', '李哥'] }, catalog: '../../store/catalog.example.json' } }),
    ...lines.map(([time, from, text, where]) => JSON.stringify({
      at: `2026-11-23T${time}:00+08:00`, ...(where ? {} : { group: G }), from, ...(text === '[photo]' ? { photo: { title: '' } } : { text }),
    })),
  ].join('\n');
  const out: ReplayOutput[] = [];
  await runReplay(parseScript(script), { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return { out, store: await Store.open(config.DATA_DIR) };
}

/** What the bot said after a line sent at `time` (to the group or by DM), in order. */
const saidAt = (out: ReplayOutput[], time: string) => out.filter((o) => o.at.slice(11, 16) === time).map((o) => o.text);

describe('after the cut-off, unclear input', () => {
  it('asks which 王阿姨 and records nothing until a pick-up number says', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '老赵', '/收款 王阿姨', 'dm'],
      ['21:01', '老赵', '/收款 周一苹果团 102', 'dm'],
    ]);
    expect(saidAt(out, '21:00')[0]).toBe('“王阿姨”对得上2位：\n101 王阿姨 3-501 红富士苹果×2箱 99.8元\n102 王阿姨 7-302 红富士苹果×1箱 49.9元\n请用取货号再发一次。');
    const orders = store.data.fulfilment.orders;
    expect([orders['101']!.paid, orders['102']!.paid]).toEqual([false, true]);
    expect(orders['101']!.history.map((h) => h.change)).toEqual(['opened']);
    await store.close();
  });

  it('takes an amount that differs only with 确认, and then keeps what is still owed', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '老赵', '/收款 101 50', 'dm'],
      ['21:01', '老赵', '/收款 101 50 确认', 'dm'],
    ]);
    expect(saidAt(out, '21:00')[0]).toBe('王阿姨 3-501：101「周一苹果团」应付99.8元，你写的是50元，对不上。\n确实收了50元的话，发“/收款 101 50 确认”。');
    expect(saidAt(out, '21:01')[0]).toContain('101 王阿姨 3-501 50元（还差49.8元）');
    const o = store.data.fulfilment.orders['101']!;
    expect([o.paid, o.paidFen, stateOf(o)]).toEqual([false, 5000, '待付款']);
    await store.close();
  });

  it('refuses unknown numbers and names, and residents marking orders, changing nothing', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '小刘', '/核销 999', 'dm'],
      ['21:01', '小刘', '/收款 103 赵大爷', 'dm'],
      ['21:02', '小张', '/收款 103', 'dm'],
      ['21:03', '李哥', '/核销 101'],
      ['21:04', '小刘', '/售后 1 退款', 'dm'],
    ]);
    expect(saidAt(out, '21:00')[0]).toMatch(/^没找到“999”的订单，这次什么都没记。\n\/核销 /);
    expect(saidAt(out, '21:01')[0]).toMatch(/^没找到“赵大爷”的订单，这次什么都没记。/);
    expect(saidAt(out, '21:02')[0]).toBe('抱歉，/收款 只有团长和店员可以使用。发送 /help 看看你能用的命令。');
    expect(saidAt(out, '21:03')[0]).toBe('抱歉，/核销 只有团长和店员可以使用。发送 /help 看看你能用的命令。');
    expect(saidAt(out, '21:04')[0]).toBe('抱歉，/售后 只有团长可以使用。店员能用的命令发 /help 查看。');
    expect(Object.values(store.data.fulfilment.orders).every((o) => o.history.length === 1 && !o.paid)).toBe(true);
    await store.close();
  });

  it('asks which order a 已付 is for when two are owed, and takes 都 as both', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '小张', '已付'],
      ['21:01', '小张', '都'],
    ]);
    expect(saidAt(out, '21:00')[0]).toBe('你有2单：\n103「周一苹果团」红富士苹果×1箱\n104「周一大米团」东北大米×1袋\n付的是哪单？回取货号就行，都是的话回“都”～');
    expect(store.data.fulfilment.orders['103']!.claim).toBeDefined();
    expect(store.data.fulfilment.orders['104']!.claim).toBeDefined();
    const owner = out.filter((o) => 'dm' in o && o.dm === '老赵').map((o) => o.text);
    expect(owner).toContain('小张 5-201 说已付：\n103「周一苹果团」红富士苹果×1箱 应付49.9元\n104「周一大米团」东北大米×1袋 应付69元\n核对收到了就回“/收款 103 104”。');
    await store.close();
  });

  it('tells the owner a screenshot came with the 已付', async () => {
    const { out } = await day([...closedDay,
      ['21:00', '王阿姨', '[photo]', 'dm'],
      ['21:01', '王阿姨', '已转账 请查收', 'dm'],
    ]);
    expect(out.some((o) => 'dm' in o && o.dm === '老赵' && o.text.startsWith('王阿姨 3-501 说已付（发了付款截图）：\n101「周一苹果团」'))).toBe(true);
  });

  it('leaves chat alone: other bills paid, a notice acknowledged; asks once when a DM might mean the goods', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '老赵', '/到货 周一苹果团', 'dm'],
      ['21:01', '小王', '我刚把物业费付了，你们交了吗'],
      ['21:02', '王阿姨', '收到了，谢谢团长'],
      ['21:03', '王阿姨', '收到了', 'dm'],
      ['21:04', '小张', '苹果收到了，好甜', 'dm'],
    ]);
    expect(saidAt(out, '21:01')).toEqual([]);
    expect(saidAt(out, '21:02')).toEqual([]);
    expect(saidAt(out, '21:03')).toEqual(['是拿到「周一苹果团」了吗？拿到了回“已取”就好～']);
    expect(saidAt(out, '21:04')).toEqual(['好的，「周一苹果团」已登记取货，谢谢～']);
    const orders = store.data.fulfilment.orders;
    expect([orders['101']!.history.at(-1)!.change, orders['102']!.claim, orders['103']!.history.at(-1)!.change]).toEqual(['arrived', undefined, 'collected']);
    await store.close();
  });

  it('keeps a 已付 said before the cut-off and puts it to the owner at the close', async () => {
    const { out, store } = await day([
      ...closedDay.slice(0, 3),
      ['10:05', '王阿姨', '钱已经转给团长了，已付'],
      ...closedDay.slice(3),
      ['20:30', '李哥', '今天的苹果看着不错'],
    ]);
    expect(saidAt(out, '10:05')[0]).toBe('收到～「周一苹果团」截单后我帮你报给团长核对。');
    expect(store.data.fulfilment.orders['101']!.claim).toBeDefined();
    expect(out.some((o) => 'dm' in o && o.dm === '老赵' && o.text.startsWith('王阿姨 3-501 说已付：\n101「周一苹果团」'))).toBe(true);
    await store.close();
  });

  it('opens a case for bad fruit, not for a computer that broke, and says 还没到货 before arrival', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '小王', '我家电脑坏了，烦死'],
      ['21:01', '小张', '已取'],
      ['21:02', '小张', '苹果烂了一个', 'dm'],
    ]);
    expect(saidAt(out, '21:00')).toEqual([]);
    expect(saidAt(out, '21:01')[0]).toBe('你的「周一苹果团」还没到货哦，到了我私信你取货号～');
    expect(Object.values(store.data.fulfilment.cases).map((c) => [c.no, c.order, c.member.id, c.where])).toEqual([[1, '103', '小张', 'dm']]);
    await store.close();
  });

  it('refuses a refund larger than the order, and cancels an unpaid order taking its points back', async () => {
    const { out, store } = await day([...closedDay,
      ['21:00', '小张', '大米袋子破了，漏了一地', 'dm'],
      ['21:01', '老赵', '/售后 1 退款 100', 'dm'],
      ['21:02', '老赵', '/订单 取消 103 不要了', 'dm'],
    ]);
    expect(saidAt(out, '21:01')[0]).toBe('这一单最多退69元（69元），你写的是100元。请再发一次。');
    expect(store.data.fulfilment.orders['104']!.refundedFen).toBe(0);
    expect(stateOf(store.data.fulfilment.orders['103']!)).toBe('已取消');
    // 49 points for the apples and 69 for the rice at the close; the apples' taken back.
    expect(store.data.points.balances['小张']).toBe(69);
    await store.close();
  });
});
