// The WeCom channel end to end: callbacks signed and encrypted as WeCom does (with
// @wecom/crypto) drive the hono app directly; every outbound call lands on a fake WeCom
// server on 127.0.0.1 that checks the access token and records the body.

import { afterEach, describe, expect, it } from 'vitest';
import { createWecom, type Wecom } from '../bot/channels/wecom/index.ts';
import { silentLogger } from '../bot/logger.ts';
import type { Linli } from '../bot/app.ts';
import type { ManualClock } from '../scheduler/clock.ts';
import { testBot } from './helpers.ts';
import { CORP_ID, FakeWecom, SECRET } from './wecom-fake.ts';
import {
  contactAddedXml, envelope, groupChangeXml, openBotReply, seal, sealBot, textXml, WECOM_ENV,
} from './wecom-sign.ts';

interface Setup {
  fake: FakeWecom;
  linli: Linli;
  clock: ManualClock;
  wecom: Wecom;
  logged: any[];
  /** POST a self-built app callback (plaintext XML, sealed as WeCom does). */
  callback(xml: string, opts?: { at?: number; receiveId?: string; nonce?: string }): Response | Promise<Response>;
  bot(json: object): Response | Promise<Response>;
  /** Lets acknowledged callbacks run, then sends what is due. */
  settle(): Promise<void>;
}

let current: Setup | undefined;

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const fake = await new FakeWecom().start();
  const { linli, clock, config } = await testBot({
    ...WECOM_ENV, WECOM_SECRET: SECRET, WECOM_API_BASE: fake.url, WECOM_PASSIVE_REPLY_MS: '2000', ...env,
  });
  const wecom = createWecom({
    config, store: linli.services.store, clock, log: silentLogger(),
    handle: async (e) => void (await linli.handle(e)),
    flush: async () => void (await linli.services.outbox.drain()),
  });
  linli.attach(wecom.channel);
  const logged: any[] = [];
  linli.services.store.log.subscribe((e) => logged.push(e));
  const s: Setup = {
    fake, linli, clock, wecom, logged,
    callback: (xml, opts = {}) => {
      const { encrypted, query } = seal(xml, opts.at ?? clock.now(), opts);
      return wecom.app.request(`/wecom/callback?${query}`, { method: 'POST', body: envelope(encrypted) });
    },
    bot: (json) => {
      const { encrypted, query } = sealBot(JSON.stringify(json), clock.now());
      return wecom.app.request(`/wecom/aibot?${query}`, { method: 'POST', body: JSON.stringify({ encrypt: encrypted }) });
    },
    settle: async () => {
      await wecom.idle();
      await linli.engine.advanceTo(clock.now(), clock);
    },
  };
  current = s;
  return s;
}

afterEach(async () => {
  await current?.linli.close();
  await current?.fake.stop();
  current = undefined;
});

/** An echostr with a '+' in it: hono's query parsing would turn that into a space. */
function echoWithPlus(seal: (p: string) => { encrypted: string; query: string }): { plain: string; encrypted: string; query: string } {
  for (let i = 0; ; i++) {
    const plain = `echo-${i}-5927826`;
    const s = seal(plain);
    if (s.encrypted.includes('+')) return { plain, ...s };
  }
}

