import { z } from 'zod';
import { aesKey, bool, cron, int, list, pairs, quietHours, timeZone } from './config-fields.ts';
import { pointsConfig } from '../handlers/points/config.ts';
import { qaConfig } from '../handlers/qa/config.ts';
import { streamsConfig } from '../handlers/streams/config.ts';
import { profilesConfig } from '../handlers/profiles/config.ts';
import { recallConfig } from '../handlers/recall/config.ts';
import { fulfilmentConfig } from '../handlers/fulfilment/config.ts';
import { consoleConfig } from '../handlers/console/config.ts';
import { welcomeConfig } from '../handlers/welcome/config.ts';
import { autoreplyConfig } from '../handlers/autoreply/config.ts';
import { pollsConfig } from '../handlers/polls/config.ts';
import { birthdaysConfig } from '../handlers/birthdays/config.ts';
import { kocConfig } from '../handlers/koc/config.ts';
import { hygieneConfig } from '../handlers/hygiene/config.ts';

// Every setting comes from the environment (and an optional .env, loaded by main.ts).
// An invalid value stops start-up with a message naming the variable and what it expects.

export const configSchema = z.object({
  // Each field's `.describe()` is its line in docs/configuration.md (scripts/gen-docs.ts; a test
  // fails when that file is stale). Defaults written as the text one would set (`.prefault`) are
  // parsed like a set value, so the page shows what to type.
  DATA_DIR: z.string().min(1).default('./data')
    .describe('Where `state.json`, `events.jsonl` and the journals (`points.jsonl` and `points-archive/`, `outbox.jsonl`, `due.jsonl`, `inbound.jsonl`, `jielong-archive.jsonl`, `recall-archive.jsonl`) live: back up the whole folder; one running bot per folder (see [operations](operations.md#one-process-per-shop))'),
  TZ: timeZone.default('Asia/Shanghai')
    .describe("The shop's time zone (IANA): calendar days, quiet hours, cron patterns"),
  BOT_NAME: z.string().min(1).default('邻里小助手')
    .describe("The bot's name, used to recognise @mentions of it"),
  // Ids, not display names: anyone can rename themselves to the owner's name (see checkIdLists).
  OWNER_IDS: list.default([])
    .describe("Comma-separated ids of the owner's accounts (`wxid_…` or the WeChat ID, a WeCom userid). On a real account (puppet service or WeCom) the owner is recognised by id only, and an entry that looks like a display name (Chinese, spaces, emoji) stops start-up, since anyone can rename themselves; the sandbox also takes names, and without any the sandbox's demo owner 老赵 is the owner"),
  // The same rule as OWNER_IDS, checked by the same code: staff rights are smaller, but a name
  // is just as easy to take.
  STAFF_IDS: list.default([])
    .describe('Comma-separated ids of the staff (店员), the owner\'s helpers who may mark payments and pick-ups and see those lists; nothing else. Ids as in `OWNER_IDS`, under the same rule: on a real account a display name stops start-up unless `ALLOW_OWNER_NAMES=true`. The owner can also add staff in chat (`/店员 新增 @名字`); the staff listed here cannot be removed in chat'),
  ALLOW_OWNER_NAMES: bool.default(false)
    .describe('`true` lets `OWNER_IDS` and `STAFF_IDS` hold display names on a real account and match by name (unsafe: whoever takes that name is the owner, or staff); warned at every start'),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().optional()
    .describe('`host:port` of a Wechaty puppet service; set it to leave the sandbox for a real account. Not together with the `WECOM_*` callbacks'),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional()
    .describe('The puppet service token; refused without `WECHATY_PUPPET_SERVICE_ENDPOINT` (a token alone makes the client look itself up on the internet). Never logged'),
  WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: bool.default(false)
    .describe('Connect to the puppet service without TLS (local services and `insecure_` tokens)'),
  WEB_HOST: z.string().default('127.0.0.1')
    .describe("Host of the web server: the sandbox page, or the WeCom callbacks, or with a puppet service `/healthz` alone. The sandbox page has no accounts (whoever opens it is the owner and reads every DM), so it is served only on this machine (`127.0.0.1`, `localhost`, `::1`) unless `SANDBOX_PUBLIC=true`; it answers only requests addressed to localhost / 127.0.0.1 / [::1], `WEB_HOST` or `SANDBOX_PUBLIC_HOST` (no DNS rebinding)"),
  WEB_PORT: int(0, 65535).default(8787)
    .describe('Port of that web server'),
  // The sandbox page has no accounts: whoever reaches it may act as the owner and read every
  // DM. It stays on this machine unless opened on purpose, and then only with a sign-in.
  SANDBOX_PUBLIC: bool.default(false)
    .describe('`true` serves the sandbox page on `WEB_HOST` for others on the network, behind a sign-in with `SANDBOX_TOKEN`; warned at every start'),
  SANDBOX_TOKEN: z.string().min(16, '至少 16 个字符，最好随机生成（如 openssl rand -hex 16）').optional()
    .describe("The sandbox page's sign-in token (at least 16 characters; required with `SANDBOX_PUBLIC=true`). The page asks for it once and keeps an HttpOnly cookie; scripts may send `Authorization: Bearer <token>`. Never logged"),
  SANDBOX_PUBLIC_HOST: list.default([])
    .describe('Comma-separated host names others use to open the public page (`192.168.1.20`, `linli.lan`); required when `WEB_HOST` is `0.0.0.0` with `SANDBOX_PUBLIC=true`. Requests for any other host are refused'),
  CATALOG_FILE: z.string().optional()
    .describe('A product list, JSON or CSV (see [the catalog](catalog.md#catalog-file)); loaded at start when it is new or has changed since it was last loaded, otherwise the catalog as edited in chat is kept. Without it the sandbox starts with `store/catalog.example.json`'),
  STORE_FLUSH_MS: int(10, 60_000).default(500)
    .describe('How long state changes may wait before `state.json` is rewritten'),
  OUTBOX_MIN_GAP_MS: int(0, 600_000).default(1500)
    .describe('Minimum time between two sends to the same chat'),
  OUTBOX_GROUP_PER_MINUTE: int(1, 1000).default(20)
    .describe('At most this many posts per group per minute'),
  OUTBOX_GROUPS_GAP_MS: int(0, 600_000).default(1000)
    .describe("A post going to many groups (stream posts, scheduled posts) waits this long after the account's previous group post, so it leaves one group at a time; `0` turns it off"),
  OUTBOX_SYNC_SENDS: bool.default(false)
    .describe("`true` puts each message's `sending` line on the disk itself (`fdatasync`) before the message leaves, so that not even a power cut can make a restart send it twice; costs one disk sync per message (about 1–10 ms). Without it a process crash cannot either (see [operations](operations.md#what-survives-a-crash-and-what-survives-a-power-cut))"),
  OUTBOX_MAX_ATTEMPTS: int(1, 50).default(5)
    .describe('Send attempts (with backoff: 5 s, 10 s, 20 s …) before a message is marked failed; while the WeChat account is logged out or disconnected, messages wait without using any'),
  DM_QUIET_HOURS: quietHours.prefault('22:00-08:00')
    .describe('DMs the bot starts itself wait until the end of this window (`off` to disable); direct replies go at once'),
  DM_DAILY_CAP: int(0, 10_000).default(30)
    .describe('Unsolicited DMs (recall, follow-ups, the missed-stream DM) per day for the account; the rest wait for the next day, or expire'),
  SCHEDULER_MISSED_WINDOW_MINUTES: int(0, 7 * 24 * 60).default(360)
    .describe('Work that came due while the bot was down runs once if at most this late, else is skipped (a skipped scheduled post is reported to the owner by DM)'),
  // When the WeChat account is down (bot/outage.ts): a WeCom group robot to alert, and after how long.
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: '企业微信群机器人的 Webhook 地址，如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' }).optional()
    .describe('A WeCom group robot (群机器人) webhook, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`: told when the WeChat account is logged out or disconnected, and when it is back. Without it the alert is an `error` log line. Holds the robot\'s key: never logged'),
  OUTAGE_ALERT_AFTER_SECONDS: int(0, 24 * 3600).default(60)
    .describe("How long the account must be down before the alert (and, when it is back, the owner's DM) goes; a reconnect quicker than this is only logged. `0`: at once"),
  ...pointsConfig,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
    .describe('How much the log says'),
  WECOM_CORP_ID: z.string().optional()
    .describe('企业 ID (我的企业 → 企业信息). With it (or `WECOM_BOT_TOKEN`) `npm start` serves the WeCom callbacks instead of the sandbox; not together with a puppet service. Required with `WECOM_TOKEN` or `WECOM_SECRET`'),
  WECOM_TOKEN: z.string().optional()
    .describe("The self-built app's 接收消息 Token; needs `WECOM_ENCODING_AES_KEY` and `WECOM_CORP_ID`"),
  WECOM_ENCODING_AES_KEY: aesKey.optional()
    .describe("The self-built app's 接收消息 EncodingAESKey (43 letters and digits); needs `WECOM_TOKEN`"),
  WECOM_AGENT_ID: int(1, 2 ** 31 - 1).optional()
    .describe("The self-built app's AgentId, for sending through the API; required with `WECOM_SECRET`"),
  WECOM_SECRET: z.string().optional()
    .describe("The self-built app's Secret, for sending through the API (needs `WECOM_CORP_ID` and `WECOM_AGENT_ID`)"),
  WECOM_BOT_TOKEN: z.string().optional()
    .describe("The 智能机器人's (API mode) Token; needs `WECOM_BOT_AES_KEY`"),
  WECOM_BOT_AES_KEY: aesKey.optional()
    .describe("The 智能机器人's EncodingAESKey (43 letters and digits); needs `WECOM_BOT_TOKEN`"),
  WECOM_API_BASE: z.url({ protocol: /^https?$/, error: '一个 http(s) 地址，如 https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com')
    .describe('The WeCom API host (tests point it at a local fake)'),
  WECOM_TIMESTAMP_WINDOW_SECONDS: int(10, 3600).default(300)
    .describe('A callback whose timestamp is further than this from now is refused (stale or replayed); within it, a callback already taken is refused too, also after a restart (the signatures and message ids seen are kept in `state.json`). Callback bodies over 1 MB are refused (413) before they are read, and the signature is checked before any XML is parsed'),
  WECOM_CUSTOMER_DAILY_LIMIT: int(0, 100).default(1)
    .describe("群发 tasks per customer (and per customer group) per day; WeCom's own limit is the ceiling, `0` turns customer messages off"),
  WECOM_TEMPLATE_SENDER: z.string().optional()
    .describe("The staff userid who sends a 群发 task when the customer's own staff member or the group owner is not known; unset: the first of `OWNER_IDS`"),
  WECOM_GROUP_WEBHOOK_KEYS: pairs.default({})
    .describe('`群ID=key,…`: internal groups with a group robot (群机器人) webhook; posts to those groups go through it'),
  WECOM_PASSIVE_REPLY_MS: int(0, 4500).default(2500)
    .describe('How long a 智能机器人 callback waits for the answer to send it back passively; a later answer goes through `response_url`'),
  // Product questions: a model is optional (templates answer without one).
  OPENAI_API_KEY: z.string().optional()
    .describe('Turns on model answers for product questions and model-written recall texts; without it, template answers and texts (everything still works). Never logged'),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, error: '一个 http(s) 地址，如 https://api.deepseek.com/v1' }).optional()
    .describe("Any OpenAI-compatible endpoint, e.g. `https://api.deepseek.com/v1`, DashScope (Qwen) compatible mode, or a local server (give any key it accepts); unset: OpenAI's"),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini')
    .describe('The model name the endpoint expects'),
  OPENAI_TIMEOUT_MS: int(100, 120_000).default(8000)
    .describe('A model answer (or recall text) slower than this is dropped for the template'),
  ...qaConfig,
  ...streamsConfig,
  ...profilesConfig,
  ...recallConfig,
  ...fulfilmentConfig,
  ...consoleConfig,
  ...welcomeConfig,
  ...autoreplyConfig,
  ...pollsConfig,
  ...birthdaysConfig,
  ...kocConfig,
  ...hygieneConfig,
}).superRefine((c, ctx) => {
  if (c.WECHATY_PUPPET_SERVICE_TOKEN && !c.WECHATY_PUPPET_SERVICE_ENDPOINT) {
    ctx.addIssue({
      code: 'custom',
      path: ['WECHATY_PUPPET_SERVICE_ENDPOINT'],
      message: '给了 WECHATY_PUPPET_SERVICE_TOKEN 就必须同时给出服务地址（host:port）；只有 token 时客户端会去公网查找服务并崩溃',
    });
  }
  checkWecom(c, ctx);
  checkIdLists(c, ctx);
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

/** A name in OWNER_IDS or STAFF_IDS on a real account is an open door: anyone who takes that name gets those rights. */
function checkIdLists(c: Config, ctx: RefineCtx): void {
  if (ownerNamesAllowed(c)) return;
  checkIds(ctx, 'OWNER_IDS', c.OWNER_IDS, '团长');
  checkIds(ctx, 'STAFF_IDS', c.STAFF_IDS, '店员');
}

function checkIds(ctx: RefineCtx, key: 'OWNER_IDS' | 'STAFF_IDS', values: string[], role: string): void {
  const names = values.filter((v) => !looksLikeId(v));
  if (names.length === 0) return;
  ctx.addIssue({
    code: 'custom', path: [key],
    message: `${names.map((n) => `「${n}」`).join('、')}像是昵称而不是账号 ID：任何人把昵称改成它就能拿到${role}权限。`
      + `请填${role}账号的 ID（个人微信 wxid_… 或微信号，企业微信 userid）；确实要按昵称认${role}，设置 ALLOW_OWNER_NAMES=true（不安全，每次启动都会警告）`,
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
    const staff = c.STAFF_IDS.filter((v) => !looksLikeId(v));
    if (staff.length) warnings.push(`ALLOW_OWNER_NAMES=true：店员也按昵称认（${staff.join('、')}），任何人改成这个昵称就有店员权限；请尽快在 STAFF_IDS 里换成账号 ID`);
  }
  if (c.SANDBOX_PUBLIC && runsSandbox(c)) {
    warnings.push(`SANDBOX_PUBLIC=true：沙盒页面对 ${c.WEB_HOST} 开放，凭 SANDBOX_TOKEN 登录；只在可信的网络里这样做`);
  }
  return warnings;
}


export type Config = z.infer<typeof configSchema>;
export type { QuietHours } from './config-fields.ts';

export { parseQuietHours, parseStreakBonus } from './config-fields.ts';

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





export function usesPuppetService(config: Pick<Config, 'WECHATY_PUPPET_SERVICE_ENDPOINT'>): boolean {
  return Boolean(config.WECHATY_PUPPET_SERVICE_ENDPOINT);
}

/** WeCom's official API: a self-built app (corp id) or a 智能机器人 (bot token). */
export function usesWecom(config: Pick<Config, 'WECOM_CORP_ID' | 'WECOM_BOT_TOKEN'>): boolean {
  return Boolean(config.WECOM_CORP_ID || config.WECOM_BOT_TOKEN);
}
