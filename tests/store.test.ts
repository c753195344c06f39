import { readFileSync, writeFileSync, statSync, mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/db.ts';
import { DataFileError } from '../store/errors.ts';
import { readLog } from '../store/log.ts';
import { migrations, SCHEMA_VERSION } from '../store/schema.ts';
import { tempDir } from './helpers.ts';

describe('store', () => {
  const realLastMigration = migrations[SCHEMA_VERSION - 1];
  afterEach(() => {
    if (realLastMigration) migrations[SCHEMA_VERSION - 1] = realLastMigration;
    else delete migrations[SCHEMA_VERSION - 1];
  });

  it('coalesces many changes into one write and flushes on close', async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { flushMs: 60_000 });
    for (let i = 0; i < 500; i++) {
      store.data.groups[`g${i}`] = { id: `g${i}`, name: `群${i}`, firstSeenAt: i };
      store.changed();
    }
    // Nothing written yet: the coalescing window is still open.
    expect(() => statSync(join(dir, 'state.json'))).toThrow();
    await store.close();
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(Object.keys(saved.groups)).toHaveLength(500);
    expect(saved.schemaVersion).toBe(SCHEMA_VERSION);
    const again = await Store.open(dir);
    expect(again.data.groups.g499?.name).toBe('群499');
    await again.close();
  });

  it('writes on its own after the coalescing window', async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { flushMs: 20 });
    store.data.groups.a = { id: 'a', name: 'A', firstSeenAt: 1 };
    store.changed();
    await new Promise((r) => setTimeout(r, 150));
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).groups.a.name).toBe('A');
    await store.close();
  });

  it('appends one JSON line per event and keeps every acknowledged line', async () => {
    const dir = tempDir();
    const store = await Store.open(dir);
    for (let i = 0; i < 1234; i++) store.log.append({ n: i });
    await store.close();
    const lines: number[] = [];
    for await (const e of readLog<{ n: number }>(join(dir, 'events.jsonl'))) lines.push(e.n);
    expect(lines).toEqual(Array.from({ length: 1234 }, (_, i) => i));
  });

  it('hands every appended entry to subscribers in order; a failing one stops nothing', async () => {
    const store = await Store.open(tempDir());
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    store.log.onListenerError = (err) => errors.push(err);
    store.log.subscribe(() => {
      throw new Error('boom');
    });
    const stop = store.log.subscribe((e) => seen.push(e.n));
    store.log.append({ n: 1 });
    store.log.append({ n: 2 });
    stop();
    store.log.append({ n: 3 });
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(3);
    expect(store.log.count).toBe(3);
    await store.close();
  });

  it('starts a fresh line after a torn last line and never rewrites it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.jsonl'), '{"n":1}\n{"n":2,"tor');
    const store = await Store.open(dir);
    store.log.append({ n: 3 });
    await store.close();
    const bad: number[] = [];
    const good: unknown[] = [];
    for await (const e of readLog(join(dir, 'events.jsonl'), (no) => bad.push(no))) good.push(e);
    expect(good).toEqual([{ n: 1 }, { n: 3 }]);
    expect(bad).toEqual([2]);
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toContain('{"n":2,"tor\n');
  });

  it.each([
    ['{"schemaVersion": 1, "members": {', '不是有效的 JSON'],
    ['[1,2,3]', '不是一个 JSON 对象'],
    ['{"members": {}}', 'schemaVersion'],
    [`{"schemaVersion": ${SCHEMA_VERSION + 1}}`, '更新版本'],
  ])('refuses a bad state file (%s), names it, and leaves it untouched', async (content, problem) => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    writeFileSync(file, content);
    const err = await Store.open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).message).toContain(file);
    expect((err as DataFileError).message).toContain(problem);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('reports a data directory that cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    await expect(Store.open(join(dir, 'file', 'sub'))).rejects.toThrow(/无法创建数据目录/);
  });

  it('runs migrations from an older schema and keeps a backup of the old file', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const old = { schemaVersion: SCHEMA_VERSION - 1, people: { a: { id: 'a', name: '王阿姨' } } };
    writeFileSync(file, JSON.stringify(old));
    migrations[SCHEMA_VERSION - 1] = (data) => {
      const people = data.people as Record<string, { id: string; name: string }>;
      const members = Object.fromEntries(Object.values(people).map((p) => [p.id, { ...p, aliases: {}, groups: [], groupsEver: [], firstSeenAt: 0, lastSeenAt: 0 }]));
      const { people: _dropped, ...rest } = data;
      return { ...rest, members };
    };
    const store = await Store.open(dir);
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.data.members.a?.name).toBe('王阿姨');
    expect(store.data.outbox).toEqual([]);
    expect(JSON.parse(readFileSync(`${file}.v${SCHEMA_VERSION - 1}.bak`, 'utf8'))).toEqual(old);
    await store.close();
  });

  it('moves the names and groups only profiles knew into the member registry (schema 1 → 2)', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const profile = (name: string, groups: string[]) => ({ id: '', name, groups, firstSeenAt: 5, lastActiveAt: 9, orders: {}, checkins: 2 });
    writeFileSync(file, JSON.stringify({
      schemaVersion: 1,
      members: { w: { id: 'w', name: '王阿姨', aliases: {}, groups: ['g1'], groupsEver: ['g1'], firstSeenAt: 1, lastSeenAt: 1, no: 1 } },
      profiles: { members: { w: { ...profile('王姐', ['g2']), id: 'w' }, x: { ...profile('小徐', ['g1']), id: 'x' }, y: { ...profile('y', []), id: 'y' } } },
    }));
    const store = await Store.open(dir);
    // The registry was right about 王阿姨 already; 小徐 only the profiles knew; y had no name.
    expect(store.data.members.w).toMatchObject({ name: '王阿姨', groups: ['g1'] });
    expect(store.data.members.x).toEqual({ id: 'x', name: '小徐', aliases: {}, groups: ['g1'], groupsEver: ['g1'], firstSeenAt: 5, lastSeenAt: 9 });
    expect(store.data.members.y).toBeUndefined();
    expect(store.data.profiles.members.x?.checkins).toBe(2);
    await store.close();
  });

  it('keeps ids unique across restarts', async () => {
    const dir = tempDir();
    const a = await Store.open(dir);
    expect([a.nextId('due'), a.nextId('due')]).toEqual([1, 2]);
    await a.close();
    const b = await Store.open(dir);
    expect(b.nextId('due')).toBe(3);
    await b.close();
  });

  it('tolerates an events file written concurrently by appends', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'events.jsonl'), '{"n":0}\n');
    const store = await Store.open(dir);
    store.log.append({ n: 1 });
    store.log.flush();
    store.log.append({ n: 2 });
    await store.close();
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe('{"n":0}\n{"n":1}\n{"n":2}\n');
  });
});

