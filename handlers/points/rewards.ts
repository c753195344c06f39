import type { Ctx, Services } from '../../bot/context.ts';
import { formatIso } from '../../scheduler/clock.ts';
import { ownerRefs } from '../../bot/owners.ts';
import type { Command } from '../../bot/commands.ts';
import type { PointsBook } from './book.ts';
import type { Redemption, Reward } from './state.ts';

// 积分兑换: the owner keeps a small list of gifts; a resident spends points on one; the owner
// hears of it by DM so the gift goes out with the next delivery.

const ADD_USAGE = '/奖品 新增 名称 积分 库存';
const MAX_COST = 1_000_000;
const MAX_STOCK = 100_000;
const RECORDS_SHOWN = 20;

export function rewardCommands(book: PointsBook): Command[] {
  return [
    {
      name: '奖品', ownerOnly: true, usage: ADD_USAGE, summary: '添加积分奖品（同名再发一次就是改积分和库存）',
      more: [
        { usage: '/奖品 列表', summary: '看所有奖品、库存和已兑数量', ownerOnly: true },
        { usage: '/奖品 下架 名称', summary: '停止兑换某个奖品', ownerOnly: true },
      ],
      run: (ctx, args) => rewardsCommand(ctx, args, book),
    },
    {
      name: '兑换记录', ownerOnly: true, usage: '/兑换记录', summary: '最近的积分兑换，方便送货时带上',
      run: (ctx) => void ctx.reply(recordsText(ctx, book)),
    },
    {
      name: '兑换', ownerOnly: false, usage: '/兑换 名称（或发「兑换 名称」）', summary: '用积分兑换奖品；只发「兑换」看有哪些奖品',
      run: (ctx, args) => redeem(ctx, args, book),
    },
  ];
}

function rewardsCommand(ctx: Ctx, args: string, book: PointsBook): void {
  const [sub = '', ...rest] = args.split(/\s+/).filter(Boolean);
  if (sub === '新增' || sub === '添加') return addReward(ctx, rest, book);
  if (sub === '列表' || sub === '') return void ctx.reply(listText(book));
  if (sub === '下架') return delist(ctx, rest.join(' '), book);
  ctx.reply(`没看懂“${sub}”。可以这样用：\n${ADD_USAGE}\n/奖品 列表\n/奖品 下架 名称`);
}

function addReward(ctx: Ctx, words: string[], book: PointsBook): void {
  const stockText = words.at(-1) ?? '';
  const costText = words.at(-2) ?? '';
  const name = words.slice(0, -2).join(' ').trim();
  const cost = Number(costText);
  const stock = Number(stockText);
  if (!name || !/^\d+$/.test(costText) || !/^\d+$/.test(stockText)) {
    ctx.reply(`格式是：${ADD_USAGE}，比如 /奖品 新增 抽纸 30 10（30 分换一包，共 10 包）`);
    return;
  }
  if (cost < 1 || cost > MAX_COST) {
    ctx.reply(`积分要在 1 到 ${MAX_COST} 之间，比如 /奖品 新增 ${name} 30 ${stock}`);
    return;
  }
  if (stock > MAX_STOCK) {
    ctx.reply(`库存最多 ${MAX_STOCK}，比如 /奖品 新增 ${name} ${cost} 10`);
    return;
  }
  const existing = book.state.rewards.find((r) => r.name === name);
  if (existing) {
    Object.assign(existing, { cost, stock, active: true });
    book.changed();
    ctx.reply(`「${name}」已更新：${cost} 分，库存 ${stock}。`);
    return;
  }
  const { store } = ctx.services;
  book.state.rewards.push({ id: `rw-${store.nextId('reward')}`, name, cost, stock, active: true, createdAt: ctx.event.at, redeemed: 0 });
  book.changed();
  ctx.reply(`已添加奖品「${name}」：${cost} 分，库存 ${stock}。居民发「兑换 ${name}」就能换。`);
}

