// Group days: each fixture in tests/fixtures/jielong-days is a day (or two) in a residents'
// WeChat group during a group buy, fed through the real bot on the replay clock (router,
// 接龙 handler, short messages, scheduler, outbox). Beside each script, NN-slug.expect.json
// says what a careful 团长 reading the group would have in the order book: per 接龙 the
// active orders (who, room, product, quantity), the totals and 合计 posted at the cut-off,
// and which messages were sign-ups, edits or cancellations (everything else is chat and must
// book nothing). A score per replay is printed at the end. The scripts and expectations are
// written by tests/fixtures/jielong-days/make.ts (each message beside what it does to the book).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay, type ReplayOutput } from '../../bot/replay/run.ts';
import { parseScript, type Script } from '../../bot/replay/script.ts';
import { ordersOf, type Order } from './orders.ts';
import { Store } from '../../store/db.ts';
import { readLog } from '../../store/log.ts';
import type { JielongRecord } from './index.ts';
import { testConfig } from '../../tests/helpers.ts';

const DIR = join(process.cwd(), 'tests', 'fixtures', 'jielong-days');

interface ExpItem { product: string; qty: number }
/** `member`: who placed it (their WeChat nickname); `name`: the name written on the line, when it differs. */
interface ExpOrder { member: string; name?: string; room: string | null; items: ExpItem[] }
interface ExpTotal { product: string; qty: number; unit: string; people: number }
interface ExpJielong {
  title: string;
  orders: ExpOrder[];
  closing: { people: number; amount: number; totals: ExpTotal[] };
}
interface ExpEffect { at: string; from: string; change: 'signup' | 'edit' | 'cancel'; jielong: string }
interface Expectation { about: string; group: string; jielong: ExpJielong[]; effects: ExpEffect[] }

interface JielongEvent { kind: string; id: string; change?: string; jielong?: string; name?: string | null }

interface Score {
  expected: number;
  right: number;
  wrong: number;
  missing: number;
  falseOrders: number;
  chatBooked: number;
  closingOk: boolean;
}

interface Checked {
  orders: string[];
  closing: string[];
  chat: string[];
  score: Score;
}

const slugs = readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)).sort();
const scores = new Map<string, Score>();

// ---------------------------------------------------------------- running a day

async function runDay(slug: string): Promise<Checked> {
  const script = parseScript(readFileSync(join(DIR, `${slug}.jsonl`), 'utf8'));
  const expectation = JSON.parse(readFileSync(join(DIR, `${slug}.expect.json`), 'utf8')) as Expectation;
  const config = testConfig();
  const out: ReplayOutput[] = [];
  await runReplay(script, { config, log: silentLogger(), scriptDir: DIR, onOutput: (o) => out.push(o) });

  const store = await Store.open(config.DATA_DIR);
  const records = Object.values(store.data.jielong).filter((r) => r.group.name === expectation.group);
  const booked = new Map(records.map((r) => [r, ordersOf(r, store.data.catalog)] as const));
  await store.close();
  const events: JielongEvent[] = [];
  for await (const e of readLog<JielongEvent>(join(config.DATA_DIR, 'events.jsonl'))) if (e.kind === 'jielong') events.push(e);

  const score: Score = { expected: 0, right: 0, wrong: 0, missing: 0, falseOrders: 0, chatBooked: 0, closingOk: true };
  const ordersProblems: string[] = [];
  const closingProblems: string[] = [];
  const used = new Set<JielongRecord>();
  for (const exp of expectation.jielong) {
    const record = findRecord(records, exp.title, used);
    score.expected += exp.orders.length;
    if (!record) {
      ordersProblems.push(`「${exp.title}」: no such 接龙 in the store (have: ${records.map((r) => `「${r.title}」`).join('') || 'none'})`);
      score.missing += exp.orders.length;
      closingProblems.push(`「${exp.title}」: no such 接龙, so no closing totals`);
      score.closingOk = false;
      continue;
    }
    used.add(record);
    const diff = compareOrders(exp.orders, booked.get(record)!);
    score.right += diff.right;
    score.wrong += diff.wrong;
    score.missing += diff.missing;
    score.falseOrders += diff.falseOrders;
    ordersProblems.push(...diff.problems.map((p) => `「${exp.title}」: ${p}`));
    const closing = compareClosing(exp, record, out);
    if (closing.length) score.closingOk = false;
    closingProblems.push(...closing.map((p) => `「${exp.title}」: ${p}`));
  }
  for (const record of records.filter((r) => !used.has(r))) {
    const orders = booked.get(record)!;
    score.falseOrders += orders.length;
    ordersProblems.push(`an unexpected 接龙 「${record.title}」 was opened, with ${orders.length} orders: ${orders.map(actualText).join('; ')}`);
  }
  const chat = compareSignups(script, expectation.effects, events);
  score.chatBooked = chat.chatBooked;
  scores.set(slug, score);
  return { orders: ordersProblems, closing: closingProblems, chat: chat.problems, score };
}