describe('group rosters', () => {
  it('places everyone listed, notes who left while away, and does not count as being seen', async () => {
    const { emptyState } = await import('../store/schema.ts');
    const { syncGroupRoster, trackMembership, isNewcomer } = await import('../store/members.ts');
    const state = emptyState();
    const g = { id: 'g1', name: '幸福里1群' };
    trackMembership(state, { kind: 'text', id: 'e1', at: 100, group: g, from: { id: 'gone', name: '老邻居' }, text: '早', mentionsBot: false, mentions: [] });
    syncGroupRoster(state, g, [{ id: 'quiet', name: '潜水的', groupAlias: '5-201 潜水的' }], 500);
    expect(state.groups.g1?.name).toBe('幸福里1群');
    expect(state.members.quiet).toMatchObject({ groups: ['g1'], groupsEver: ['g1'], aliases: { g1: '5-201 潜水的' } });
    expect(state.members.gone).toMatchObject({ groups: [], groupsEver: ['g1'], lastSeenAt: 100 });
    // Leaving and being invited back later is not a newcomer's first join.
    trackMembership(state, { kind: 'leave', id: 'l1', at: 600, group: g, member: { id: 'quiet', name: '潜水的' } });
    const back = trackMembership(state, { kind: 'join', id: 'j1', at: 700, group: g, member: { id: 'quiet', name: '潜水的' }, inviter: { id: 'x', name: 'X' } });
    expect(isNewcomer(back, 'j1')).toBe(false);
  });
});
