import { describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxState } from '../../store/schema.ts';
import { reminderOutcomes, settleReminders } from './reminded.ts';
import type { Stream } from './state.ts';

const stream = (reminded?: Stream['reminded']): Stream => ({
  no: 3, title: '专场', startAt: 0, endAt: 1, offer: [], groups: null, status: 'ended', createdAt: 0,
  reservations: [], previewsSent: [], pendingConfirm: {}, jielong: [], ...(reminded ? { reminded } : {}),
});

const item = (key: string, state: OutboxState, createdAt = 0): OutboxItem => ({
  key, state, createdAt, to: { kind: 'dm', member: { id: 'x', name: 'x' } }, text: '', mentions: [], purpose: 'requested', notBefore: 0, attempts: 0,
});

describe('reminderOutcomes', () => {
  it('prefers the outbox while it keeps the DM, then the settled state, then "queued"', () => {
    const s = stream({
      a: { at: 0, key: 'stream:3:reminder:a' },
      b: { at: 0, key: 'stream:3:reminder:b', state: 'failed' },
      c: { at: 0, key: 'stream:3:reminder@r1:c' },
    });
    const outbox = [item('stream:3:reminder:a', 'pending'), item('stream:30:reminder:z', 'sent'), item('stream:3:start:g', 'sent')];
    expect(reminderOutcomes(s, outbox).sort()).toEqual(['failed', 'queued', 'waiting']);
  });

  it('without a record, takes the latest reminder per member from the outbox', () => {
    const outbox = [item('stream:3:reminder:a', 'failed', 1), item('stream:3:reminder@r1:a', 'sent', 2), item('stream:3:reminder:b', 'sent', 1)];
    expect(reminderOutcomes(stream(), outbox)).toEqual(['sent', 'sent']);
  });
});

describe('settleReminders', () => {
  it('keeps final outcomes only, and adopts reminders the stream did not record', () => {
    const s = stream({ a: { at: 0, key: 'stream:3:reminder:a' }, b: { at: 0, key: 'stream:3:reminder:b' } });
    const outbox = [item('stream:3:reminder:a', 'sent'), item('stream:3:reminder:b', 'pending'), item('stream:3:reminder:c', 'failed', 5)];
    expect(settleReminders(s, outbox)).toBe(true);
    expect(s.reminded).toEqual({
      a: { at: 0, key: 'stream:3:reminder:a', state: 'sent' },
      b: { at: 0, key: 'stream:3:reminder:b' },
      c: { at: 5, key: 'stream:3:reminder:c', state: 'failed' },
    });
    expect(settleReminders(s, outbox)).toBe(false);
    // Once the outbox has pruned them, the stream still answers.
    expect(reminderOutcomes(s, []).sort()).toEqual(['failed', 'queued', 'sent']);
  });
});
