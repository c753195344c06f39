import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { JielongRecord } from './state.ts';
import { applyChanges } from './changes.ts';
import type { Hash } from 'node:crypto';
import { appendVersion, applyVersion, isAtTip, lineContent, needsFullDiff, versionHasher, type Sender } from './diff.ts';
import { offerFromText, offerFromTitle } from './open-args.ts';
import { scheduleCutoff } from './close.ts';
import { tellOwners } from './changes.ts';
import { parseWhen } from '../../scheduler/when.ts';
import { parseAppendedEntries, parseJielong, type Jielong, type JielongEntry } from './parse.ts';
import { quickHandler } from './quick-handler.ts';
import { createRecord, openIn, recordsIn } from './records.ts';
import { cutoffReadText, tooLateText } from './texts.ts';
import { unclearEntry, unclearText } from './unclear.ts';
import { archiveClosed, LATE_WINDOW_MS } from './archive.ts';

// A 接龙 posted in a group, version after version, becomes one order book; while one is
// open, short messages (+1, 改成3份, 取消) count too (quick-handler.ts).


interface Version {
  jielong: Jielong;
  lineAuthors?: Array<string | undefined>;
}

export const jielongHandler: Handler = async (ctx, next) => {
  // Any other app message only sets off the archive sweep below, then passes on.
  if (!ctx.group || (ctx.event.kind !== 'text' && ctx.event.kind !== 'jielong' && ctx.event.kind !== 'app')) return next();
  const { store } = ctx.services;
  // 接龙 closed longer ago than a late copy could come move to the archive (hourly at most).
  archiveClosed(store, ctx.now);
  // Read once per message: both the repost fast path and the short messages need it.
  const openHere = openIn(store, ctx.group.id);
  if (ctx.event.kind === 'text' && appendToTip(ctx, openHere)) return;
  const version = readVersion(ctx, openHere);
  if (!version) return quickHandler(ctx, next, openHere);
  const title = version.jielong.title;
  const records = recordsIn(store, ctx.group.id).filter((r) => r.title === title);
  const open = records.find((r) => r.status === 'open');
  const closed = records.filter((r) => r.status === 'closed').at(-1);
  if (!open && closed && isLateCopy(ctx, closed, version)) return refuseLate(ctx, closed, version);
  const record = open ?? openFromText(ctx, version.jielong);
  const clear = withoutUnclear(ctx, record, version);
  const hasher = versionHasher(clear.jielong.entries);
  const digest = hasher.copy().digest('base64url');
  const { book, changes } = applyVersion(record.book, clear.jielong.entries, senderOf(ctx), clear.lineAuthors, digest);
  record.book = book;
  applyChanges(ctx, record, changes);
  rememberTip(ctx.text, record, clear.jielong, hasher);
  tellOwnCancelledKept(ctx, record, clear.jielong.entries);
};

/**
 * Someone's own cancelled line still in the list they repost stays cancelled (an older copy
 * must never bring a line back), but they hear it once, in case they meant to sign up again.
 */
function tellOwnCancelledKept(ctx: Ctx, record: JielongRecord, entries: JielongEntry[]): void {
  const contents = new Set(entries.map((e) => lineContent(e.raw)));
  const theirs = record.book.lines.filter((l) => l.state === 'cancelled' && l.authorId === ctx.member.id && l.history.some((h) => contents.has(h)));
  if (theirs.length === 0 || record.book.lines.some((l) => l.state === 'active' && l.authorId === ctx.member.id)) return;
  let seen = asked.get(record);
  if (!seen) asked.set(record, (seen = new Set()));
  const key = `cancelled:${theirs[0]!.id}`;
  if (seen.has(key)) return;
  seen.add(key);
  ctx.reply(`你之前取消了“${theirs[0]!.entry.raw}”，这次的接龙里还有这一行，我没有重新登记。要重新接龙请回复“接龙+${theirs[0]!.entry.items[0]?.qty ?? 1}”～`);
}

/** Lines already asked about, per 接龙: each is asked about once, not at every repost. */
const asked = new WeakMap<JielongRecord, Set<string>>();

/**
 * The version without the lines the bot cannot book for sure (unclear.ts); their writers
 * are asked once, in the group, and nothing of theirs is booked until the line is clear.
 */
function withoutUnclear(ctx: Ctx, record: JielongRecord, version: Version): Version {
  const offer = record.offer ?? [];
  const why = version.jielong.entries.map((e) => unclearEntry(e, offer));
  if (why.every((w) => w === null)) return version;
  let seen = asked.get(record);
  if (!seen) asked.set(record, (seen = new Set()));
  const known = new Set(record.book.lines.flatMap((l) => l.history));
  version.jielong.entries.forEach((e, i) => {
    const w = why[i];
    const content = lineContent(e.raw);
    if (!w || seen.has(content) || known.has(content)) return;
    seen.add(content);
    ctx.reply(unclearText(e, w, record.title, offer));
  });
  const keep = why.map((w) => w === null);
  return {
    jielong: { ...version.jielong, entries: version.jielong.entries.filter((_, i) => keep[i]) },
    ...(version.lineAuthors ? { lineAuthors: version.lineAuthors.filter((_, i) => keep[i]) } : {}),
  };
}

/**
 * A 接龙 first seen as a posted text: what it lists is what it sells (at the prices it says
 * when the owner posted it), and a cut-off it writes (今晚9点截单) closes it, with the owner
 * told how it was read so a wrong reading is caught.
 */
