import type { Ctx } from '../../bot/context.ts';
import type { Next } from '../../bot/router.ts';
import type { JielongOffer, JielongRecord } from './state.ts';
import { applyChanges } from './changes.ts';
import { appendLine, cancelLines, lineContent, ownsLine, reviseLine, type BookLine } from './diff.ts';
import { offerFor } from './orders.ts';
import { exampleBody, type JielongEntry, type JielongItem } from './parse.ts';
import { callsForPlusOne, mayAnswerCall, parseQuick, readQuoted, type Quick, type QuickWhat } from './quick.ts';
import { recordsIn } from './records.ts';
import { tooLateText } from './texts.ts';
import { DAY_MS } from '../../scheduler/clock.ts';

// Short order messages while a 接龙 is open in the group. Anything unclear (which product,
// which 接龙) gets one short question back, never a guessed order.

/** After a close, a +1 or 取消 still gets an answer for this long. */
const LATE_ANSWER_MS = DAY_MS;

/** `openHere`: the group's open 接龙, as the caller has already read them. */
export async function quickHandler(ctx: Ctx, next: Next, openHere: JielongRecord[]): Promise<void> {
  const { store } = ctx.services;
  const recent = openHere.length ? [] : recordsIn(store, ctx.group!.id).filter((r) => r.status === 'closed' && ctx.now - (r.closedAt ?? 0) < LATE_ANSWER_MS);
  if (openHere.length === 0 && recent.length === 0) return next();
  // A quote answered below the line: when it quotes a 接龙, the answer is the short message
  // (for that 接龙, when it names one); a +1 to quoted chat agrees with the chat.
  const quote = readQuoted(ctx.text, store.data.catalog, [...openHere, ...recent].map((r) => ({ title: r.title, offered: offeredIn(r) })));
  if (quote?.about === 'chat') return next();
  const open = namedIn(openHere, quote?.titles ?? []);
  const justClosed = namedIn(recent, quote?.titles ?? []);
  const text = quote?.reply ?? ctx.text;
  const offered = [...open, ...justClosed].flatMap(offeredIn);
  const quick = parseQuick(text, store.data.catalog, offered);
  if (!quick) {
    if (!quote && !ctx.isOwner && callsForPlusOne(text, offered)) callsIn(ctx).set(ctx.group!.id, ctx.now);
    return next();
  }
  if (open.length > 0 && mayAnswerCall(text, quick)) {
    if (quote?.about === 'product') return askWhich(ctx, open, '');
    if (!quote && answersChat(ctx, open)) return;
  }
  if (quick.kind === 'unclear' && quick.unknown) {
    if (open.length === 0) {
      ctx.reply(tooLateText(lastClosed(justClosed).title));
      return;
    }
    // "苹果+1 梨+1": say plainly that nothing was booked, so 苹果 is not taken as done.
    const names = [...new Set(offered)].join('、');
    ctx.reply(`现在的接龙只有${names}，没有${quick.unknown}哦，这条都没有登记。要的请重新回复，比如“+1 ${offered[0]}”。`);
    return;
  }
  if (quick.kind === 'unclear') {
    const example = offered[0] ? `“+1 ${offered[0]}”` : '“+1”';
    ctx.reply(`这条接龙我没看懂～请回复${example}（数量写在+后面），或者在接龙里直接写一行。`);
    return;
  }
  if (open.length === 0) {
    const last = lastClosed(justClosed);
    ctx.reply(quick.kind === 'join' || quick.kind === 'multi'
      ? tooLateText(last.title)
      : `「${last.title}」已经截单了，要改动请私信团长。`);
    return;
  }
  if (quick.kind === 'multi') return several(ctx, open, quick);
  if (quick.kind === 'join' && copiesExample(ctx, text, open, quick)) return;
  const record = pickRecord(ctx, open, quick);
  if (!record) return;
  const mine = record.book.lines.filter((l) => l.state === 'active' && ownsLine(l, ctx.member));
  if (quick.kind === 'cancel') return cancel(ctx, record, mine);
  if (quick.kind === 'change') return change(ctx, record, mine, quick);
  return join(ctx, record, mine, quick);
}

function offeredIn(record: JielongRecord): string[] {
  return (record.offer ?? []).map((o) => o.name);
}

/** The one 接龙 a quote names by title, when it is among these; else all of them. */
function namedIn(records: JielongRecord[], titles: string[]): JielongRecord[] {
  const named = titles.length === 1 ? records.filter((r) => r.title === titles[0]) : [];
  return named.length ? named : records;
}

/**
 * "周六去爬山的+1，早上7点南门集合": someone asking the group for +1s about something else
 * (callsForPlusOne). For a while after, a +1 naming no product or room may answer them
 * rather than the 接龙. Kept in memory: after a restart a +1 is read as before.
 */
