import { config as loadDotenv } from 'dotenv';
import { createLinli, type Linli } from './app.ts';
import { ConfigError, loadConfig, usesPuppetService, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSandboxDriver, startSandbox } from './channels/sandbox.ts';
import { attachWechaty, buildServiceWechaty } from './channels/wechaty.ts';
import { createWebApp } from './web/app.ts';
import { serveWeb } from './web/serve.ts';
import { OffsetClock, systemClock } from '../scheduler/clock.ts';
import { loadCatalogFile } from '../store/catalog.ts';
import { DataFileError } from '../store/errors.ts';

// Wiring only: configuration, store, channel, web page, timers, clean shutdown.

const EXAMPLE_CATALOG = new URL('../store/catalog.example.json', import.meta.url).pathname;

type Stop = () => Promise<void>;

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const stops = usesPuppetService(config) ? await runService(config, log) : await runSandbox(config, log);
  onShutdown(log, stops);
}

/** The embedded default: the real Wechaty adapter on a mock WeChat, and the local page. */
async function runSandbox(config: Config, log: Logger): Promise<Stop[]> {
  const clock = new OffsetClock();
  const sandbox = await startSandbox({ clock, log, botName: config.BOT_NAME });
  // With no owner configured, the demo shop's owner is the owner.
  const owned = config.OWNER_IDS.length ? config : { ...config, OWNER_IDS: [sandbox.ids.owner] };
  const linli = await open(owned, clock, log);
  // The page's 快进 is not saved; resume from the latest time the data has seen, so pacing
  // and due items written on a fast-forwarded clock still make sense after a restart.
  clock.set(latestRecordedTime(linli.services.store.data));
  if (linli.services.store.data.catalog.length === 0 && !config.CATALOG_FILE) {
    linli.services.store.data.catalog = loadCatalogFile(EXAMPLE_CATALOG);
    linli.services.store.changed();
  }
  linli.attach(attachWechaty(sandbox.bot, { clock, log, onEvent: (e) => linli.handle(e).then(() => undefined) }));
  const driver = createSandboxDriver(sandbox, {
    clock, botName: config.BOT_NAME,
    advance: (ms) => linli.engine.advanceTo(clock.now() + ms, clock),
  });
  const web = await serveWeb(createWebApp(driver), { host: config.WEB_HOST, port: config.WEB_PORT });
  linli.engine.start();
  // The one line a newcomer needs, on stdout whatever the log level.
  process.stdout.write(`\n邻里 Linli 沙盒已启动：${web.url}\n（模拟微信，不需要账号；在页面里以居民或团长身份发消息，试试 /help）\n\n`);
  return [web.close, async () => driver.close(), sandbox.stop, linli.close];
}

/** A real account through any Wechaty puppet service. */
async function runService(config: Config, log: Logger): Promise<Stop[]> {
  const linli = await open(config, systemClock, log);
  const bot = buildServiceWechaty({
    endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT!,
    token: config.WECHATY_PUPPET_SERVICE_TOKEN ?? '',
    noTlsInsecureClient: config.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT,
  });
  linli.attach(attachWechaty(bot, { clock: systemClock, log, onEvent: (e) => linli.handle(e).then(() => undefined) }));
  await bot.start();
  linli.engine.start();
  log.info({ endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT }, 'connected to the puppet service');
  return [() => bot.stop(), linli.close];
}

async function open(config: Config, clock: Linli['services']['clock'], log: Logger): Promise<Linli> {
  const linli = await createLinli({ config, clock, log });
  if (config.CATALOG_FILE) {
    linli.services.store.data.catalog = loadCatalogFile(config.CATALOG_FILE);
    linli.services.store.changed();
  }
  return linli;
}

function latestRecordedTime(state: Linli['services']['store']['data']): number {
  let latest = 0;
  for (const m of Object.values(state.members)) latest = Math.max(latest, m.lastSeenAt);
  for (const i of state.outbox) latest = Math.max(latest, i.sentAt ?? i.createdAt);
  for (const d of state.due) latest = Math.max(latest, d.finishedAt ?? d.createdAt);
  return latest;
}

/** SIGINT / SIGTERM: stop taking messages, flush everything acknowledged, then exit. */
function onShutdown(log: Logger, stops: Stop[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    for (const s of stops) {
      try {
        await s();
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'error while stopping');
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof DataFileError;
  process.stderr.write(`${known ? (err as Error).message : (err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
