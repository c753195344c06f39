import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../scheduler/clock.ts';
import { ReplySlots } from './reply-slots.ts';

describe('ReplySlots', () => {
  it('answers passively while open, then once by response_url, then not at all', async () => {
    const slots = new ReplySlots(new ManualClock(0));
    const slot = slots.open('e1', 'chat', 'https://r/1');
    const first = slots.take('e1', 'chat');
    expect(first?.kind).toBe('passive');
    if (first?.kind === 'passive') first.answer('hi');
    slot.close();
    expect(await slot.answer).toBe('hi');
    const second = slots.take('e1', 'chat');
    expect(second).toMatchObject({ kind: 'response_url', url: 'https://r/1' });
    if (second?.kind === 'response_url') second.done();
    expect(slots.take('e1', 'chat')).toBeUndefined();
  });

  it('gives a message tied to no event the chat\'s latest unused response_url, never another kind of message\'s', () => {
    const clock = new ManualClock(0);
    const slots = new ReplySlots(clock);
    slots.open('e1', 'chat', 'https://r/1').close();
    slots.open('e2', 'chat', 'https://r/2').close();
    expect(slots.take(undefined, 'chat')).toMatchObject({ url: 'https://r/2' });
    expect(slots.take('wecom:123', 'chat')).toBeUndefined();
    const open = slots.open('e3', 'chat', 'https://r/3');
    expect(slots.take('e3', 'owner')).toBeUndefined();
    open.close();
    clock.advance(56 * 60_000);
    expect(slots.take(undefined, 'chat')).toBeUndefined();
  });
});
