import { z } from 'zod';
import { isValidPattern } from '../scheduler/scheduler.ts';

// Every setting comes from the environment (and an optional .env, loaded by main.ts).
// An invalid value stops start-up with a message naming the variable and what it expects.

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const hhmm = /^([01]?\d|2[0-3]):[0-5]\d$/;
const quietHours = z
  .string()
  .regex(/^\s*(([01]?\d|2[0-3]):[0-5]\d\s*-\s*([01]?\d|2[0-3]):[0-5]\d|off)\s*$/, '形如 22:00-08:00，或 off')
  .transform((v) => parseQuietHours(v));
// Lead times before a stream: "24h,2h,10m" → minutes, longest first.
const leads = z
  .string()
  .regex(/^\s*(off|\d{1,4}\s*[hm](\s*[,，]\s*\d{1,4}\s*[hm])*)\s*$/i, '形如 24h,2h,10m（h 小时，m 分钟），或 off')
  .transform((v) => parseLeads(v));
const timeZone = z.string().refine(isTimeZone, '一个 IANA 时区，如 Asia/Shanghai');
const list = z.string().transform((v) => v.split(/[,，]/).map((s) => s.trim()).filter(Boolean));
const streakBonus = z
  .string()
  .regex(/^\s*(off|[1-9]\d{0,2}\s*:\s*\d{1,5}(\s*[,，]\s*[1-9]\d{0,2}\s*:\s*\d{1,5})*)\s*$/, '形如 7:10,30:30（连续第几天:奖励几分），或 off')
  .transform((v) => parseStreakBonus(v));
/** "7,14,30,60": ascending positive numbers (RFM score limits). */
const ascending = z
  .string()
  .regex(/^\s*\d+(\.\d+)?(\s*[,，]\s*\d+(\.\d+)?){3}\s*$/, '四个从小到大的数，用逗号分开，如 7,14,30,60')
  .transform((v) => v.split(/[,，]/).map((s) => Number(s.trim())))
  .refine((a) => a.every((n, i) => i === 0 || n > a[i - 1]!), '四个数要从小到大，如 7,14,30,60');
const cron = z.string().refine(isValidPattern, '5 段 cron 表达式，如 30 10 * * *（每天 10:30）');
// WeCom's EncodingAESKey: 43 letters and digits (base64 of 32 bytes without the trailing '=').
const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, '43 位字母和数字（企业微信后台随机生成的 EncodingAESKey）');
/** "chatid=key,chatid=key" → { chatid: key } */
const pairs = z
  .string()
  .regex(/^\s*([^=,，\s]+=[^=,，\s]+\s*([,，]\s*|$))*$/, '形如 群ID=key,群ID=key')
  .transform((v) => Object.fromEntries(v.split(/[,，]/).map((p) => p.trim()).filter(Boolean).map((p) => p.split('=') as [string, string])));

