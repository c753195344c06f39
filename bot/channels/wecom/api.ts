import type { Logger } from '../../logger.ts';
import type { Clock } from '../../types.ts';

// The WeCom server API (qyapi): an access token from gettoken, cached until shortly before
// it expires and fetched again once when WeCom says it is invalid or expired; every other
// errcode becomes a WecomApiError whose message says what went wrong, without the token.

/** errcodes meaning "this access_token is no good": fetch a new one and try once more. */
const TOKEN_ERRCODES = new Set([40014, 42001, 42009]);
/** Renew this long before WeCom's expires_in runs out, so a request never carries a dying token. */
const EARLY_RENEW_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

const HINTS: Record<number, string> = {
  60020: '服务器 IP 不在应用的“企业可信 IP”里',
  81013: '接收人不在应用的可见范围内，或 userid 不存在',
  40003: 'userid 无效',
  41001: '缺少 access_token',
  48002: '应用没有调用这个接口的权限',
  45009: '接口调用超过了企业微信的频率限制',
};

export class WecomApiError extends Error {
  constructor(readonly path: string, readonly errcode: number, errmsg: string) {
    const hint = HINTS[errcode];
    super(`企业微信接口 ${path} 出错（errcode ${errcode}：${errmsg}${hint ? `；${hint}` : ''}）`);
  }
}

export interface WecomApiOptions {
  base: string;
  corpId: string;
  secret: string;
  clock: Clock;
  log: Logger;
}

interface ApiReply {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

export class WecomApi {
  private token: { value: string; until: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(private readonly opts: WecomApiOptions) {}

  /** POST a JSON body to /cgi-bin/<path> with the access token; returns WeCom's reply (errcode 0). */
  async post<T extends ApiReply>(path: string, body: unknown): Promise<T> {
    return this.withToken(path, (token) => this.request<T>(path, `access_token=${encodeURIComponent(token)}`, body));
  }

  /** GET /cgi-bin/<path>?<params> with the access token. */
  async get<T extends ApiReply>(path: string, params: Record<string, string>): Promise<T> {
    const query = new URLSearchParams(params).toString();
    return this.withToken(path, (token) => this.request<T>(path, `access_token=${encodeURIComponent(token)}&${query}`));
  }

  private async withToken<T>(path: string, call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.accessToken());
    } catch (err) {
      if (!(err instanceof WecomApiError) || !TOKEN_ERRCODES.has(err.errcode)) throw err;
      this.opts.log.info({ path, errcode: err.errcode }, 'WeCom access token rejected; fetching a new one');
      this.token = undefined;
      return call(await this.accessToken());
    }
  }

  private accessToken(): Promise<string> {
    const now = this.opts.clock.now();
    if (this.token && now < this.token.until) return Promise.resolve(this.token.value);
    // Callers arriving together share one gettoken call.
    this.fetching ??= (async () => {
      const query = new URLSearchParams({ corpid: this.opts.corpId, corpsecret: this.opts.secret }).toString();
      const reply = await this.request<{ access_token?: string; expires_in?: number }>('gettoken', query);
      if (!reply.access_token) throw new WecomApiError('gettoken', -1, '回复里没有 access_token');
      const lifeMs = Math.max(60_000, (reply.expires_in ?? 7200) * 1000 - EARLY_RENEW_MS);
      this.token = { value: reply.access_token, until: this.opts.clock.now() + lifeMs };
      return reply.access_token;
    })().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  /** One HTTP call. The URL (it carries the token or secret) never reaches a log or an error. */
  private async request<T extends ApiReply>(path: string, query: string, body?: unknown): Promise<T> {
    const url = `${this.opts.base.replace(/\/+$/, '')}/cgi-bin/${path}?${query}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new Error(`企业微信接口 ${path} 连接失败：${(err as Error).message}`);
    }
    return readReply<T>(path, response);
  }
}

/** A WeCom JSON reply with errcode 0, or the error it describes. Also used for webhook and response_url calls. */
export async function readReply<T extends ApiReply>(path: string, response: Response): Promise<T> {
  if (!response.ok) throw new Error(`企业微信接口 ${path} 返回 HTTP ${response.status}`);
  let reply: T;
  try {
    reply = (await response.json()) as T;
  } catch {
    throw new Error(`企业微信接口 ${path} 的回复不是 JSON`);
  }
  const errcode = typeof reply.errcode === 'number' ? reply.errcode : 0;
  if (errcode !== 0) throw new WecomApiError(path, errcode, String(reply.errmsg ?? ''));
  return reply;
}

/** POSTs JSON to a URL that needs no token (group-robot webhook, a 智能机器人 response_url). */
export async function postJson(what: string, url: string, body: unknown): Promise<ApiReply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(`${what} 连接失败：${(err as Error).message}`);
  }
  return readReply(what, response);
}
