import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import { DAY_MS } from '../../scheduler/clock.ts';
import { normalName, toHalfWidth } from '../../text/normalize.ts';
import { openRecords } from '../jielong/index.ts';
import { openCase } from './after-sales.ts';
import { stateOf } from './book.ts';
import { claimPaid } from './payment.ts';
import { readCollected, readPaidClaim, readProblem, type Collected, type Problem } from './phrases.ts';
import { collect, qtyProblem } from './pickup.ts';
import type { FulfilmentOrder, PendingAsk } from './state.ts';
import { isCollected, isLive, itemsText, leftText } from './status.ts';

// What residents say about their own orders after the cut-off: 已付, 已取, and problems (坏了,
// 少了, 售后). Each reads only the speaker's orders; when it cannot tell which order, it asks
// one short question (answered with a pick-up number, or 都) and books nothing until then.

/** How long a question waits for its answer. */
const ASK_MS = 30 * 60_000;

// Paying someone else: the flat's bills are paid in the same words ("物业费付了").
const OTHER_BILLS = /物业费|水费|电费|燃气费?|煤气费?|话费|房租|租金|停车费|学费|网费|宽带|快递费|保险|社保|医保|信用卡|花呗|白条|贷款|房贷|车贷|罚款|党费|会费|班费|份子钱/;
// "收到了" in a group answers a notice as often as it reports goods; only 取/拿/提/领 say collected.
const RECEIVED_ONLY = /收到|签收/;
const TAKEN = /[取拿提领]/;

const ALL = /^(都|全部|都是|全都|两单都|都付了|都取了|都有|都付过了|都取到了|都拿了)[啦了的哈～~!！。]*$/;

/** A photo this recent before a 已付 is taken for the transfer's screenshot. */
const SCREENSHOT_MS = 10 * 60_000;

export function residentHandler(): Handler {
  // Who sent a photo when: only a note on the owner's DM ("附了截图"), so memory is enough.
  const photos = new Map<string, number>();
  return async (ctx, next) => {
    if (ctx.event.kind === 'share' && ctx.event.card.type === 'photo') {
      photos.set(ctx.member.id, ctx.now);
      if (photos.size > 1000) photos.delete(photos.keys().next().value!);
      return next();
    }
    const shot = ctx.now - (photos.get(ctx.member.id) ?? -Infinity) <= SCREENSHOT_MS;
    if (ctx.event.kind !== 'text' || !ctx.text || /^[/／]/.test(ctx.text) || ctx.isOwner) return next();
    const state = stateOf(ctx.services);
    const ask = state.asks[ctx.member.id];
    if (ask) {
      delete state.asks[ctx.member.id];
      ctx.services.store.changed();
      if (ctx.now - ask.at <= ASK_MS && answer(ctx, ask)) return;
    }
    const problem = readProblem(ctx.text);
    const paid = problem || OTHER_BILLS.test(ctx.text) ? undefined : readPaidClaim(ctx.text);
    const collected = problem || paid ? undefined : readCollected(ctx.text);
    if (!problem && !paid && !collected) return next();
    const mine = Object.values(state.orders).filter((o) => o.member?.id === ctx.member.id && isLive(o));
    if (problem && onProblem(ctx, mine, problem)) return;
    if (paid && onPaid(ctx, mine, paid.amountFen, shot)) return;
    if (collected && onCollected(ctx, mine, collected)) return;
    return next();
  };
}

function onPaid(ctx: Ctx, mine: FulfilmentOrder[], amountFen: number | undefined, screenshot: boolean): boolean {
  const owing = mine.filter((o) => !o.paid);
  if (!owing.length) {
    if (!mine.length) return earlyClaim(ctx, amountFen);
    ctx.reply('你的订单都已经登记付过款啦，谢谢～');
    return true;
  }
  const fits = amountFen === undefined ? owing : owing.filter((o) => o.dueFen === amountFen);
  const orders = owing.length === 1 ? owing : fits.length === 1 ? fits : amountFen !== undefined && sum(owing) === amountFen ? owing : undefined;
  if (!orders) return askWhich(ctx, { kind: 'pay', nos: owing.map((o) => o.no), at: ctx.now, ...(amountFen !== undefined ? { amountFen } : {}) }, owing, '付的是哪单');
  claimPaid(ctx.services, orders, amountFen, ctx.member, screenshot);
  ctx.reply(`收到～已告诉团长，核对后就登记（取货号 ${orders.map((o) => o.no).join('、')}）。`);
  return true;
}

