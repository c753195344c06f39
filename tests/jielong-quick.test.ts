import { describe, expect, it } from 'vitest';
import { groupText, member, T0, testBot } from './helpers.ts';

const owner = member('老赵', 'wxid_laozhao');
const wang = member('王阿姨');

async function twoOpen() {
  const bot = await testBot({ OWNER_IDS: owner.id });
  await bot.linli.handle(groupText(owner, '/接龙 开 周六水果团 苹果 20 截止 明晚8点', T0));
  await bot.linli.handle(groupText(owner, '/接龙 开 蔬菜团 小白菜 5 截止 明晚8点', T0 + 1000));
  return bot;
}

const texts = (sent: Array<{ text?: string }>, from: number) => sent.slice(from).map((m) => m.text ?? '');

describe('short messages with two 接龙 open and products the catalog does not know', () => {
  it('books each product into the 接龙 that offers it', async () => {
    const { linli, clock, channel } = await twoOpen();
    await linli.handle(groupText(wang, '接龙 小白菜1份', T0 + 60_000));
    await linli.handle(groupText(wang, '+2 苹果', T0 + 120_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const out = texts(channel.sent, 2);
    expect(out).toHaveLength(2);
    expect(out[0]).toContain('已登记「蔬菜团」：王阿姨 小白菜×1份');
    expect(out[1]).toContain('已登记「周六水果团」：王阿姨 苹果×2');
    const books = Object.values(linli.services.store.data.jielong).map((r) => [r.title, r.book.lines.filter((l) => l.state === 'active').length]);
    expect(books).toEqual(expect.arrayContaining([['周六水果团', 1], ['蔬菜团', 1]]));
  });

  it('changes the right line by product name', async () => {
    const { linli, clock, channel } = await twoOpen();
    await linli.handle(groupText(wang, '接龙 小白菜1份', T0 + 60_000));
    await linli.handle(groupText(wang, '改成 小白菜3份', T0 + 120_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const veg = Object.values(linli.services.store.data.jielong).find((r) => r.title === '蔬菜团')!;
    expect(veg.book.lines.find((l) => l.state === 'active')!.entry.items[0]).toMatchObject({ product: '小白菜', qty: 3 });
    expect(texts(channel.sent, 2).join('\n')).not.toContain('没看懂');
  });

  it('answers a 接龙 line it cannot read with what to type, and books nothing', async () => {
    const { linli, clock, channel } = await twoOpen();
    await linli.handle(groupText(wang, '接龙 一份菜一份肉', T0 + 60_000));
    await linli.engine.advanceTo(T0 + 600_000, clock);
    const out = texts(channel.sent, 2);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/没看懂.*“\+1 苹果”/);
    expect(Object.values(linli.services.store.data.jielong).every((r) => r.book.lines.length === 0)).toBe(true);
  });
});
