// Pipeline benchmark: how fast does Linli take ordinary group chat through the router,
// the behaviour logger and the store, compared with a naive bot that rewrites its whole
// state file after every message? A benchmark, not a test: it prints figures, asserts nothing.
//
//   npm run bench:pipeline            (= tsx bench/pipeline.ts)
//   node --import tsx --cpu-prof bench/pipeline.ts   (one .cpuprofile per run)
//
// Each run is a child process of its own (same loader flags), so peak RSS is per run and
// one run's garbage never lands in another's timings.

import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinli } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { silentLogger } from '../bot/logger.ts';
import type { MemberRef, TextEvent } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { Store } from '../store/db.ts';
import { pick, prng } from './random.ts';

const TOTAL = 100_000;
const MEMBERS = 2_000;
const GROUPS = 10;
const SEED = 0x11e11;
/** Start of the synthetic day: 2026-03-02 08:00 Asia/Shanghai. */
const START_AT = Date.UTC(2026, 2, 2, 0, 0, 0);
/** Naive messages used to estimate its rate before choosing how many it runs. */
const PROBE = 2_000;
/** Run the naive store over everything only if that is projected to finish within this. */
const NAIVE_FULL_BUDGET_S = 150;
/** Otherwise it runs a prefix: it stops at the first whole thousand messages after this long. */
const NAIVE_PARTIAL_BUDGET_S = 50;

const TARGET_RATE = 10_000;
const TARGET_P99_MS = 2;
const TARGET_RATIO = 20;

// ---------------------------------------------------------------------------------------
// Deterministic synthetic chat