export const configSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  TZ: timeZone.default('Asia/Shanghai'),
  BOT_NAME: z.string().min(1).default('邻里小助手'),
  // Ids, not display names: anyone can rename themselves to the owner's name (see ownerIdIssues).
  OWNER_IDS: list.default([]),
  /** Lets OWNER_IDS hold display names outside the sandbox (unsafe; warned at each start). */
  ALLOW_OWNER_NAMES: bool.default(false),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: bool.default(false),
  WEB_HOST: z.string().default('127.0.0.1'),
  WEB_PORT: int(0, 65535).default(8787),
  // The sandbox page has no accounts: whoever reaches it may act as the owner and read every
  // DM. It stays on this machine unless opened on purpose, and then only with a sign-in.
  SANDBOX_PUBLIC: bool.default(false),
  SANDBOX_TOKEN: z.string().min(16, '至少 16 个字符，最好随机生成（如 openssl rand -hex 16）').optional(),
  SANDBOX_PUBLIC_HOST: list.default([]),
  CATALOG_FILE: z.string().optional(),
  STORE_FLUSH_MS: int(10, 60_000).default(500),
  OUTBOX_MIN_GAP_MS: int(0, 600_000).default(1500),
  OUTBOX_GROUP_PER_MINUTE: int(1, 1000).default(20),
  OUTBOX_GROUPS_GAP_MS: int(0, 600_000).default(1000),
  OUTBOX_MAX_ATTEMPTS: int(1, 50).default(5),
  DM_QUIET_HOURS: quietHours.default(parseQuietHours('22:00-08:00')),
  DM_DAILY_CAP: int(0, 10_000).default(30),
  SCHEDULER_MISSED_WINDOW_MINUTES: int(0, 7 * 24 * 60).default(360),
  // When the WeChat account is down (bot/outage.ts): a WeCom group robot to alert, and after how long.
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: '企业微信群机器人的 Webhook 地址，如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' }).optional(),
  OUTAGE_ALERT_AFTER_SECONDS: int(0, 24 * 3600).default(60),
  POINTS_CHECKIN: int(0, 10_000).default(5),
  POINTS_STREAK_BONUS: streakBonus.default(parseStreakBonus('7:10,30:30')),
  POINTS_SHARE: int(0, 10_000).default(2),
  POINTS_SHARE_DAILY_CAP: int(0, 100).default(3),
  POINTS_INVITE: int(0, 10_000).default(10),
  POINTS_INVITE_FIRST_ORDER: int(0, 10_000).default(20),
  POINTS_PER_YUAN: z.coerce.number().min(0).max(100).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WECOM_CORP_ID: z.string().optional(),
  WECOM_TOKEN: z.string().optional(),
  WECOM_ENCODING_AES_KEY: aesKey.optional(),
  WECOM_AGENT_ID: int(1, 2 ** 31 - 1).optional(),
  WECOM_SECRET: z.string().optional(),
  WECOM_BOT_TOKEN: z.string().optional(),
  WECOM_BOT_AES_KEY: aesKey.optional(),
  WECOM_API_BASE: z.url({ protocol: /^https?$/, error: '一个 http(s) 地址，如 https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com'),
  WECOM_TIMESTAMP_WINDOW_SECONDS: int(10, 3600).default(300),
  WECOM_CUSTOMER_DAILY_LIMIT: int(0, 100).default(1),
  WECOM_TEMPLATE_SENDER: z.string().optional(),
  WECOM_GROUP_WEBHOOK_KEYS: pairs.default({}),
  WECOM_PASSIVE_REPLY_MS: int(0, 4500).default(2500),
  // Product questions: a model is optional (templates answer without one).
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, error: '一个 http(s) 地址，如 https://api.deepseek.com/v1' }).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: int(100, 120_000).default(8000),
  QA_RATE_LIMIT: int(1, 1000).default(5),
  QA_RATE_WINDOW_MINUTES: int(1, 24 * 60).default(10),
  QA_OWNER_DIGEST_MINUTES: int(0, 24 * 60).default(10),
  // Live streams: when previews go out before the start, the reservers' reminder, the length.
  STREAM_PREVIEW_LEADS: leads.default(parseLeads('24h,2h,10m')),
  STREAM_REMINDER_MINUTES: int(1, 24 * 60).default(10),
  STREAM_DURATION_MINUTES: int(5, 24 * 60).default(90),
  STREAM_JIELONG_CUTOFF_HOURS: int(1, 14 * 24).default(24),
  STREAM_MISSED_DM_HOURS: int(0, 14 * 24).default(24),
  // Member profiles and lifecycle stages (handlers/profiles).
  PROFILE_NEW_DAYS: int(0, 365).default(7),
  PROFILE_SILENT_DAYS: int(1, 365).default(14),
  PROFILE_LAPSED_DAYS: int(1, 365).default(30),
  PROFILE_LOYAL_ORDERS: int(1, 1000).default(3),
  PROFILE_KOC_BUYERS: int(1, 1000).default(2),
  PROFILE_ENGAGED_ACTIONS: int(1, 1000).default(3),
  PROFILE_RFM_RECENCY_DAYS: ascending.default([7, 14, 30, 60]),
  PROFILE_RFM_FREQUENCY: ascending.default([1, 2, 4, 8]),
  PROFILE_RFM_MONETARY: ascending.default([50, 150, 400, 1000]),
  // Recall DMs (handlers/recall).
  RECALL_CRON: cron.default('30 10 * * *'),
  RECALL_MODE: z.enum(['approve', 'auto', 'off']).default('approve'),
  RECALL_OFFER: z.string().max(200).optional(),
  RECALL_COOLDOWN_DAYS: int(1, 365).default(7),
  RECALL_HOLDOUT_PERCENT: int(0, 90).default(10),
  RECALL_MAX_PER_RUN: int(0, 1000).default(10),
  RECALL_FOLLOWUP_DAYS: int(0, 90).default(5),
}).superRefine((c, ctx) => {
  if (c.WECHATY_PUPPET_SERVICE_TOKEN && !c.WECHATY_PUPPET_SERVICE_ENDPOINT) {
    ctx.addIssue({
      code: 'custom',
      path: ['WECHATY_PUPPET_SERVICE_ENDPOINT'],
      message: '给了 WECHATY_PUPPET_SERVICE_TOKEN 就必须同时给出服务地址（host:port）；只有 token 时客户端会去公网查找服务并崩溃',
    });
  }
  checkWecom(c, ctx);
  checkOwnerIds(c, ctx);
  checkSandboxPage(c, ctx);
});

