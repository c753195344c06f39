import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';

describe('STREAM_PREVIEW_LEADS', () => {
  it('reads hours and minutes, longest first, and off', () => {
    expect(loadConfig({}).STREAM_PREVIEW_LEADS).toEqual([1440, 120, 10]);
    expect(loadConfig({ STREAM_PREVIEW_LEADS: '30m，3h' }).STREAM_PREVIEW_LEADS).toEqual([180, 30]);
    expect(loadConfig({ STREAM_PREVIEW_LEADS: 'off' }).STREAM_PREVIEW_LEADS).toEqual([]);
  });
  it('refuses anything else with the expected form', () => {
    expect(() => loadConfig({ STREAM_PREVIEW_LEADS: '两小时' })).toThrow(ConfigError);
    expect(() => loadConfig({ STREAM_PREVIEW_LEADS: '2d' })).toThrow(/24h,2h,10m/);
  });
});
