// What is still worth sending after the account was down (bot/expiry.ts), row by row; and the
// alert path (bot/alert.ts) when the webhook refuses or is unreachable.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAlert } from '../bot/alert.ts';
import { tooLate, type ExpiryContext } from '../bot/expiry.ts';
import { createLogger } from '../bot/logger.ts';
import type { Destination, MemberRef } from '../bot/types.ts';
import type { OutboxItem, SendPurpose } from '../store/schema.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const T = at('2026-11-23T10:00:00');
const MIN = 60_000;
const owner: MemberRef = { id: 'wxid_owner', name: '老赵' };
const wang: MemberRef = { id: 'wxid_wang', name: '王阿姨' };
const group: Destination = { kind: 'group', group: { id: 'g1@chatroom', name: '幸福里1群' } };
const dm = (member: MemberRef): Destination => ({ kind: 'dm', member });

const item = (key: string, createdAt = T, to: Destination = group, purpose: SendPurpose = 'requested'): OutboxItem => ({
  key, to, text: '', mentions: [], purpose, createdAt, notBefore: createdAt, state: 'pending', attempts: 0,
});

const ctx: ExpiryContext = {
  data: {
    streams: {
      items: { 1: { startAt: at('2026-11-23T11:00:00'), endAt: at('2026-11-23T12:30:00') } },
    } as unknown as ExpiryContext['data']['streams'],
    jielong: {
      'jl-open': { status: 'open', cutoffAt: at('2026-11-23T20:00:00') },
      'jl-closed': { status: 'closed', closedAt: at('2026-11-23T10:30:00') },
      'jl-nocut': { status: 'open' },
    } as unknown as ExpiryContext['data']['jielong'],
  },
  missedWindowMs: 360 * MIN,
  isOwner: (m) => m.id === owner.id,
};

/** The label when dropped at `now`, or 'send' when still worth sending. */
const verdict = (i: OutboxItem, now: number) => tooLate(i, now, ctx)?.label ?? 'send';