/** 已付 said while their 接龙 is still open: kept, and put to the owner when it closes. */
function earlyClaim(ctx: Ctx, amountFen: number | undefined): boolean {
  const open = openRecords(ctx.services.store.data.jielong)
    .filter((r) => r.book.lines.some((l) => l.state === 'active' && l.authorId === ctx.member.id));
  if (open.length !== 1) return false;
  const state = stateOf(ctx.services);
  state.earlyClaims[`${open[0]!.id}:${ctx.member.id}`] = { at: ctx.now, ...(amountFen !== undefined ? { amountFen } : {}) };
  ctx.services.store.changed();
  ctx.reply(`收到～「${open[0]!.title}」截单后我帮你报给团长核对。`);
  return true;
}

function sum(orders: FulfilmentOrder[]): number | undefined {
  return orders.every((o) => o.dueFen !== null) ? orders.reduce((s, o) => s + o.dueFen!, 0) : undefined;
}

function onCollected(ctx: Ctx, mine: FulfilmentOrder[], said: Collected): boolean {
  const waiting = mine.filter((o) => o.arrivedAt !== undefined && !isCollected(o));
  if (RECEIVED_ONLY.test(ctx.text) && !TAKEN.test(ctx.text) && !waiting.some((o) => named(ctx.text, o))) {
    // By DM it may be their goods or just "got your message": one question, nothing booked.
    if (ctx.group || !waiting.length) return false;
    ctx.reply(`是拿到「${waiting[0]!.title}」了吗？拿到了回“已取”就好～`);
    return true;
  }
  if (!waiting.length) {
    const notYet = mine.filter((o) => o.arrivedAt === undefined);
    if (notYet.length) {
      ctx.reply(`你的「${notYet[0]!.title}」还没到货哦，到了我私信你取货号～`);
      return true;
    }
    return false;
  }
  if (waiting.length > 1) {
    return askWhich(ctx, { kind: 'collect', nos: waiting.map((o) => o.no), at: ctx.now, ...(said.qty !== undefined ? { qty: said.qty } : {}), partial: said.partial }, waiting, '取的是哪单');
  }
  return collectSaid(ctx, waiting[0]!, said.partial ? said.qty : undefined, said.partial);
}

function collectSaid(ctx: Ctx, order: FulfilmentOrder, qty: number | undefined, partial: boolean | undefined): boolean {
  if (partial && qty === undefined) {
    ctx.reply(`好的～「${order.title}」取了多少？比如回“取了1${order.items[0]?.unit ?? '份'}”，团长好对账。`);
    return true;
  }
  if (qty !== undefined) {
    const problem = qtyProblem([order], qty);
    if (problem) {
      ctx.reply(`「${order.title}」${itemsText(order.items)}，取了几样记不准，到自提点跟团长说一声就好～`);
      return true;
    }
  }
  collect(ctx.services, order, qty, ctx.member);
  ctx.reply(isCollected(order) ? `好的，「${order.title}」已登记取货，谢谢～` : `好的，记下了，「${order.title}」还剩${leftText(order)}没取。`);
  return true;
}

