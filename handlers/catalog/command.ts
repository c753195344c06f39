import type { Ctx } from '../../bot/context.ts';
import type { Product } from '../../store/schema.ts';
import type { Command } from '../../bot/commands.ts';
import { addFaq, removeFaq, addProduct, editProduct, FIELD_LIST, fieldLabel, fieldOf, type EditResult } from './edit.ts';
import { readPrice } from '../../store/catalog-cells.ts';
import { findProduct } from './find.ts';
import { candidatesText, listText, productCard } from './format.ts';

// /商品: the owner keeps the catalog in chat. Every edit replaces store.data.catalog (the one
// catalog 接龙 matching and product questions read) and is recorded in the behaviour log.

const USAGE: Record<string, string> = {
  列表: '/商品 列表 [分类]',
  查: '/商品 查 <名>',
  新增: '/商品 新增 <名> <价格>/<单位>，如 /商品 新增 赣南脐橙 59.9/箱',
  改: `/商品 改 <名> <项> <值>，如 /商品 改 亚麻籽油 价格 39.9（可改：${FIELD_LIST}）`,
  问答: '/商品 问答 <名> <问题>|<答案>，如 /商品 问答 亚麻籽油 能炒菜吗|不建议高温爆炒，凉拌最好',
  下架: '/商品 下架 <名>',
  上架: '/商品 上架 <名>',
};

const ALL_USAGE = ['商品命令：', ...Object.values(USAGE)].join('\n');

export const catalogCommand: Command = {
  name: '商品', aliases: ['catalog'], ownerOnly: true, usage: '/商品 列表|查|新增|改|问答|下架|上架',
  summary: '查看和修改商品目录',
  run(ctx, args) {
    const [sub = '', ...rest] = args.split(/\s+/);
    const tail = args.slice(sub.length).trim();
    switch (sub) {
      case '列表':
        return void ctx.reply(listText(ctx.services.store.data.catalog, tail || undefined));
      case '查':
        return withProduct(ctx, tail, '查', (p) => void ctx.reply(productCard(p)));
      case '新增':
        return add(ctx, rest);
      case '改':
        return change(ctx, rest);
      case '问答':
        return faq(ctx, tail);
      case '下架':
      case '上架':
        return withProduct(ctx, tail, sub, (p) => {
          if (p.onSale === (sub === '上架')) return void ctx.reply(`「${p.name}」本来就${sub === '上架' ? '在售' : '已下架'}。`);
          save(ctx, editProduct(ctx.services.store.data.catalog, p.id, 'onSale', sub === '上架' ? '是' : '否'), sub === '上架' ? 'on' : 'off',
            (q) => `「${q.name}」已${sub}。${sub === '下架' ? '有人问起会说暂时下架了。' : ''}`);
        });
      default:
        return void ctx.reply(sub ? `没有“${sub}”这个用法。\n${ALL_USAGE}` : ALL_USAGE);
    }
  },
};

function usage(ctx: Ctx, sub: string, why = '格式不太对'): void {
  ctx.reply(`${why}，这样发：${USAGE[sub]}`);
}

/** Runs `then` with the product the owner named, or explains why there is none. */
function withProduct(ctx: Ctx, typed: string, sub: string, then: (p: Product) => void): void {
  const name = typed.trim();
  if (!name) return usage(ctx, sub);
  const found = findProduct(ctx.services.store.data.catalog, name);
  if ('product' in found) return then(found.product);
  if ('candidates' in found) return void ctx.reply(candidatesText(name, found.candidates));
  ctx.reply(`目录里没有“${name}”。发 /商品 列表 看看有哪些，或用 /商品 新增 加上。`);
}

function add(ctx: Ctx, args: string[]): void {
  const [name, priceArg, ...extra] = args;
  const read = priceArg ? readPrice(priceArg) : undefined;
  if (!name || !read || extra.length) return usage(ctx, '新增');
  const { store } = ctx.services;
  const catalog = store.data.catalog;
  let id = `u${store.nextId('product')}`;
  while (catalog.some((p) => p.id === id)) id = `u${store.nextId('product')}`;
  save(ctx, addProduct(catalog, name, read.price, read.unit, id), 'add',
    (p) => `已新增「${p.name}」${p.price}元${p.unit ? `/${p.unit}` : ''}，库存不限、在售。\n补充产地、规格、库存：/商品 改 ${p.name} 产地 …`);
}

function change(ctx: Ctx, args: string[]): void {
  const [name = '', fieldWord = '', ...valueParts] = args;
  const value = valueParts.join(' ');
  if (!name || !fieldWord || !value) return usage(ctx, '改');
  const field = fieldOf(fieldWord);
  if (!field) return usage(ctx, '改', `不认识“${fieldWord}”这一项`);
  withProduct(ctx, name, '改', (p) => {
    save(ctx, editProduct(ctx.services.store.data.catalog, p.id, field, value), 'edit',
      (q) => `「${q.name}」的${fieldLabel(field)}已改好：\n${productCard(q)}`, field);
  });
}

function faq(ctx: Ctx, tail: string): void {
  const m = /^(\S+)\s+([^|｜]+)[|｜]([\s\S]+)$/.exec(tail);
  const q = m?.[2]?.trim();
  const a = m?.[3]?.trim();
  if (!m || !q || !a) return usage(ctx, '问答');
  if (/^(删除|删掉|删|不要了)$/.test(a)) {
    return withProduct(ctx, m[1]!, '问答', (p) => {
      save(ctx, removeFaq(ctx.services.store.data.catalog, p.id, q), 'faq', (updated) => `删掉了。以后有人问「${updated.name}」${q}，我就不照这条回答了。`);
    });
  }
  withProduct(ctx, m[1]!, '问答', (p) => {
    save(ctx, addFaq(ctx.services.store.data.catalog, p.id, { q, a }), 'faq',
      (updated) => `记下了。以后有人问「${updated.name}」${q}，我就这样回答：${a}`);
  });
}

/** Replaces the catalog and logs the change, or tells the owner what was wrong. */
function save(ctx: Ctx, result: EditResult, change: string, done: (p: Product) => string, field?: string): void {
  if ('error' in result) return void ctx.reply(result.error);
  const { store } = ctx.services;
  store.data.catalog = result.catalog;
  store.changed();
  store.log.append({
    kind: 'catalog', change, id: `catalog:${ctx.event.id}`, at: ctx.now, by: { id: ctx.member.id, name: ctx.member.name },
    productId: result.product.id, ...(field ? { field } : {}),
  });
  ctx.reply(done(result.product));
}
