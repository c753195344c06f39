// Start-up to the printed URL: `npm start` (tsx bot/main.ts) on an empty shop, the sandbox and a
// WeCom-only configuration, timed from spawn to the line with the address on stdout. Also the
// child's peak resident memory at that moment (Linux: VmHWM in /proc/<pid>/status, the largest of
// tsx's processes). One more run, not timed, under tests/module-log.mjs: which packages it loaded.
//
//   npx tsx bench/startup.ts [runs]        (default 7 runs of each, after one warm-up)

import { once, WECOM, type Run } from './spawn-start.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[], unit: string, digits = 0) =>
  `median ${median(xs).toFixed(digits)} ${unit} (min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)})`;

const runs = Number(process.argv[2] ?? 7);
const cases: Array<[string, Record<string, string>, RegExp]> = [
  ['sandbox', {}, /沙盒已启动：http/],
  ['wecom-only', WECOM, /企业微信回调已启动：http/],
];
for (const [name, env, printed] of cases) {
  await once(env, printed); // warm-up: tsx's compile cache
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await once(env, printed));
  const { modules } = await once(env, printed, true);
  const wechaty = modules.filter((m) => /\/node_modules\/wechaty[^/]*\//.test(m)).length;
  console.log(`${name.padEnd(10)}  to URL ${fmt(results.map((r) => r.ms), 'ms')}  peak RSS ${fmt(results.map((r) => r.peakMb), 'MB')}  (${runs} runs)`);
  console.log(`${''.padEnd(10)}  modules loaded ${modules.length}, of them wechaty*: ${wechaty}`);
}