function delist(ctx: Ctx, query: string, book: PointsBook): void {
  if (!query) {
    ctx.reply('下架哪个奖品？这样发：/奖品 下架 名称');
    return;
  }
  const found = findReward(book.state.rewards.filter((r) => r.active), query);
  if (found.kind !== 'one') {
    ctx.reply(found.kind === 'many' ? `有几个奖品都像「${query}」：${names(found.rewards)}。请写全名。` : `没有在兑换中的「${query}」。${listHint(book)}`);
    return;
  }
  found.reward.active = false;
  book.changed();
  ctx.reply(`「${found.reward.name}」已下架，居民不能再兑换了；已经兑换的照常送。`);
}

/** A resident spends points: checks stock and balance, deducts and takes stock in one step. */
export function redeem(ctx: Ctx, query: string, book: PointsBook): void {
  const active = book.state.rewards.filter((r) => r.active);
  const member = ctx.member.id;
  const balance = book.balance(member);
  if (!query) {
    ctx.reply(active.length === 0
      ? '现在还没有可兑换的奖品，团长上新了会告诉大家～'
      : `你有 ${balance} 分，可以兑换：\n${active.map(rewardLine).join('\n')}\n发「兑换 名称」就行。`);
    return;
  }
  const key = `redeem:${ctx.event.id}`;
  // An event is decided once: replayed after a restock, a new reward or a top-up, a refused
  // redemption stays refused.
  if (book.ledger.decided(key, ctx.event.at)) return;
  const refuse = (text: string) => {
    book.ledger.decline(key, ctx.event.at);
    book.changed();
    ctx.reply(text);
  };
  const found = findReward(active, query);
  if (found.kind === 'none') {
    refuse(active.length === 0
      ? '现在还没有可兑换的奖品，团长上新了会告诉大家～'
      : `没有「${query}」这个奖品。现在可以兑换：${names(active)}。发「兑换 名称」就行。`);
    return;
  }
  if (found.kind === 'many') {
    refuse(`你想换哪一个：${names(found.rewards)}？发「兑换 全名」就行。`);
    return;
  }
  const reward = found.reward;
  if (reward.stock <= 0) {
    const others = active.filter((r) => r !== reward && r.stock > 0);
    refuse(`「${reward.name}」已经换完了。${others.length ? `还可以换：${names(others)}。` : '团长补货后再来看看～'}`);
    return;
  }
  const result = book.post({
    key, member, amount: -reward.cost, kind: 'redeem', reason: `兑换「${reward.name}」`, source: ctx.event.id, at: ctx.event.at, ref: reward.id,
  }, { group: ctx.group });
  if (!result.ok) {
    book.changed();
    if (result.why === 'insufficient') {
      ctx.reply(`兑换「${reward.name}」要 ${reward.cost} 分，你现在有 ${result.balance} 分，还差 ${reward.cost - result.balance} 分。每天签到、分享都能攒积分，加油～`);
    }
    return;
  }
  const redemption = takeStock(ctx.services, book, reward, {
    key, member: { id: ctx.member.id, name: ctx.member.name }, cost: reward.cost, at: ctx.event.at, ...(ctx.group ? { group: ctx.group } : {}),
  });
  ctx.reply(`兑换成功！「${reward.name}」给你留好了，扣 ${reward.cost} 分，还剩 ${result.balance} 分。团长下次送货时带给你～`);
  tellOwners(ctx.services, redemption, reward);
}

/** The deduction is in the ledger: take the gift off the shelf and write the redemption down. */
function takeStock(services: Services, book: PointsBook, reward: Reward | undefined, r: Omit<Redemption, 'id' | 'rewardId' | 'reward'> & { reward?: string }): Redemption {
  if (reward) {
    reward.stock = Math.max(0, reward.stock - 1);
    reward.redeemed += 1;
  }
  const redemption: Redemption = {
    ...r, id: `rd-${services.store.nextId('redemption')}`, rewardId: reward?.id ?? '', reward: reward?.name ?? r.reward ?? '',
  };
  book.state.redemptions.push(redemption);
  book.changed();
  return redemption;
}

