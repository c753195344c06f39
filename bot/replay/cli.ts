import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { DataFileError } from '../../store/errors.ts';
import { runReplay, scriptDirOf } from './run.ts';
import { parseScript, ScriptError } from './script.ts';

// npm run --silent replay -- <script.jsonl> [--data DIR]
// stdout carries only the bot's outbound messages, one JSON line each; logs go to stderr.

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { data: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: npm run --silent replay -- <script.jsonl> [--data DIR]\n');
    return 2;
  }
  const script = parseScript(readFileSync(file, 'utf8'));
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'linli-replay-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const log = createLogger(config.LOG_LEVEL, process.stderr);

  let stopSignal: string | undefined;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => (stopSignal = sig));
  try {
    const result = await runReplay(script, {
      config, log, scriptDir: scriptDirOf(file),
      onOutput: (line) => process.stdout.write(JSON.stringify(line) + '\n'),
      shouldStop: () => stopSignal !== undefined,
    });
    if (result.stopped) {
      process.stderr.write(`replay stopped by ${stopSignal} after ${result.handled} of ${script.lines.length} lines; data flushed to ${dataDir}\n`);
      return 130;
    }
    return 0;
  } finally {
    if (!values.data) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const known = err instanceof ScriptError || err instanceof ConfigError || err instanceof DataFileError;
    process.stderr.write(`replay: ${known ? err.message : (err as Error).stack}\n`);
    process.exit(1);
  },
);
