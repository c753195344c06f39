// Closed 接龙 leave state.json for jielong-archive.jsonl a week after closing, and are still
// found by what reads old ones (/接龙 汇总, 导出); the index of open 接龙 follows create and close.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../store/db.ts';
import { ARCHIVE_NAME, archiveClosed, findArchived, findRecord } from '../handlers/jielong/archive.ts';
import { findTargets, openIn, recordsIn } from '../handlers/jielong/records.ts';
import { DAY_MS } from '../scheduler/clock.ts';
import { dmText, group1, groupText, member, T0, catalogShop, closeShopsAfterEach } from './helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');
const zhang = member('小张');
const MIN = 60_000;

closeShopsAfterEach();

async function shop() {
  const bot = await catalogShop(owner.id);
  await bot.linli.handle(groupText(owner, '大家早上好', T0, group1));
  const say = async (from: typeof wang, text: string, at: number, inGroup = true) => {
    await bot.linli.engine.advanceTo(at, bot.clock);
    await bot.linli.handle(inGroup ? groupText(from, text, at) : dmText(from, text, at));
    await bot.linli.engine.advanceTo(at + 1000, bot.clock);
  };
  const texts = () => bot.channel.sent.map((m) => m.text);
  return { ...bot, say, texts };
}

const list = (lines: string[]) => ['#接龙', '苹果团', ...lines.map((l, i) => `${i + 1}. ${l}`)].join('\n');

describe('the 接龙 archive', () => {
  it('archives a 接龙 closed 8 days ago: state.json no longer holds it, 导出 and 汇总 still find it', async () => {
    const bot = await shop();
    const { say, texts, linli, channel, config } = bot;
    const store = linli.services.store;
    await say(owner, '/接龙 开 苹果团 苹果', T0 + MIN);
    await say(wang, '接龙 3-501 苹果2箱', T0 + 2 * MIN);
    await say(owner, '/接龙 关', T0 + 3 * MIN);
    const [record] = Object.values(store.data.jielong);
    const id = record!.id;
    expect(record!.status).toBe('closed');

    // A week later it is still in state.json (a late copy is still refused, below).
    await say(zhang, '早', T0 + 7 * DAY_MS);
    expect(store.data.jielong[id]).toBeDefined();

    // Eight days after closing, the next message moves it to the archive.
    const later = T0 + 8 * DAY_MS;
    await say(zhang, '早上好', later);
    expect(store.data.jielong[id]).toBeUndefined();
    expect(openIn(store, group1.id)).toEqual([]);
    expect(recordsIn(store, group1.id)).toEqual([]);
    await store.flush();
    const state = JSON.parse(readFileSync(join(config.DATA_DIR, 'state.json'), 'utf8')) as { jielong: Record<string, unknown> };
    expect(state.jielong[id]).toBeUndefined();
    const archived = readFileSync(join(config.DATA_DIR, `${ARCHIVE_NAME}.jsonl`), 'utf8').trim().split('\n');
    expect(archived.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([id]);
    expect(findArchived(store, id)?.book.lines).toHaveLength(1);
    expect(findRecord(store, id)?.title).toBe('苹果团');

    // /接龙 汇总 and 导出 of the old one still work.
    const before = texts().length;
    await say(owner, '/接龙 汇总 苹果团', later + MIN);
    expect(texts().slice(before).join('\n')).toContain('「苹果团」');
    expect(texts().slice(before).join('\n')).toContain('红富士苹果 2箱');
    await say(owner, '/接龙 导出 苹果团', later + 2 * MIN);
    await linli.engine.advanceTo(later + 10 * MIN, bot.clock);
    const files = channel.sent.filter((m) => m.file).map((m) => m.file!.name);
    expect(files.some((f) => f.endsWith('苹果团-配货单.xlsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('苹果团-配货单.csv'))).toBe(true);
    // Without a title too: the latest 接龙 is the archived one.
    const found = findTargets(store, { groupId: group1.id, title: '', openOnly: false, verb: '汇总' });
    expect('records' in found && found.records.map((r) => r.id)).toEqual([id]);
  });

  it('still refuses a late copy within 7 days of the close, and survives a restart', async () => {
    const { say, texts, linli, config } = await shop();
    const store = linli.services.store;
    await say(owner, '/接龙 开 苹果团 苹果', T0 + MIN);
    await say(wang, '接龙 3-501 苹果2箱', T0 + 2 * MIN);
    await say(owner, '/接龙 关', T0 + 3 * MIN);
    const id = Object.keys(store.data.jielong)[0]!;
    const before = texts().length;
    await say(zhang, list(['王阿姨 3-501 红富士苹果2箱', '小张 2-302 红富士苹果1箱']), T0 + 6 * DAY_MS);
    expect(texts().slice(before)).toContain('「苹果团」已经截单了，这次没有登记上。下次开团我们早点提醒你～');
    expect(Object.keys(store.data.jielong)).toEqual([id]);

    // Archived, then reopened from disk: still found.
    expect(archiveClosed(store, T0 + 9 * DAY_MS, true)).toBe(1);
    await store.flush();
    const again = await Store.open(config.DATA_DIR);
    try {
      expect(again.data.jielong[id]).toBeUndefined();
      expect(findRecord(again, id)?.book.lines).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('keeps the open index in step with create and close; no archive file without archiving', async () => {
    const { say, linli, config } = await shop();
    const store = linli.services.store;
    await say(owner, '/接龙 开 苹果团 苹果', T0 + MIN);
    expect(openIn(store, group1.id).map((r) => r.title)).toEqual(['苹果团']);
    await say(owner, '/接龙 关', T0 + 2 * MIN);
    expect(openIn(store, group1.id)).toEqual([]);
    expect(recordsIn(store, group1.id).map((r) => r.status)).toEqual(['closed']);
    expect(findArchived(store, 'jl-1')).toBeUndefined();
    expect(existsSync(join(config.DATA_DIR, `${ARCHIVE_NAME}.jsonl`))).toBe(false);
  });
});