const plusOneCalls = new WeakMap<object, Map<string, number>>();
const askedAbout = new WeakMap<object, Set<string>>();

/** Per bot (one store), per group: when someone last asked for +1s about something else. */
function callsIn(ctx: Ctx): Map<string, number> {
  let calls = plusOneCalls.get(ctx.services.store);
  if (!calls) plusOneCalls.set(ctx.services.store, (calls = new Map()));
  return calls;
}
const CALL_WINDOW_MS = 30 * 60_000;

/**
 * A +1 soon after someone asked for +1s about something else ("+1", "+1 带孩子一起"): it may
 * answer them, so nothing is booked. The first such +1 gets one question; the rest stay
 * quiet (they are the same chat). "接龙+1" or "+1 土鸡蛋" is plain, and books.
 */
function answersChat(ctx: Ctx, open: JielongRecord[]): boolean {
  const groupId = ctx.group!.id;
  const at = callsIn(ctx).get(groupId);
  if (at === undefined || ctx.now - at > CALL_WINDOW_MS) return false;
  let asked = askedAbout.get(ctx.services.store);
  if (!asked) askedAbout.set(ctx.services.store, (asked = new Set()));
  if (!asked.has(`${groupId}:${at}`)) {
    asked.add(`${groupId}:${at}`);
    askWhich(ctx, open, '刚才大家在聊别的，');
  }
  return true;
}

/** One short question for a +1 that may not be for the 接龙; nothing is booked until it is said plainly. */
function askWhich(ctx: Ctx, open: JielongRecord[], because: string): void {
  const which = open.length === 1 ? `接龙「${open[0]!.title}」` : '接龙';
  ctx.reply(`这个+1是${which}的吗？${because}我先没登记～要的话请回复“接龙+1”。`);
}

/** The 例 line typed alone by someone it does not name: a copy of the format, not an order. */
function copiesExample(ctx: Ctx, text: string, open: JielongRecord[], quick: Extract<Quick, { kind: 'join' }>): boolean {
  const copied = open.find((r) => r.example && lineContent(exampleBody(r.example)) === lineContent(text));
  if (!copied || !quick.name || quick.name === ctx.member.name) return false;
  ctx.reply(`这一行是格式示例哦～请写你自己的楼号、名字和数量，比如“${ctx.record?.room ?? '5-201'} ${ctx.member.name} ${quick.product?.name ?? ''}${quick.qty}${quick.unit ?? '份'}”。`);
  return true;
}

function lastClosed(records: JielongRecord[]): JielongRecord {
  return records.reduce((a, b) => ((b.closedAt ?? 0) > (a.closedAt ?? 0) ? b : a));
}

function pickRecord(ctx: Ctx, open: JielongRecord[], quick: Exclude<Quick, { kind: 'unclear' | 'multi' }>): JielongRecord | undefined {
  if (open.length === 1) return open[0];
  const product = quick.kind !== 'cancel' ? quick.product : undefined;
  const byProduct = product ? open.filter((r) => offerFor(r.offer ?? [], { product: product.name, productId: product.id }) !== undefined) : [];
  if (byProduct.length === 1) return byProduct[0];
  // 取消 / 改成 with a line in exactly one of them is clear enough.
  const withMine = open.filter((r) => r.book.lines.some((l) => l.state === 'active' && ownsLine(l, ctx.member)));
  if (quick.kind !== 'join' && withMine.length === 1) return withMine[0];
  if (quick.kind !== 'join' && withMine.length === 0) {
    ctx.reply(quick.kind === 'cancel' ? '你还没有登记正在进行的接龙，不用取消～' : `你还没有登记正在进行的接龙。要参加请回复“+${quick.qty} 商品名”。`);
    return undefined;
  }
  const titles = open.map((r) => `「${r.title}」`).join('');
  ctx.reply(`现在有${open.length}个接龙在进行：${titles}。请在要参加的接龙里直接写，或回复“+1 商品名”。`);
  return undefined;
}

