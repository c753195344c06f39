import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/jielong/', import.meta.url));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['handlers/jielong/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('jielong parse CLI', () => {
  it('prints the documented JSON shape and nothing more', () => {
    const r = run('parse', join(FIXTURES, '06-room-inside-name.txt'));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['title', 'example', 'entries', 'tail']);
    expect(out.title).toBe('周六有机杂粮团购');
    expect(out.example).toBe('例 楼号+姓名+份数');
    expect(out.tail).toEqual([]);
    for (const e of out.entries) {
      expect(Object.keys(e)).toEqual(['index', 'name', 'room', 'items', 'raw', 'flags']);
      for (const item of e.items) expect(Object.keys(item)).toEqual(['product', 'qty', 'unit']);
    }
    expect(out.entries[2]).toEqual({
      index: 3, name: '张三', room: '5-1201', raw: '5号楼1201 张三 大米x2 油1桶', flags: [],
      items: [{ product: '大米', qty: 2, unit: null }, { product: '油', qty: 1, unit: '桶' }],
    });
  });

  it('matches products with --catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jielong-cli-'));
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, JSON.stringify([{ id: 'rice', name: '东北大米', aliases: ['大米'] }]));
    const r = run('parse', join(FIXTURES, '06-room-inside-name.txt'), '--catalog', catalog);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).entries[2].items[0]).toEqual({ product: '东北大米', qty: 2, unit: null });
  });

  it('exits 1 with a message when the file is not a 接龙 or cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jielong-cli-'));
    const file = join(dir, 'chat.txt');
    writeFileSync(file, '大家好，明天几点送货？');
    const r = run('parse', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('不是接龙');
    expect(run('parse', join(dir, 'missing.txt')).status).toBe(1);
  });

  it('exits 2 with the usage on bad arguments', () => {
    for (const args of [[], ['parse'], ['export', 'x.txt'], ['parse', 'a.txt', 'b.txt'], ['parse', 'a.txt', '--catalog']]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('用法');
    }
  });
});
