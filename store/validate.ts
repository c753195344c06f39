import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DataFileError } from './errors.ts';
import type { SliceSpec } from './slices.ts';

// What start-up refuses to run on. Every feature trusts state.json once it is loaded: a wrong
// type (`members: 5`) gives a bot that is up but silent, `outbox: {}` a stack trace on the first
// send. So the shape the code relies on is checked once, here, and a file that does not have it
// stops start-up with the field at fault. Only containers and the fields code uses without a
// guard are checked; unknown fields, and fields a newer version adds, pass as they are.

const obj = z.looseObject({});
const recordOf = <T extends z.ZodType>(value: T) => z.record(z.string(), value);
const optionalRecordOf = <T extends z.ZodType>(value: T) => recordOf(value).optional();

/** Member records are changed in place on every message (store/members.ts): these must be right. */
const member = z.looseObject({
  id: z.string(), aliases: recordOf(z.string()), groups: z.array(z.string()), groupsEver: z.array(z.string()),
});

const outboxItem = z.looseObject({
  key: z.string(), text: z.string(), mentions: z.array(z.unknown()),
  to: z.looseObject({ kind: z.enum(['group', 'dm']) }),
  state: z.enum(['pending', 'sending', 'sent', 'failed']),
  createdAt: z.number(), notBefore: z.number(), attempts: z.number(),
});

/** Missing collections are filled from emptyState() (store/db.ts): each is optional, never null. */
const coreShape = z.looseObject({
  members: optionalRecordOf(member),
  groups: optionalRecordOf(z.looseObject({ id: z.string(), name: z.string() })),
  catalog: z.array(z.looseObject({ id: z.string(), name: z.string() })).optional(),
  outbox: z.array(outboxItem).optional(),
  due: z.array(z.looseObject({ id: z.string(), dueAt: z.number(), kind: z.string(), state: z.string() })).optional(),
  cron: optionalRecordOf(z.looseObject({ id: z.string(), pattern: z.string(), kind: z.string() })),
  dmSentPerDay: optionalRecordOf(z.number()),
  seq: optionalRecordOf(z.number()),
  catalogSource: obj.optional(),
  journals: optionalRecordOf(z.number().int().nonnegative()),
  versions: optionalRecordOf(z.number().int().nonnegative()),
});

const TYPE_WORDS: Record<string, string> = {
  object: '对象 {…}', record: '对象 {…}', array: '列表 […]', string: '文字', number: '数字', int: '整数',
};

/** What to do about a state.json that is not a valid state: moving it away is not the answer. */
export const FIX_STATE = '文件未做任何改动。请按上面改正这一项（或从备份放回 state.json）再启动；不要删掉它：'
  + '积分、报名和发过的消息都要和它对得上，删掉会被当成 state.json 丢失而拒绝启动。';

/** Throws DataFileError naming the first field of state.json (after migrations) that has the wrong shape. */
export function validateState(data: Record<string, unknown>, file: string, slices: readonly SliceSpec[] = []): void {
  // Each slice's shape is its feature's (store/slices.ts); a slice a file does not hold is filled in.
  const shape = coreShape.extend(Object.fromEntries(slices.map((s) => [s.key, (s.shape ?? z.unknown()).optional()])));
  const result = shape.safeParse(data);
  if (result.success) return;
  const [issue, ...more] = result.error.issues;
  const path = issue!.path.map(String).join('.');
  const found = preview(valueAt(data, issue!.path));
  const what = issue!.code === 'invalid_type'
    ? `应是${TYPE_WORDS[issue!.expected] ?? issue!.expected}，读到 ${found}`
    : `${issue!.message}，读到 ${found}`;
  const others = more.length > 0 ? `（另有 ${more.length} 处同类问题）` : '';
  throw new DataFileError(file, `「${path}」${what}${others}`, FIX_STATE);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function preview(v: unknown): string {
  const text = v === undefined ? '（没有这一项）' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Before the store opens a data directory at start-up: a state.json that is missing while the
 * journals beside it (events.jsonl, points.jsonl, outbox.jsonl, any other *.jsonl) hold a
 * history was deleted or moved, and starting "fresh" on them would write a new, empty
 * state.json over the shop (members, rewards, open 接龙 gone; balances rebuilt from whatever the
 * ledger says). Returns true for a new shop: no state.json, no history.
 */
export function checkDataDir(dir: string): boolean {
  const state = join(dir, 'state.json');
  if (existsSync(state)) return false;
  const found = journalsIn(dir).filter((name) => hasBytes(join(dir, name)));
  if (found.length === 0) return true;
  throw new DataFileError(
    state,
    `文件不存在，但同一目录里的 ${found.join('、')} 记着这家店的历史：这不是一家新店，是 state.json 丢了`,
    '请从备份放回 state.json 再启动（同目录下若有 state.json.v*.bak，是升级前的旧版本，只作最后手段）；'
      + '要开一家新店，请给 DATA_DIR 换一个空目录。',
  );
}

/** The journals in the folder, and in its archive folders one level down (points-archive/…). */
function journalsIn(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // No folder yet: a new shop.
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push(entry.name);
    else if (entry.isDirectory() && entry.name.endsWith('-archive')) {
      try {
        for (const name of readdirSync(join(dir, entry.name))) if (name.endsWith('.jsonl')) found.push(`${entry.name}/${name}`);
      } catch {
        // An unreadable archive folder says nothing either way.
      }
    }
  }
  return found.sort();
}

function hasBytes(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}