function join(ctx: Ctx, record: JielongRecord, mine: Array<BookLine<JielongEntry>>, quick: Extract<Quick, { kind: 'join' }>): void {
  if (mine.length > 0) {
    // Show what they have and use the number they just typed, so the hint reads as their own words.
    const items = mine.flatMap((l) => l.entry.items);
    // Another product, or a line with several: a bare “改成N” would not work, so name one.
    const named = quick.product ? offerFor(record.offer ?? [], { product: quick.product.name, productId: quick.product.id })?.name ?? quick.product.name : null;
    if (items.length > 1 || (named && !items.some((i) => productName(record, i) === named))) {
      ctx.reply(alreadyBookedText(record, ctx, named ? [{ product: named, qty: quick.qty, unit: quick.unit }] : [], true));
      return;
    }
    const unitOf = (i: JielongItem) => i.unit ?? offerFor(record.offer ?? [], i)?.unit ?? '份';
    const have = items.map((i) => `${productName(record, i) ?? ''}${i.qty !== null ? `${i.qty}${unitOf(i)}` : ''}`).filter(Boolean).join('、');
    const unit = quick.unit ?? (items[0] ? unitOf(items[0]) : '份');
    const had = items[0]?.qty ?? 1;
    const more = quick.qty ?? 1;
    const total = had + more;
    // “+N” from someone who has a line means N more, so the question names the total it makes
    // (never the count they already have). We ask rather than book: a second “+1” in a busy
    // group is as often a resend or someone agreeing as a real extra box, and a careful 团长
    // would rather ask once than deliver a box nobody wanted. A “+2” over 1 may also mean
    // “2 in all”, so that reading gets its own 改成 too.
    const alt = more > had ? `只要一共${more}${unit}的话，回复“改成${more}${unit}”。` : '';
    ctx.reply(`你在「${record.title}」已经登记了${have || `${had}${unit}`}，是再加${more}${unit}（一共${total}${unit}）吗？是的话回复“改成${total}${unit}”就行～${alt}`);
    return;
  }
  const offer = record.offer ?? [];
  const product = chooseProduct(ctx, record, offer, quick);
  if (product === undefined) return;
  const room = quick.room ?? ctx.record?.room ?? null;
  const item: JielongItem = { product: product?.name ?? null, qty: quick.qty, unit: quick.unit ?? product?.unit ?? null };
  if (product?.productId) item.productId = product.productId;
  const { book, change } = appendLine(record.book, entryOf(quick.name ?? ctx.member.name, room, item), ctx.member.id);
  record.book = book;
  applyChanges(ctx, record, [change]);
}

/** Several products in one message: one line per 接龙 that offers them, so one confirmation each. */
function several(ctx: Ctx, open: JielongRecord[], quick: Extract<Quick, { kind: 'multi' }>): void {
  const byRecord = new Map<JielongRecord, JielongItem[]>();
  for (const wanted of quick.items) {
    const named = { product: wanted.product.name, productId: wanted.product.id };
    const records = open.filter((r) => offerFor(r.offer ?? [], named) !== undefined);
    if (records.length !== 1) {
      ctx.reply(records.length === 0
        ? `现在的接龙里没有${wanted.product.name}哦，这条没有登记。`
        : `${wanted.product.name}在${records.length}个接龙里都有，请在要参加的接龙里直接写一行。`);
      return;
    }
    const offer = offerFor(records[0]!.offer ?? [], named)!;
    const item: JielongItem = { product: offer.name, qty: wanted.qty, unit: wanted.unit ?? offer.unit ?? null };
    if (offer.productId) item.productId = offer.productId;
    byRecord.set(records[0]!, [...(byRecord.get(records[0]!) ?? []), item]);
  }
  const booked = [...byRecord.keys()].find((r) => r.book.lines.some((l) => l.state === 'active' && ownsLine(l, ctx.member)));
  if (booked) {
    ctx.reply(alreadyBookedText(booked, ctx, byRecord.get(booked) ?? []));
    return;
  }
  const room = quick.room ?? ctx.record?.room ?? null;
  for (const [record, items] of byRecord) {
    const { book, change } = appendLine(record.book, entryOf(quick.name ?? ctx.member.name, room, ...items), ctx.member.id);
    record.book = book;
    applyChanges(ctx, record, [change]);
  }
}

/**
 * A resident with a line already sent several products. 改成 only changes a count they have
 * (change() finds the item by product), so the example names one of theirs in its own unit;
 * adding another product takes 取消 and one message with everything.
 */