describe('WeCom callbacks: receiving', () => {
  it('verifies the callback URL: decrypts echostr (raw + kept) and answers the bare plaintext', async () => {
    const { wecom, clock } = await setup();
    const app = echoWithPlus((p) => seal(p, clock.now()));
    const res = await wecom.app.request(`/wecom/callback?${app.query}&echostr=${app.encrypted}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(app.plain);

    const bot = echoWithPlus((p) => sealBot(p, clock.now()));
    const encoded = await wecom.app.request(`/wecom/aibot?${bot.query}&echostr=${encodeURIComponent(bot.encrypted)}`);
    expect(await encoded.text()).toBe(bot.plain);
  });

  it('turns a text message to the app into a DM event and answers the owner through message/send', async () => {
    const s = await setup();
    const res = await s.callback(textXml('laozhao', '/help', '7000000000000000001', s.clock.now()));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await s.settle();
    expect(s.logged).toContainEqual(expect.objectContaining({ kind: 'text', id: 'wecom:7000000000000000001', from: { id: 'laozhao', name: 'laozhao', no: 1 }, text: '/help' }));
    const [send] = s.fake.callsTo('message/send');
    expect(send?.body).toMatchObject({ touser: 'laozhao', msgtype: 'text', agentid: 1000002, text: { content: expect.stringContaining('团长命令') } });
  });

  it('a customer-group join arrives as a join event with the member and the inviter WeCom reports', async () => {
    const s = await setup();
    s.fake.groupChats['wrGroup001'] = {
      chat_id: 'wrGroup001', name: '幸福里团购群', owner: 'laozhao',
      member_list: [
        { userid: 'laozhao', type: 1, join_time: 1_700_000_000, join_scene: 1, name: '老赵' },
        { userid: 'wmNewNeighbour0001', type: 2, join_time: Math.floor(s.clock.now() / 1000), join_scene: 1, invitor: { userid: 'laozhao' }, group_nickname: '3-501 小李', name: '小李' },
      ],
    };
    await s.callback(groupChangeXml('wrGroup001', 'add_member', ['wmNewNeighbour0001'], s.clock.now()));
    await s.settle();
    const join = s.logged.find((e) => e.kind === 'join');
    expect(join).toMatchObject({
      kind: 'join', group: { id: 'wrGroup001', name: '幸福里团购群' },
      member: { id: 'wmNewNeighbour0001', name: '小李', groupAlias: '3-501 小李' },
      inviter: { id: 'laozhao', name: '老赵' },
    });
    expect(s.linli.services.store.data.members['wmNewNeighbour0001']?.groups).toEqual(['wrGroup001']);
    expect(s.linli.services.store.data.wecom.chats['wrGroup001']).toEqual({ kind: 'customer', owner: 'laozhao' });

    // And leaving is a leave event for the same member.
    s.clock.advance(60_000);
    await s.callback(groupChangeXml('wrGroup001', 'del_member', ['wmNewNeighbour0001'], s.clock.now()));
    await s.settle();
    expect(s.logged.at(-1)).toMatchObject({ kind: 'leave', member: { id: 'wmNewNeighbour0001', name: '小李' }, group: { id: 'wrGroup001' } });
    expect(s.linli.services.store.data.members['wmNewNeighbour0001']?.groups).toEqual([]);
  });

  it('a customer-group join invited by a staff member earns the inviter points; the owner’s invites earn nothing', async () => {
    const s = await setup();
    const now = Math.floor(s.clock.now() / 1000);
    s.fake.groupChats['wrGroup003'] = {
      chat_id: 'wrGroup003', name: '幸福里团购群', owner: 'laozhao',
      member_list: [
        { userid: 'wmInvitedByMei001', type: 2, join_time: now, join_scene: 1, invitor: { userid: 'xiaomei' }, name: '小王' },
        { userid: 'wmInvitedByZhao01', type: 2, join_time: now, join_scene: 1, invitor: { userid: 'laozhao' }, name: '小孙' },
      ],
    };
    await s.callback(groupChangeXml('wrGroup003', 'add_member', ['wmInvitedByMei001'], s.clock.now()));
    await s.settle();
    s.clock.advance(1000);
    await s.callback(groupChangeXml('wrGroup003', 'add_member', ['wmInvitedByZhao01'], s.clock.now()));
    await s.settle();
    const { balances } = s.linli.services.store.data.points;
    expect(balances['xiaomei']).toBe(10);
    expect(balances['laozhao'] ?? 0).toBe(0);
    expect(s.logged.filter((e) => e.kind === 'points').map((e) => [e.member?.id ?? e.member, e.amount])).toEqual([['xiaomei', 10]]);
  });

  it('finds who joined from the member list when an older event does not list them', async () => {
    const s = await setup();
    const now = Math.floor(s.clock.now() / 1000);
    s.fake.groupChats['wrGroup002'] = {
      chat_id: 'wrGroup002', name: '翠湖苑团购群', owner: 'laozhao',
      member_list: [
        { userid: 'wmOldNeighbour0001', type: 2, join_time: now - 86_400, join_scene: 3, name: '老住户' },
        { userid: 'wmScannedQr000001', type: 2, join_time: now - 2, join_scene: 3, name: '扫码的邻居' },
      ],
    };
    await s.callback(groupChangeXml('wrGroup002', 'add_member', [], s.clock.now(), 3).replace('<MemChangeCnt>0</MemChangeCnt>', '<MemChangeCnt>1</MemChangeCnt>'));
    await s.settle();
    const joins = s.logged.filter((e) => e.kind === 'join');
    expect(joins).toHaveLength(1);
    expect(joins[0]).toMatchObject({ member: { id: 'wmScannedQr000001', name: '扫码的邻居' } });
    expect(joins[0].inviter).toBeUndefined();
  });

  it('a retried callback is processed once; an identical replay is refused', async () => {
    const s = await setup();
    const xml = textXml('laozhao', '/help', '7000000000000000002', s.clock.now());
    const first = seal(xml, s.clock.now(), { nonce: 'n1' });
    expect((await s.wecom.app.request(`/wecom/callback?${first.query}`, { method: 'POST', body: envelope(first.encrypted) })).status).toBe(200);
    // WeCom's resend: same MsgId, a new signature.
    s.clock.advance(5_000);
    expect((await s.callback(xml, { nonce: 'n2' })).status).toBe(200);
    // Someone replaying the very same signed request.
    expect((await s.wecom.app.request(`/wecom/callback?${first.query}`, { method: 'POST', body: envelope(first.encrypted) })).status).toBe(403);
    await s.settle();
    expect(s.logged.filter((e) => e.kind === 'text')).toHaveLength(1);
    expect(s.fake.callsTo('message/send')).toHaveLength(1);
  });

  it.each([
    ['a bad signature', (s: Setup) => {
      const { encrypted, query } = seal(textXml('laozhao', '/help', '1', s.clock.now()), s.clock.now());
      return s.wecom.app.request(`/wecom/callback?${query.replace(/msg_signature=[0-9a-f]/, 'msg_signature=z')}`, { method: 'POST', body: envelope(encrypted) });
    }],
    ['a wrong corp id', (s: Setup) => s.callback(textXml('laozhao', '/help', '2', s.clock.now()), { receiveId: 'wwSomeOtherCorp' })],
    ['a stale timestamp', (s: Setup) => s.callback(textXml('laozhao', '/help', '3', s.clock.now()), { at: s.clock.now() - 10 * 60_000 })],
    ['a body that is not XML', (s: Setup) => {
      const { query } = seal('x', s.clock.now());
      return s.wecom.app.request(`/wecom/callback?${query}`, { method: 'POST', body: '{"Encrypt": "abc"}' });
    }],
    ['a 智能机器人 body that is not JSON', (s: Setup) => {
      const { encrypted, query } = sealBot('{}', s.clock.now());
      return s.wecom.app.request(`/wecom/aibot?${query}`, { method: 'POST', body: `<xml><Encrypt>${encrypted}</Encrypt></xml>` });
    }],
    ['a 智能机器人 message encrypted with another key', (s: Setup) => {
      const { encrypted, query } = seal('{"msgid":"x"}', s.clock.now(), { token: 'LinliBotToken', receiveId: '' });
      return s.wecom.app.request(`/wecom/aibot?${query}`, { method: 'POST', body: JSON.stringify({ encrypt: encrypted }) });
    }],
    ['a URL check with a bad signature', (s: Setup) => {
      const { encrypted, query } = seal('echo', s.clock.now());
      return s.wecom.app.request(`/wecom/callback?${query.replace('timestamp=', 'timestamp=1')}&echostr=${encodeURIComponent(encrypted)}`);
    }],
  ])('refuses %s with 403 and processes nothing', async (_, send) => {
    const s = await setup();
    const res = await send(s);
    expect(res.status).toBe(403);
    await s.settle();
    expect(s.logged).toEqual([]);
    expect(s.fake.calls).toEqual([]);
  });

  it('feeds a WeCom 接龙 (msgtype 213 with solitaireInfo) to the 接龙 parser with per-line authors', async () => {
    const s = await setup();
    const text = '#接龙\n周六冷榨油团购\n\n1. 3-501 王阿姨 3瓶\n2. 5-201 小张 2瓶';
    const range = (part: string) => `${text.indexOf(part)}-${part.length}`;
    const info = `<solitaire><au>laozhao</au><content><s>2</s><i><u>wmWang000000001</u><t>1700000000</t><r>${range('3-501 王阿姨 3瓶')}</r></i>`
      + `<i><u>wmZhang00000001</u><t>1700000100</t><r>${range('5-201 小张 2瓶')}</r></i></content></solitaire>`;
    const xml = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[wmZhang00000001]]></FromUserName>`
      + `<CreateTime>${Math.floor(s.clock.now() / 1000)}</CreateTime><MsgType>213</MsgType><ChatId><![CDATA[wrGroup001]]></ChatId>`
      + `<Content><![CDATA[${text}]]></Content><SolitaireInfo><![CDATA[${info}]]></SolitaireInfo><MsgId>7000000000000000213</MsgId></xml>`;
    await s.callback(xml);
    await s.settle();
    expect(s.logged[0]).toMatchObject({ kind: 'app', raw: { platform: 'wecom', type: '接龙' }, group: { id: 'wrGroup001' } });
    const [record] = Object.values(s.linli.services.store.data.jielong);
    expect(record?.book.lines.map((l) => [l.entry.name, l.authorId])).toEqual([['王阿姨', 'wmWang000000001'], ['小张', 'wmZhang00000001']]);
  });
});

describe('WeCom 智能机器人', () => {
  const groupAt = (msgid: string, content: string) => ({
    msgid, aibotid: 'aibotLinli', chatid: 'wrkSFfCgAAbotgroup', chattype: 'group', from: { userid: 'laozhao' },
    response_url: `${current!.fake.url}/aibot/response/${msgid}`, msgtype: 'text', text: { content },
  });

  it('answers a group @-message passively, in the HTTP response', async () => {
    const s = await setup();
    const res = await s.bot(groupAt('bot-msg-1', '@邻里小助手 /状态'));
    expect(res.status).toBe(200);
    const reply = openBotReply(await res.json()) as { msgtype: string; stream: { finish: boolean; content: string } };
    expect(reply).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: expect.stringContaining('待发消息') } });
    expect(s.logged[0]).toMatchObject({ kind: 'text', text: '/状态', mentionsBot: true, group: { id: 'wrkSFfCgAAbotgroup' } });
    expect(s.fake.calls).toEqual([]);
    expect(s.linli.services.store.data.outbox.map((i) => i.state)).toEqual(['sent']);
  });

  it('answers through response_url (plain JSON, once) when the reply is slower than WeCom waits', async () => {
    const s = await setup({ WECOM_PASSIVE_REPLY_MS: '30' });
    let release!: () => void;
    const modelCall = new Promise<void>((r) => (release = r));
    s.linli.router.use(async (ctx, next) => {
      if (ctx.text !== '今天有什么菜') return next();
      await modelCall;
      ctx.reply('今天有冷榨油和土鸡蛋～');
    });
    const res = await s.bot(groupAt('bot-msg-2', '@邻里小助手 今天有什么菜'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    release();
    await s.settle();
    expect(s.fake.calls).toEqual([{ path: 'response_url/bot-msg-2', query: {}, body: { msgtype: 'markdown', markdown: { content: '今天有冷榨油和土鸡蛋～' } } }]);
  });

  it('answers a single chat with the bot passively too, as a DM event', async () => {
    const s = await setup();
    const res = await s.bot({ msgid: 'bot-dm-1', aibotid: 'aibotLinli', chattype: 'single', from: { userid: 'xiaoli' }, msgtype: 'mixed',
      mixed: { msg_item: [{ msgtype: 'text', text: { content: '/状态' } }, { msgtype: 'image', image: { url: 'https://example.invalid/x.png' } }] } });
    const reply = openBotReply(await res.json()) as { stream: { content: string } };
    expect(reply.stream.content).toContain('只有团长可以使用');
    expect(s.logged[0]).toMatchObject({ kind: 'text', text: '/状态', mentionsBot: false, from: { id: 'xiaoli' } });
    expect(s.logged[0].group).toBeUndefined();
  });

  it('handles a retried 智能机器人 message once', async () => {
    const s = await setup();
    await s.bot(groupAt('bot-msg-3', '@邻里小助手 /help'));
    s.clock.advance(5_000);
    const retry = await s.bot(groupAt('bot-msg-3', '@邻里小助手 /help'));
    expect(await retry.text()).toBe('');
    await s.settle();
    expect(s.logged).toHaveLength(1);
  });
});