describe('too late to send after an outage', () => {
  it('a stream reminder goes until the stream starts, not after', () => {
    const reminder = item('stream:1:reminder:wxid_wang', at('2026-11-23T10:50:00'), dm(wang));
    expect(verdict(reminder, at('2026-11-23T10:59:00'))).toBe('send');
    expect(tooLate(reminder, at('2026-11-23T11:00:00'), ctx)).toEqual({ label: '直播提醒', why: '直播已经开始' });
    // After a change of time the key carries the revision; same rule.
    expect(verdict(item('stream:1:reminder@r1:wxid_wang'), at('2026-11-23T11:05:00'))).toBe('直播提醒');
  });

  it('a preview goes while its count-down is roughly right and the stream has not started', () => {
    const preview = item('stream:1:preview-120:g1@chatroom', at('2026-11-23T09:00:00'));
    expect(verdict(preview, at('2026-11-23T09:29:00'))).toBe('send');
    expect(verdict(preview, at('2026-11-23T09:30:00'))).toBe('直播预告');
    const lastOne = item('stream:1:preview-10:g1@chatroom', at('2026-11-23T10:50:00'));
    expect(verdict(lastOne, at('2026-11-23T10:52:00'))).toBe('send');
    expect(verdict(lastOne, at('2026-11-23T10:53:00'))).toBe('直播预告');
  });

  it('"开播了" goes in the first half hour of the stream, not long after', () => {
    const start = item('stream:1:start:g1@chatroom', at('2026-11-23T11:00:00'));
    expect(verdict(start, at('2026-11-23T11:29:00'))).toBe('send');
    expect(verdict(start, at('2026-11-23T11:30:00'))).toBe('开播通知');
  });

  it('a 接龙 announcement goes while the 接龙 takes orders; its totals and confirmations a day after', () => {
    expect(verdict(item('jielong-open:jl-open'), at('2026-11-23T19:59:00'))).toBe('send');
    expect(verdict(item('jielong-open:jl-open'), at('2026-11-23T20:00:00'))).toBe('接龙开团');
    expect(verdict(item('jielong-open:jl-closed'), at('2026-11-23T10:31:00'))).toBe('接龙开团');
    expect(verdict(item('jielong-open:jl-nocut'), at('2026-11-25T10:00:00'))).toBe('send');
    for (const key of ['jielong-closed:jl-closed', 'jielong-close-confirm:jl-closed', 'job:jielong-confirm:jl-open:1795400940000']) {
      expect(verdict(item(key), T + 23 * 60 * MIN)).toBe('send');
      expect(verdict(item(key), T + 24 * 60 * MIN)).toBe('接龙确认和汇总');
    }
  });

  it('a check-in reply (gathered or at once) and any answer in a group: half an hour', () => {
    for (const key of ['job:points-checkin-reply:g1@chatroom:1795400940000', 'reply:m5:1']) {
      expect(verdict(item(key), T + 29 * MIN)).toBe('send');
      expect(verdict(item(key), T + 30 * MIN)).not.toBe('send');
    }
  });

  it('answers by DM: two hours to a resident, a day to the owner; unkeyed answers like a resident\'s', () => {
    expect(verdict(item('reply:m6:1', T, dm(wang), 'reply'), T + 119 * MIN)).toBe('send');
    expect(verdict(item('reply:m6:1', T, dm(wang), 'reply'), T + 120 * MIN)).toBe('回复');
    expect(verdict(item('reply:m7:1', T, dm(owner), 'reply'), T + 23 * 60 * MIN)).toBe('send');
    expect(verdict(item('reply:m7:1', T, dm(owner), 'reply'), T + 24 * 60 * MIN)).toBe('回复');
    expect(verdict(item('something-else:1', T, dm(wang), 'reply'), T + 120 * MIN)).toBe('回复');
    expect(verdict(item('qa-answer:3', T, dm(wang)), T + 23 * 60 * MIN)).toBe('send');
  });

  it('scheduled posts keep the scheduler\'s catch-up window', () => {
    expect(verdict(item('broadcast:2:1795400940000:g1@chatroom'), T + 359 * MIN)).toBe('send');
    expect(verdict(item('broadcast:2:1795400940000:g1@chatroom'), T + 360 * MIN)).toBe('定时消息');
    expect(verdict(item('job:due-7:1795400940000'), T + 360 * MIN)).toBe('定时消息');
  });

  it('recall and follow-ups keep a day and two days; the missed-stream DM while its 接龙 is open', () => {
    expect(verdict(item('recall:run-3:wxid_wang', T, dm(wang), 'unsolicited'), T + 23 * 60 * MIN)).toBe('send');
    expect(verdict(item('recall:run-3:wxid_wang', T, dm(wang), 'unsolicited'), T + 24 * 60 * MIN)).toBe('召回私信');
    expect(verdict(item('followup:jl-closed:wxid_wang', T, dm(wang), 'unsolicited'), T + 47 * 60 * MIN)).toBe('send');
    expect(verdict(item('followup:jl-closed:wxid_wang', T, dm(wang), 'unsolicited'), T + 48 * 60 * MIN)).toBe('回购关怀');
  });

  it('the owner\'s notices have no clock of their own', () => {
    const week = T + 7 * 24 * 60 * MIN;
    for (const [key, to, purpose] of [
      ['qa-owner-digest:1,2:wxid_owner', dm(owner), 'requested'],
      ['points:r1:owner:wxid_owner', dm(owner), 'requested'], ['broadcast-missed:2:1:wxid_owner', dm(owner), 'requested'],
      ['outage:1:wxid_owner', dm(owner), 'requested'],
    ] as const) {
      expect(verdict(item(key, T, to, purpose), week)).toBe('send');
    }
  });
});

describe('the alert path', () => {
  it('logs a refused or unreachable webhook without its address (the key is in it)', async () => {
    const server = createServer((_req, res) => res.end('{"errcode":93000,"errmsg":"invalid webhook url"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=secret-robot-key`;
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    await createAlert(url, log).send('掉线了');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await createAlert(url, log).send('又掉线了');
    expect(lines.map((l) => l.msg)).toEqual([
      'outage alert, sent to the webhook', 'the alert webhook refused the alert',
      'outage alert, sent to the webhook', 'could not reach the alert webhook',
    ]);
    expect(lines[1]).toMatchObject({ errcode: 93000 });
    expect(JSON.stringify(lines)).not.toContain('secret-robot-key');
  });
});
