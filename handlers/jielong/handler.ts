import type { Ctx, Services } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { JielongRecord, Product } from '../../store/schema.ts';
import { findMember } from '../../store/members.ts';
import { catalogPrice, itemAmount, round2 } from './amount.ts';
import { applyVersion, emptyBook, type Change } from './diff.ts';
import { parseJielong, type Jielong, type JielongEntry, type JielongItem } from './parse.ts';
import { parseSolitaireXml } from './solitaire-xml.ts';

// A 接龙 posted in a group, version after version, becomes one order book. The group hears
// one consolidated confirmation a minute at most; the owner hears of refused changes.

export const CONFIRM_JOB = 'jielong-confirm';
const CONFIRM_DELAY_MS = 30_000;
const CONFIRM_GAP_MS = 60_000;

interface Version {
  jielong: Jielong;
  lineAuthors?: Array<string | undefined>;
}

export const jielongHandler: Handler = async (ctx, next) => {
  if (!ctx.group || (ctx.event.kind !== 'text' && ctx.event.kind !== 'app')) return next();
  const version = readVersion(ctx);
  if (!version) return next();
  const { store } = ctx.services;
  const title = version.jielong.title;
  const records = Object.values(store.data.jielong).filter((r) => r.group.id === ctx.group!.id && r.title === title);
  const open = records.find((r) => r.status === 'open');
  if (!open && records.length > 0) return refuseLate(ctx, records.at(-1)!, version);
  const record = open ?? createRecord(ctx, version.jielong);
  const sender = { id: ctx.member.id, name: ctx.member.name, isOwner: ctx.isOwner };
  const { book, changes } = applyVersion(record.book, version.jielong.entries, sender, version.lineAuthors);
  record.book = book;
  store.changed();
  recordChanges(ctx, record, changes);
};

function readVersion(ctx: Ctx): Version | undefined {
  const catalog = ctx.services.store.data.catalog;
  const event = ctx.event;
  if (event.kind === 'app' && event.raw.xml) {
    const solitaire = parseSolitaireXml(event.raw.xml);
    const jielong = solitaire && parseJielong(solitaire.text, { catalog });
    if (!solitaire || !jielong) return undefined;
    const byLine = new Map(solitaire.authors.map((a) => [a.line, a.userId]));
    return { jielong, lineAuthors: jielong.entries.map((e) => byLine.get(e.index)) };
  }
  const jielong = parseJielong(ctx.text, { catalog });
  return jielong ? { jielong } : undefined;
}

function createRecord(ctx: Ctx, jielong: Jielong): JielongRecord {
  const { store } = ctx.services;
  const record: JielongRecord = {
    id: `jl-${store.nextId('jielong')}`, group: ctx.group!, header: jielong.header, title: jielong.title,
    status: 'open', openedAt: ctx.now, openedBy: ctx.member.id, offer: [], book: emptyBook(), pendingConfirm: [],
  };
  store.data.jielong[record.id] = record;
  return record;
}

/** A closed 接龙 reposted with a new line: tell the sender kindly, record nothing. */
function refuseLate(ctx: Ctx, record: JielongRecord, version: Version): void {
  const sender = { id: ctx.member.id, name: ctx.member.name, isOwner: ctx.isOwner };
  const { changes } = applyVersion(record.book, version.jielong.entries, sender, version.lineAuthors);
  if (changes.some((c) => c.kind === 'signup')) {
    ctx.reply(`「${record.title}」已经截止了，这次没有登记上。下次开团我们早点提醒你～`);
  }
}

function recordChanges(ctx: Ctx, record: JielongRecord, changes: Change<JielongEntry>[]): void {
  const { store } = ctx.services;
  const catalog = store.data.catalog;
  for (const change of changes) {
    const { line } = change;
    if (change.kind === 'refused') {
      tellOwners(ctx, refusalText(ctx, record, change));
      continue;
    }
    const items = line.entry.items.map((i) => priced(i, catalog));
    store.log.append({
      kind: 'jielong', change: change.kind, id: `${ctx.event.id}:${line.id}`, at: ctx.now, jielong: record.id,
      group: record.group, member: line.authorId ? { id: line.authorId, name: store.data.members[line.authorId]?.name ?? line.entry.name } : null,
      name: line.entry.name, room: line.entry.room, items, amount: sumAmounts(items),
    });
    record.pendingConfirm.push({ change: change.kind, text: confirmLine(change, items) });
  }
  if (record.pendingConfirm.length) scheduleConfirm(ctx.services, record);
}

