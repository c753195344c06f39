import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript, ScriptError } from '../bot/replay/script.ts';
import { Store } from '../store/db.ts';
import { tempDir } from './helpers.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'bot', 'replay', 'cli.ts');

function replay(scriptFile: string, ...args: string[]) {
  const r = spawnSync(TSX, [CLI, scriptFile, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', WEEKLY_REPORT_CRON: 'off' } });
  return { code: r.status, out: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)), err: r.stderr };
}

describe('replay', () => {
  it('prints every outbound message as a JSON line, paced on the virtual clock', () => {
    const { code, out, err } = replay('tests/fixtures/demo.jsonl');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toEqual([
      // /help in a group: one line there, the list by DM.
      { at: '2026-11-21T09:01:00+08:00', group: '幸福里1群', text: '我把你能用的说明私信发你啦～', mentions: ['老赵'] },
      { at: '2026-11-21T09:01:00+08:00', dm: '老赵', text: expect.stringContaining('团长命令') },
      // Same group one second later: held back by the 1.5 s pacing.
      { at: '2026-11-21T09:01:01+08:00', group: '幸福里1群', text: '抱歉，/状态 只有团长可以使用。发送 /help 看看你能用的命令。', mentions: ['王阿姨'] },
      { at: '2026-11-21T09:05:00+08:00', dm: '李哥', text: expect.stringContaining('我能帮你做这些') },
    ]);
  });

  it('keeps its data in --data and logs every scripted event', async () => {
    const data = tempDir();
    expect(replay('tests/fixtures/demo.jsonl', '--data', data).code).toBe(0);
    const lines = readFileSync(join(data, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // The invite and the shared link earn points, each logged right after its event.
    expect(lines.map((e) => e.kind)).toEqual(['text', 'text', 'text', 'join', 'points', 'leave', 'share', 'points', 'text']);
    expect(lines[3]).toMatchObject({ member: { name: '小李' }, inviter: { name: '王阿姨' } });
    expect(lines[4]).toMatchObject({ member: { name: '王阿姨' }, amount: 10, movement: 'invite', source: lines[3].id });
    const store = await Store.open(data);
    expect(store.data.members['小李']).toMatchObject({ groups: [], groupsEver: ['幸福里1群'] });
    await store.close();
  });

  it('stops at a malformed line with its number and the reason', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"at":"2026-11-21T09:00:00+08:00","group":"幸福里1群","from":"王阿姨","text":"签到"}\n{"at":"昨天","from":"王阿姨","text":"x"}\n');
    const { code, out, err } = replay(file);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toContain('line 2');
    expect(err).toContain('"at"');
  });

  it.each([
    ['{"at":"2026-11-21T09:00:00+08:00","from":"a","text":"x"}\n{"setup":{}}', 'line 2: setup must be the first line'],
    ['{"at":"2026-11-21T09:00:00+08:00","from":"a","text":"x"}\n{"at":"2026-11-21T08:00:00+08:00","tick":true}', 'line 2: time goes backwards'],
    ['not json', 'line 1: not valid JSON'],
    ['{"at":"2026-11-21T09:00:00+08:00","leave":"小李"}', 'line 1: "group"'],
    ['{"at":"2026-11-21T09:00:00+08:00","from":"a","text":"x","extra":1}', 'line 1'],
  ])('rejects %s', (source, message) => {
    expect(() => parseScript(source)).toThrow(ScriptError);
    expect(() => parseScript(source)).toThrow(message);
  });

  it('loses no acknowledged behaviour-log line when killed with SIGTERM mid-replay', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const file = join(dir, 'long.jsonl');
    const start = Date.parse('2026-11-21T09:00:00+08:00');
    const lines = [JSON.stringify({ setup: { owner: '老赵', groups: { 幸福里1群: ['王阿姨', '李哥'] } } })];
    for (let i = 0; i < 50_000; i++) {
      const at = new Date(start + i * 1000).toISOString();
      // Every tenth line asks for help, so the replay also sends (and persists) replies.
      const text = i % 10 === 9 ? `/help 第${i}条` : `第${i}条`;
      lines.push(JSON.stringify({ at, group: '幸福里1群', from: i % 2 ? '王阿姨' : '李哥', text }));
    }
    writeFileSync(file, lines.join('\n'));

    const child = spawn(TSX, [CLI, file, '--data', data], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Kill once the replay is well under way (the log has lines on disk).
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        try {
          if (readFileSync(join(data, 'events.jsonl'), 'utf8').split('\n').length > 200) {
            clearInterval(poll);
            resolve();
          }
        } catch { /* not created yet */ }
      }, 20);
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', r));

    const m = /after (\d+) of 50000 lines/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const acknowledged = Number(m![1]);
    expect(code).toBe(130);
    expect(acknowledged).toBeGreaterThan(200);
    expect(acknowledged).toBeLessThan(50_000);
    const logged = readFileSync(join(data, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(logged).toHaveLength(acknowledged);
    expect(logged.map((e) => e.text.replace('/help ', ''))).toEqual(Array.from({ length: acknowledged }, (_, i) => `第${i}条`));
    const store = await Store.open(data);
    expect(Object.keys(store.data.members).sort()).toEqual(['李哥', '王阿姨', '老赵'].sort());
    await store.close();
  });
});
