// The Wechaty adapter on the embedded sandbox (wechaty-puppet-mock): what residents do
// arrives as InboundEvent, and what the bot sends shows up in the sandbox's timeline.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as PUPPET from 'wechaty-puppet';
import { createSandboxDriver, startSandbox, SYSTEM_SENDER_ID, type Sandbox, type SandboxControls } from '../bot/channels/sandbox.ts';
import { attachWechaty, type WechatyChannel } from '../bot/channels/wechaty.ts';
import { silentLogger } from '../bot/logger.ts';
import type { InboundEvent } from '../bot/types.ts';

const START = Date.UTC(2025, 4, 20, 1, 30); // 09:30 in Shanghai
let now = START;
const clock = { now: () => now };

let sandbox: Sandbox;
let driver: SandboxControls;
let channel: WechatyChannel;
const events: InboundEvent[] = [];

beforeAll(async () => {
  PUPPET.log.level('silent');
  sandbox = await startSandbox({ log: silentLogger() });
  channel = attachWechaty(sandbox.bot, {
    clock,
    log: silentLogger(),
    onEvent: async (event) => {
      events.push(event);
      if (event.kind === 'text' && event.text === '出错试试') throw new Error('handler blew up');
    },
  });
  driver = createSandboxDriver(sandbox, { clock, advance: async (ms) => void (now += ms), botName: sandbox.shop.bot.name });
});

afterAll(async () => {
  driver?.close();
  await sandbox?.stop();
});

/** 黄姐 posts a message of any type into 幸福里2群, as the puppet would deliver it. */
function post(id: string, type: PUPPET.types.Message, text: string): void {
  const { ids, mocker, puppet } = sandbox;
  mocker.MessageMock.create({ id, talkerId: ids.residents['黄姐']!, roomId: ids.groups['幸福里2群']!, mentionIdList: [], timestamp: now, type, text });
  puppet.emit('message', { messageId: id });
}

async function nextEvent(): Promise<InboundEvent> {
  const count = events.length;
  await vi.waitFor(() => expect(events.length).toBeGreaterThan(count));
  await channel.idle();
  return events[count]!;
}

