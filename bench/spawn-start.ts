import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Start-up to the printed URL, timed from spawn the way `npm start` runs it (tsx bot/main.ts):
// used by bench/startup.ts (an empty shop) and bench/year.ts (a shop's data after N days).

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'bot', 'main.ts');
const MODULE_LOG = join(ROOT, 'tests', 'module-log.mjs');

/** A WeCom-only shop whose API is nowhere (127.0.0.1:9): starts, sends nothing. */
export const WECOM = {
  WECOM_CORP_ID: 'ww0000000000000001', WECOM_TOKEN: 'LinliCallbackToken', WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'unused', WECOM_API_BASE: 'http://127.0.0.1:9', OWNER_IDS: 'laozhao',
};

export interface Run {
  ms: number;
  peakMb: number;
  /** Resident memory of the bot's process `settleMs` after the URL (when asked for), else NaN. */
  idleMb: number;
  modules: string[];
}

function peakRssMb(pid: number, field = 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Spawns the bot and resolves when `printed` appears on stdout; `dataDir` (kept) or a fresh empty one. */
export function once(env: Record<string, string>, printed: RegExp, logModules = false, dataDir?: string, settleMs = 0): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), 'linli-bench-home-'));
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'linli-bench-data-'));
  const log = join(home, 'modules.txt');
  const started = performance.now();
  // As `npm start` runs it; tsx runs bot/main.ts in a child of its own, so the peak is read from
  // that process's children too.
  const [cmd, args] = logModules ? [process.execPath, ['--import', 'tsx', '--import', MODULE_LOG, MAIN]] : [TSX, [MAIN]];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, HOME: home, DATA_DIR: data, LOG_LEVEL: 'warn', WEB_PORT: '0', ...(logModules ? { LINLI_MODULE_LOG: log } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no address after 60 s: ${out} ${err}`)); }, 60_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (!printed.test(out)) return;
      const ms = performance.now() - started;
      clearTimeout(timer);
      const pids = [child.pid!, ...childrenOf(child.pid!)];
      const peakMb = Math.max(...pids.map((p) => peakRssMb(p)).filter((n) => !Number.isNaN(n)));
      let idleMb = NaN;
      const stop = () => {
        child.kill('SIGTERM');
        child.once('exit', () => {
          const modules = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
          rmSync(home, { recursive: true, force: true });
          if (dataDir === undefined) rmSync(data, { recursive: true, force: true });
          resolve({ ms, peakMb, idleMb, modules });
        });
      };
      if (settleMs <= 0) return stop();
      setTimeout(() => {
        idleMb = Math.max(...pids.map((p) => peakRssMb(p, 'VmRSS')).filter((n) => !Number.isNaN(n)));
        stop();
      }, settleMs);
    });
  });
}

function childrenOf(pid: number): number[] {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return kids.flatMap((k) => [k, ...childrenOf(k)]);
  } catch {
    return [];
  }
}
