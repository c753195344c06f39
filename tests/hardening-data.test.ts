// Bad data files stop start-up with the file's name and what to do, and are never overwritten:
// a state.json of the wrong shape, journals without their state.json, a state.json without
// the points.jsonl it needs (missing or cut short), and ledger lines the points rules could
// never have written.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { ledgerJournal } from '../handlers/points/book.ts';
import type { LedgerEntry } from '../handlers/points/state.ts';
import { Store } from '../store/db.ts';
import { DataFileError } from '../store/errors.ts';
import { LEDGER_LIMITS } from '../handlers/points/ledger-check.ts';
import { emptyState, SCHEMA_VERSION } from '../store/schema.ts';
import { dmText, groupText, member, T0, tempDir, testBot, storeRefusal } from './helpers.ts';

const wang = member('王阿姨');
const li = member('李哥');

/** Store.open's refusal, or a failure when it opened. */
const refusal = storeRefusal;

function writeState(dir: string, state: object): string {
  const file = join(dir, 'state.json');
  writeFileSync(file, JSON.stringify(state));
  return file;
}

/** A shop where points were earned through the bot: three ledger lines, balances 王阿姨 25, 李哥 5. */
async function shopWithPoints(): Promise<string> {
  const { linli, config } = await testBot({ OWNER_IDS: 'wxid_owner' });
  await linli.handle(groupText(wang, '签到', T0));
  await linli.handle(groupText(li, '签到', T0 + 1_000));
  await linli.handle(dmText(member('老赵', 'wxid_owner'), '/积分 调整 王阿姨 +20 帮忙搬货', T0 + 2_000));
  expect(linli.services.store.data.points.balances).toEqual({ [wang.id]: 25, [li.id]: 5 });
  await linli.close();
  return config.DATA_DIR;
}

const line = (e: Partial<LedgerEntry>) => JSON.stringify({ key: `k${Math.random()}`, member: wang.id, reason: '测试', source: 'e1', at: T0, ...e }) + '\n';

