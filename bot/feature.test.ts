// One shape for every feature (issue 16): a feature written in a test — a command, a slice of
// state.json, a scheduled job, a follower of the behaviour log — goes into a bot through the
// feature list alone, and a bot can be built with one feature.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinli } from './app.ts';
import type { Feature } from './feature.ts';
import { Store } from '../store/db.ts';
import { defineSlice } from '../store/slices.ts';
import { jielongFeature } from '../handlers/jielong/index.ts';
import { closeAfterTest, dmText, group1, groupText, member, RecordingChannel, T0, tempDir, testConfig } from '../tests/helpers.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { silentLogger } from './logger.ts';

interface Toy {
  pressed: number;
  heard: string[];
}

declare module '../store/schema.ts' {
  interface Slices {
    toy: Toy;
  }
}

const toySlice = defineSlice<Toy>({ key: 'toy', version: 1, initial: () => ({ pressed: 0, heard: [] }) });

function toyFeature(): Feature {
  return {
    name: 'toy',
    slices: [toySlice],
    install(kit) {
      const { store, scheduler, clock } = kit.services;
      kit.command({
        name: '按钮', ownerOnly: false, usage: '/按钮', summary: '按一下',
        run: (ctx) => {
          store.data.toy.pressed++;
          store.changed();
          scheduler.at(clock.now() + 60_000, 'toy-ring', { who: ctx.member.name }, `toy:${ctx.event.id}`);
          ctx.reply(`按了 ${store.data.toy.pressed} 下`);
        },
      });
      kit.job('toy-ring', (payload) => {
        const { who } = payload as { who: string };
        kit.services.outbox.enqueue({ key: `toy-ring:${who}:${clock.now()}`, to: { kind: 'group', group: group1 }, text: `叮！${who}` });
      });
      kit.follow((entry) => {
        if (entry.kind === 'text') {
          store.data.toy.heard.push(String(entry.text));
          store.changed();
        }
      });
      return { handler: (ctx, next) => (ctx.text === '玩具' ? void ctx.reply('在呢') : next()) };
    },
  };
}

const wang = member('王阿姨');

async function bot(features: Feature[], dir = tempDir()) {
  const clock = new ManualClock(T0);
  const config = testConfig({ DATA_DIR: dir });
  const store = await Store.open(dir);
  const linli = await createLinli({ config, clock, log: silentLogger(), store, features });
  const channel = new RecordingChannel(clock);
  linli.attach(channel);
  closeAfterTest(linli);
  return { linli, clock, channel, dir };
}

describe('a feature is one shape, installed through the feature list', () => {
  it('a toy feature: its command, handler, slice, job and log follower all work, and its slice survives a restart', async () => {
    const { linli, clock, channel, dir } = await bot([toyFeature()]);
    await linli.handle(groupText(wang, '/按钮', T0));
    await linli.handle(groupText(wang, '玩具', T0 + 1_000));
    await linli.engine.advanceTo(T0 + 2 * 60_000, clock);
    expect(channel.sent.map((m) => m.text)).toEqual(['按了 1 下', '在呢', '叮！王阿姨']);
    expect(linli.services.store.data.toy).toEqual({ pressed: 1, heard: ['/按钮', '玩具'] });
    expect(linli.commands.helpText('resident')).toContain('/按钮 — 按一下');
    await linli.close();

    const again = await bot([toyFeature()], dir);
    expect(again.linli.services.store.data.toy.pressed).toBe(1);
  });

  it('a bot with the 接龙 feature alone takes sign-ups and answers nothing it does not know', async () => {
    const { linli, channel } = await bot([jielongFeature()]);
    await linli.handle(groupText(wang, '#接龙\n周六团购\n1. 3-501 王阿姨 鸡蛋2份', T0));
    const records = Object.values(linli.services.store.data.jielong);
    expect(records).toHaveLength(1);
    expect(records[0]!.book.lines.filter((l) => l.state === 'active')).toHaveLength(1);
    await linli.handle(dmText(wang, '亚麻籽油多少钱？', T0 + 1_000));
    expect(channel.sent.filter((m) => m.to.kind === 'dm')).toEqual([]);
  });

  it('refuses a feature listed twice', async () => {
    await expect(bot([toyFeature(), toyFeature()])).rejects.toThrow('feature toy listed twice');
  });

  it('slices are versioned each: a new shop reopened migrates nothing; a file from before migrates once and keeps the old one', async () => {
    const fresh = await bot([toyFeature()]);
    await fresh.linli.handle(groupText(wang, '/按钮', T0));
    await fresh.linli.close();
    const reopened = await bot([toyFeature()], fresh.dir);
    await reopened.linli.close();
    expect(readdirSync(fresh.dir).filter((f) => f.endsWith('.bak'))).toEqual([]);

    // As state.json was written before slices had versions (no `versions`): profiles moved to 2.
    const dir = tempDir();
    const old = { ...JSON.parse(readFileSync(join(fresh.dir, 'state.json'), 'utf8')), versions: undefined };
    writeFileSync(join(dir, 'state.json'), JSON.stringify(old));
    const migrated = await bot([toyFeature()], dir);
    expect(migrated.linli.services.store.data.versions?.profiles).toBe(2);
    await migrated.linli.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual(['state.json.profiles-v1.bak']);
    const again = await bot([toyFeature()], dir);
    await again.linli.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual(['state.json.profiles-v1.bak']);
  });
});
