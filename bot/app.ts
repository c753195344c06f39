import type { Config } from './config.ts';
import { Ctx, type Services } from './context.ts';
import { Engine } from './engine.ts';
import type { Logger } from './logger.ts';
import { Outbox } from './outbox.ts';
import { Router } from './router.ts';
import { ownerNamesAllowed } from './config.ts';
import { tooLongHandler } from './too-long.ts';
import type { Channel, Clock, InboundEvent, MemberRef } from './types.ts';
import { behaviourLogger } from './behaviour.ts';
import { Commands } from './commands.ts';
import { installFeatures, type Feature, type FeatureRoute } from './feature.ts';
import { isStaff, rolesFeature } from './roles.ts';
import { statusCommand } from './status.ts';
import { broadcastsFeature } from '../handlers/broadcasts/index.ts';
import { catalogFeature } from '../handlers/catalog/index.ts';
import { consoleFeature } from '../handlers/console/index.ts';
import { fulfilmentFeature } from '../handlers/fulfilment/index.ts';
import { jielongFeature } from '../handlers/jielong/index.ts';
import { pointsFeature } from '../handlers/points/index.ts';
import { hasOptedOut, profilesFeature } from '../handlers/profiles/index.ts';
import { qaFeature } from '../handlers/qa/index.ts';
import { recallFeature } from '../handlers/recall/index.ts';
import { streamsFeature } from '../handlers/streams/index.ts';
import { welcomeFeature } from '../handlers/welcome/index.ts';
import { autoreplyFeature } from '../handlers/autoreply/index.ts';
import { pollCardLines, pollsFeature } from '../handlers/polls/index.ts';
import { birthdaysFeature } from '../handlers/birthdays/index.ts';
import { invitesOfKoc, kocCardLines, kocFeature } from '../handlers/koc/index.ts';
import { hygieneFeature } from '../handlers/hygiene/index.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { Store } from '../store/db.ts';

export interface Linli {
  services: Services;
  router: Router;
  commands: Commands;
  engine: Engine;
  /** The features' web pages (the owner's console), for the web server to mount (bot/web/app.ts). */
  routes: readonly FeatureRoute[];
  /** Feeds one inbound event through the handlers. */
  handle(event: InboundEvent): Promise<Ctx | undefined>;
  /** Resolves when work handlers started in the background (model calls) has finished. */
  idle(): Promise<void>;
  attach(channel: Channel): void;
  /** Flushes everything acknowledged to disk and stops timers. */
  close(): Promise<void>;
}

export interface LinliOptions {
  config: Config;
  clock: Clock;
  log: Logger;
  /** An already-open store (tests, benchmarks); otherwise DATA_DIR is opened. */
  store?: Store;
  /** The features, in router order (a test may build a bot with one); default linliFeatures(). */
  features?: readonly Feature[];
}

/**
 * Linli's features, in order: a feature's handler sits at its place here (after the behaviour
 * logger, the too-long guard and the slash commands). Recall's opt-out words come before
 * everything that might answer them; product questions come last: what no other feature took
 * may be a question. What one feature needs of another is passed to its factory.
 */
export function linliFeatures(): Feature[] {
  const broadcasts = broadcastsFeature();
  const fulfilment = fulfilmentFeature({ optedOut: (services, id) => hasOptedOut(services.store.data, id) });
  // The member card (/画像 and the console) gathers lines from the features that know the member.
  const cardMore = (services: Services, id: string) => [...fulfilment.cardLines(services, id), ...pollCardLines(services, id), ...kocCardLines(services, id)];
  const profiles = profilesFeature({ cardMore });
  return [
    rolesFeature(), hygieneFeature(), jielongFeature({ orderMarks: fulfilment.orderMarks }), pollsFeature(), fulfilment, catalogFeature(), broadcasts, profiles, recallFeature(profiles), streamsFeature(broadcasts.placeholders),
    welcomeFeature(broadcasts.placeholders), birthdaysFeature(), kocFeature(), pointsFeature({ invitesOfKoc }), autoreplyFeature(), qaFeature(), consoleFeature({ orderMarks: fulfilment.orderMarks, cardMore }),
  ];
}

/** Wires store, outbox, scheduler, router and the features. No channel, no timers. */
export async function createLinli({ config, clock, log, store: given, features }: LinliOptions): Promise<Linli> {
  const store = given ?? (await Store.open(config.DATA_DIR, { flushMs: config.STORE_FLUSH_MS }));
  const outbox = new Outbox(store, clock, {
    minGapMs: config.OUTBOX_MIN_GAP_MS, groupPerMinute: config.OUTBOX_GROUP_PER_MINUTE, groupsGapMs: config.OUTBOX_GROUPS_GAP_MS,
    quietHours: config.DM_QUIET_HOURS, dmDailyCap: config.DM_DAILY_CAP, tz: config.TZ,
  }, log, config.OUTBOX_MAX_ATTEMPTS);
  outbox.syncSends = config.OUTBOX_SYNC_SENDS;
  const scheduler = new Scheduler(store, clock, { tz: config.TZ, missedWindowMs: config.SCHEDULER_MISSED_WINDOW_MINUTES * 60_000 }, log);
  store.log.onListenerError = (err, entry) => log.error({ err, kind: entry.kind }, 'behaviour listener failed');
  const owners = new Set(config.OWNER_IDS);
  const services: Services = {
    config, store, outbox, scheduler, clock, log,
    // A name matches only in the sandbox (or when explicitly allowed): on a real account anyone can take a name.
    isOwner: (m: MemberRef) => owners.has(m.id) || (ownerNamesAllowed(config) && owners.has(m.name)),
    isStaff: (m: MemberRef) => isStaff(services, m),
  };

  const commands = new Commands().add(statusCommand);
  scheduler.handle('post', postJob(services));
  const installed = installFeatures(features ?? linliFeatures(), services, commands);
  const router = new Router(services).use(behaviourLogger, tooLongHandler, commands.handler(), ...installed.handlers);
  const engine = new Engine(clock, scheduler, outbox, log, config.TZ);
  // Work the model does beside the event queue (answers, recall previews).
  const idle = () => installed.idle();
  return {
    services, router, commands, engine, idle, routes: installed.routes,
    handle: (event) => router.handle(event),
    attach: (channel) => outbox.attach(channel),
    async close() {
      await idle();
      await engine.stop();
      await installed.close();
      await store.close();
    },
  };
}

/** The generic scheduled post: `{ group: {id, name}, text }`, keyed by job and slot so a
 * recurring post goes out once per slot. */
function postJob(services: Services) {
  return (payload: unknown, job: { id: string; at: number }) => {
    const p = payload as { group?: { id: string; name: string }; text?: string };
    if (!p.group || !p.text) throw new Error(`post job ${job.id} has no group or text`);
    services.outbox.enqueue({ key: `job:${job.id}:${job.at}`, to: { kind: 'group', group: p.group }, text: p.text });
  };
}