function tellOwners(services: Services, redemption: Redemption, reward: Reward | undefined): void {
  const where = redemption.group ? `（在${redemption.group.name}）` : '';
  const left = reward ? `「${reward.name}」还剩 ${reward.stock} 份。` : '';
  for (const owner of ownerRefs(services)) {
    services.outbox.enqueue({
      key: `points:${redemption.key}:owner:${owner.id}`, to: { kind: 'dm', member: owner }, purpose: 'requested',
      text: `${redemption.member.name}${where}用 ${redemption.cost} 分兑换了「${redemption.reward}」，下次送货请带上。${left}`,
    });
  }
}

/**
 * The ledger is written before state.json: after a crash between the two, a deduction may
 * have no redemption yet. Rebuild it from the ledger entry and tell the owner, so no gift
 * that was paid for is forgotten.
 */
export function repairRedemptions(services: Services, book: PointsBook): number {
  const recorded = new Set(book.state.redemptions.map((r) => r.key));
  let repaired = 0;
  for (const e of book.ledger.redemptionsMissing(recorded)) {
    const reward = book.state.rewards.find((r) => r.id === e.ref);
    const redemption = takeStock(services, book, reward, {
      key: e.key, member: book.ref(e.member), cost: -e.amount, at: e.at, reward: e.reason.replace(/^兑换「(.*)」$/, '$1'),
    });
    tellOwners(services, redemption, reward);
    repaired++;
  }
  if (repaired > 0) services.log.warn({ repaired }, 'redemptions rebuilt from the points ledger');
  return repaired;
}

type Found = { kind: 'one'; reward: Reward } | { kind: 'many'; rewards: Reward[] } | { kind: 'none' };

/** The exact name, else the one reward whose name contains what was typed (or the other way round). */
export function findReward(rewards: Reward[], query: string): Found {
  const q = query.replace(/\s+/g, '').toLowerCase();
  const plain = (r: Reward) => r.name.replace(/\s+/g, '').toLowerCase();
  const exact = rewards.find((r) => plain(r) === q);
  if (exact) return { kind: 'one', reward: exact };
  const close = rewards.filter((r) => plain(r).includes(q) || q.includes(plain(r)));
  if (close.length === 1) return { kind: 'one', reward: close[0]! };
  return close.length > 1 ? { kind: 'many', rewards: close } : { kind: 'none' };
}

function rewardLine(r: Reward): string {
  return `${r.name} ${r.cost} 分${r.stock > 0 ? '' : '（已换完）'}`;
}

function names(rewards: Reward[]): string {
  return rewards.map((r) => `「${r.name}」`).join('、');
}

function listHint(book: PointsBook): string {
  return book.state.rewards.some((r) => r.active) ? '发 /奖品 列表 看看有哪些。' : '';
}

function listText(book: PointsBook): string {
  const rewards = book.state.rewards;
  if (rewards.length === 0) return `还没有奖品。这样添加：${ADD_USAGE}，比如 /奖品 新增 抽纸 30 10`;
  const line = (r: Reward) => `${r.active ? '' : '（已下架）'}${r.name}：${r.cost} 分，库存 ${r.stock}，已兑 ${r.redeemed}`;
  return ['奖品：', ...rewards.filter((r) => r.active).map(line), ...rewards.filter((r) => !r.active).map(line)].join('\n');
}

function recordsText(ctx: Ctx, book: PointsBook): string {
  const records = book.state.redemptions.slice(-RECORDS_SHOWN).reverse();
  if (records.length === 0) return '还没有人兑换过奖品。';
  const tz = ctx.services.config.TZ;
  const when = (at: number) => formatIso(at, tz).slice(5, 16).replace('T', ' ');
  return [`最近的兑换（共 ${book.state.redemptions.length} 次）：`,
    ...records.map((r) => `${when(r.at)} ${r.member.name} 兑换「${r.reward}」${r.cost} 分${r.group ? `（${r.group.name}）` : ''}`)].join('\n');
}