/** The record a 团长 means by a title: exactly that title, else one whose title contains it (or the reverse). */
function findRecord(records: JielongRecord[], title: string, used: Set<JielongRecord>): JielongRecord | undefined {
  const free = records.filter((r) => !used.has(r));
  const latest = (rs: JielongRecord[]) => rs.reduce<JielongRecord | undefined>((a, b) => (!a || b.openedAt >= a.openedAt ? b : a), undefined);
  return latest(free.filter((r) => r.title === title)) ?? latest(free.filter((r) => r.title.includes(title) || title.includes(r.title)));
}

// ---------------------------------------------------------------- orders

function itemsKey(items: Array<{ product: string | null; qty: number | null }>): string {
  return items.map((i) => `${i.product ?? '?'}×${i.qty ?? '?'}`).sort().join('、');
}

function expectedText(o: ExpOrder): string {
  const who = o.name && o.name !== o.member ? `${o.member}(${o.name})` : o.member;
  return `${who} ${o.room ?? '(no room)'} ${itemsKey(o.items)}`;
}

function actualText(o: Order): string {
  const who = o.name && o.name !== o.authorId ? `${o.authorId ?? '(no author)'}(${o.name})` : (o.authorId ?? '(no author)');
  return `${who} ${o.room ?? '(no room)'} ${itemsKey(o.items)} [line “${o.raw}”]`;
}

/** Whether a booked order is this person's: placed by them, or written in their name. */
function samePerson(exp: ExpOrder, o: Order): boolean {
  return o.authorId === exp.member || o.name === exp.member || (exp.name !== undefined && o.name === exp.name);
}

function compareOrders(expected: ExpOrder[], actual: Order[]) {
  const left = [...actual];
  const unmatched: ExpOrder[] = [];
  let right = 0;
  for (const exp of expected) {
    const at = left.findIndex((o) => samePerson(exp, o) && o.room === exp.room && itemsKey(o.items) === itemsKey(exp.items));
    if (at >= 0) {
      left.splice(at, 1);
      right++;
    } else unmatched.push(exp);
  }
  const problems: string[] = [];
  let wrong = 0;
  let missing = 0;
  for (const exp of unmatched) {
    const at = left.findIndex((o) => samePerson(exp, o));
    if (at >= 0) {
      const [o] = left.splice(at, 1);
      wrong++;
      problems.push(`wrong order: expected ${expectedText(exp)}, booked ${actualText(o!)}`);
    } else {
      missing++;
      problems.push(`missing order: ${expectedText(exp)}`);
    }
  }
  for (const o of left) problems.push(`false order: ${actualText(o)}`);
  return { right, wrong, missing, falseOrders: left.length, problems };
}

// ---------------------------------------------------------------- closing totals

interface PostedTotals { people: number; amount: number | null; totals: ExpTotal[]; text: string }

/** The totals in a closing post: "「…」已截单，谢谢大家！共N人，合计X元：" then "商品 N单位（M人…）" lines. */
function readClosing(text: string): PostedTotals | null {
  const [first = '', ...rest] = text.split('\n');
  if (first.includes('还没有人接龙')) return { people: 0, amount: 0, totals: [], text };
  const head = /共(\d+)人(?:，合计(\d+(?:\.\d+)?)元)?：/.exec(first);
  if (!head) return null;
  const totals: ExpTotal[] = [];
  for (const line of rest) {
    const m = /^(.*) (\d+(?:\.\d+)?)([^（\d]*)（(\d+)人/.exec(line);
    if (m) totals.push({ product: m[1]!, qty: Number(m[2]), unit: m[3]!, people: Number(m[4]) });
  }
  return { people: Number(head[1]), amount: head[2] !== undefined ? Number(head[2]) : null, totals, text };
}