describe('wechaty channel on the sandbox', () => {
  it('seeds the demo shop', () => {
    const { ids } = sandbox;
    expect(driver.botName()).toBe('邻里小助手');
    expect(driver.people().find((p) => p.isOwner)).toEqual({ id: ids.owner, name: '老赵', isOwner: true });
    const groups = driver.groups();
    expect(groups.map((g) => g.name)).toEqual(['幸福里1群', '幸福里2群']);
    for (const group of groups) {
      expect(group.id).toContain('@');
      expect(group.memberIds).toEqual(expect.arrayContaining([ids.bot, ids.owner, ids.residents['王阿姨']!]));
      expect(group.memberIds.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('turns a group text that @mentions the bot into a text event', async () => {
    const { ids } = sandbox;
    now = START + 1_000;
    const group1 = ids.groups['幸福里1群']!;
    const pending = nextEvent();
    await driver.say(ids.residents['王阿姨']!, group1, '@邻里小助手 明天的草莓还有吗？@李哥 你也要吧');
    const event = await pending;

    expect(event).toMatchObject({
      kind: 'text',
      at: START + 1_000,
      group: { id: group1, name: '幸福里1群' },
      from: { id: ids.residents['王阿姨'], name: '王阿姨', groupAlias: '3栋王阿姨' },
      text: '@邻里小助手 明天的草莓还有吗？@李哥 你也要吧',
      mentionsBot: true,
      mentions: [{ id: ids.residents['李哥'], name: '李哥' }],
      raw: { platform: 'wechaty', type: 'Text' },
    });
    expect(event.id).toMatch(/\S/);
  });

  it('turns a DM into a text event without a group', async () => {
    const { ids } = sandbox;
    now = START + 2_000;
    const pending = nextEvent();
    await driver.say(ids.residents['陈姐']!, null, '你好，鸡蛋几点到呀？');
    const event = await pending;

    expect(event).toMatchObject({ kind: 'text', at: START + 2_000, text: '你好，鸡蛋几点到呀？', mentionsBot: false, mentions: [] });
    expect(event.kind === 'text' && event.from).toEqual({ id: ids.residents['陈姐'], name: '陈姐' });
    expect(event.group).toBeUndefined();
  });

  it('turns a link card into a share event', async () => {
    const { ids } = sandbox;
    now = START + 3_000;
    const group1 = ids.groups['幸福里1群']!;
    const pending = nextEvent();
    await driver.shareLink(ids.residents['小张']!, group1, {
      title: '幸福里团购｜丹东99草莓 3斤装',
      url: 'https://example.com/deal/strawberry',
      description: '今晚8点截单，明早到店自提',
    });
    const event = await pending;

    expect(event).toMatchObject({
      kind: 'share',
      at: START + 3_000,
      group: { id: group1, name: '幸福里1群' },
      from: { id: ids.residents['小张'], name: '小张' },
      card: {
        type: 'link',
        title: '幸福里团购｜丹东99草莓 3斤装',
        url: 'https://example.com/deal/strawberry',
        description: '今晚8点截单，明早到店自提',
      },
      raw: { platform: 'wechaty', type: 'Url' },
    });
    expect(driver.timeline().at(-1)).toMatchObject({ chat: group1, text: '[链接] 幸福里团购｜丹东99草莓 3斤装', fromBot: false });
  });

  it('turns a mini program into a share event, and an XML app message into an app event', async () => {
    const { ids } = sandbox;
    const group2 = ids.groups['幸福里2群']!;
    const shared = nextEvent();
    post('mp-1', PUPPET.types.Message.MiniProgram, '');
    expect(await shared).toMatchObject({
      kind: 'share', from: { id: ids.residents['黄姐'], groupAlias: '12栋黄姐' },
      card: { type: 'miniprogram', title: 'mock title for mp-1' }, raw: { type: 'MiniProgram' },
    });

    const xml = '<?xml version="1.0"?><msg><appmsg><title><![CDATA[#接龙 周六草莓团]]></title><type>6</type></appmsg></msg>';
    const app = nextEvent();
    post('note-1', PUPPET.types.Message.GroupNote, xml);
    expect(await app).toMatchObject({
      kind: 'app', id: 'note-1', group: { id: group2 }, text: '#接龙 周六草莓团', raw: { platform: 'wechaty', type: 'GroupNote', xml },
    });
  });

  it('turns a 接龙 app message (type 53) into a 接龙 event with who added which line', async () => {
    const { ids } = sandbox;
    const title = '#接龙 周六草莓团\n\n1. 3-501 王阿姨 2盒\n2. 12栋 黄姐 1盒';
    const range = (part: string) => `${title.indexOf(part)}-${part.length}`;
    const info = `<solitaire><au>wxid_owner</au><content><s>2</s><i><u>wxid_wang</u><t>1700000000</t><r>${range('3-501 王阿姨 2盒')}</r></i>`
      + `<i><u>wxid_huang</u><t>1700000100</t><r>${range('12栋 黄姐 1盒')}</r></i></content></solitaire>`;
    const xml = `<?xml version="1.0"?><msg><appmsg><title><![CDATA[${title}]]></title><type>53</type>`
      + `<extinfo><solitaire_info><![CDATA[${info}]]></solitaire_info></extinfo></appmsg></msg>`;
    const pending = nextEvent();
    post('note-2', PUPPET.types.Message.GroupNote, xml);
    const event = await pending;
    expect(event).toMatchObject({
      kind: 'jielong', id: 'note-2', group: { id: ids.groups['幸福里2群'] }, from: { id: ids.residents['黄姐'] }, text: title,
      lines: [{ line: 1, authorId: 'wxid_wang' }, { line: 2, authorId: 'wxid_huang' }],
    });

    const bare = nextEvent();
    post('note-3', PUPPET.types.Message.GroupNote, '<?xml version="1.0"?><msg><appmsg><title><![CDATA[#接龙 周六草莓团]]></title><type>53</type></appmsg></msg>');
    expect(await bare).toMatchObject({ kind: 'jielong', id: 'note-3', text: '#接龙 周六草莓团', lines: [] });
  });

  it('turns a photo and a video-channel card into share events', async () => {
    const photo = nextEvent();
    post('img-1', PUPPET.types.Message.Image, '');
    expect(await photo).toMatchObject({ kind: 'share', id: 'img-1', card: { type: 'photo', title: '' }, raw: { type: 'Image' } });

    const xml = '<?xml version="1.0"?><msg><appmsg><title>当前版本不支持展示该内容</title><type>51</type>'
      + '<finderFeed><objectId>1412345</objectId><nickname>幸福里鲜果</nickname><desc>丹东草莓开箱</desc></finderFeed></appmsg></msg>';
    const card = nextEvent();
    post('finder-1', PUPPET.types.Message.Unknown, xml);
    expect(await card).toMatchObject({
      kind: 'share', id: 'finder-1',
      card: { type: 'channel', title: '丹东草莓开箱', description: '幸福里鲜果', url: 'finder:1412345' }, raw: { xml },
    });
  });

  it('turns an invitation into a join event with the inviter, and a leave into a leave event', async () => {
    const { ids } = sandbox;
    const group1 = ids.groups['幸福里1群']!;
    now = START + 4_000;
    const joined = nextEvent();
    await driver.addMember(group1, ids.residents['小李']!, ids.residents['王阿姨']!);
    const join = await joined;

    expect(join).toEqual({
      kind: 'join',
      id: `join:${group1}:${ids.residents['小李']}:${START + 4_000}`,
      at: START + 4_000,
      group: { id: group1, name: '幸福里1群' },
      member: { id: ids.residents['小李'], name: '小李' },
      inviter: { id: ids.residents['王阿姨'], name: '王阿姨', groupAlias: '3栋王阿姨' },
    });
    expect(driver.groups()[0]!.memberIds).toContain(ids.residents['小李']);
    expect(driver.timeline().at(-1)).toMatchObject({
      chat: group1, fromId: SYSTEM_SENDER_ID, text: '“3栋王阿姨”邀请“小李”加入了群聊', at: START + 4_000,
    });

    now = START + 5_000;
    const group2 = ids.groups['幸福里2群']!;
    const left = nextEvent();
    await driver.removeMember(group2, ids.residents['郑哥']!);
    expect(await left).toMatchObject({
      kind: 'leave', at: START + 5_000, group: { id: group2, name: '幸福里2群' }, member: { id: ids.residents['郑哥'], name: '郑哥' },
    });
    expect(driver.timeline().at(-1)).toMatchObject({ chat: group2, text: '“郑哥”退出了群聊' });
  });

  it('sends to a group with a real @mention, and to a DM', async () => {
    const { ids, shop } = sandbox;
    const group1 = { id: ids.groups['幸福里1群']!, name: '幸福里1群' };
    const wang = { id: ids.residents['王阿姨']!, name: '王阿姨' };
    const chen = { id: ids.residents['陈姐']!, name: '陈姐' };
    const sentIds: string[] = [];
    const onMessage = ({ messageId }: { messageId: string }): void => void sentIds.push(messageId);
    sandbox.puppet.on('message', onMessage);
    now = START + 6_000;
    const before = events.length;

    await channel.send({ key: 'k1', to: { kind: 'group', group: group1 }, text: '草莓明早9点到店，记得来取～', mentions: [wang] });
    await channel.send({ key: 'k2', to: { kind: 'dm', member: chen }, text: '陈姐，鸡蛋下午3点到，到了叫您～', mentions: [] });
    sandbox.puppet.off('message', onMessage);

    const [toGroup, toDm] = driver.timeline().slice(-2);
    expect(toGroup).toMatchObject({
      chat: group1.id, fromId: ids.bot, fromName: shop.bot.name, fromBot: true, at: START + 6_000,
      text: '@3栋王阿姨 草莓明早9点到店，记得来取～',
    });
    expect(toDm).toMatchObject({ chat: `dm:${chen.id}`, fromId: ids.bot, fromBot: true, text: '陈姐，鸡蛋下午3点到，到了叫您～' });
    const groupPayload = sandbox.mocker.messagePayload(sentIds[0]!);
    expect(groupPayload).toMatchObject({ roomId: group1.id, mentionIdList: [wang.id] });

    // The mock echoes the bot's own messages back; the adapter must not treat them as input.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await channel.idle();
    expect(events.length).toBe(before);
  });

  it('sends a file as an attachment', async () => {
    const chen = { id: sandbox.ids.residents['陈姐']!, name: '陈姐' };
    const dir = mkdtempSync(join(tmpdir(), 'linli-file-'));
    const path = join(dir, 'pick.csv');
    writeFileSync(path, '\uFEFF楼栋房号,姓名\n3-501,王阿姨\n');
    await channel.send({ key: 'k-file', to: { kind: 'dm', member: chen }, text: '配货单.csv', mentions: [], file: { path, name: '配货单.csv' } });
    expect(driver.timeline().at(-1)).toMatchObject({ chat: `dm:${chen.id}`, fromBot: true, text: '[文件] 配货单.csv' });
  });

  it('throws when the destination cannot be found, so the outbox retries', async () => {
    await expect(channel.send({
      key: 'k3', to: { kind: 'group', group: { id: 'nope@chatroom', name: '不存在的群' } }, text: '你好', mentions: [],
    })).rejects.toThrow(/not found/);
    await expect(channel.send({
      key: 'k4', to: { kind: 'dm', member: { id: 'wxid_nobody', name: '无名' } }, text: '你好', mentions: [],
    })).rejects.toThrow(/not found/);
  });

  it('keeps going after a handler throws', async () => {
    const { ids } = sandbox;
    const group2 = ids.groups['幸福里2群']!;
    const failing = nextEvent();
    await driver.say(ids.residents['孙奶奶']!, group2, '出错试试');
    await failing;
    const next = nextEvent();
    await driver.say(ids.residents['孙奶奶']!, group2, '签到');
    expect(await next).toMatchObject({ kind: 'text', text: '签到', mentionsBot: false });
  });
});
