// Staff (店员): the owner's helpers run the commands marked for them and nothing else of the
// owner's. They come from STAFF_IDS or are added in chat with /店员, which survives a restart.
// No real staff command exists here, so a toy feature brings one (/小本子).

import { describe, expect, it } from 'vitest';
import { createLinli, linliFeatures } from '../bot/app.ts';
import type { Feature } from '../bot/feature.ts';
import { silentLogger } from '../bot/logger.ts';
import { STAFF_WELCOME } from '../bot/roles.ts';
import type { InboundEvent } from '../bot/types.ts';
import { ManualClock } from '../scheduler/clock.ts';
import type { LogEntry } from '../store/log.ts';
import {
  closeAfterTest, closeShopsAfterEach, configError, dmText, group1, group2, groupText, member, RecordingChannel, T0, tempDir, testConfig,
} from './helpers.ts';

closeShopsAfterEach();

const owner = member('老赵', 'wxid_owner');
const li = member('小李', 'wxid_li');
const wang = member('王阿姨');
const chen = member('陈叔');

/** A staff command, a form of it staff share and one that stays the owner's, as a payments feature would declare them. */
function notebookFeature(notes: string[]): Feature {
  return {
    name: 'notebook',
    install(kit) {
      kit.command({
        name: '小本子', ownerOnly: true, staff: true, usage: '/小本子 一句话', summary: '记一笔',
        more: [
          { usage: '/小本子 看', summary: '看看记了什么', ownerOnly: false },
          { usage: '/小本子 清空', summary: '全部擦掉', ownerOnly: true },
        ],
        run: (ctx, args) => {
          notes.push(`${ctx.member.name}:${args}`);
          ctx.reply(`记下了：${args}`);
        },
      });
    },
  };
}

async function shop(env: Record<string, string> = {}, dir = tempDir(), start = T0) {
  const clock = new ManualClock(start);
  const config = testConfig({ OWNER_IDS: owner.id, STAFF_IDS: li.id, DATA_DIR: dir, ...env });
  const notes: string[] = [];
  const linli = await createLinli({ config, clock, log: silentLogger(), features: [...linliFeatures(), notebookFeature(notes)] });
  const channel = new RecordingChannel(clock);
  linli.attach(channel);
  closeAfterTest(linli);
  const logged: LogEntry[] = [];
  linli.services.store.log.subscribe((e) => void (e.kind === 'staff' && logged.push(e)));
  /** What the bot sends for this event (built at the clock's time), a minute on. */
  const say = async (make: (at: number) => InboundEvent) => {
    const from = channel.sent.length;
    await linli.handle(make(clock.now()));
    await linli.engine.advanceTo(clock.now() + 60_000, clock);
    return channel.sent.slice(from);
  };
  const replyTo = async (make: (at: number) => InboundEvent) => (await say(make)).map((m) => m.text).join('\n');
  // Everyone has spoken in a group once, so their names are known.
  for (const who of [owner, li, wang, chen]) await say((at) => groupText(who, '大家好', at));
  return { linli, clock, channel, config, dir, notes, logged, say, replyTo, staff: () => linli.services.store.data.staff };
}

