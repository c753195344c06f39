import { createLinli, type Linli } from './app.ts';
import { isLoopbackHost, startupWarnings, type Config } from './config.ts';
import type { Logger } from './logger.ts';
// Each channel's code is imported when that channel starts (issue 20): wechaty and its puppets
// cost seconds and tens of MB at start-up, which a WeCom-only shop should not pay, nor the
// sandbox for the WeCom code. Types only here (erased); tests/lazy-channels.test.ts checks it.
import type { SandboxControls } from './channels/sandbox.ts';
import type { ChannelStatus, WechatyChannel } from './channels/wechaty.ts';
import type { Clock } from './types.ts';
import { pageAccess } from './web/access.ts';
import { createWebApp, mountRoutes } from './web/app.ts';
import { serveWeb } from './web/serve.ts';
import { Inbound } from './inbound.ts';
import { healthApp, mountHealthz, wechatyHealth } from './healthz.ts';
import { watchOutagesFromConfig } from './outage.ts';
import { OffsetClock, systemClock } from '../scheduler/clock.ts';
import { loadCatalogFile, syncCatalogFile } from '../store/catalog.ts';
import { checkDataDir } from '../store/validate.ts';
import { logGroupRoster } from './behaviour.ts';
import { ownerRefs } from './owners.ts';
import type { State } from '../store/schema.ts';

// The two ways to run the bot, each returning what it started and how to stop it in order.

const EXAMPLE_CATALOG = new URL('../store/catalog.example.json', import.meta.url).pathname;

export interface Running {
  linli: Linli;
  /** Stops everything, flushing what was acknowledged. */
  stop(): Promise<void>;
}

export interface RunningSandbox extends Running {
  url: string;
  driver: SandboxControls;
  clock: OffsetClock;
}

/** The embedded default: the real Wechaty adapter on a mock WeChat, and the local page. */
export async function startSandboxBot(config: Config, log: Logger): Promise<RunningSandbox> {
  const [{ createSandboxDriver, startSandbox }, { attachWechaty }] = await Promise.all([import('./channels/sandbox.ts'), import('./channels/wechaty.ts')]);
  const clock = new OffsetClock();
  // The page's timeline, the people it added and the groups as it left them, from DATA_DIR/sandbox/.
  const sandbox = await startSandbox({ log, botName: config.BOT_NAME, dataDir: config.DATA_DIR });
  // With no owner configured, the demo shop's owner is the owner.
  const owned = config.OWNER_IDS.length ? config : { ...config, OWNER_IDS: [sandbox.ids.owner] };
  const linli = await openLinli(owned, clock, log);
  // The page's 快进 is not saved; resume from the latest time the data has seen, so pacing
  // and due items written on a fast-forwarded clock still make sense after a restart.
  clock.set(latestRecordedTime(linli.services.store.data));
  // Messages the page took before a crash are handled first (below); not before their time.
  const inbound = Inbound.open(linli.services.store, clock, log);
  clock.set(inbound.journal.latestAcceptedAt);
  if (linli.services.store.data.catalog.length === 0 && !config.CATALOG_FILE) {
    linli.services.store.data.catalog = loadCatalogFile(EXAMPLE_CATALOG);
    linli.services.store.changed();
  }
  const channel = attachWechaty(sandbox.bot, { clock, log, onEvent: inbound.handleOnce(async (e) => void (await linli.handle(e))) });
  linli.attach(channel);
  const outages = watchOutagesFromConfig(linli.services, channel);
  await syncRoster(linli, channel, clock, log);
  const driver = createSandboxDriver(sandbox, {
    clock, botName: config.BOT_NAME,
    advance: (ms) => linli.engine.advanceTo(clock.now() + ms, clock),
  });
  await inbound.recoverSandbox(driver);
  // The page has no accounts: this machine only, unless opened on purpose (config.ts checks
  // the same; this holds for a Config built by hand too).
  const host = config.SANDBOX_PUBLIC || isLoopbackHost(config.WEB_HOST) ? config.WEB_HOST : '127.0.0.1';
  const page = mountRoutes(mountHealthz(createWebApp(driver, log, pageAccess(config), inbound), wechatyHealth(linli.services, channel)), linli.routes);
  const web = await serveWeb(page, { host, port: config.WEB_PORT });
  linli.engine.start();
  return {
    linli, url: web.url, driver, clock,
    // What the page took is handled, and marked so, before the store closes.
    stop: inOrder(log, [web.close, () => channel.idle(), async () => driver.close(), async () => outages.close(), sandbox.stop, () => inbound.settle(), linli.close, async () => inbound.close()]),
  };
}

/** A real account through any Wechaty puppet service; `url` serves /healthz (bot/healthz.ts). */
export async function startServiceBot(config: Config, log: Logger, clock: Clock = systemClock): Promise<Running & { url: string }> {
  const { attachWechaty, buildServiceWechaty } = await import('./channels/wechaty.ts');
  const linli = await openLinli(config, clock, log);
  const bot = buildServiceWechaty({
    endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT!,
    token: config.WECHATY_PUPPET_SERVICE_TOKEN ?? '',
    noTlsInsecureClient: config.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT,
  });
  const channel = attachWechaty(bot, { clock, log, onEvent: async (e) => void (await linli.handle(e)) });
  linli.attach(channel);
  const outages = watchOutagesFromConfig(linli.services, channel);
  const web = await serveWeb(mountRoutes(healthApp(wechatyHealth(linli.services, channel)), linli.routes), { host: config.WEB_HOST, port: config.WEB_PORT });
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  await bot.start();
  linli.engine.start();
  log.info({ endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT, healthz: `${web.url}/healthz` }, 'connected to the puppet service; waiting for login');
  void loggedIn.then(() => {
    log.info('logged in');
    return syncRoster(linli, channel, clock, log);
  });
  return { linli, url: web.url, stop: inOrder(log, [web.close, async () => outages.close(), () => bot.stop(), linli.close]) };
}