describe('WeCom API: sending', () => {
  it('caches the access token, refreshes it once on 42001 and retries the call', async () => {
    const s = await setup();
    const send = (id: string) => s.linli.services.outbox.enqueue({ key: id, to: { kind: 'dm', member: { id: 'laozhao', name: '老赵' } }, text: id, purpose: 'reply' });
    send('first');
    await s.settle();
    s.clock.advance(60_000);
    send('second');
    await s.settle();
    expect(s.fake.callsTo('gettoken')).toHaveLength(1);
    expect(s.fake.callsTo('message/send').map((c) => c.query['access_token'])).toEqual(['token-1', 'token-1']);

    s.fake.expireTokens();
    s.clock.advance(60_000);
    send('third');
    await s.settle();
    expect(s.fake.callsTo('gettoken')).toHaveLength(2);
    expect(s.fake.callsTo('message/send').map((c) => [c.query['access_token'], c.body.text.content])).toEqual([
      ['token-1', 'first'], ['token-1', 'second'], ['token-1', 'third'], ['token-2', 'third'],
    ]);
    expect(s.linli.services.store.data.outbox.every((i) => i.state === 'sent')).toBe(true);
    // The secret and tokens travel only in the query string, never in a body.
    expect(JSON.stringify(s.fake.calls.map((c) => c.body))).not.toContain(SECRET);
  });

  it('reports another errcode in the outbox and keeps the message for a retry', async () => {
    const s = await setup();
    s.fake.failNext['message/send'] = [{ errcode: 60020, errmsg: 'not allow to access from your ip' }];
    s.linli.services.outbox.enqueue({ key: 'k1', to: { kind: 'dm', member: { id: 'laozhao', name: '老赵' } }, text: '导出好了', purpose: 'reply' });
    await s.wecom.idle();
    await s.linli.engine.tick();
    const [item] = s.linli.services.store.data.outbox;
    expect(item).toMatchObject({ state: 'pending', attempts: 1 });
    expect(item?.lastError).toContain('errcode 60020');
    expect(item?.lastError).toContain('企业可信 IP');
    await s.linli.engine.advanceTo(s.clock.now() + 60_000, s.clock);
    expect(item?.state).toBe('sent');
  });

  it('posts to an app-created group with appchat/send, and to a configured group robot by webhook', async () => {
    const s = await setup({ WECOM_GROUP_WEBHOOK_KEYS: 'wrRobotGroup=robot-key-1' });
    const outbox = s.linli.services.outbox;
    outbox.enqueue({ key: 'a', to: { kind: 'group', group: { id: 'linli-staff', name: '店员群' } }, text: '今天 18:00 盘点', mentions: [{ id: 'xiaoli', name: '小李' }] });
    outbox.enqueue({ key: 'b', to: { kind: 'group', group: { id: 'wrRobotGroup', name: '团长群' } }, text: '导出好了', mentions: [{ id: 'laozhao', name: '老赵' }] });
    await s.settle();
    expect(s.fake.callsTo('appchat/send').map((c) => c.body)).toEqual([{ chatid: 'linli-staff', msgtype: 'text', text: { content: '@小李 今天 18:00 盘点' }, safe: 0 }]);
    expect(s.fake.callsTo('webhook/send')).toEqual([{ path: 'webhook/send', query: { key: 'robot-key-1' }, body: { msgtype: 'text', text: { content: '导出好了', mentioned_list: ['laozhao'] } } }]);
  });

  it('reaches customers only through 群发 tasks (add_msg_template), within the daily limit', async () => {
    const s = await setup();
    s.fake.customers['wmWangAyi00000001'] = { name: '王阿姨' };
    s.fake.groupChats['wrGroup001'] = { chat_id: 'wrGroup001', name: '幸福里团购群', owner: 'xiaoli', member_list: [] };
    await s.callback(contactAddedXml('xiaoli', 'wmWangAyi00000001', s.clock.now()));
    await s.settle();
    expect(s.logged[0]).toMatchObject({ kind: 'app', from: { id: 'wmWangAyi00000001', name: '王阿姨' }, raw: { type: 'add_external_contact' } });

    const outbox = s.linli.services.outbox;
    outbox.enqueue({ key: 'recall-1', to: { kind: 'dm', member: { id: 'wmWangAyi00000001', name: '王阿姨' } }, text: '王阿姨，好久不见～', purpose: 'unsolicited' });
    s.linli.services.store.data.wecom.chats['wrGroup001'] = { kind: 'customer' };
    outbox.enqueue({ key: 'preview-1', to: { kind: 'group', group: { id: 'wrGroup001', name: '幸福里团购群' } }, text: '今晚 8 点直播' });
    s.clock.set(Date.parse('2026-11-21T10:00:00+08:00'));
    await s.settle();
    expect(s.fake.callsTo('externalcontact/add_msg_template').map((c) => c.body)).toEqual([
      { chat_type: 'single', external_userid: ['wmWangAyi00000001'], sender: 'xiaoli', text: { content: '王阿姨，好久不见～' } },
      { chat_type: 'group', chat_id_list: ['wrGroup001'], sender: 'xiaoli', text: { content: '今晚 8 点直播' } },
    ]);

    // WeCom's limit: one 群发 per customer per day (configurable). The second waits for tomorrow
    // (tests/wecom-limit.test.ts follows it there), not a task today and not a failed attempt.
    outbox.enqueue({ key: 'recall-2', to: { kind: 'dm', member: { id: 'wmWangAyi00000001', name: '王阿姨' } }, text: '再提醒一次', purpose: 'requested' });
    await s.linli.engine.advanceTo(s.clock.now() + 3_000, s.clock);
    expect(s.fake.callsTo('externalcontact/add_msg_template')).toHaveLength(2);
    const waiting = s.linli.services.store.data.outbox.find((i) => i.key === 'recall-2');
    expect(waiting).toMatchObject({ state: 'pending', attempts: 0, notBefore: Date.parse('2026-11-22T00:00:00+08:00') });
    expect(waiting?.lastError).toContain('每天收到的群发条数');
  });
});
