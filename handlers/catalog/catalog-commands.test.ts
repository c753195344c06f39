// The owner keeps the catalog in chat with /商品; 接龙 matching and product questions read
// the same catalog at once.

import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../store/catalog.ts';
import { dmText, groupText, member, T0, testBot } from '../../tests/helpers.ts';

const owner = member('老赵');
const wang = member('王阿姨');
const EXAMPLE = new URL('../../store/catalog.example.json', import.meta.url).pathname;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function shop() {
  const bot = await testBot({ OWNER_IDS: owner.id });
  close = () => bot.linli.close();
  const { linli, clock, channel } = bot;
  linli.services.store.data.catalog = loadCatalogFile(EXAMPLE);
  let t = T0;
  const send = async (from: typeof owner, text: string, inGroup = false) => {
    t += 60_000;
    const before = channel.sent.length;
    await linli.handle(inGroup ? groupText(from, text, t) : dmText(from, text, t));
    await linli.engine.advanceTo(t + 30_000, clock);
    return channel.sent.slice(before).map((s) => s.text);
  };
  return { ...bot, send, catalog: () => linli.services.store.data.catalog };
}

describe('/商品', () => {
  it('lists, shows one product, adds, changes, adds a FAQ, takes off and puts back on sale', async () => {
    const { send, catalog } = await shop();
    expect(await send(owner, '/商品 列表')).toEqual([
      '商品目录共 5 款，在售 5 款：\n· 冷榨亚麻籽油 39.9元/瓶 库存60\n· 有机小米 29.8元/袋 库存40\n· 东北大米 69元/袋 库存不限\n· 土鸡蛋 32元/盒 库存25\n· 红富士苹果 49.9元/箱 库存30',
    ]);
    expect(await send(owner, '/商品 列表 粮油')).toEqual(['「粮油」共 2 款，在售 2 款：\n· 冷榨亚麻籽油 39.9元/瓶 库存60\n· 东北大米 69元/袋 库存不限']);
    expect((await send(owner, '/商品 查 小米'))[0]).toBe([
      '有机小米（编号 organic-millet）', '别名：小米、黄小米', '分类：五谷杂粮', '价格：29.8元/袋　规格：2.5kg', '产地：山西沁州', '库存：40',
      '介绍：当季新米，熬粥有米油。', '认证：中国有机产品认证', '保存：密封放阴凉干燥处，夏天可以放冰箱。', '吃法：小火熬粥四十分钟左右，米油最多。',
      '常见问答 1 条：', '问：有机证书能看吗　答：能，证书照片在群公告里，也可以找团长要。',
    ].join('\n'));

    expect(await send(owner, '/商品 新增 赣南脐橙 59.9/箱')).toEqual(['已新增「赣南脐橙」59.9元/箱，库存不限、在售。\n补充产地、规格、库存：/商品 改 赣南脐橙 产地 …']);
    expect((await send(owner, '/商品 改 脐橙 产地 江西赣州'))[0]).toMatch(/^「赣南脐橙」的产地已改好：\n赣南脐橙（编号 u1）\n/);
    await send(owner, '/商品 改 赣南脐橙 别名 脐橙 橙子');
    await send(owner, '/商品 改 亚麻籽油 价格 42.5');
    await send(owner, '/商品 改 鸡蛋 库存 0');
    expect(await send(owner, '/商品 问答 亚麻籽油 能炒菜吗|不建议高温爆炒，凉拌最好')).toEqual(['记下了。以后有人问「冷榨亚麻籽油」能炒菜吗，我就这样回答：不建议高温爆炒，凉拌最好']);
    expect(await send(owner, '/商品 下架 苹果')).toEqual(['「红富士苹果」已下架。有人问起会说暂时下架了。']);
    expect(await send(owner, '/商品 下架 苹果')).toEqual(['「红富士苹果」本来就已下架。']);

    // Residents get the new facts at once.
    expect(await send(wang, '亚麻籽油多少钱？', true)).toEqual(['冷榨亚麻籽油42.5元一瓶（500ml）～']);
    expect(await send(wang, '亚麻籽油能炒菜吗', true)).toEqual(['冷榨亚麻籽油：不建议高温爆炒，凉拌最好～']);
    expect(await send(wang, '橙子哪里产的？', true)).toEqual(['赣南脐橙是江西赣州产的～']);
    expect(await send(wang, '鸡蛋还有吗', true)).toEqual(['土鸡蛋已经卖完了，补货了群里会说～']);
    expect(await send(wang, '苹果多少钱', true)).toEqual(['红富士苹果暂时下架了～']);
    expect(await send(owner, '/商品 上架 苹果')).toEqual(['「红富士苹果」已上架。']);
    expect(catalog().find((p) => p.id === 'fuji-apple')!.onSale).toBe(true);
  });

  it('a product added in chat is matched in a 接龙 line', async () => {
    const { send, linli } = await shop();
    await send(owner, '/商品 新增 赣南脐橙 59.9/箱');
    await send(owner, '/商品 改 赣南脐橙 别名 脐橙');
    await send(wang, '#接龙\n周末水果团\n\n1. 3-501 王阿姨 脐橙2箱', true);
    const [record] = Object.values(linli.services.store.data.jielong);
    expect(record!.book.lines[0]!.entry.items[0]).toMatchObject({ product: '赣南脐橙', productId: 'u1', qty: 2 });
  });

  it('malformed commands get the usage line back; nothing changes', async () => {
    const { send, catalog } = await shop();
    const before = JSON.stringify(catalog());
    expect(await send(owner, '/商品')).toEqual([[
      '商品命令：', '/商品 列表 [分类]', '/商品 查 <名>', '/商品 新增 <名> <价格>/<单位>，如 /商品 新增 赣南脐橙 59.9/箱',
      '/商品 改 <名> <项> <值>，如 /商品 改 亚麻籽油 价格 39.9（可改：价格 单位 库存 产地 规格 分类 别名 介绍 认证 保存 吃法 名称 在售）',
      '/商品 问答 <名> <问题>|<答案>，如 /商品 问答 亚麻籽油 能炒菜吗|不建议高温爆炒，凉拌最好', '/商品 下架 <名>', '/商品 上架 <名>',
    ].join('\n')]);
    expect((await send(owner, '/商品 删除 苹果'))[0]).toMatch(/^没有“删除”这个用法。\n商品命令：/);
    expect(await send(owner, '/商品 新增 赣南脐橙')).toEqual(['格式不太对，这样发：/商品 新增 <名> <价格>/<单位>，如 /商品 新增 赣南脐橙 59.9/箱']);
    expect(await send(owner, '/商品 新增 赣南脐橙 很贵')).toEqual(['格式不太对，这样发：/商品 新增 <名> <价格>/<单位>，如 /商品 新增 赣南脐橙 59.9/箱']);
    expect(await send(owner, '/商品 改 亚麻籽油 价格')).toEqual(['格式不太对，这样发：/商品 改 <名> <项> <值>，如 /商品 改 亚麻籽油 价格 39.9（可改：价格 单位 库存 产地 规格 分类 别名 介绍 认证 保存 吃法 名称 在售）']);
    expect((await send(owner, '/商品 改 亚麻籽油 颜色 黄')) [0]).toMatch(/^不认识“颜色”这一项，这样发：/);
    expect(await send(owner, '/商品 改 亚麻籽油 价格 很贵')).toEqual(['价格要写数字，比如 39.9 或 39.9/瓶']);
    expect(await send(owner, '/商品 问答 亚麻籽油 能炒菜吗')).toEqual(['格式不太对，这样发：/商品 问答 <名> <问题>|<答案>，如 /商品 问答 亚麻籽油 能炒菜吗|不建议高温爆炒，凉拌最好']);
    expect(await send(owner, '/商品 查')).toEqual(['格式不太对，这样发：/商品 查 <名>']);
    expect(await send(owner, '/商品 查 榴莲')).toEqual(['目录里没有“榴莲”。发 /商品 列表 看看有哪些，或用 /商品 新增 加上。']);
    expect(await send(owner, '/商品 查 米')).toEqual(['“米”对得上好几款：有机小米、东北大米。请写全名再发一次。']);
    expect(JSON.stringify(catalog())).toBe(before);
  });

  it('is for the owner only', async () => {
    const { send, catalog } = await shop();
    const before = JSON.stringify(catalog());
    expect(await send(wang, '/商品 改 亚麻籽油 价格 1')).toEqual(['抱歉，/商品 只有团长可以使用。发送 /help 看看你能用的命令。']);
    expect(JSON.stringify(catalog())).toBe(before);
  });

  it('records each change in the behaviour log', async () => {
    const { send, linli } = await shop();
    const seen: Array<Record<string, unknown>> = [];
    linli.services.store.log.subscribe((e) => void (e.kind === 'catalog' && seen.push(e)));
    await send(owner, '/商品 改 亚麻籽油 价格 42.5');
    await send(owner, '/商品 下架 苹果');
    expect(seen.map((e) => [e.change, e.productId, e.field ?? null])).toEqual([['edit', 'flaxseed-oil', 'price'], ['off', 'fuji-apple', null]]);
  });
});