function priced(item: JielongItem, catalog: Product[]) {
  const amount = itemAmount(catalogPrice(catalog, item.productId), item.qty);
  return { product: item.product, productId: item.productId ?? null, qty: item.qty, unit: item.unit, amount };
}

function sumAmounts(items: Array<{ amount: number | null }>): number | null {
  if (items.some((i) => i.amount === null)) return null;
  return round2(items.reduce((s, i) => s + (i.amount ?? 0), 0));
}

function who(entry: JielongEntry): string {
  return [entry.name, entry.room].filter(Boolean).join(' ') || entry.raw;
}

function itemsText(items: Array<{ product: string | null; qty: number | null; unit: string | null }>): string {
  return items
    .map((i) => `${i.product ?? ''}${i.qty !== null ? `×${i.qty}${i.unit ?? ''}` : ''}`)
    .filter(Boolean)
    .join('、');
}

function confirmLine(change: Change<JielongEntry>, items: Array<{ product: string | null; qty: number | null; unit: string | null }>): string {
  const person = who(change.line.entry);
  const what = itemsText(items);
  if (change.kind === 'cancel') return `${person} 已取消`;
  if (change.kind === 'edit') return `${person} 改为 ${what || '（未写数量）'}`;
  return what ? `${person} ${what}` : person;
}

function refusalText(ctx: Ctx, record: JielongRecord, change: Extract<Change<JielongEntry>, { kind: 'refused' }>): string {
  const whose = change.line.entry.name ? `${change.line.entry.name}的` : '别人的';
  const action = change.attempted === 'cancel' ? '删掉' : `改成“${change.proposed?.raw ?? ''}”`;
  return `提醒：${ctx.member.name}想在「${record.title}」里把${whose}“${change.line.entry.raw}”${action}。只有本人或团长能改，所以没有采纳。确实要改的话，你发一版改好的接龙就行。`;
}

function tellOwners(ctx: Ctx, text: string): void {
  for (const id of ctx.services.config.OWNER_IDS) {
    const owner = findMember(ctx.services.store.data, id);
    if (owner) ctx.dm({ id: owner.id, name: owner.name }, text, { purpose: 'requested' });
  }
}

/** One confirmation per 接龙 per minute: the first change waits a little to gather a burst. */
function scheduleConfirm(services: Services, record: JielongRecord): void {
  if (record.confirmDueAt !== undefined) return;
  const now = services.clock.now();
  const at = Math.max(now + CONFIRM_DELAY_MS, (record.lastConfirmAt ?? 0) + CONFIRM_GAP_MS);
  record.confirmDueAt = at;
  services.scheduler.at(at, CONFIRM_JOB, { id: record.id }, `${CONFIRM_JOB}:${record.id}:${at}`);
}

/** The scheduled job: posts the gathered lines as one message in the group. */
export function confirmJob(services: Services) {
  return (payload: unknown, job: { id: string }) => {
    const record = services.store.data.jielong[(payload as { id: string }).id];
    if (!record) return;
    delete record.confirmDueAt;
    services.store.changed();
    if (record.pendingConfirm.length === 0) return;
    const lines = record.pendingConfirm.map((l) => l.text);
    const body = lines.length <= 3 ? lines.join('；') : `\n${lines.join('\n')}`;
    const onlySignups = record.pendingConfirm.every((l) => l.change === 'signup');
    const heading = onlySignups ? `已登记「${record.title}」：` : `「${record.title}」接龙有更新：`;
    services.outbox.enqueue({ key: `job:${job.id}`, to: { kind: 'group', group: record.group }, text: heading + body });
    record.pendingConfirm = [];
    record.lastConfirmAt = services.clock.now();
    services.store.changed();
  };
}