const COMMUNITIES = ['阳光花园', '翠湖苑', '金桂小区', '和平里', '锦绣江南', '滨江壹号', '绿城桂语', '幸福家园', '东湖新村', '紫荆公寓'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程'];
const GIVEN = ['芳', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晓燕', '建华', '玉兰', '文', '欣怡', '子涵', '浩然', '雨桐'];
const LATIN = ['Lily', 'Amy', 'Jason', 'Coco', 'Kevin', 'Sunny', 'Grace', 'Tony', 'Echo', 'Vivian'];
const DECOR = ['🌸', '🍀', '☀️', '🐱', '🌈', ''];
const SENTENCES = [
  '今天的草莓很甜', '几点到货？', '收到，谢谢团长', '我家楼下有人在吗', '明天还有鸡蛋吗', '已付款', '昨天的菜很新鲜',
  '请问在哪里取货', '好的', '谢谢', '我要两份', '今天下雨记得带伞', '小区门口在修路', '有人一起拼车吗', '快递放哪了',
  '这个多少钱一斤', '孩子放学了吗', '晚上有广场舞', '物业说明天停水', '门禁卡坏了怎么办', '谁家的猫跑出来了',
  '电梯又坏了', '周末有活动吗', '车位还有吗', '垃圾分类要注意', '我刚看到了', '太好了', '辛苦了', '明天见',
  '早上好', '晚安', '哈哈哈', '同意', '我也要', '已经取了', '还有没有牛奶', '西瓜甜不甜', '什么时候发货',
  '老人家要注意身体', '楼上装修太吵了', '今天好热啊', '我在三号门', '麻烦帮我留一份', '能不能便宜点',
  '我家的还没到', '核酸点在哪', '下周有团购吗', '香蕉熟了吗', '可以送上门吗', '我在上班，晚点来拿',
];
const TAILS = ['', '', '', '', '！', '～', '。', '[强]', '[玫瑰]', '👍', '😂', '🙏'];

interface Member {
  id: string;
  name: string;
  groups: number[];
  /** Group nickname per group index, when the member set one. */
  aliases: Map<number, string>;
}

interface Workload {
  events: TextEvent[];
  groups: { id: string; name: string }[];
}

function generate(count: number): Workload {
  const rand = prng(SEED);
  const groups = COMMUNITIES.slice(0, GROUPS).map((c, i) => ({
    id: `${10_000_000 + i * 7919}@chatroom`,
    name: `${c}${i % 3 === 0 ? '团购1群' : '邻里群'}`,
  }));

  const members: Member[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const surname = pick(rand, SURNAMES);
    const r = rand();
    const base = r < 0.6 ? surname + pick(rand, GIVEN) : r < 0.8 ? `阿${pick(rand, GIVEN)}` : r < 0.9 ? `${surname}${pick(rand, GIVEN)}妈妈` : pick(rand, LATIN);
    const name = rand() < 0.15 ? pick(rand, DECOR) + base : base;
    const first = Math.floor(rand() * GROUPS);
    const memberGroups = [first];
    if (rand() < 0.3) memberGroups.push((first + 1 + Math.floor(rand() * (GROUPS - 1))) % GROUPS);
    const aliases = new Map<number, string>();
    for (const g of memberGroups) {
      if (rand() < 0.35) aliases.set(g, `${1 + Math.floor(rand() * 20)}栋${1 + Math.floor(rand() * 3)}单元-${surname}${rand() < 0.5 ? '姐' : '哥'}`);
    }
    members.push({ id: `wxid_${(0x9e3779b1 * (i + 1) >>> 0).toString(36)}${i.toString(36)}`, name, groups: memberGroups, aliases });
  }

  // Some neighbours talk a lot, most rarely: weight ∝ 1 / (rank + 10).
  const cdf = new Float64Array(MEMBERS);
  let sum = 0;
  for (let i = 0; i < MEMBERS; i++) cdf[i] = sum += 1 / (i + 10);
  const speaker = (): Member => {
    const x = rand() * sum;
    let lo = 0;
    let hi = MEMBERS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return members[lo] as Member;
  };

  const events: TextEvent[] = [];
  let at = START_AT;
  for (let i = 0; i < count; i++) {
    at += 100 + Math.floor(rand() * 500);
    const m = speaker();
    const g = m.groups.length > 1 && rand() < 0.4 ? (m.groups[1] as number) : (m.groups[0] as number);
    const group = groups[g] as { id: string; name: string };
    const alias = m.aliases.get(g);
    const from: MemberRef = alias ? { id: m.id, name: m.name, groupAlias: alias } : { id: m.id, name: m.name };
    let text = pick(rand, SENTENCES);
    if (rand() < 0.25) text += `，${pick(rand, SENTENCES)}`;
    text += pick(rand, TAILS);
    events.push({
      kind: 'text', id: `msg-${(i * 2654435761 >>> 0).toString(16)}-${i}`, at, group: { ...group },
      from, text, mentionsBot: false, mentions: [],
    });
  }
  return { events, groups };
}

// ---------------------------------------------------------------------------------------
// One run (in a child process)

type Mode = 'linli' | 'naive';

interface RunSpec {
  mode: Mode;
  count: number;
  dir: string;
  /** Stop at the first whole thousand messages once this many seconds have passed. */
  budgetS?: number;
}

interface RunResult {
  mode: Mode;
  count: number;
  totalS: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** Index of the slowest message. */
  maxAt: number;
  peakRssMb: number;
  baseRssMb: number;
  /** state.json rewrites the store made (calls of its lowdb adapter's write). */
  stateWrites: number;
  /** Main-thread time spent serialising state.json (the synchronous part of each write). */
  stateSyncMs: number;
  /** Wall time from each write's start to its promise settling (temp file written, renamed), summed. */
  stateWallMs: number;
  /** state.json's size at the end. */
  stateBytes: number;
  check: string;
  checkOk: boolean;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runOne(spec: RunSpec): Promise<RunResult> {
  let { events } = generate(spec.count);
  const naive = spec.mode === 'naive';
  const config = loadConfig({ DATA_DIR: spec.dir });
  const clock = new ManualClock(START_AT);
  const store = await Store.open(spec.dir, naive ? { writeEveryChange: true } : {});

  // Count state.json rewrites and time them where the store makes them: it calls its lowdb
  // adapter (JSONFile) directly, not Low#write, so the adapter's write is what is wrapped. The
  // synchronous part is JSON.stringify (before steno's first await); the wall time runs until the
  // temp file is written and renamed over state.json. Same call, same arguments, same result.
  const adapter = store['db'].adapter;
  const write = adapter.write.bind(adapter);
  let stateWrites = 0;
  let stateSyncNs = 0n;
  let stateWallNs = 0n;
  adapter.write = (data: Parameters<typeof write>[0]) => {
    const t0 = process.hrtime.bigint();
    const done = write(data);
    stateSyncNs += process.hrtime.bigint() - t0;
    stateWrites++;
    const settled = () => void (stateWallNs += process.hrtime.bigint() - t0);
    done.then(settled, settled);
    return done;
  };

  const linli = await createLinli({ config, clock, log: silentLogger(), store });
  global.gc?.();
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  let perMessage = new Float64Array(events.length);
  const budgetNs = spec.budgetS === undefined ? undefined : BigInt(Math.round(spec.budgetS * 1e9));

  const start = process.hrtime.bigint();
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as TextEvent;
    // A live bot receives each message in a macrotask of its own; yielding here also lets
    // the store's coalescing timers fire as they would in production.
    await macrotask();
    clock.set(event.at);
    const t0 = process.hrtime.bigint();
    await linli.handle(event);
    if (naive) await store.flush(); // the naive bot waits for its full-file write
    const t1 = process.hrtime.bigint();
    perMessage[i] = Number(t1 - t0) / 1e6;
    if (budgetNs !== undefined && (i + 1) % 1000 === 0 && t1 - start >= budgetNs) {
      events = events.slice(0, i + 1);
      perMessage = perMessage.slice(0, i + 1);
      break;
    }
  }
  await linli.close();
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;

  const check = verify(spec.dir, events, stateWrites);
  let maxAt = 0;
  for (let i = 1; i < perMessage.length; i++) if ((perMessage[i] as number) > (perMessage[maxAt] as number)) maxAt = i;
  perMessage.sort();
  const at = (q: number) => perMessage[Math.min(perMessage.length - 1, Math.max(0, Math.ceil(q * perMessage.length) - 1))] as number;
  return {
    mode: spec.mode, count: events.length, totalS, rate: events.length / totalS,
    p50: at(0.5), p99: at(0.99), max: at(1), maxAt,
    peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb,
    stateWrites, stateSyncMs: Number(stateSyncNs) / 1e6, stateWallMs: Number(stateWallNs) / 1e6,
    stateBytes: statSync(join(spec.dir, 'state.json')).size,
    ...check,
  };
}

/** events.jsonl has one parseable line per message, in order; state.json parses and knows every speaker. */
function verify(dir: string, events: TextEvent[], stateWrites: number): { check: string; checkOk: boolean } {
  const problems: string[] = [];
  // state.json is on disk, so the store wrote it: a count of 0 means the wrapper missed the writes.
  if (stateWrites === 0) problems.push('state.json was written but no write was counted: the bench no longer wraps the call the store makes');
  const log = readFileSync(join(dir, 'events.jsonl'), 'utf8');
  const lines = log.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else problems.push('events.jsonl does not end with a newline');
  // One `text` line per message, in order; other entries (a `question` the Q&A logger derived
  // from a message) sit between them and are counted, not compared.
  let bad = 0;
  let misordered = 0;
  let texts = 0;
  for (const line of lines) {
    let entry: { kind?: string; id?: string };
    try {
      entry = JSON.parse(line) as { kind?: string; id?: string };
    } catch {
      bad++;
      continue;
    }
    if (entry.kind !== 'text') continue;
    if (entry.id !== events[texts]?.id) misordered++;
    texts++;
  }
  if (texts !== events.length) problems.push(`events.jsonl has ${texts} text lines, expected ${events.length}`);
  if (bad) problems.push(`${bad} unparseable log lines`);
  if (misordered) problems.push(`${misordered} text lines out of order`);

  let members = 0;
  let groups = 0;
  try {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { members?: object; groups?: object };
    members = Object.keys(state.members ?? {}).length;
    groups = Object.keys(state.groups ?? {}).length;
    const speakers = new Set(events.map((e) => e.from.id)).size;
    if (members !== speakers) problems.push(`state.json has ${members} members, expected ${speakers}`);
  } catch (err) {
    problems.push(`state.json does not parse: ${(err as Error).message}`);
  }
  const ok = problems.length === 0;
  return {
    checkOk: ok,
    check: ok
      ? `events.jsonl ${fmtInt(texts)} text lines (= messages, in order) + ${fmtInt(lines.length - texts)} derived, all parse; state.json parses (${fmtInt(members)} members, ${groups} groups)`
      : problems.join('; '),
  };
}

// ---------------------------------------------------------------------------------------
// Orchestration

function inChild(spec: Omit<RunSpec, 'dir'>): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `linli-bench-${spec.mode}-`));
  return new Promise<RunResult>((resolve, reject) => {
    let result: RunResult | undefined;
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify({ ...spec, dir })], { stdio: 'inherit' });
    child.on('message', (m) => (result = m as RunResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (result) resolve(result);
      else reject(new Error(`${spec.mode} run over ${spec.count} messages exited with code ${code} and no result`));
    });
  });
}

