// A whole week after a 接龙 through the real router, handlers, scheduler and outbox on the
// replay clock (tests/fixtures/fulfilment-week.jsonl): the cut-off closes it, residents and the
// owner and a helper mark payments, the goods arrive, most collect, one collects in two goes,
// one reports bruised apples and is refunded, one never pays nor collects and is reminded once
// of each. Then the same week again with a restart in the middle: the same messages, none twice.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript, type Script } from '../../bot/replay/script.ts';
import { Store } from '../../store/db.ts';
import { readLog } from '../../store/log.ts';
import { profilesFromScratch } from '../profiles/from-scratch.ts';
import { catalogLookup } from '../profiles/index.ts';
import { reconcile } from './index.ts';
import { stateOf, type OrderState } from './status.ts';
import type { OrderEntry } from './entries.ts';
import { testConfig } from '../../tests/helpers.ts';

const FIXTURE = 'tests/fixtures/fulfilment-week.jsonl';
const env = { PAY_REMINDER_HOURS: '20', STAFF_IDS: '小刘' };

async function replay(script: Script, dataDir?: string): Promise<{ out: ReplayOutput[]; dataDir: string }> {
  const config = testConfig(env);
  const dir = dataDir ?? config.DATA_DIR;
  const out: ReplayOutput[] = [];
  await runReplay(script, { config: { ...config, DATA_DIR: dir }, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  return { out, dataDir: dir };
}

const dmsTo = (out: ReplayOutput[], who: string) => out.filter((o): o is Extract<ReplayOutput, { dm: string }> => 'dm' in o && o.dm === who).map((o) => o.text);

describe('a week from cut-off to doorstep', () => {
  let out: ReplayOutput[] = [];
  let dataDir = '';
  let store: Store;
  beforeAll(async () => {
    ({ out, dataDir } = await replay(parseScript(readFileSync(FIXTURE, 'utf8'))));
    store = await Store.open(dataDir);
    return () => store.close();
  });

  it('leaves every order in the state the week put it in', () => {
    const orders = store.data.fulfilment.orders;
    const summary = Object.values(orders).map((o) => [o.no, o.name, stateOf(o) as OrderState, o.dueFen, o.paidFen, o.refundedFen, o.items.map((i) => i.collected)]);
    expect(summary).toEqual([
      ['101', '王阿姨', '已取货', 9980, 9980, 1000, [2]],
      ['102', '小张', '已取货', 4990, 4990, 0, [1]],
      ['103', '李哥', '已取货', 4990, 4990, 0, [1]],
      ['104', '陈姐', '已取货', 14970, 14970, 0, [3]],
      ['105', '刘叔', '已到货', 4990, 0, 0, [0]],
      ['106', '小美', '已取货', 9980, 9980, 0, [2]],
    ]);
    // 陈姐 collected in two goes, both marked by the helper.
    expect(orders['104']!.history.map((h) => `${h.change}:${h.by}${h.note ? `:${h.note}` : ''}`)).toEqual([
      'opened:system', 'paid:小刘', 'arrived:老赵:下午3点后', 'partly-collected:小刘:红富士苹果×1箱',
      'reminded-pickup:system', 'collected:小刘:红富士苹果×2箱',
    ]);
    expect(orders['101']!.history.map((h) => `${h.change}:${h.by}`)).toEqual([
      'opened:system', 'pay-claimed:王阿姨', 'paid:老赵', 'arrived:老赵', 'collected:王阿姨', 'case:王阿姨', 'refunded:老赵',
    ]);
  });

  it('gives the owner the unpaid and uncollected lists and the reconciliation', () => {
    const owner = dmsTo(out, '老赵');
    expect(owner).toContain('「周一苹果团」未付2单，共149.7元：\n105 刘叔 49.9元\n106 小美 2-302 99.8元（说已付，待确认）');
    expect(owner).toContain('「周一苹果团」未取2单：\n104 陈姐 12-101 红富士苹果×2箱（已取一部分）\n105 刘叔 红富士苹果×1箱');
    expect(owner.slice(-7)).toContain('「周一苹果团」6单\n应收 499元\n已收 449.1元\n未收 49.9元（1单）\n退款 10元');
    expect(owner.slice(-7)).toContain('「周一苹果团」未取1单：\n105 刘叔 红富士苹果×1箱');
    expect(owner.slice(-7)).toContain('「周一苹果团」未付1单，共49.9元：\n105 刘叔 49.9元');
    expect(reconcile(Object.values(store.data.fulfilment.orders))).toEqual({
      orders: 6, expectedFen: 49900, receivedFen: 44910, missingFen: 4990, unpaid: 1, refundedFen: 1000, unknown: 0,
    });
  });

  it('reminds the one who never came, once for paying and once for collecting', () => {
    const liu = dmsTo(out, '刘叔');
    expect(liu.filter((t) => t.includes('还差付款'))).toHaveLength(1);
    expect(liu.filter((t) => t.includes('等你哦'))).toHaveLength(1);
    // 小美 said she paid before the reminder: she is not chased.
    expect(dmsTo(out, '小美').some((t) => t.includes('还差付款'))).toBe(false);
    // 陈姐 still had two boxes waiting when the reminder went.
    expect(dmsTo(out, '陈姐')).toContain('陈姐，「周一苹果团」还在小区东门快递柜旁等你哦：红富士苹果×2箱（取货号 104）。取完回“已取”就好～\n不想收到这类提醒，回复「退订」。');
  });

  it('tells each buyer their pick-up number and where, in one message', () => {
    expect(dmsTo(out, '刘叔')).toContain('「周一苹果团」到货啦：红富士苹果×1箱，取货号 105。\n取货：小区东门快递柜旁，下午3点后\n还没付款的话，取货时一起付给团长就好。\n取完回“已取”告诉我就好。');
    const notices = out.filter((o) => 'group' in o && o.text.startsWith('「周一苹果团」到货啦'));
    expect(notices).toHaveLength(1);
  });

  it('refuses the helper everything but payments and pick-ups, and residents any of it', () => {
    const helper = dmsTo(out, '小刘');
    expect(helper).toContain('抱歉，/到货 只有团长可以使用。店员能用的命令发 /help 查看。');
    expect(helper.some((t) => t.startsWith('抱歉，调整积分只有团长可以'))).toBe(true);
    expect(dmsTo(out, '小张')).toContain('抱歉，/核销 只有团长和店员可以使用。发送 /help 看看你能用的命令。');
    expect(store.data.points.balances['小刘'] ?? 0).toBe(0);
    // The amount that did not match changed nothing: the order was paid by the next, right one.
    expect(helper).toContain('陈姐 12-101：104「周一苹果团」应付149.7元，你写的是100元，对不上。\n确实收了100元的话，发“/收款 104 100 确认”。');
    expect(helper.some((t) => t.startsWith('没找到“999”的订单，这次什么都没记。'))).toBe(true);
  });

  it('takes the refunded part out of the ledger and the profile', async () => {
    const points = readFileSync(join(dataDir, 'points.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; member: string; amount: number });
    expect(points.filter((p) => p.member === '王阿姨').map((p) => p.amount)).toEqual([99, -10]);
    expect(store.data.points.balances['王阿姨']).toBe(89);
    expect(store.data.profiles.members['王阿姨']!.orders['jl-1']!.amount).toBe(89.8);
    expect(store.data.profiles.members['王阿姨']!.cases).toBe(1);
    // The live profiles agree with their definition read from the whole log.
    const entries: Array<Record<string, unknown>> = [];
    for await (const e of readLog(join(dataDir, 'events.jsonl'))) entries.push(e);
    const scratch = profilesFromScratch(entries, catalogLookup(store.data.catalog));
    expect(scratch.members['王阿姨']!.orders['jl-1']!.amount).toBe(89.8);
    expect(scratch.members['王阿姨']!.cases).toBe(1);
    const changes = entries.filter((e) => e['kind'] === 'order') as unknown as OrderEntry[];
    expect(changes.every((e) => e.at > 0 && (e.by === null ? e.change.startsWith('reminded') : typeof e.by.id === 'string'))).toBe(true);
    expect(changes.filter((e) => e.change === 'paid').map((e) => `${e.no}:${e.by?.id}:${e.fen}`)).toEqual([
      '101:老赵:9980', '102:小刘:4990', '103:小刘:4990', '104:小刘:14970', '106:老赵:9980',
    ]);
  });

  it('marks the pick list with pick-up numbers, states and who still owes or has not come', () => {
    const csv = out.find((o) => 'dm' in o && o.file?.endsWith('.csv'));
    const text = readFileSync(csv!.file!, 'utf8');
    expect(text).toContain(',刘叔,105,红富士苹果,1,箱,49.9,已到货,未付、未取,');
    expect(text).toContain('合计,6人,,6单,,,499,,,');
  });

  it('sends the same week with a restart in the middle: nothing lost, nothing twice', async () => {
    const source = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    const cut = source.findIndex((l) => l.includes('2026-11-25T16:00:00'));
    const first = await replay(parseScript(source.slice(0, cut).join('\n')));
    const second = await replay(parseScript([source[0]!, ...source.slice(cut)].join('\n')), first.dataDir);
    const strip = (o: ReplayOutput) => ({ ...o, ...('file' in o && o.file ? { file: o.file.split('/').at(-1) } : {}) });
    expect([...first.out, ...second.out].map(strip)).toEqual(out.map(strip));
    const restarted = await Store.open(first.dataDir);
    expect(restarted.data.fulfilment.orders).toEqual(store.data.fulfilment.orders);
    await restarted.close();
  });
});
