import type { Ctx } from '../../bot/context.ts';
import type { Handler } from '../../bot/router.ts';
import type { JielongRecord } from '../../store/schema.ts';
import { applyChanges } from './changes.ts';
import { applyVersion, lineContent } from './diff.ts';
import { offerFromTitle } from './open-args.ts';
import { parseJielong, type Jielong } from './parse.ts';
import { quickHandler } from './quick-handler.ts';
import { createRecord, recordsIn } from './records.ts';
import { parseSolitaireXml } from './solitaire-xml.ts';

// A 接龙 posted in a group, version after version, becomes one order book; while one is
// open, short messages (+1, 改成3份, 取消) count too (quick-handler.ts).

/** A closed 接龙 reposted within this time with lines it had is a late copy, not a new one. */
const LATE_WINDOW_MS = 7 * 24 * 3600_000;

interface Version {
  jielong: Jielong;
  lineAuthors?: Array<string | undefined>;
}

export const jielongHandler: Handler = async (ctx, next) => {
  if (!ctx.group || (ctx.event.kind !== 'text' && ctx.event.kind !== 'app')) return next();
  const version = readVersion(ctx);
  if (!version) return quickHandler(ctx, next);
  const { store } = ctx.services;
  const title = version.jielong.title;
  const records = recordsIn(store, ctx.group.id).filter((r) => r.title === title);
  const open = records.find((r) => r.status === 'open');
  const closed = records.filter((r) => r.status === 'closed').at(-1);
  if (!open && closed && isLateCopy(ctx, closed, version)) return refuseLate(ctx, closed, version);
  const record = open ?? createRecord(store, ctx.now, {
    group: ctx.group, header: version.jielong.header, title, openedBy: ctx.member.id,
    offer: offerFromTitle(title, store.data.catalog),
  });
  const sender = { id: ctx.member.id, name: ctx.member.name, isOwner: ctx.isOwner };
  const { book, changes } = applyVersion(record.book, version.jielong.entries, sender, version.lineAuthors);
  record.book = book;
  applyChanges(ctx, record, changes);
};

function readVersion(ctx: Ctx): Version | undefined {
  const catalog = ctx.services.store.data.catalog;
  const event = ctx.event;
  let version: Version | undefined;
  if (event.kind === 'app' && event.raw.xml) {
    const solitaire = parseSolitaireXml(event.raw.xml);
    const jielong = solitaire && parseJielong(solitaire.text, { catalog });
    if (!solitaire || !jielong) return undefined;
    const byLine = new Map(solitaire.authors.map((a) => [a.line, a.userId]));
    version = { jielong, lineAuthors: jielong.entries.map((e) => byLine.get(e.index)) };
  } else {
    const jielong = parseJielong(ctx.text, { catalog });
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
  const sender = { id: ctx.member.id, name: ctx.member.name, isOwner: ctx.isOwner };
  const { changes } = applyVersion(record.book, version.jielong.entries, sender, version.lineAuthors);
  if (changes.some((c) => c.kind === 'signup')) {
    ctx.reply(`「${record.title}」已经截单了，这次没有登记上。下次开团我们早点提醒你～`);
  }
}
