import { afterAll, beforeAll } from 'vitest';
import { log as wechatyLog } from 'wechaty-puppet';
import { silentLogger } from '../bot/logger.ts';
import { startSandboxBot, type RunningSandbox } from '../bot/start.ts';
import { testConfig, tempDir } from './helpers.ts';

// The sandbox bot a test file runs against: started before its tests, stopped after, with HOME
// in a temp folder (Wechaty writes its cache there). Apart from tests/helpers.ts, so tests that
// need no sandbox do not load Wechaty.

export interface FileSandbox {
  readonly bot: RunningSandbox;
  readonly dataDir: string;
}

export function sandboxForFile(env: Record<string, string> = {}): FileSandbox {
  let bot: RunningSandbox | undefined;
  const dataDir = tempDir();
  const savedHome = process.env.HOME;
  beforeAll(async () => {
    wechatyLog.level('silent');
    process.env.HOME = tempDir('linli-home-');
    bot = await startSandboxBot(testConfig({ DATA_DIR: dataDir, WEB_PORT: '0', ...env }), silentLogger());
  }, 30_000);
  afterAll(async () => {
    await bot?.stop();
    process.env.HOME = savedHome;
  });
  return {
    get bot() {
      if (!bot) throw new Error('the sandbox starts in beforeAll');
      return bot;
    },
    dataDir,
  };
}

/** Posts as the page does: `from` says `text` in `group` (null: a DM to the bot). */
export function say(sandbox: RunningSandbox, from: string, group: string | null, text: string): Promise<Response> {
  return fetch(`${sandbox.url}/api/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, group, text }) });
}
