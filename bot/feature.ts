import type { Hono } from 'hono';
import type { Commands, Command, Keyword } from './commands.ts';
import type { Services } from './context.ts';
import type { Handler } from './router.ts';
import type { JobHandler, MissedJob } from '../scheduler/scheduler.ts';
import type { LogEntry } from '../store/log.ts';
import { readEntry, type LogKind, type LogKinds } from '../store/log-kinds.ts';
import type { SliceSpec } from '../store/slices.ts';

// One shape for every feature (grammY's Composer, Koishi's plugin): a feature is a name, the
// slices of state.json it owns, and `install`, which registers everything it does through the
// kit and returns its place in the router, if any, and how to wait for and stop it. bot/app.ts
// is the ordered list of features: a feature's handler sits at its place in that list. Other
// features reach a feature only through its folder's index.ts, and what one feature needs of
// another is passed to its factory as an argument.

/** What a feature registers its parts with while it is installed. */
export interface FeatureKit {
  readonly services: Services;
  /** A slash command, listed in /help for those who may use it. */
  command(command: Command): void;
  /** A plain word residents send, listed in /help; its matcher is the feature's handler. */
  keyword(keyword: Keyword): void;
  /** Runs the scheduler's one-off items of this kind. */
  job(kind: string, run: JobHandler): void;
  /** A recurring job in shop time (cron pattern), run as `kind`. */
  every(id: string, pattern: string, kind: string, payload?: unknown): void;
  /** Hears work that came due while the bot was down and was skipped. */
  onMissed(listener: (job: MissedJob) => void): void;
  /**
   * Follows the behaviour log as it is written: the entries of one kind, read by the reader the
   * writing feature declared (store/log-kinds.ts; a malformed one is logged and skipped), or
   * every entry as written.
   */
  follow<K extends LogKind>(kind: K, listener: (entry: LogKinds[K]) => void): void;
  follow(listener: (entry: LogEntry) => void): void;
  /**
   * Web pages under a path of the feature's own (`/console`), served beside the sandbox page,
   * the WeCom callbacks or /healthz (bot/web/app.ts mountRoutes). The app guards its own routes.
   */
  route(prefix: string, app: Hono): void;
}

/** A feature's web routes and where they are mounted. */
export interface FeatureRoute {
  prefix: string;
  app: Hono;
}

/** What an installed feature hands back. */
export interface Installed {
  /** Its handler in the router, at the feature's place in the list. */
  handler?: Handler;
  /** Resolves when work it started beside the event queue (model calls) is done. */
  idle?(): Promise<void>;
  /** Stops what it started (log followers, timers). */
  close?(): void | Promise<void>;
}

export interface Feature {
  readonly name: string;
  /** The slices of state.json it owns (declared in its state module with defineSlice). */
  readonly slices?: readonly SliceSpec[];
  install(kit: FeatureKit): Installed | void;
}

export interface InstalledFeatures {
  /** The features' handlers, in list order. */
  handlers: Handler[];
  /** The features' web routes (kit.route), for the web server to mount. */
  routes: FeatureRoute[];
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Installs the features in order: their slices first, then each one's parts. */
export function installFeatures(features: readonly Feature[], services: Services, commands: Commands): InstalledFeatures {
  const { store, scheduler } = services;
  const names = new Set<string>();
  const installed: Installed[] = [];
  const routes: FeatureRoute[] = [];
  for (const feature of features) {
    if (names.has(feature.name)) throw new Error(`feature ${feature.name} listed twice`);
    names.add(feature.name);
    // A slice declared after the store opened (a feature loaded late) is taken up now.
    for (const slice of feature.slices ?? []) {
      if ((store.data as unknown as Record<string, unknown>)[slice.key] === undefined) store.slice(slice);
    }
    const unsubscribe: Array<() => void> = [];
    const kit: FeatureKit = {
      services,
      command: (command) => void commands.add(command),
      keyword: (keyword) => void commands.keyword(keyword),
      job: (kind, run) => scheduler.handle(kind, run),
      every: (id, pattern, kind, payload) => void scheduler.every(id, pattern, kind, payload),
      onMissed: (listener) => scheduler.onMissed(listener),
      follow: (kindOrListener: string | ((entry: LogEntry) => void), listener?: (entry: never) => void) => {
        if (typeof kindOrListener === 'function') return void unsubscribe.push(store.log.subscribe(kindOrListener));
        const kind = kindOrListener as LogKind;
        unsubscribe.push(store.log.subscribe((entry) => {
          const read = readEntry(kind, entry);
          if (!read) return;
          if ('problem' in read) services.log.warn({ feature: feature.name, kind, id: entry.id, issue: read.problem }, 'unreadable behaviour-log entry skipped');
          else (listener as (entry: unknown) => void)(read.value);
        }));
      },
      route: (prefix, app) => {
        if (!/^\/[a-z0-9-]+$/.test(prefix) || routes.some((r) => r.prefix === prefix)) throw new Error(`feature ${feature.name}: bad or taken web path ${prefix}`);
        routes.push({ prefix, app });
      },
    };
    const parts = feature.install(kit) ?? {};
    installed.push({
      ...parts,
      close: async () => {
        for (const stop of unsubscribe) stop();
        await parts.close?.();
      },
    });
  }
  return {
    handlers: installed.flatMap((f) => (f.handler ? [f.handler] : [])),
    routes,
    async idle() {
      for (const f of installed) await f.idle?.();
    },
    async close() {
      for (const f of [...installed].reverse()) await f.close?.();
    },
  };
}
