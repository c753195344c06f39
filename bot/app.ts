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
import { statusCommand } from './status.ts';
import { jielongHandler } from '../handlers/jielong/handler.ts';
import { ownOrdersHandler } from '../handlers/jielong/mine.ts';
import { jielongListHandler } from '../handlers/jielong/list.ts';
import { pendingOpenHandler } from '../handlers/jielong/open-pending.ts';
import { CONFIRM_JOB, confirmJob } from '../handlers/jielong/confirm.ts';
import { CUTOFF_JOB, cutoffJob } from '../handlers/jielong/close.ts';
import { jielongCommand } from '../handlers/jielong/commands.ts';
import { pointsFeature } from '../handlers/points/handler.ts';
import { catalogCommand } from '../handlers/catalog/command.ts';
import { createQa } from '../handlers/qa/handler.ts';
import { broadcastsFeature } from '../handlers/broadcasts/feature.ts';
import { streamsFeature } from '../handlers/streams/feature.ts';
import { profilesFeature } from '../handlers/profiles/feature.ts';
import { recallFeature } from '../handlers/recall/feature.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { Store } from '../store/db.ts';

export interface Linli {
  services: Services;
  router: Router;
  commands: Commands;
  engine: Engine;
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
}

/** Wires store, outbox, scheduler, router and the feature handlers. No channel, no timers. */
export async function createLinli({ config, clock, log, store: given }: LinliOptions): Promise<Linli> {
  const store = given ?? (await Store.open(config.DATA_DIR, { flushMs: config.STORE_FLUSH_MS }));
  const outbox = new Outbox(store, clock, {
    minGapMs: config.OUTBOX_MIN_GAP_MS, groupPerMinute: config.OUTBOX_GROUP_PER_MINUTE, groupsGapMs: config.OUTBOX_GROUPS_GAP_MS,
    quietHours: config.DM_QUIET_HOURS, dmDailyCap: config.DM_DAILY_CAP, tz: config.TZ,
  }, log, config.OUTBOX_MAX_ATTEMPTS);
  const scheduler = new Scheduler(store, clock, { tz: config.TZ, missedWindowMs: config.SCHEDULER_MISSED_WINDOW_MINUTES * 60_000 }, log);
  store.log.onListenerError = (err, entry) => log.error({ err, kind: entry.kind }, 'behaviour listener failed');
  const owners = new Set(config.OWNER_IDS);
  const services: Services = {
    config, store, outbox, scheduler, clock, log,
    // A name matches only in the sandbox (or when explicitly allowed): on a real account anyone can take a name.
    isOwner: (m: MemberRef) => owners.has(m.id) || (ownerNamesAllowed(config) && owners.has(m.name)),
  };

  const commands = new Commands().add(statusCommand).add(jielongCommand)
    .keyword({ text: '+1、我要两份、改成3份、取消', summary: '群里有接龙时，不用转发整条接龙也能报名、改数量、取消' })
    .keyword({ text: '我的订单、我买了几份', summary: '私聊我或在群里@我，看看你在正在进行的接龙里登记了什么' })
    .keyword({ text: '看接龙、接龙发一下', summary: '群里正在进行的接龙，完整名单发出来，方便接着接龙' })
    .keyword({ text: '直接问商品', summary: '比如“亚麻籽油多少钱？”“小米是哪里产的？”，私聊我或在群里@我都行' });
  scheduler.handle('post', postJob(services));
  scheduler.handle(CONFIRM_JOB, confirmJob(services));
  scheduler.handle(CUTOFF_JOB, cutoffJob(services));
  const qa = createQa(services);
  commands.add(catalogCommand);
  for (const command of qa.commands) commands.add(command);
  for (const [kind, job] of Object.entries(qa.jobs)) scheduler.handle(kind, job);

  const points = pointsFeature(services, commands);
  const { placeholders } = broadcastsFeature(services, commands);
  const streams = streamsFeature(services, commands, placeholders);
  const profiles = profilesFeature(services, commands);
  const recall = recallFeature(services, commands, profiles);

  // Opt-out words (recall) before everything that might answer them; product questions come
  // last: what no other feature took may be a question. The owner's 确认 of a DM-sent 接龙 and
  // 看接龙 come before the 接龙 reader, which would otherwise try them as short orders.
  const router = new Router(services).use(
    behaviourLogger, tooLongHandler, commands.handler(), pendingOpenHandler, jielongListHandler, jielongHandler, ownOrdersHandler, recall.handler, streams.handler, points.handler, qa.handler,
  );
  const engine = new Engine(clock, scheduler, outbox, log, config.TZ);
  // Work the model does beside the event queue (answers, recall previews).
  const idle = async () => {
    await qa.idle();
    await recall.idle();
  };
  return {
    services, router, commands, engine, idle,
    handle: (event) => router.handle(event),
    attach: (channel) => outbox.attach(channel),
    async close() {
      await idle();
      await engine.stop();
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