function onProblem(ctx: Ctx, mine: FulfilmentOrder[], problem: Problem): boolean {
  const days = ctx.services.config.AFTER_SALES_DAYS;
  const recent = mine.filter((o) => ctx.now - o.closedAt <= days * DAY_MS);
  if (!recent.length) return false;
  const hits = recent.filter((o) => named(ctx.text, o));
  // In a group a bare "坏了" may be about anything; by DM (a follow-up's reply) it is about the order.
  if (ctx.group && !problem.aboutGoods && !hits.length) return false;
  const candidates = hits.length ? hits : recent;
  if (candidates.length > 1) {
    return askWhich(ctx, { kind: 'problem', nos: candidates.map((o) => o.no), at: ctx.now, text: ctx.text }, candidates, '是哪一单有问题');
  }
  const order = candidates[0]!;
  const { opened } = openCase(ctx.services, order, ctx.member, ctx.text, problem.kind, ctx.group ? 'group' : 'dm');
  // "拿到了，不过有两个烂了": collected too.
  const took = readCollected(ctx.text);
  if (took && !took.partial && order.arrivedAt !== undefined && !isCollected(order)) collect(ctx.services, order, undefined, ctx.member);
  ctx.reply(opened ? '收到，已经告诉团长了，会尽快给你处理🙏 方便的话拍张照片私信团长。' : '这个已经告诉团长啦，正在处理，稍等哦🙏');
  return true;
}

/** Whether the text names the order: its 接龙's title or (a part of) one of its products. */
function named(text: string, o: FulfilmentOrder): boolean {
  const t = normalName(toHalfWidth(text));
  return t.includes(normalName(o.title)) || o.items.some((i) => t.includes(normalName(i.product)) || nameParts(i.product).some((p) => t.includes(p)));
}

/** Product names are long ("海南贵妃芒果 5斤装"); residents write a part of them ("芒果"). */
function nameParts(product: string): string[] {
  return (normalName(product).match(/[\u4e00-\u9fff]{2,}/g) ?? []).flatMap((w) => (w.length > 2 ? [w.slice(-2), w] : [w]));
}

function askWhich(ctx: Ctx, ask: PendingAsk, orders: FulfilmentOrder[], question: string): true {
  const state = stateOf(ctx.services);
  state.asks[ctx.member.id] = ask;
  ctx.services.store.changed();
  const list = orders.map((o) => `${o.no}「${o.title}」${itemsText(o.items)}`).join('\n');
  const all = ask.kind === 'problem' ? '' : '，都是的话回“都”';
  ctx.reply(`你有${orders.length}单：\n${list}\n${question}？回取货号就行${all}～`);
  return true;
}

/** Their answer to the question: pick-up numbers, or 都. False when it is no answer (read on as usual). */
function answer(ctx: Ctx, ask: PendingAsk): boolean {
  const state = stateOf(ctx.services);
  const t = toHalfWidth(ctx.text).trim();
  const nos = [...t.matchAll(/\d{3,6}/g)].map((m) => m[0]).filter((n) => ask.nos.includes(n));
  const all = ALL.test(t) && ask.kind !== 'problem';
  if (!all && (!nos.length || t.replace(/[\d\s,，、和号#取货号]/g, '').length > 4)) return false;
  const orders = (all ? ask.nos : nos).map((n) => state.orders[n]).filter((o): o is FulfilmentOrder => o !== undefined && isLive(o));
  if (!orders.length) return false;
  if (ask.kind === 'pay') {
    claimPaid(ctx.services, orders.filter((o) => !o.paid), orders.length === 1 ? ask.amountFen : undefined, ctx.member);
    ctx.reply(`收到～已告诉团长，核对后就登记（取货号 ${orders.map((o) => o.no).join('、')}）。`);
    return true;
  }
  if (ask.kind === 'collect') {
    if (orders.length === 1) return collectSaid(ctx, orders[0]!, ask.partial ? ask.qty : undefined, ask.partial);
    for (const o of orders) collect(ctx.services, o, undefined, ctx.member);
    ctx.reply(`好的，${orders.map((o) => `「${o.title}」`).join('、')}已登记取货，谢谢～`);
    return true;
  }
  const order = orders[0]!;
  openCase(ctx.services, order, ctx.member, ask.text ?? ctx.text, readProblem(ask.text ?? '')?.kind ?? 'other', ctx.group ? 'group' : 'dm');
  ctx.reply('收到，已经告诉团长了，会尽快给你处理🙏 方便的话拍张照片私信团长。');
  return true;
}
