import { describe, expect, it } from 'vitest';
import type { Stream } from './state.ts';
import { liveNowText, reminderText, startText } from './texts.ts';

const stream = (link?: string): Stream => ({
  no: 3, title: '粮油专场', startAt: 0, endAt: 3_600_000, offer: [], groups: null, status: 'live', createdAt: 0,
  reservations: [], previewsSent: [], pendingConfirm: {}, jielong: [], ...(link ? { link } : {}),
});

describe('where to watch', () => {
  it('gives the link when there is one, and the 视频号 when there is none — never a 直播间 with no way in', () => {
    expect(startText(stream('https://live.example.com/3'))).toBe('「粮油专场」开播了！快来直播间～\nhttps://live.example.com/3');
    for (const text of [startText(stream()), liveNowText(stream()), reminderText(stream(), 0, 'Asia/Shanghai')]) {
      expect(text).toContain('视频号');
      expect(text).not.toMatch(/直播间|直接来看/);
    }
  });
});