describe('staff from STAFF_IDS', () => {
  it('runs the staff command, and is refused the owner\'s commands with nothing changed', async () => {
    const s = await shop();
    expect(await s.replyTo((at) => groupText(li, '/小本子 3-501 付了 58', at))).toBe('记下了：3-501 付了 58');
    expect(s.notes).toEqual(['小李:3-501 付了 58']);

    const staffRefusal = (cmd: string) => `抱歉，/${cmd} 只有团长可以使用。店员能用的命令发 /help 查看。`;
    expect(await s.replyTo((at) => groupText(li, '/接龙 开 周六团购 截单 20:00', at))).toBe(staffRefusal('接龙'));
    expect(await s.replyTo((at) => groupText(li, '/召回 预览', at))).toBe(staffRefusal('召回'));
    expect(await s.replyTo((at) => groupText(li, '/店员 新增 @王阿姨', at))).toBe(staffRefusal('店员'));
    // /积分 is the residents' command; its owner form refuses by itself.
    const points = await s.replyTo((at) => groupText(li, '/积分 调整 @王阿姨 +20 帮忙搬货', at));
    expect(points).toContain('只有团长');
    expect(points).not.toContain('已给');

    expect(Object.keys(s.linli.services.store.data.jielong)).toEqual([]);
    expect(Object.keys(s.linli.services.store.data.jielongPending)).toEqual([]);
    expect(s.staff()).toEqual({});
    expect(s.logged).toEqual([]);
  });

  it('a resident is refused the staff command', async () => {
    const s = await shop();
    expect(await s.replyTo((at) => groupText(wang, '/小本子 我也记一笔', at)))
      .toBe('抱歉，/小本子 只有团长和店员可以使用。发送 /help 看看你能用的命令。');
    expect(s.notes).toEqual([]);
  });

  it('the owner runs it too, and is never counted as staff', async () => {
    const s = await shop({ STAFF_IDS: `${li.id},${owner.id}` });
    expect(await s.replyTo((at) => groupText(owner, '/小本子 盘点', at))).toBe('记下了：盘点');
    const ctx = await s.linli.handle(dmText(owner, '你好', s.clock.now()));
    expect(ctx).toMatchObject({ isOwner: true, isStaff: false, role: 'owner' });
    expect(s.linli.services.isStaff(owner)).toBe(false);
    expect(s.linli.services.isStaff(li)).toBe(true);
    expect(s.linli.services.isStaff(wang)).toBe(false);
  });

  it('names: matched in the sandbox, and on a real account refused at start-up like OWNER_IDS', async () => {
    const s = await shop({ STAFF_IDS: '小李' });
    expect(await s.replyTo((at) => groupText(li, '/小本子 按名字认', at))).toBe('记下了：按名字认');

    const real = { WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:8788', OWNER_IDS: 'wxid_owner' };
    const message = configError({ ...real, STAFF_IDS: 'wxid_li,小李' });
    expect(message).toContain('STAFF_IDS');
    expect(message).toContain('「小李」像是昵称');
    expect(message).toContain('店员权限');
    expect(configError({ ...real, STAFF_IDS: 'wxid_li' })).toBe('');
    expect(configError({ ...real, STAFF_IDS: '小李', ALLOW_OWNER_NAMES: 'true' })).toBe('');
  });
});

describe('/店员: the owner adds and removes staff in chat', () => {
  it('adds with an @mention: the new staff member hears of it and can run the staff command; removed, no longer', async () => {
    const s = await shop();
    const out = await s.say((at) => groupText(owner, '/店员 新增 @王阿姨\u2005', at));
    expect(out.filter((m) => m.to.kind === 'group').map((m) => m.text)).toEqual(['好的，王阿姨现在是店员了，可以帮忙登记收款和取货。我私信告诉 TA 啦。']);
    expect(out.filter((m) => m.to.kind === 'dm')).toEqual([expect.objectContaining({ to: { kind: 'dm', member: { id: wang.id, name: wang.name } }, text: STAFF_WELCOME })]);
    expect(s.staff()[wang.id]).toMatchObject({ id: wang.id, name: '王阿姨', addedBy: { id: owner.id, name: '老赵' } });
    expect(s.logged).toEqual([expect.objectContaining({ kind: 'staff', change: 'add', member: expect.objectContaining({ id: wang.id }), by: { id: owner.id, name: '老赵' } })]);

    expect(await s.replyTo((at) => groupText(wang, '/小本子 2-302 取走了', at))).toBe('记下了：2-302 取走了');
    const ctx = await s.linli.handle(dmText(wang, '你好', s.clock.now()));
    expect(ctx).toMatchObject({ isOwner: false, isStaff: true, role: 'staff' });

    const list = await s.replyTo((at) => dmText(owner, '/店员', at));
    expect(list).toContain('店员 2 位：');
    expect(list).toContain('· 小李（设置里的）');
    expect(list).toContain('· 王阿姨（11月21日 老赵设的）');

    expect(await s.replyTo((at) => groupText(owner, '/店员 删除 @王阿姨', at))).toBe('好的，王阿姨不再是店员了。');
    expect(s.staff()).toEqual({});
    expect(s.logged.map((e) => e.change)).toEqual(['add', 'remove']);
    expect(await s.replyTo((at) => groupText(wang, '/小本子 再记一笔', at))).toContain('只有团长和店员可以使用');
    expect(await s.replyTo((at) => groupText(owner, '/店员 移除 @王阿姨', at))).toBe('王阿姨现在不是店员，不用删啦。');
  });

  it('also 添加, run together (/店员添加), and by name in a DM', async () => {
    const s = await shop();
    expect(await s.replyTo((at) => dmText(owner, '/店员添加 陈叔', at))).toContain('陈叔现在是店员了');
    expect(s.linli.services.isStaff(chen)).toBe(true);
  });

  it('a staff member from the settings cannot be removed in chat: said politely, nothing changes', async () => {
    const s = await shop();
    expect(await s.replyTo((at) => groupText(owner, '/店员 删除 @小李', at))).toBe('小李是设置里（STAFF_IDS）定的店员，在聊天里删不了哦。要改的话，请改设置后重启我。');
    expect(s.linli.services.isStaff(li)).toBe(true);
    expect(s.logged).toEqual([]);
  });

  it('the owner, the bot, or someone already staff: a polite answer, nothing changes', async () => {
    const s = await shop();
    expect(await s.replyTo((at) => groupText(owner, '/店员 新增 @老赵', at))).toBe('你是团长呀，什么都能做，不用再设店员～');
    expect(await s.replyTo((at) => groupText(owner, '/店员 新增 @邻里小助手', at))).toBe('我是小助手，不用设成店员啦～');
    expect(await s.replyTo((at) => groupText(owner, '/店员 新增 @小李', at))).toBe('小李已经是店员啦（设置里的）。');
    await s.say((at) => groupText(owner, '/店员 新增 @王阿姨', at));
    expect(await s.replyTo((at) => groupText(owner, '/店员 新增 @王阿姨', at))).toBe('王阿姨已经是店员啦。');
    expect(Object.keys(s.staff())).toEqual([wang.id]);
    expect(s.logged).toHaveLength(1);
  });

  it('an unknown or ambiguous name gets a question and changes nothing; an @mention settles who it is', async () => {
    const s = await shop();
    const zhang1 = member('张姐', 'wxid_zhang1');
    const zhang2 = member('张姐', 'wxid_zhang2');
    await s.say((at) => groupText(zhang1, '早', at));
    await s.say((at) => groupText(zhang2, '早', at, group2));

    expect(await s.replyTo((at) => groupText(owner, '/店员 新增 @刘奶奶', at)))
      .toBe('没找到「刘奶奶」，是哪一位呢？在群里可以直接 @ TA，私聊里写 TA 的微信名或群昵称。');
    expect(await s.replyTo((at) => dmText(owner, '/店员 新增 张姐', at)))
      .toBe('叫「张姐」的有 2 位，是哪一位呢？请在群里发 /店员 新增，再直接 @ TA。');
    expect(await s.replyTo((at) => groupText(owner, '/店员 新增', at))).toBe('要设谁呢？这样发：/店员 新增 @王阿姨');
    expect(await s.replyTo((at) => groupText(owner, '/店员 新增 @王阿姨\u2005@陈叔\u2005', at))).toBe('一次一位就好，比如：/店员 新增 @王阿姨');
    expect(await s.replyTo((at) => groupText(owner, '/店员 王阿姨', at))).toBe('用法：/店员 新增 @名字，/店员 删除 @名字，/店员 名单');
    expect(s.staff()).toEqual({});
    expect(s.logged).toEqual([]);

    // In WeChat an @mention carries the person's id: no guessing between the two.
    const out = await s.replyTo((at) => ({ ...groupText(owner, '/店员 新增 @张姐\u2005', at, group1), mentions: [zhang1] }));
    expect(out).toContain('张姐现在是店员了');
    expect(Object.keys(s.staff())).toEqual([zhang1.id]);
  });

  it('with no staff at all, the list says how to add one', async () => {
    const s = await shop({ STAFF_IDS: '' });
    expect(await s.replyTo((at) => dmText(owner, '/店员 名单', at))).toBe('还没有店员。店员可以帮忙登记收款和取货，这样添加：/店员 新增 @名字');
  });

  it('someone added in chat is still staff after a restart on the same data', async () => {
    const first = await shop();
    await first.say((at) => groupText(owner, '/店员 新增 @王阿姨', at));
    await first.linli.close();

    const again = await shop({}, first.dir, first.clock.now() + 60_000);
    expect(again.staff()[wang.id]).toMatchObject({ id: wang.id, addedBy: { id: owner.id } });
    expect(await again.replyTo((at) => groupText(wang, '/小本子 重启后还能记', at))).toBe('记下了：重启后还能记');
    expect(again.linli.services.isStaff(wang)).toBe(true);
  });
});

describe('/help for each role', () => {
  it('staff see their commands and the residents\', none of the owner\'s', async () => {
    const s = await shop();
    const [dm = ''] = (await s.say((at) => dmText(li, '/help', at))).map((m) => m.text);
    const [mine = '', residents = ''] = dm.split('\n\n居民可用：\n');
    expect(mine).toMatch(/^店员命令：\n/);
    expect(mine.split('\n')).toEqual(expect.arrayContaining(['/小本子 一句话 — 记一笔', '/小本子 看 — 看看记了什么']));
    expect(residents).toContain('/积分（或发「我的积分」）');
    for (const owners of ['/小本子 清空', '/店员', '/积分 调整', '/召回', '/接龙 开', '/状态']) expect(dm).not.toContain(owners);
  });

  it('in a group staff get one line there and the list by DM', async () => {
    const s = await shop();
    const out = await s.say((at) => groupText(li, '/help', at));
    expect(out.filter((m) => m.to.kind === 'group').map((m) => m.text)).toEqual(['我把你能用的说明私信发你啦～']);
    expect(out.filter((m) => m.to.kind === 'dm').map((m) => m.text)).toEqual([expect.stringMatching(/^店员命令：/)]);
  });

  it('residents see no staff command; the owner sees everything', async () => {
    const s = await shop();
    const [resident] = (await s.say((at) => dmText(wang, '/help', at))).map((m) => m.text);
    expect(resident).toMatch(/^我能帮你做这些：/);
    expect(resident).not.toContain('/小本子');
    expect(resident).not.toContain('/店员');
    const [mine] = (await s.say((at) => dmText(owner, '/help', at))).map((m) => m.text);
    expect(mine).toMatch(/^团长命令：/);
    for (const all of ['/小本子 一句话', '/小本子 看', '/小本子 清空', '/店员 新增 @名字', '/店员 删除 @名字', '/店员 名单', '/积分 调整']) expect(mine).toContain(all);
  });
});
