import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../store/lock.ts';
import { tempDir } from '../../../tests/helpers.ts';
import { rangeOf, readArgs } from './cli.ts';

// `npm run report` on a data folder a real bot run made: the replay of a week with a live stream,
// an invitation and a 接龙 (tests/fixtures/stream-week.jsonl), through the replay command.

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const REPORT = join(process.cwd(), 'handlers', 'console', 'metrics', 'cli.ts');
const REPLAY = join(process.cwd(), 'bot', 'replay', 'cli.ts');

/** The environment without a real account's settings (the sandbox's rules) and with the replay's owner. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', OWNER_IDS: '老赵', ...extra };
  for (const k of Object.keys(out)) if (/^(WECOM_|WECHATY_|DATA_DIR$|TZ$|PROFILE_)/.test(k)) delete out[k];
  return out;
}

function report(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', REPORT, ...args], { encoding: 'utf8', env: env() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let data: string;
beforeAll(() => {
  data = tempDir('linli-report-');
  const r = spawnSync(TSX, [REPLAY, 'tests/fixtures/stream-week.jsonl', '--data', data], { encoding: 'utf8', env: env() });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);

describe('npm run report', () => {
  let lock: { release(): void } | undefined;
  afterAll(() => lock?.release());

  it('prints the figures of a bot\'s data folder as JSON', () => {
    const { code, out, err } = report('--data', data, '--from', '2026-11-01', '--to', '2026-11-30', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const m = JSON.parse(out);
    expect(m.range).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(m.repurchase).toEqual([{ month: '2026-11', buyers: 0, repeat: 0, rate: null }]);
    // 小新 joined on the 28th, invited by 张姐.
    expect(m.referral).toEqual([{ month: '2026-11', newMembers: 1, invited: 1, share: 1 }]);
    // Reserved: 王阿姨, 张姐, 李叔, 陈哥; of them 王阿姨 and 李叔 ordered from the stream's 接龙.
    expect(m.streams).toEqual([{ stream: 1, title: '冷榨油专场', reservations: 4, reminded: 4, ordered: 2, conversion: 0.5 }]);
    // The owner (老赵, OWNER_IDS) is no member.
    expect(m.summary).toMatchObject({ members: 6, newMembers: 1, buyers: 3, orders: 3 });
    expect(m.summary.salesFen).toBeGreaterThan(0);
    for (const key of ['ltv', 'followOn', 'retention', 'stages', 'weekly', 'recall', 'community']) expect(m).toHaveProperty(key);
  }, 30_000);

  it('prints a table by default, over the 90 days up to today', () => {
    const { code, out } = report('--data', data);
    expect(code).toBe(0);
    expect(out).toContain('月复购率 Monthly repurchase');
    expect(out).toContain('召回效果 Recall uplift');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(out.split('\n')[0]).toContain(`– ${today}`);
  }, 30_000);

  it('says how to use it when the arguments are wrong (exit 2)', () => {
    const tz = 'Asia/Shanghai';
    for (const args of [['--bogus'], ['extra'], ['--to'], ['--data', ''], ['--help']]) expect(readArgs(args), args.join(' ')).toHaveProperty('error');
    for (const args of [{ from: '2026-02-30' }, { to: '2026-13-01' }, { from: '2026-12-01', to: '2026-11-01' }, { from: '20261101' }]) {
      expect(rangeOf(args, tz, Date.now()), JSON.stringify(args)).toHaveProperty('error');
    }
    // Both days included; by default the 90 days up to today.
    expect(rangeOf({ from: '2026-11-01', to: '2026-11-30' }, tz, 0)).toEqual({ from: Date.parse('2026-11-01T00:00:00+08:00'), to: Date.parse('2026-12-01T00:00:00+08:00') });
    expect(rangeOf({}, tz, Date.parse('2026-11-30T23:59:00+08:00'))).toEqual({ from: Date.parse('2026-09-02T00:00:00+08:00'), to: Date.parse('2026-12-01T00:00:00+08:00') });
    const { code, err } = report('--data', data, '--from', '2026-12-01', '--to', '2026-11-01');
    expect(code).toBe(2);
    expect(err).toContain('--from is after --to');
    expect(err).toContain('npm run report --');
  }, 30_000);

  it('refuses a folder that is no data folder, and one a running bot holds (exit 1)', () => {
    const none = report('--data', join(data, 'nothing-here'));
    expect(none.code).toBe(1);
    expect(none.err).toContain('no events.jsonl');
    lock = lockDataDir(data);
    const held = report('--data', data, '--json');
    expect(held.code).toBe(1);
    expect(held.err).toContain(`PID ${process.pid}`);
    expect(held.err).toContain('stop it first, or copy the folder');
    lock.release();
    lock = undefined;
  }, 60_000);
});
