import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../bot/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      DATA_DIR: './data', TZ: 'Asia/Shanghai', OUTBOX_MIN_GAP_MS: 1500, OUTBOX_GROUP_PER_MINUTE: 20,
      DM_DAILY_CAP: 30, DM_QUIET_HOURS: { start: 22 * 60, end: 8 * 60 }, WEB_PORT: 8787, OWNER_IDS: [],
      POINTS_CHECKIN: 5, POINTS_STREAK_BONUS: [{ day: 7, points: 10 }, { day: 30, points: 30 }], POINTS_SHARE: 2,
      POINTS_SHARE_DAILY_CAP: 3, POINTS_INVITE: 10, POINTS_INVITE_FIRST_ORDER: 20, POINTS_PER_YUAN: 1,
    });
  });

  it('reads lists, numbers, booleans and quiet hours', () => {
    const c = loadConfig({
      OWNER_IDS: 'wxid_a，老赵, ', ALLOW_OWNER_NAMES: 'true', WEB_PORT: '9000', WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
      DM_QUIET_HOURS: '21:30-7:00', WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:8788', WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_x',
    });
    expect(c.OWNER_IDS).toEqual(['wxid_a', '老赵']);
    expect(c.WEB_PORT).toBe(9000);
    expect(c.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT).toBe(true);
    expect(c.DM_QUIET_HOURS).toEqual({ start: 21 * 60 + 30, end: 7 * 60 });
    expect(loadConfig({ DM_QUIET_HOURS: 'off' }).DM_QUIET_HOURS).toBeNull();
  });

  it.each([
    [{ WEB_PORT: 'abc' }, 'WEB_PORT="abc"'],
    [{ DM_DAILY_CAP: '-1' }, 'DM_DAILY_CAP="-1"'],
    [{ TZ: 'Mars/Olympus' }, 'TZ="Mars/Olympus": 一个 IANA 时区'],
    [{ DM_QUIET_HOURS: '10pm' }, 'DM_QUIET_HOURS="10pm": 形如 22:00-08:00'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud"'],
    [{ POINTS_STREAK_BONUS: '7=10' }, 'POINTS_STREAK_BONUS="7=10": 形如 7:10,30:30'],
    [{ POINTS_STREAK_BONUS: '0:10' }, 'POINTS_STREAK_BONUS="0:10"'],
    [{ POINTS_CHECKIN: '-5' }, 'POINTS_CHECKIN="-5"'],
  ])('stops on an invalid value and names the variable (%o)', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it('refuses a puppet-service token without an endpoint, and never echoes the token', () => {
    let message = '';
    try {
      loadConfig({ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_secret_123' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('WECHATY_PUPPET_SERVICE_ENDPOINT');
    expect(message).toContain('公网');
    expect(message).not.toContain('puppet_secret_123');
  });

  it('reads the WeCom settings, with the official API host by default', () => {
    const c = loadConfig({ WECOM_CORP_ID: 'ww1', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'a'.repeat(43), WECOM_GROUP_WEBHOOK_KEYS: 'wrA=k1，wrB=k2' });
    expect(c).toMatchObject({ WECOM_API_BASE: 'https://qyapi.weixin.qq.com', WECOM_TIMESTAMP_WINDOW_SECONDS: 300, WECOM_CUSTOMER_DAILY_LIMIT: 1 });
    expect(c.WECOM_GROUP_WEBHOOK_KEYS).toEqual({ wrA: 'k1', wrB: 'k2' });
  });

  it.each([
    [{ WECOM_TOKEN: 'tok_secret_1' }, ['WECOM_ENCODING_AES_KEY', 'WECOM_CORP_ID']],
    [{ WECOM_BOT_AES_KEY: 'tooShort_secret_1' }, ['43 位', 'WECOM_BOT_TOKEN']],
    [{ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 'app_secret_1' }, ['WECOM_AGENT_ID']],
    [{ WECOM_GROUP_WEBHOOK_KEYS: 'just_secret_1' }, ['群ID=key']],
    [{ WECOM_BOT_TOKEN: 'b', WECOM_BOT_AES_KEY: 'a'.repeat(43), WECHATY_PUPPET_SERVICE_ENDPOINT: 'h:1' }, ['一次只能用一个']],
  ])('stops on an incomplete or invalid WeCom setup, without echoing secrets (%o)', (env, expected) => {
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    for (const part of expected) expect(message).toContain(part);
    expect(message).not.toMatch(/secret_1/);
  });
});
