// A whole group buy through the real router, handlers, scheduler and outbox on the replay
// clock: the owner opens a 接龙 with limits and a cut-off, six residents sign up by reposting
// the list and by short messages, one edits, one cancels, two go over a limit, the cut-off
// closes it, late sign-ups are refused, and the exported pick list matches the order book.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../bot/replay/run.ts';
import { parseScript } from '../bot/replay/script.ts';
import { ordersOf } from '../handlers/jielong/orders.ts';
import { Store } from '../store/db.ts';
import { readLog } from '../store/log.ts';
import { testConfig } from './helpers.ts';

const G = '幸福里1群';
const at = (hms: string) => `2026-11-21T${hms}+08:00`;
const group = (hms: string, text: string, mentions: string[] = []) => ({ at: at(hms), group: G, text, mentions });

describe('a whole group buy', () => {
  const out: ReplayOutput[] = [];
  let dataDir = '';
  beforeAll(async () => {
    const config = testConfig();
    dataDir = config.DATA_DIR;
    const script = parseScript(readFileSync('tests/fixtures/group-buy.jsonl', 'utf8'));
    await runReplay(script, { config, log: silentLogger(), scriptDir: join(process.cwd(), 'tests', 'fixtures'), onOutput: (o) => out.push(o) });
  });

  it('says exactly this in the group, in this order', () => {
    expect(out.filter((o) => 'group' in o)).toEqual([
      group('09:00:00', '#接龙\n周日亚麻籽油团购\n冷榨亚麻籽油 39.9元/瓶，限量10瓶，每人限购3瓶\n截止：今天 20:00\n例 3-501 王阿姨 2瓶'),
      group('09:05:05', '已登记「周日亚麻籽油团购」：王阿姨 3-501 冷榨亚麻籽油×2瓶'),
      group('09:06:30', '已登记「周日亚麻籽油团购」：小张 5-201 冷榨亚麻籽油×2瓶'),
      group('09:10:05', '已登记「周日亚麻籽油团购」：李哥 7-1102 冷榨亚麻籽油×1瓶'),
      group('09:12:00', '陈姐，冷榨亚麻籽油每人限购3瓶，先给你登记了3瓶～', ['陈姐']),
      group('09:12:30', '已登记「周日亚麻籽油团购」：陈姐 12-101 冷榨亚麻籽油×3瓶'),
      group('09:20:05', '「周日亚麻籽油团购」接龙有更新：王阿姨 3-501 改为 冷榨亚麻籽油×3瓶'),
      group('09:30:05', '「周日亚麻籽油团购」接龙有更新：李哥 7-1102 已取消'),
      group('09:40:05', '已登记「周日亚麻籽油团购」：刘叔 冷榨亚麻籽油×2瓶'),
      group('09:45:00', '抱歉小美，冷榨亚麻籽油已经订完了，这次没登记上。下次开团早点提醒你！', ['小美']),
      group('10:00:00', '「周日亚麻籽油团购」进行中，今天 20:00截止，共4人，合计399元：\n冷榨亚麻籽油 10瓶（4人，剩0瓶）', ['老赵']),
      group('20:00:00', '「周日亚麻籽油团购」已截单，谢谢大家！共4人，合计399元：\n冷榨亚麻籽油 10瓶（4人，剩0瓶）\n团长会按楼栋配送，到货另行通知～'),
      group('20:30:00', '「周日亚麻籽油团购」已经截单了，这次没有登记上。下次开团我们早点提醒你～', ['赵大妈']),
      group('20:31:00', '「周日亚麻籽油团购」已经截单了，这次没有登记上。下次开团我们早点提醒你～', ['赵大妈']),
    ]);
  });

  it('keeps the order book the group was told', async () => {
    const store = await Store.open(dataDir);
    const [record] = Object.values(store.data.jielong);
    expect(record!.status).toBe('closed');
    expect(record!.closedAt).toBe(Date.parse(at('20:00:00')));
    expect(ordersOf(record!, store.data.catalog).map((o) => [o.name, o.room, o.items[0]!.qty, o.items[0]!.asked ?? null, o.amount])).toEqual([
      ['王阿姨', '3-501', 3, null, 119.7],
      ['小张', '5-201', 2, null, 79.8],
      ['陈姐', '12-101', 3, 4, 119.7],
      ['刘叔', null, 2, null, 79.8],
    ]);
    await store.close();
  });

  it('sends the owner the pick list as files, and the spreadsheet matches the order book', async () => {
    const dms = out.filter((o): o is Extract<ReplayOutput, { dm: string }> => 'dm' in o);
    expect(dms.map((d) => [d.dm, d.file ? d.file.split('/').at(-1) : d.text])).toEqual([
      ['老赵', '「周日亚麻籽油团购」配货单（幸福里1群）：4人，4行。Excel 里“按楼栋配送”一页按楼栋房号排好了，“商品汇总”一页是各商品总数。'],
      ['老赵', '2026-11-21-周日亚麻籽油团购-配货单-jl-1.xlsx'],
      ['老赵', '2026-11-21-周日亚麻籽油团购-配货单-jl-1.csv'],
    ]);
    const xlsx = dms[1]!.file!;
    expect(xlsx.startsWith(join(dataDir, 'exports'))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const rows = (name: string) => {
      const sheet = book.getWorksheet(name)!;
      return sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1));
    };
    // Closed, so each order has its pick-up number and state; nobody has paid yet.
    expect(rows('按楼栋配送')).toEqual([
      ['3-501', '王阿姨', '101', '冷榨亚麻籽油', 3, '瓶', 119.7, '待付款', '未付', ''],
      ['5-201', '小张', '102', '冷榨亚麻籽油', 2, '瓶', 79.8, '待付款', '未付', ''],
      ['12-101', '陈姐', '103', '冷榨亚麻籽油', 3, '瓶', 119.7, '待付款', '未付', '原要4，按限购登记3'],
      ['', '刘叔', '104', '冷榨亚麻籽油', 2, '瓶', 79.8, '待付款', '未付', ''],
      ['合计', '4人', undefined, '4单', undefined, undefined, 399, undefined, undefined, ''],
    ]);
    expect(rows('商品汇总')).toEqual([['冷榨亚麻籽油', 10, '瓶', 39.9, 399, 4, 0], ['合计', undefined, undefined, undefined, 399, 4, 0]]);
    const csv = readFileSync(dms[2]!.file!, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(csv).toHaveLength(6);
    expect(csv[3]).toBe('12-101,陈姐,103,冷榨亚麻籽油,3,瓶,119.7,待付款,未付,原要4，按限购登记3');
  });

  it('logs every order and the close as behaviour events with amounts', async () => {
    const events: Array<Record<string, any>> = [];
    for await (const e of readLog(join(dataDir, 'events.jsonl'))) if (String(e.kind).startsWith('jielong')) events.push(e);
    expect(events.filter((e) => e.kind === 'jielong').map((e) => `${e.change}:${e.member?.id}:${e.amount}`)).toEqual([
      'signup:王阿姨:79.8', 'signup:小张:79.8', 'signup:李哥:39.9', 'signup:陈姐:119.7', 'edit:王阿姨:119.7', 'cancel:李哥:39.9',
      'signup:刘叔:79.8', 'over-limit:小美:null',
    ]);
    const closed = events.find((e) => e.kind === 'jielong-closed')!;
    expect(closed.by).toBe('cutoff');
    expect(closed.orders.map((o: any) => [o.member.id, o.amount])).toEqual([['王阿姨', 119.7], ['小张', 79.8], ['陈姐', 119.7], ['刘叔', 79.8]]);
  });
});
