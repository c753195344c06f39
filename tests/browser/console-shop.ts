// A shop for the console's browser test: a data directory filled by replaying the group-buy and
// fulfilment fixtures, then the real sandbox bot (its web server, the console mounted on it) on
// 127.0.0.1 and a free port, and the owner's /后台 sign-in link as the bot DM'd it.

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { runReplay } from '../../bot/replay/run.ts';
import { parseScript } from '../../bot/replay/script.ts';
import { startSandboxBot, type RunningSandbox } from '../../bot/start.ts';
import { tempDir } from '../helpers.ts';

export const FIXTURES = ['tests/fixtures/group-buy.jsonl', 'tests/fixtures/fulfilment-week.jsonl'];

/** Where Chromium is: CHROMIUM_PATH, or Debian's package. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

/** A port nobody listens on now (the console's link names the port, so 0 will not do). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ConsoleShop {
  running: RunningSandbox;
  url: string;
  dataDir: string;
  /** The owner DMs /后台; resolves with the link the bot sent back. */
  signInLink(): Promise<string>;
  stop(): Promise<void>;
}

export async function startConsoleShop(): Promise<ConsoleShop> {
  const dataDir = tempDir('linli-console-');
  const port = await freePort();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', OWNER_IDS: '老赵', WEB_HOST: '127.0.0.1', WEB_PORT: String(port) });
  const log = silentLogger();
  for (const file of FIXTURES) {
    await runReplay(parseScript(readFileSync(file, 'utf8')), { config, log, scriptDir: dirname(join(process.cwd(), file)), onOutput: () => {} });
  }
  const running = await startSandboxBot(config, log);
  const owner = running.driver.people().find((p) => p.isOwner);
  if (!owner) throw new Error('the sandbox has no owner');
  let asked = 0;
  return {
    running, url: running.url, dataDir,
    async signInLink() {
      const before = running.driver.timeline().length;
      await running.driver.say(owner.id, null, asked++ === 0 ? '/后台' : ' /后台');
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        for (const entry of running.driver.timeline().slice(before)) {
          const link = entry.fromBot && entry.chat === `dm:${owner.id}` ? /(http:\/\/\S+\/console\/login\?t=\S+)/.exec(entry.text)?.[1] : undefined;
          if (link) return link;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no sign-in link in the owner's DM: ${JSON.stringify(running.driver.timeline().slice(before))}`);
    },
    stop: () => running.stop(),
  };
}