export interface RunningWecom extends Running {
  /** Where WeCom's callbacks are served (behind the public address the admin console points at). */
  url: string;
  callbackPaths: string[];
}

/** WeCom's official API: signed callbacks on hono, replies through the WeCom Channel. */
export async function startWecomBot(config: Config, log: Logger, clock: Clock = systemClock): Promise<RunningWecom> {
  const { AIBOT_PATH, CALLBACK_PATH, createWecom } = await import('./channels/wecom/index.ts');
  const linli = await openLinli(config, clock, log);
  const inbound = Inbound.open(linli.services.store, clock, log);
  // WeCom's API has no login to lose: the channel is up while the server runs; /healthz still
  // shows the last inbound and outbound times and the backlog.
  const status: ChannelStatus = { state: 'logged-in', since: clock.now() };
  const wecom = createWecom({
    config, store: linli.services.store, clock, log,
    handle: async (event) => {
      status.lastInboundAt = clock.now();
      await linli.handle(event);
    },
    flush: async () => void (await linli.services.outbox.drain()),
    inbound: inbound.journal,
  });
  const channel = wecom.channel;
  linli.attach({
    name: channel.name,
    send: async (message) => {
      await channel.send(message);
      status.lastOutboundAt = clock.now();
    },
  });
  mountHealthz(wecom.app, { channel: 'wecom', status: () => status, outbox: linli.services.outbox, clock, tz: config.TZ });
  mountRoutes(wecom.app, linli.routes);
  // Callbacks acknowledged before a crash go first, ahead of any new one, and before the engine.
  const recovered = wecom.recover();
  const web = await serveWeb(wecom.app, { host: config.WEB_HOST, port: config.WEB_PORT });
  await recovered;
  linli.engine.start();
  const callbackPaths = [
    ...(config.WECOM_TOKEN ? [CALLBACK_PATH] : []),
    ...(config.WECOM_BOT_TOKEN ? [AIBOT_PATH] : []),
  ];
  log.info({ url: web.url, callbackPaths }, 'serving WeCom callbacks');
  // Callbacks acknowledged but not yet handled finish before the store closes.
  return {
    linli, url: web.url, callbackPaths,
    stop: inOrder(log, [web.close, () => wecom.idle(), () => inbound.settle(), linli.close, async () => inbound.close()]),
  };
}

async function openLinli(config: Config, clock: Clock, log: Logger): Promise<Linli> {
  // Unsafe settings that are allowed are said at every start, so they are not forgotten.
  for (const warning of startupWarnings(config)) log.warn(warning);
  // Journals without state.json are a shop that lost its state, not a new one: stop here.
  const fresh = checkDataDir(config.DATA_DIR);
  const linli = await createLinli({ config, clock, log });
  if (fresh) {
    // state.json before any journal line, so a crash in the first second is not mistaken
    // for a lost state.json at the next start.
    linli.services.store.changed();
    await linli.services.store.flush();
  }
  // A full disk stops sending; the owners hear of it by DM.
  linli.services.outbox.tellWhenWritesFail(() => ownerRefs(linli.services));
  // The file is read when new or changed; otherwise the owner's /商品 edits since are kept.
  if (config.CATALOG_FILE && syncCatalogFile(linli.services.store.data, config.CATALOG_FILE, clock.now())) {
    linli.services.store.changed();
    log.info({ products: linli.services.store.data.catalog.length }, 'catalog loaded from CATALOG_FILE');
  }
  return linli;
}

/**
 * The groups the account is in and their members, into the store: the bot knows every group
 * ("全部群") and member before anyone speaks. A failure is logged; events still teach the rest.
 */
async function syncRoster(linli: Linli, channel: WechatyChannel, clock: Clock, log: Logger): Promise<void> {
  try {
    const roster = await channel.roster();
    const { store } = linli.services;
    let found = 0;
    for (const { group, members } of roster) found += logGroupRoster(store, group, members, clock.now());
    log.info({ groups: roster.length, members: roster.reduce((n, g) => n + g.members.length, 0), newToProfiles: found }, 'groups and members read');
  } catch (err) {
    log.warn({ err }, 'could not read the groups and their members');
  }
}

function latestRecordedTime(state: State): number {
  let latest = 0;
  for (const m of Object.values(state.members)) latest = Math.max(latest, m.lastSeenAt);
  for (const i of state.outbox) latest = Math.max(latest, i.sentAt ?? i.createdAt);
  for (const d of state.due) latest = Math.max(latest, d.finishedAt ?? d.createdAt);
  return latest;
}

/** Runs each stop in turn; one that fails is logged and the rest still run. */
function inOrder(log: Logger, stops: Array<() => Promise<void>>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= (async () => {
    for (const stop of stops) {
      try {
        await stop();
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'error while stopping');
      }
    }
  })());
}