function alreadyBookedText(record: JielongRecord, ctx: Ctx, wanted: JielongItem[], adds = false): string {
  const items = record.book.lines.filter((l) => l.state === 'active' && ownsLine(l, ctx.member)).flatMap((l) => l.entry.items);
  const unitOf = (i: JielongItem) => i.unit ?? offerFor(record.offer ?? [], i)?.unit ?? '份';
  const have = items.map((i) => `${productName(record, i) ?? ''}${i.qty !== null ? `${i.qty}${unitOf(i)}` : ''}`).filter(Boolean).join('、');
  const head = `你已经登记过「${record.title}」了${have ? `（${have}）` : ''}，这条没有重复登记。`;
  const named = items.filter((i) => productName(record, i) !== null);
  // Prefer a product they have and just asked a new count for; else one more of their first.
  const pick = named.map((i) => ({ i, w: wanted.find((w) => w.product === productName(record, i) && (adds || w.qty !== i.qty)) })).find((x) => x.w) ?? (named[0] ? { i: named[0], w: undefined } : undefined);
  const missing = wanted.filter((w) => !named.some((i) => productName(record, i) === w.product)).map((w) => w.product);
  // Everything in one message: what they just asked for, then what they have and did not mention.
  const whole = [
    ...wanted.map((w) => `${w.product} ${w.qty}`),
    ...named.filter((i) => !wanted.some((w) => w.product === productName(record, i))).map((i) => `${productName(record, i)} ${i.qty ?? 1}`),
  ].join(' ');
  const tail = missing.length
    ? `要加${missing.join('、')}，请先回复“取消”，再把要的一次写全，比如“${whole}”。`
    : '不要了请回复“取消”。';
  if (!pick) return head + tail;
  const had = pick.i.qty ?? 1;
  const unit = unitOf(pick.i);
  // A “+N” (adds) means N more of what they have: name the total it makes. A list of counts
  // (“亚麻籽油 1 小米 2”) names the count wanted; with nothing new asked, suggest one more.
  if (adds && pick.w) {
    const total = had + (pick.w.qty ?? 1);
    return `${head}要再加${pick.w.qty ?? 1}${unit}${productName(record, pick.i)}（一共${total}${unit}）的话，回复“改成 ${productName(record, pick.i)} ${total}${unit}”，${tail}`;
  }
  const qty = pick.w?.qty ?? had + 1;
  return `${head}要改数量请回复“改成 ${productName(record, pick.i)} ${qty}${unit}”，${tail}`;
}

/** The offer a short message means; null for a 接龙 that offers nothing in particular; undefined after asking. */
function chooseProduct(ctx: Ctx, record: JielongRecord, offer: JielongOffer[], what: QuickWhat): JielongOffer | null | undefined {
  const names = offer.map((o) => o.name).join('、');
  if (what.product) {
    if (offer.length === 0) return { name: what.product.name, productId: what.product.id, stock: null, perPerson: null };
    const found = offerFor(offer, { product: what.product.name, productId: what.product.id });
    if (!found) ctx.reply(`「${record.title}」这次只有${names}，没有${what.product.name}哦。`);
    return found;
  }
  if (offer.length <= 1) return offer[0] ?? null;
  ctx.reply(`请问要哪一款？「${record.title}」有：${names}。回复比如“+1 ${offer[0]!.name}”。`);
  return undefined;
}

function change(ctx: Ctx, record: JielongRecord, mine: Array<BookLine<JielongEntry>>, quick: Extract<Quick, { kind: 'change' }>): void {
  if (mine.length === 0) {
    ctx.reply(`你还没有登记「${record.title}」。要参加请回复“+${quick.qty}”。`);
    return;
  }
  const targets = mine.flatMap((line) =>
    line.entry.items.map((item, i) => ({ line, i, item })).filter(({ item }) => !quick.product || sameProduct(record, item, quick.product)),
  );
  if (targets.length !== 1) {
    const what = targets.length === 0 ? `你登记的里面没有${quick.product?.name ?? '这个商品'}。` : '你登记了不止一样，';
    ctx.reply(`${what}请说明改哪一个，比如“改成 ${productName(record, mine[0]!.entry.items[0]!) ?? '商品名'} ${quick.qty}${quick.unit ?? '份'}”。`);
    return;
  }
  const { line, i } = targets[0]!;
  const items = line.entry.items.map((item, j) => (j === i ? { ...item, qty: quick.qty, unit: quick.unit ?? item.unit } : item));
  const { book, change: c } = reviseLine(record.book, line.id, entryOf(line.entry.name ?? ctx.member.name, line.entry.room, ...items));
  record.book = book;
  applyChanges(ctx, record, [c]);
}

function cancel(ctx: Ctx, record: JielongRecord, mine: Array<BookLine<JielongEntry>>): void {
  if (mine.length === 0) {
    ctx.reply(`你还没有登记「${record.title}」，不用取消～`);
    return;
  }
  const { book, changes } = cancelLines(record.book, mine.map((l) => l.id));
  record.book = book;
  applyChanges(ctx, record, changes);
}

/** Whether a booked item is the product a message names: by catalog id when both have one, else by name. */
function sameProduct(record: JielongRecord, item: JielongItem, named: { id?: string; name: string }): boolean {
  const offered = offerFor(record.offer ?? [], item);
  const id = item.productId ?? offered?.productId;
  if (named.id && id) return named.id === id;
  return (item.product ?? offered?.name) === named.name;
}

function productName(record: JielongRecord, item: JielongItem): string | null {
  return item.product ?? offerFor(record.offer ?? [], item)?.name ?? null;
}

/** A line as a member would have written it, so it reads like the others in the book. */
function entryOf(name: string, room: string | null, ...items: JielongItem[]): JielongEntry {
  const what = items.map((i) => `${i.product ?? ''}${i.qty ?? ''}${i.unit ?? ''}`).join(' ');
  return { index: 0, name, room, items, raw: [name, room, what].filter(Boolean).join(' '), flags: [] };
}
