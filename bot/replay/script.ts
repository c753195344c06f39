import { z } from 'zod';

// The replay script format: one JSON object per line (see docs/replay.md).

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO time such as 2026-11-21T09:00:00+08:00');
const name = z.string().trim().min(1);

const setupLine = z.object({
  setup: z.object({
    owner: name.optional(),
    groups: z.record(name, z.array(name)).default({}),
    catalog: z.string().optional(),
  }).strict(),
}).strict();

const textLine = z.object({ at: time, group: name.optional(), from: name, text: z.string() }).strict();
const linkLine = z.object({
  at: time, group: name.optional(), from: name,
  link: z.object({ title: z.string(), url: z.string().optional(), description: z.string().optional() }).strict(),
}).strict();
const miniLine = z.object({
  at: time, group: name.optional(), from: name,
  miniprogram: z.object({ title: z.string(), url: z.string().optional() }).strict(),
}).strict();
const channelLine = z.object({
  at: time, group: name.optional(), from: name,
  channel: z.object({ title: z.string(), url: z.string().optional() }).strict(),
}).strict();
const photoLine = z.object({
  at: time, group: name.optional(), from: name,
  photo: z.object({ title: z.string().default('') }).strict(),
}).strict();
const xmlLine = z.object({ at: time, group: name.optional(), from: name, xml: z.string().min(1), text: z.string().optional() }).strict();
const joinLine = z.object({ at: time, group: name, join: name, inviter: name.optional() }).strict();
const leaveLine = z.object({ at: time, group: name, leave: name }).strict();
const tickLine = z.object({ at: time, tick: z.literal(true) }).strict();

export type SetupLine = z.infer<typeof setupLine>;
export type ScriptLine =
  | { type: 'text'; line: z.infer<typeof textLine> }
  | { type: 'link'; line: z.infer<typeof linkLine> }
  | { type: 'miniprogram'; line: z.infer<typeof miniLine> }
  | { type: 'channel'; line: z.infer<typeof channelLine> }
  | { type: 'photo'; line: z.infer<typeof photoLine> }
  | { type: 'xml'; line: z.infer<typeof xmlLine> }
  | { type: 'join'; line: z.infer<typeof joinLine> }
  | { type: 'leave'; line: z.infer<typeof leaveLine> }
  | { type: 'tick'; line: z.infer<typeof tickLine> };

export interface Script {
  setup: SetupLine['setup'] | undefined;
  /** Each event with its 1-based line number and time (epoch ms). */
  lines: Array<ScriptLine & { lineNo: number; at: number }>;
}

export class ScriptError extends Error {
  constructor(readonly lineNo: number, reason: string) {
    super(`line ${lineNo}: ${reason}`);
  }
}

// Tried in this order; the first key that is present decides the line's type.
const shapes = [
  ['tick', tickLine], ['join', joinLine], ['leave', leaveLine], ['link', linkLine],
  ['miniprogram', miniLine], ['channel', channelLine], ['photo', photoLine], ['xml', xmlLine], ['text', textLine],
] as const;

export function parseScript(source: string): Script {
  const script: Script = { setup: undefined, lines: [] };
  let lastAt = -Infinity;
  source.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new ScriptError(lineNo, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ScriptError(lineNo, 'expected a JSON object');
    if ('setup' in json) {
      if (script.lines.length > 0 || script.setup) throw new ScriptError(lineNo, 'setup must be the first line, and only once');
      script.setup = parseWith(setupLine, json, lineNo).setup;
      return;
    }
    const shape = shapes.find(([key]) => key in json) ?? shapes[shapes.length - 1]!;
    const line = parseWith(shape[1] as z.ZodType, json, lineNo) as { at: string };
    const at = Date.parse(line.at);
    if (at < lastAt) throw new ScriptError(lineNo, `time goes backwards (${line.at})`);
    lastAt = at;
    script.lines.push({ type: shape[0], line, lineNo, at } as Script['lines'][number]);
  });
  return script;
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, lineNo: number): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `"${issue.path.join('.')}": ` : '';
  throw new ScriptError(lineNo, `${where}${issue.message}`);
}