describe('state.json of the wrong shape', () => {
  it.each([
    ['null', 'null', '内容是 null'],
    ['members: 5 (a bot up but silent)', JSON.stringify({ ...emptyState(), members: 5 }), '「members」应是对象'],
    ['outbox: {} (a stack trace on the first send)', JSON.stringify({ ...emptyState(), outbox: {} }), '「outbox」应是列表'],
    ['a member whose groups is not a list', JSON.stringify({ ...emptyState(), members: { w: { id: 'w', name: '王阿姨', aliases: {}, groups: 'g1', groupsEver: [] } } }), '「members.w.groups」应是列表'],
    ['an outbox item without its key', JSON.stringify({ ...emptyState(), outbox: [{ to: { kind: 'dm' }, text: 'x', mentions: [], state: 'pending', createdAt: 1, notBefore: 1, attempts: 0 }] }), '「outbox.0.key」应是文字'],
    ['points balances that are not numbers', JSON.stringify({ ...emptyState(), points: { balances: { w: '25' } } }), '「points.balances.w」应是数字'],
    ['a collection that is null', JSON.stringify({ ...emptyState(), catalog: null }), '「catalog」应是列表'],
  ])('stops start-up on %s, names the file and the field, and leaves it as it is', async (_what, content, problem) => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    writeFileSync(file, content);
    const err = await refusal(dir);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain(problem);
    expect(err.message).toContain('备份');
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('stays tolerant of fields it does not know and of collections a file does not have', async () => {
    const dir = tempDir();
    const { streams: _absent, ...rest } = emptyState();
    writeState(dir, {
      ...rest, fromANewerFeature: { x: 1 },
      members: { w: { id: 'w', name: '王阿姨', aliases: {}, groups: [], groupsEver: [], firstSeenAt: 1, lastSeenAt: 1, nickname: '阿姨' } },
    });
    const store = await Store.open(dir);
    expect(store.data.streams).toEqual({ items: {} });
    expect(store.data.members.w).toMatchObject({ nickname: '阿姨' });
    expect((store.data as unknown as Record<string, unknown>).fromANewerFeature).toEqual({ x: 1 });
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    await store.close();
  });
});

describe('state.json without the points.jsonl it needs', () => {
  it('a missing points.jsonl stops start-up instead of zeroing every balance, and nothing is created or rewritten', async () => {
    const dir = await shopWithPoints();
    const state = readFileSync(join(dir, 'state.json'), 'utf8');
    rmSync(join(dir, 'points.jsonl'));
    const err = await refusal(dir);
    expect(err.file).toBe(join(dir, 'points.jsonl'));
    expect(err.message).toContain('文件不存在');
    expect(err.message).toContain('3 条');
    expect(err.message).toContain('从备份放回完整的 points.jsonl');
    expect(existsSync(join(dir, 'points.jsonl'))).toBe(false);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(state);
  });

  it('a points.jsonl cut short stops start-up instead of halving balances; put back whole, the shop opens as it was', async () => {
    const dir = await shopWithPoints();
    const ledger = join(dir, 'points.jsonl');
    const whole = readFileSync(ledger, 'utf8');
    const state = readFileSync(join(dir, 'state.json'), 'utf8');
    writeFileSync(ledger, whole.split('\n').slice(0, 1).join('\n') + '\n');
    const err = await refusal(dir);
    expect(err.file).toBe(ledger);
    expect(err.message).toContain('只读到 1 条有效记录');
    expect(err.message).toContain('已有 3 条');
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(state);

    writeFileSync(ledger, whole);
    const { linli } = await testBot({ DATA_DIR: dir });
    expect(linli.services.store.data.points.balances).toEqual({ [wang.id]: 25, [li.id]: 5 });
    await linli.close();
  });

  it('a state.json from before line counts were kept, holding balances, still needs a ledger', async () => {
    const dir = tempDir();
    const file = writeState(dir, { ...emptyState(), points: { ...emptyState().points, balances: { [wang.id]: 25 } } });
    const err = await refusal(dir);
    expect(err.file).toBe(join(dir, 'points.jsonl'));
    expect(readFileSync(file, 'utf8')).toContain('"balances"');
    expect(existsSync(join(dir, 'points.jsonl'))).toBe(false);
  });
});

describe('ledger lines are checked against the points rules as they are read', () => {
  it.each([
    ['a forged adjustment of a million points', [line({ kind: 'adjust', amount: 1_000_000 })], '第 1 行', '团长调整一次最多 ±100000 分'],
    ['a check-in worth more than any setting allows', [line({ kind: 'checkin', amount: 10_001 })], '第 1 行', '签到一次最多 10000 分'],
    ['a negative check-in', [line({ kind: 'checkin', amount: -50 })], '第 1 行', '签到只会加分'],
    ['a spend that takes a balance below zero', [line({ kind: 'checkin', amount: 5 }), line({ kind: 'redeem', amount: -30 })], '第 2 行', '变成 -25'],
    ['a deduction that takes a balance below zero', [line({ kind: 'adjust', amount: -1 })], '第 1 行', '余额不能为负'],
    ['a purchase above the most a yuan can earn', [line({ kind: 'purchase', amount: 1_000_000, reason: '接龙「周六团购」¥39.8' })], '第 1 行', '订单 ¥39.8 最多 3980 分'],
    ['a purchase that names no order amount', [line({ kind: 'purchase', amount: 10, reason: '买东西' })], '第 1 行', '没有订单金额'],
  ])('%s stops start-up, naming the file and the line', async (_what, lines, where, problem) => {
    const dir = tempDir();
    const ledger = join(dir, 'points.jsonl');
    writeFileSync(ledger, lines.join(''));
    const err = await refusal(dir);
    expect(err.file).toBe(ledger);
    expect(err.message).toContain(where);
    expect(err.message).toContain(problem);
    expect(err.message).toContain('删掉这一行');
    expect(readFileSync(ledger, 'utf8')).toBe(lines.join(''));
  });

  it('accepts what the rules allow (purchases at up to 100 a yuan, spending down to zero), and still skips a torn line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'points.jsonl'), [
      line({ kind: 'purchase', amount: 3980, reason: '接龙「周六团购」¥39.8' }),
      line({ kind: 'redeem', amount: -3980 }),
      line({ kind: 'adjust', amount: 100_000 }),
    ].join('') + '{"key":"torn","amo');
    const store = await Store.open(dir);
    const bad: number[] = [];
    expect(ledgerJournal(store, (n) => bad.push(n)).entries.map((e) => e.amount)).toEqual([3980, -3980, 100_000]);
    expect(bad).toEqual([4]);
    await store.close();
  });

  it('the limits are the configuration’s own: one point more is refused by the settings too', () => {
    const refused = (env: Record<string, string>) => () => loadConfig({ DATA_DIR: tempDir(), ...env });
    for (const [name, most] of [
      ['POINTS_CHECKIN', LEDGER_LIMITS.checkin], ['POINTS_SHARE', LEDGER_LIMITS.share],
      ['POINTS_INVITE', LEDGER_LIMITS.invite], ['POINTS_INVITE_FIRST_ORDER', LEDGER_LIMITS.referral],
      ['POINTS_PER_YUAN', LEDGER_LIMITS.perYuan],
    ] as const) {
      expect(refused({ [name]: String(most) })).not.toThrow();
      expect(refused({ [name]: String(most + 1) })).toThrow(name);
    }
    expect(refused({ POINTS_STREAK_BONUS: `7:${LEDGER_LIMITS.streak}` })).not.toThrow();
    expect(refused({ POINTS_STREAK_BONUS: `7:${LEDGER_LIMITS.streak + 1}` })).toThrow('POINTS_STREAK_BONUS');
  });
});

describe('journals without their state.json (a real start)', () => {
  function start(data: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'bot', 'main.ts')], {
      env: { ...process.env, HOME: tempDir('linli-home-'), LOG_LEVEL: 'warn', WEB_PORT: '0', DATA_DIR: data },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }));
  }

  it('a deleted state.json with journals present stops start-up with what to do, instead of starting a fresh shop over them', async () => {
    const dir = await shopWithPoints();
    rmSync(join(dir, 'state.json'));
    const before = ['events.jsonl', 'points.jsonl', 'outbox.jsonl'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const { code, stderr } = await start(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(join(dir, 'state.json'));
    expect(stderr).toContain('points.jsonl');
    expect(stderr).toContain('从备份放回 state.json');
    expect(stderr).toContain('换一个空目录');
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(['events.jsonl', 'points.jsonl', 'outbox.jsonl'].map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
  });
});