type RefineCtx = { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void };

/** WeCom settings come in sets: a half-configured set would fail only at the first callback. */
function checkWecom(c: Record<string, unknown>, ctx: RefineCtx): void {
  const need = (when: string, name: string, message: string) => {
    if (c[when] !== undefined && c[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message });
  };
  need('WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', '配置了 WECOM_TOKEN（自建应用回调）就需要同一页上的 EncodingAESKey');
  need('WECOM_ENCODING_AES_KEY', 'WECOM_TOKEN', '配置了 WECOM_ENCODING_AES_KEY 就需要同一页上的 Token');
  need('WECOM_TOKEN', 'WECOM_CORP_ID', '自建应用回调需要企业 ID（我的企业 → 企业信息），用来核对回调确实发给本企业');
  need('WECOM_SECRET', 'WECOM_CORP_ID', '调用企业微信接口需要企业 ID 和应用 Secret 一起');
  need('WECOM_SECRET', 'WECOM_AGENT_ID', '给员工发应用消息需要自建应用的 AgentId');
  need('WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY', '智能机器人的 Token 和 EncodingAESKey 要一起配置');
  need('WECOM_BOT_AES_KEY', 'WECOM_BOT_TOKEN', '智能机器人的 Token 和 EncodingAESKey 要一起配置');
  if (c['WECHATY_PUPPET_SERVICE_ENDPOINT'] && (c['WECOM_CORP_ID'] || c['WECOM_BOT_TOKEN'])) {
    ctx.addIssue({
      code: 'custom', path: ['WECOM_CORP_ID'],
      message: '企业微信官方接口和 Wechaty 服务一次只能用一个：请去掉 WECHATY_PUPPET_SERVICE_ENDPOINT 或 WECOM_* 之一',
    });
  }
}

/**
 * What an account id looks like on every platform the bot speaks to: a WeChat wxid_… or
 * WeChat ID, a WeCom userid (letters, digits, _ - @ .), an external contact's wm…/wo…, a
 * puppet's @hash. Display names usually hold Chinese, spaces or emoji, which no id does.
 * An ASCII name ("Tom") passes here, but outside the sandbox the owner check matches ids
 * only (bot/context.ts), so such a name still gives nobody rights.
 */
export function looksLikeId(value: string): boolean {
  return /^@?[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}$/.test(value);
}

/** The sandbox is what runs when no real account (puppet service or WeCom) is configured. */
export function runsSandbox(c: Pick<Config, 'WECHATY_PUPPET_SERVICE_ENDPOINT' | 'WECOM_CORP_ID' | 'WECOM_BOT_TOKEN'>): boolean {
  // The same two tests bot/main.ts uses to choose the channel, so the two never disagree.
  return !usesPuppetService(c) && !usesWecom(c);
}

/** Whether the owner may be recognised by display name: the sandbox's made-up people, or on request. */
export function ownerNamesAllowed(c: Pick<Config, 'WECHATY_PUPPET_SERVICE_ENDPOINT' | 'WECOM_CORP_ID' | 'WECOM_BOT_TOKEN' | 'ALLOW_OWNER_NAMES'>): boolean {
  return runsSandbox(c) || c.ALLOW_OWNER_NAMES;
}

/** A name in OWNER_IDS on a real account is an open door: anyone who takes that name is the owner. */
function checkOwnerIds(c: Config, ctx: RefineCtx): void {
  if (ownerNamesAllowed(c)) return;
  const names = c.OWNER_IDS.filter((v) => !looksLikeId(v));
  if (names.length === 0) return;
  ctx.addIssue({
    code: 'custom', path: ['OWNER_IDS'],
    message: `${names.map((n) => `「${n}」`).join('、')}像是昵称而不是账号 ID：任何人把昵称改成它就能拿到团长权限。`
      + '请填团长账号的 ID（个人微信 wxid_… 或微信号，企业微信 userid）；确实要按昵称认团长，设置 ALLOW_OWNER_NAMES=true（不安全，每次启动都会警告）',
  });
}