async function childMain(specJson: string): Promise<void> {
  const result = await runOne(JSON.parse(specJson) as RunSpec);
  await new Promise<void>((resolve) => process.send!(result, () => resolve()));
  process.disconnect();
}

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fmt(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(rows: { label: string; r: RunResult }[]): string {
  const head = ['run', 'messages', 'total s', 'msg/s', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB', 'state.json writes'];
  const body = rows.map(({ label, r }) => [
    label, fmtInt(r.count), fmt(r.totalS, 2), fmtInt(r.rate), fmt(r.p50, 3), fmt(r.p99, 3), fmt(r.max, 2),
    fmt(r.peakRssMb, 0), fmtInt(r.stateWrites),
  ]);
  const targets = ['target', '', '', `≥ ${fmtInt(TARGET_RATE)}`, '', `< ${TARGET_P99_MS}`, '', '', ''];
  const all = [head, ...body, targets];
  const widths = head.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line), rule, line(targets)].join('\n');
}

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

async function main(): Promise<void> {
  console.log(`Linli pipeline benchmark: ${fmtInt(TOTAL)} synthetic group text events (seed ${SEED}), ${fmtInt(MEMBERS)} members, ${GROUPS} groups`);
  console.log(`Node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'})`);
  console.log('Each run is a fresh child process with a fresh temp DATA_DIR; per-message time = await linli.handle(event)');
  console.log('(naive: + await store.flush()); total time includes the final close() flush.\n');

  console.log(`A  Linli store (coalesced writes), ${fmtInt(TOTAL)} messages …`);
  const a = await inChild({ mode: 'linli', count: TOTAL });
  console.log(`   check: ${a.checkOk ? 'OK' : 'FAILED'}: ${a.check}`);

  console.log(`B  naive store: probing its rate on the first ${fmtInt(PROBE)} messages …`);
  const probe = await inChild({ mode: 'naive', count: PROBE });
  const projected = TOTAL / probe.rate;
  const partial = projected > NAIVE_FULL_BUDGET_S;
  if (partial) {
    console.log(`   probe: ${fmtInt(probe.rate)} msg/s, so all ${fmtInt(TOTAL)} would take ≳ ${fmt(projected, 0)} s (more, as state.json grows);`);
    console.log(`   running a prefix instead: stopping at the first whole thousand messages after ${NAIVE_PARTIAL_BUDGET_S} s`);
  } else {
    console.log(`   probe: ${fmtInt(probe.rate)} msg/s, projected ${fmt(projected, 0)} s for all messages; running all of them`);
  }
  console.log(`B  naive store (write state.json after every message) …`);
  const b = await inChild({ mode: 'naive', count: TOTAL, budgetS: partial ? NAIVE_PARTIAL_BUDGET_S : undefined });
  const n = b.count;
  console.log(`   ran N = ${fmtInt(n)} messages; check: ${b.checkOk ? 'OK' : 'FAILED'}: ${b.check}`);

  let aN = a;
  if (n < TOTAL) {
    console.log(`A' Linli store on the same first ${fmtInt(n)} messages (like-for-like with B) …`);
    aN = await inChild({ mode: 'linli', count: n });
    console.log(`   check: ${aN.checkOk ? 'OK' : 'FAILED'}: ${aN.check}`);
  }

  const rows = [{ label: 'A  Linli (coalesced)', r: a }];
  if (aN !== a) rows.push({ label: `A' Linli, first ${fmtInt(n)}`, r: aN });
  rows.push({ label: n < TOTAL ? `B  naive, first ${fmtInt(n)} (partial)` : 'B  naive (every message)', r: b });
  console.log(`\n${table(rows)}\n`);
  if (n < TOTAL) {
    console.log(`B is a PARTIAL run: the naive store's measured rate over the first ${fmtInt(n)} messages is ${fmtInt(b.rate)} msg/s`);
    console.log(`(state.json is still growing over that prefix, so this flatters the naive store; all ${fmtInt(TOTAL)} would take ≳ ${fmt(TOTAL / b.rate, 0)} s).`);
  }

  const ratio = aN.rate / b.rate;
  console.log(`Ratio A/B in msg/s (same ${fmtInt(n)} messages): ${fmt(ratio, 1)}×   target ≥ ${TARGET_RATIO}×  ${verdict(ratio >= TARGET_RATIO)}`);
  console.log(`Linli throughput (${fmtInt(TOTAL)} messages): ${fmtInt(a.rate)} msg/s   target ≥ ${fmtInt(TARGET_RATE)}  ${verdict(a.rate >= TARGET_RATE)}`);
  console.log(`Linli p99 per message: ${fmt(a.p99, 3)} ms   target < ${TARGET_P99_MS} ms  ${verdict(a.p99 < TARGET_P99_MS)}`);
  const writes = (r: RunResult) => `${fmtInt(r.stateWrites)} write${r.stateWrites === 1 ? '' : 's'}, serialising ${fmt(r.stateSyncMs, 0)} ms on the main thread, ` +
    `${fmt(r.stateWallMs, 0)} ms until written and renamed (summed; mean ${fmt(r.stateWallMs / Math.max(1, r.stateWrites), 2)} ms), final file ${fmt(r.stateBytes / 2 ** 20, 2)} MB`;
  console.log(`\nstate.json rewrites, counted and timed at the store's own call (its lowdb adapter):`);
  console.log(`  A  ${writes(a)}`);
  if (aN !== a) console.log(`  A' ${writes(aN)}`);
  console.log(`  B  ${writes(b)}`);
  console.log(`Slowest message: A #${fmtInt(a.maxAt)} (${fmt(a.max, 2)} ms), B #${fmtInt(b.maxAt)} (${fmt(b.max, 2)} ms).`);
  console.log(`RSS before the timed loop (workload generated, store open): A ${fmt(a.baseRssMb, 0)} MB, B ${fmt(b.baseRssMb, 0)} MB.`);
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await childMain(process.argv[childAt + 1] ?? '{}');
else await main();