function openFromText(ctx: Ctx, jielong: Jielong): JielongRecord {
  const { store, config } = ctx.services;
  const catalog = store.data.catalog;
  const listed = offerFromText(jielong.offer, catalog, ctx.isOwner);
  const when = jielong.cutoff ? parseWhen(jielong.cutoff.when, ctx.now, config.TZ) : undefined;
  const record = createRecord(store, ctx.now, {
    group: ctx.group!, header: jielong.header, title: jielong.title, openedBy: ctx.member.id,
    offer: listed.length ? listed : offerFromTitle(jielong.title, catalog),
    ...(when && 'at' in when ? { cutoffAt: when.at } : {}),
    example: jielong.example ?? '',
  });
  scheduleCutoff(ctx.services, record);
  if (jielong.cutoff) tellOwners(ctx, cutoffReadText(record, jielong.cutoff.phrase, ctx.now, config.TZ));
  return record;
}

/**
 * The last version read of each 接龙, while the book still matches it line for line. In
 * WeChat each participant reposts the whole list with one line added: such a repost is this
 * text plus lines at the end, and only those lines need reading (bench/jielong.ts). Kept in
 * memory only: after a restart the next repost is read in full, with the same result.
 */
interface Tip {
  text: string;
  entries: JielongEntry[];
  book: JielongRecord['book'];
  hasher: Hash;
}
const tips = new WeakMap<JielongRecord, Tip>();

function rememberTip(text: string, record: JielongRecord, jielong: Jielong, hasher: Hash): void {
  // A text ending in a blank line may have a tail next; the whole text is read then.
  const clean = jielong.tail.length === 0 && jielong.entries.length > 0 && !/\s$/.test(text);
  if (clean && record.status === 'open' && isAtTip(record.book, jielong.entries)) {
    tips.set(record, { text, entries: [...jielong.entries], book: record.book, hasher });
  } else tips.delete(record);
}

/** A repost that only adds lines to the tip of an open 接龙: applied from the added lines alone. */
function appendToTip(ctx: Ctx, open: JielongRecord[]): boolean {
  const text = ctx.text;
  for (const record of open) {
    const tip = tips.get(record);
    if (!tip || record.book !== tip.book || text.length <= tip.text.length + 1) continue;
    if (text.charCodeAt(tip.text.length) !== 10 || !text.startsWith(tip.text)) continue;
    const last = tip.entries[tip.entries.length - 1]!;
    const opts = { catalog: ctx.services.store.data.catalog, offer: (record.offer ?? []).map((o) => o.name) };
    const added = parseAppendedEntries(text.slice(tip.text.length + 1), last.index, opts)
      ?.filter((e) => !e.flags.includes('empty'));
    const offer = record.offer ?? [];
    if (!added || needsFullDiff(record.book, senderOf(ctx), added) || added.some((e) => unclearEntry(e, offer) !== null)) return false;
    const hasher = versionHasher(added, tip.hasher.copy());
    const { book, changes } = appendVersion(record.book, added, senderOf(ctx), hasher.copy().digest('base64url'), tip.entries.length);
    record.book = book;
    applyChanges(ctx, record, changes);
    tip.entries.push(...added);
    Object.assign(tip, { text, book: record.book, hasher });
    return true;
  }
  return false;
}

function readVersion(ctx: Ctx, open: JielongRecord[]): Version | undefined {
  const catalog = ctx.services.store.data.catalog;
  const opts = { catalog, offer: open.flatMap((r) => (r.offer ?? []).map((o) => o.name)) };
  const event = ctx.event;
  let version: Version | undefined;
  if (event.kind === 'jielong') {
    // Posted with the 接龙 tool: the channel says who added which line.
    const jielong = parseJielong(event.text, opts);
    if (!jielong) return undefined;
    const byLine = new Map(event.lines.map((l) => [l.line, l.authorId]));
    version = { jielong, lineAuthors: jielong.entries.map((e) => byLine.get(e.index)) };
  } else {
    const jielong = parseJielong(ctx.text, opts);
    if (!jielong) return undefined;
    version = { jielong };
  }
  // An unfilled slot ("3. ") is nobody's sign-up.
  const keep = version.jielong.entries.map((e) => !e.flags.includes('empty'));
  return {
    jielong: { ...version.jielong, entries: version.jielong.entries.filter((_, i) => keep[i]) },
    ...(version.lineAuthors ? { lineAuthors: version.lineAuthors.filter((_, i) => keep[i]) } : {}),
  };
}

/** Last week's 周六团购 reposted is late; a new 周六团购 with none of its lines is a new 接龙. */
function isLateCopy(ctx: Ctx, closed: JielongRecord, version: Version): boolean {
  if (ctx.now - (closed.closedAt ?? 0) > LATE_WINDOW_MS) return false;
  const known = new Set(closed.book.lines.map((l) => lineContent(l.entry.raw)));
  return version.jielong.entries.some((e) => known.has(lineContent(e.raw)));
}

/** A closed 接龙 reposted with a new line: tell the sender kindly, record nothing. */
function refuseLate(ctx: Ctx, record: JielongRecord, version: Version): void {
  const { changes } = applyVersion(record.book, version.jielong.entries, senderOf(ctx), version.lineAuthors);
  if (changes.some((c) => c.kind === 'signup')) {
    ctx.reply(tooLateText(record.title));
  }
}

/** Who posted a version: their lines are theirs, and an owner may edit anyone's. */
function senderOf(ctx: Ctx): Sender {
  return { id: ctx.member.id, name: ctx.member.name, isOwner: ctx.isOwner };
}