/** Loopback addresses: a page served there is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The sandbox page opened beyond this machine needs a token, and names the address others use. */
function checkSandboxPage(c: Config, ctx: RefineCtx): void {
  if (!runsSandbox(c)) return;
  if (!c.SANDBOX_PUBLIC) {
    if (!isLoopbackHost(c.WEB_HOST)) {
      ctx.addIssue({
        code: 'custom', path: ['WEB_HOST'],
        message: '沙盒页面没有账号，谁能打开谁就是团长、能看到所有私聊，所以只在本机 127.0.0.1 提供。'
          + '要让局域网里的人打开，请同时设置 SANDBOX_PUBLIC=true 和 SANDBOX_TOKEN（登录口令）',
      });
    }
    return;
  }
  if (!c.SANDBOX_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SANDBOX_TOKEN'], message: 'SANDBOX_PUBLIC=true 时必须设置登录口令 SANDBOX_TOKEN（至少 16 个字符）' });
  }
  if (WILDCARD_HOSTS.has(c.WEB_HOST) && c.SANDBOX_PUBLIC_HOST.length === 0) {
    ctx.addIssue({
      code: 'custom', path: ['SANDBOX_PUBLIC_HOST'],
      message: `WEB_HOST=${c.WEB_HOST || '(空)'} 时请写出别人打开页面用的地址（如 192.168.1.20 或 linli.lan）；其它 Host 一律拒绝，以防 DNS 重绑定`,
    });
  }
}

/** Settings that are allowed but unsafe: said at every start, so they are not forgotten. */
export function startupWarnings(c: Config): string[] {
  const warnings: string[] = [];
  if (c.ALLOW_OWNER_NAMES && !runsSandbox(c)) {
    const names = c.OWNER_IDS.filter((v) => !looksLikeId(v));
    warnings.push(`ALLOW_OWNER_NAMES=true：团长也按昵称认${names.length ? `（${names.join('、')}）` : ''}，任何人改成这个昵称就有团长权限；请尽快在 OWNER_IDS 里换成账号 ID`);
  }
  if (c.SANDBOX_PUBLIC && runsSandbox(c)) {
    warnings.push(`SANDBOX_PUBLIC=true：沙盒页面对 ${c.WEB_HOST} 开放，凭 SANDBOX_TOKEN 登录；只在可信的网络里这样做`);
  }
  return warnings;
}

function parseLeads(v: string): number[] {
  if (/^\s*off\s*$/i.test(v)) return [];
  const minutes = v.split(/[,，]/).map((p) => {
    const m = /(\d+)\s*([hm])/i.exec(p)!;
    return Number(m[1]) * (m[2]!.toLowerCase() === 'h' ? 60 : 1);
  });
  return [...new Set(minutes.filter((n) => n > 0))].sort((a, b) => b - a);
}

export type Config = z.infer<typeof configSchema>;
export type QuietHours = { start: number; end: number } | null;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const picked = Object.fromEntries(
    Object.keys(configSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const result = configSchema.safeParse(picked);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = String(i.path[0] ?? '配置');
    const shown = /TOKEN|SECRET|KEY|WEBHOOK/.test(name) ? '（已隐藏）' : JSON.stringify(env[name] ?? '');
    return `  ${name}=${shown}: ${i.message}`;
  });
  throw new ConfigError(`配置有误，启动已停止：\n${lines.join('\n')}`);
}

/** Quiet hours as minutes of the day; start > end means the window spans midnight. */
export function parseQuietHours(text: string): QuietHours {
  if (text.trim() === 'off') return null;
  const [from, to] = text.split('-').map((s) => s.trim());
  if (!from || !to || !hhmm.test(from) || !hhmm.test(to)) throw new Error(`bad quiet hours: ${text}`);
  return { start: toMinutes(from), end: toMinutes(to) };
}

/** `7:10,30:30` → extra points on those days of a check-in streak, in day order. */
export function parseStreakBonus(text: string): Array<{ day: number; points: number }> {
  if (text.trim() === 'off') return [];
  const bonuses = text.split(/[,，]/).map((part) => {
    const [day, points] = part.split(':').map((s) => Number(s.trim()));
    return { day: day ?? 0, points: points ?? 0 };
  });
  if (bonuses.some((b) => !Number.isInteger(b.day) || b.day < 1 || !Number.isInteger(b.points) || b.points < 0)) {
    throw new Error(`bad streak bonus: ${text}`);
  }
  return bonuses.sort((a, b) => a.day - b.day);
}

function toMinutes(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function usesPuppetService(config: Pick<Config, 'WECHATY_PUPPET_SERVICE_ENDPOINT'>): boolean {
  return Boolean(config.WECHATY_PUPPET_SERVICE_ENDPOINT);
}

/** WeCom's official API: a self-built app (corp id) or a 智能机器人 (bot token). */
export function usesWecom(config: Pick<Config, 'WECOM_CORP_ID' | 'WECOM_BOT_TOKEN'>): boolean {
  return Boolean(config.WECOM_CORP_ID || config.WECOM_BOT_TOKEN);
}
