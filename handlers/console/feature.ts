import type { Services } from '../../bot/context.ts';
import type { Feature } from '../../bot/feature.ts';
import type { OrderMarksOf } from '../jielong/index.ts';
import { CONSOLE_PATH, consoleCommand } from './command.ts';
import { computeMetrics, type Metrics, type MetricsInput, type MetricsRange } from './metrics/index.ts';
import { metricsInputFrom } from './metrics-input.ts';
import { consoleSlice } from './state.ts';
import { prune } from './auth.ts';
import { consoleApp } from './web/app.ts';
import { installWeeklyReport, numbersCommand } from './numbers.ts';

// The owner's web console (docs/console.md): /后台 sends a one-time sign-in link by DM; the
// pages at /console show the shop's numbers and charts, the members and their cards, the 接龙
// with their order books and pick lists. Served by the bot's web server beside the sandbox
// page, the WeCom callbacks or /healthz (kit.route).

export interface ConsoleOptions {
  /** Fulfilment's marks of an order (pick-up number, paid, collected), for the order books and pick lists. */
  orderMarks?: OrderMarksOf;
  /** Lines other features add to a member's card (fulfilment). */
  cardMore?: (services: Services, memberId: string) => string[];
}

/** The behaviour log is read again once it has grown, or a minute on. */
const INPUT_FRESH_MS = 60_000;

export function consoleFeature(options: ConsoleOptions = {}): Feature {
  return {
    name: 'console',
    slices: [consoleSlice],
    install(kit) {
      const { services } = kit;
      kit.command(consoleCommand);
      kit.command(numbersCommand);
      installWeeklyReport(kit);
      if (prune(services.store.data.console, services.clock.now())) services.store.changed();
      const secure = services.config.CONSOLE_URL?.startsWith('https:') ?? false;
      kit.route(CONSOLE_PATH, consoleApp({ services, metrics: metricsOf(services), ...options }, { base: CONSOLE_PATH, secure }));
    },
  };
}

/** computeMetrics over the behaviour log, read once for the requests that come together. */
function metricsOf(services: Services): (range: MetricsRange) => Promise<Metrics> {
  let cached: { count: number; at: number; input: Promise<MetricsInput> } | undefined;
  return async (range) => {
    const { store, clock, config } = services;
    const now = clock.now();
    if (!cached || cached.count !== store.log.count || Math.abs(now - cached.at) > INPUT_FRESH_MS) {
      const input = metricsInputFrom(store, config);
      cached = { count: store.log.count, at: now, input };
      input.catch(() => {
        if (cached?.input === input) cached = undefined;
      });
    }
    return computeMetrics(await cached.input, range);
  };
}
