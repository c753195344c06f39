// `node --import tsx --import ./tests/module-log.mjs bot/main.ts`, with LINLI_MODULE_LOG=<file>:
// every module the process loads, one URL a line, in that file. ES modules as they load (a load
// hook, registered after tsx's so it sees what tsx loads too); CommonJS modules from require's
// cache at exit. Used to check which packages a start loads (tests/lazy-channels.test.ts,
// bench/startup.ts).

import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const file = process.env.LINLI_MODULE_LOG;

/** The load hook, in the hooks thread: records the URL once its source is loaded. */
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (file) appendFileSync(file, `esm ${url}\n`);
  return result;
}

if (isMainThread && file && !globalThis.__linliModuleLog) {
  globalThis.__linliModuleLog = true;
  register(import.meta.url);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const cjs = Object.keys(require.cache).map((p) => `cjs ${pathToFileURL(p).href}`);
    if (cjs.length) appendFileSync(file, `${cjs.join('\n')}\n`);
  });
}
