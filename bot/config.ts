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
  // Each field's `.describe()` is its line in docs/configuration.md (scripts/gen-docs.ts; a test
  // fails when that file is stale). Defaults written as the text one would set (`.prefault`) are
  // parsed like a set value, so the page shows what to type.
  DATA_DIR: z.string().min(1).default('./data')
    .describe('Where `state.json`, `events.jsonl` and the journals (`points.jsonl` and `points-archive/`, `outbox.jsonl`, `due.jsonl`, `inbound.jsonl`, `jielong-archive.jsonl`, `recall-archive.jsonl`) live: back up the whole folder; one running bot per folder (see [operations](operations.md#one-process-per-shop))'),
  TZ: timeZone.default('Asia/Shanghai')
    .describe("The shop's time zone (IANA): calendar days, quiet hours, cron patterns"),
  BOT_NAME: z.string().min(1).default('邻里小助手')
    .describe("The bot's name, used to recognise @mentions of it"),
  // Ids, not display names: anyone can rename themselves to the owner's name (see checkOwnerIds).
  OWNER_IDS: list.default([])
    .describe("Comma-separated ids of the owner's accounts (`wxid_…` or the WeChat ID, a WeCom userid). On a real account (puppet service or WeCom) the owner is recognised by id only, and an entry that looks like a display name (Chinese, spaces, emoji) stops start-up, since anyone can rename themselves; the sandbox also takes names, and without any the sandbox's demo owner 老赵 is the owner"),
  ALLOW_OWNER_NAMES: bool.default(false)
    .describe('`true` lets `OWNER_IDS` hold display names on a real account and match by name (unsafe: whoever takes that name is the owner); warned at every start'),
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
  POINTS_CHECKIN: int(0, 10_000).default(5)
    .describe('Points for a daily check-in'),
  POINTS_STREAK_BONUS: streakBonus.prefault('7:10,30:30')
    .describe('Extra points on those days of a check-in streak (`day:points`, comma-separated; `off` for none)'),
  POINTS_SHARE: int(0, 10_000).default(2)
    .describe('Points for a shared card or a 晒单 photo'),
  POINTS_SHARE_DAILY_CAP: int(0, 100).default(3)
    .describe('Shares that earn per member per day'),
  POINTS_INVITE: int(0, 10_000).default(10)
    .describe('Points for inviting a newcomer'),
  POINTS_INVITE_FIRST_ORDER: int(0, 10_000).default(20)
    .describe('More points when that newcomer places a first 接龙 order'),
  POINTS_PER_YUAN: z.coerce.number().min(0).max(100).default(1)
    .describe('Points per yuan of a closed 接龙 order (rounded down)'),
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
  QA_RATE_LIMIT: int(1, 1000).default(5)
    .describe('Answers per resident per window; past it, one polite line'),
  QA_RATE_WINDOW_MINUTES: int(1, 24 * 60).default(10)
    .describe('The rate-limit window'),
  QA_OWNER_DIGEST_MINUTES: int(0, 24 * 60).default(10)
    .describe('At most one DM to the owner listing unanswered questions per this many minutes (`0`: one per new question)'),
  // Live streams: when previews go out before the start, the reservers' reminder, the length.
  STREAM_PREVIEW_LEADS: leads.prefault('24h,2h,10m')
    .describe('When stream previews are posted before the start (`h` hours, `m` minutes; `off` for none)'),
  STREAM_REMINDER_MINUTES: int(1, 24 * 60).default(10)
    .describe('The reminder DM to reservers this long before the start (purpose `requested`: not counted against the DM cap, but held through quiet hours)'),
  STREAM_DURATION_MINUTES: int(5, 24 * 60).default(90)
    .describe('Planned length of a stream when `/直播 新建` gives no `时长`'),
  STREAM_JIELONG_CUTOFF_HOURS: int(1, 14 * 24).default(24)
    .describe('The post-stream 接龙 closes this long after the stream ends'),
  STREAM_MISSED_DM_HOURS: int(0, 14 * 24).default(24)
    .describe("The missed-it DM to reservers who did not order goes this long after the end, but never later than 3 h before the stream's 接龙 closes (half its life for a short one) and not into quiet hours that would hold it past the cut-off; `0` turns it off"),
  // Member profiles and lifecycle stages (handlers/profiles).
  PROFILE_NEW_DAYS: int(0, 365).default(7)
    .describe('新人: joined fewer than this many days ago'),
  PROFILE_SILENT_DAYS: int(1, 365).default(14)
    .describe('沉默: no activity (message, share, check-in, order, question) for this many days. A member only found on a group\'s member list is 沉默 from the start, and can be recalled once this many days have passed since the bot first saw them'),
  PROFILE_LAPSED_DAYS: int(1, 365).default(30)
    .describe('流失风险: a regular buyer (see `PROFILE_LOYAL_ORDERS`) with no order for this many days'),
  PROFILE_LOYAL_ORDERS: int(1, 1000).default(3)
    .describe('忠实: at least this many 接龙 orders in 90 days (also what makes a “regular buyer”)'),
  PROFILE_KOC_BUYERS: int(1, 1000).default(2)
    .describe('KOC: at least this many people they invited have ordered'),
  PROFILE_ENGAGED_ACTIONS: int(1, 1000).default(3)
    .describe('高潜: questions + check-ins + stream reservations at least this, with at most one order in 90 days'),
  PROFILE_RFM_RECENCY_DAYS: ascending.default([7, 14, 30, 60])
    .describe('Days since the last order for R scores 5 / 4 / 3 / 2 (older: 1); four ascending numbers'),
  PROFILE_RFM_FREQUENCY: ascending.default([1, 2, 4, 8])
    .describe('Orders in 90 days for F scores 2 / 3 / 4 / 5; four ascending numbers'),
  PROFILE_RFM_MONETARY: ascending.default([50, 150, 400, 1000])
    .describe('Yuan in 90 days for M scores 2 / 3 / 4 / 5; four ascending numbers'),
  // Recall DMs (handlers/recall).
  RECALL_CRON: cron.default('30 10 * * *')
    .describe('When the daily recall run plans (5-field cron, shop time zone)'),
  RECALL_MODE: z.enum(['approve', 'auto', 'off']).default('approve')
    .describe('`approve`: the owner gets the list and texts and sends with `/召回 确认`; `auto`: sent at once; `off`: no runs'),
  RECALL_OFFER: z.string().max(200).optional()
    .describe('The welcome-back offer, added word for word to recall DMs (no offer is ever made up); unset: none'),
  RECALL_COOLDOWN_DAYS: int(1, 365).default(7)
    .describe('A member picked by a run (contacted or held back) is not picked again for this many days'),
  RECALL_HOLDOUT_PERCENT: int(0, 90).default(10)
    .describe('Share of eligible members held back each run as a control group (not DM\'d, measured)'),
  RECALL_MAX_PER_RUN: int(0, 1000).default(10)
    .describe("Most members DM'd per run (the outbox's `DM_DAILY_CAP` and quiet hours apply on top)"),
  RECALL_FOLLOWUP_DAYS: int(0, 90).default(5)
    .describe('Days after a 接龙 closes that each buyer gets one follow-up DM (per-category tip and question); `0` turns follow-ups off'),
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