function compareClosing(exp: ExpJielong, record: JielongRecord, out: ReplayOutput[]): string[] {
  const problems: string[] = [];
  if (record.status !== 'closed') problems.push(`still ${record.status} after the cut-off`);
  const posts = out.filter((o): o is Extract<ReplayOutput, { group: string }> => 'group' in o && o.group === record.group.name && o.text.startsWith(`「${record.title}」已截单`));
  if (posts.length !== 1) return [...problems, `expected one closing post, got ${posts.length}`];
  const posted = readClosing(posts[0]!.text);
  if (!posted) return [...problems, `closing post without 共N人: ${JSON.stringify(posts[0]!.text)}`];
  const want = exp.closing;
  if (posted.people !== want.people) problems.push(`共${posted.people}人 posted, expected 共${want.people}人`);
  if (posted.amount === null) problems.push(`no 合计 posted (some order has no price), expected 合计${want.amount}元`);
  else if (Math.abs(posted.amount - want.amount) > 0.001) problems.push(`合计${posted.amount}元 posted, expected 合计${want.amount}元`);
  const line = (t: ExpTotal) => `${t.product} ${t.qty}${t.unit}（${t.people}人）`;
  const wanted = want.totals.map(line).sort();
  const got = posted.totals.map(line).sort();
  for (const w of wanted.filter((w) => !got.includes(w))) problems.push(`total line expected: ${w}`);
  for (const g of got.filter((g) => !wanted.includes(g))) problems.push(`total line posted: ${g}`);
  return problems;
}

// ---------------------------------------------------------------- what booked a sign-up

/** The script line of a behaviour event: its id is `replay:<line>:<jielong>:<book line>`. */
function lineOf(e: JielongEvent): number | null {
  const m = /^replay(?:-\d+)?:(\d+):/.exec(e.id);
  return m ? Number(m[1]) : null;
}

function compareSignups(script: Script, effects: ExpEffect[], events: JielongEvent[]) {
  const key = (at: number, from: string) => `${at}|${from}`;
  const expected = new Map<string, ExpEffect[]>();
  for (const e of effects) {
    const k = key(Date.parse(e.at), e.from);
    expected.set(k, [...(expected.get(k) ?? []), e]);
  }
  const problems: string[] = [];
  let chatBooked = 0;
  for (const e of events.filter((x) => x.change === 'signup')) {
    const lineNo = lineOf(e);
    const item = script.lines.find((l) => l.lineNo === lineNo);
    if (!item || item.type !== 'text') {
      problems.push(`a sign-up (${e.name ?? '?'}) from no script text line (event ${e.id})`);
      continue;
    }
    const { from, text } = item.line;
    const here = expected.get(key(item.at, from)) ?? [];
    const signup = here.findIndex((x) => x.change === 'signup');
    if (signup >= 0) {
      here.splice(signup, 1);
      continue;
    }
    const quoted = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
    if (here.length) problems.push(`line ${lineNo} (${item.line.at.slice(11, 19)} ${from}) is a${here[0]!.change === 'edit' ? 'n edit' : ' cancellation'} of an existing order, but booked a new order for ${e.name ?? '?'}: ${quoted}`);
    else {
      chatBooked++;
      problems.push(`line ${lineNo} (${item.line.at.slice(11, 19)} ${from}) is not an order, but booked one for ${e.name ?? '?'}: ${quoted}`);
    }
  }
  return { problems, chatBooked };
}

// ---------------------------------------------------------------- the tests

for (const slug of slugs) {
  describe(`group day ${slug}`, () => {
    let checked: Checked;
    beforeAll(async () => {
      checked = await runDay(slug);
    }, 60_000);

    it('keeps the orders a careful 团长 would (who, room, product, quantity)', () => {
      expect(checked.orders).toEqual([]);
    });

    it('posts the totals and the 合计 a careful 团长 would at the cut-off', () => {
      expect(checked.closing).toEqual([]);
    });

    it('books nothing from chat, and no second order from an edit', () => {
      expect(checked.chat).toEqual([]);
    });
  });
}

afterAll(() => {
  const rows = slugs.map((slug) => {
    const s = scores.get(slug);
    if (!s) return `${slug}: did not run`;
    return `${slug}: orders right ${s.right}/${s.expected} (wrong ${s.wrong}, missing ${s.missing}), false orders ${s.falseOrders}, chat booked ${s.chatBooked}, closing ${s.closingOk ? 'ok' : 'WRONG'}`;
  });
  const all = [...scores.values()];
  const sum = (f: (s: Score) => number) => all.reduce((n, s) => n + f(s), 0);
  rows.push(`total: orders right ${sum((s) => s.right)}/${sum((s) => s.expected)}, false orders ${sum((s) => s.falseOrders)}, chat booked ${sum((s) => s.chatBooked)}, closings right ${all.filter((s) => s.closingOk).length}/${all.length}`);
  console.log(`接龙 group days\n${rows.join('\n')}`);
});
