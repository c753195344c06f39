import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, usesPuppetService, usesWecom } from './config.ts';
import { createLogger } from './logger.ts';
import { startSandboxBot, startServiceBot, startWecomBot, type Running } from './start.ts';
import { DataFileError } from '../store/errors.ts';
import { lockDataDir } from '../store/lock.ts';

// `npm start`: configuration, then the sandbox or a real account, then a clean shutdown.

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  // One process per DATA_DIR: a second one refuses to start. Released below, or at any exit.
  const lock = lockDataDir(config.DATA_DIR, (stale) => log.warn({ dataDir: config.DATA_DIR, stalePid: stale.pid, startedAt: stale.startedAt }, 'took over the lock left by a Linli that did not shut down cleanly'));
  let running: Running;
  if (usesPuppetService(config)) {
    running = await startServiceBot(config, log);
  } else if (usesWecom(config)) {
    const wecom = await startWecomBot(config, log);
    process.stdout.write(`\n邻里 Linli 企业微信回调已启动：${wecom.callbackPaths.map((p) => wecom.url + p).join('  ')}\n（在企业微信管理后台把回调 URL 指向这里对外的地址）\n\n`);
    running = wecom;
  } else {
    const sandbox = await startSandboxBot(config, log);
    // The one line a newcomer needs, on stdout whatever the log level.
    process.stdout.write(`\n邻里 Linli 沙盒已启动：${sandbox.url}\n（模拟微信，不需要账号；在页面里以居民或团长身份发消息，试试 /help）\n\n`);
    running = sandbox;
  }
  // SIGINT / SIGTERM: stop taking messages, flush everything acknowledged, then exit.
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    void running.stop().then(() => {
      lock.release();
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof DataFileError;
  process.stderr.write(`${known ? (err as Error).message : (err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
