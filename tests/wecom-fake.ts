import { Hono } from 'hono';
import { serveWeb, type WebServer } from '../bot/web/serve.ts';

// A fake WeCom server on 127.0.0.1: issues access tokens, refuses stale ones the way WeCom
// does (errcode 42001), answers the calls the channel makes and records every one of them.

export const CORP_ID = 'ww1234567890abcdef';
export const SECRET = 'app-secret-do-not-log';

export interface Call {
  path: string;
  query: Record<string, string>;
  body: any;
}

export class FakeWecom {
  readonly calls: Call[] = [];
  readonly groupChats: Record<string, unknown> = {};
  readonly customers: Record<string, { name: string }> = {};
  /** errcodes to answer, once each, for a path. */
  readonly failNext: Record<string, Array<{ errcode: number; errmsg: string }>> = {};
  /** How long to wait before answering a path (a slow WeCom API). */
  readonly delayMs: Record<string, number> = {};
  private valid = new Set<string>();
  private issued = 0;
  private server: WebServer | undefined;
  url = '';

  /** Every call to a path (without the /cgi-bin/ prefix), in order. */
  callsTo(path: string): Call[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** WeCom forgets every token it issued (as after expiry). */
  expireTokens(): void {
    this.valid.clear();
  }

  async start(): Promise<this> {
    const app = new Hono();
    app.all('/cgi-bin/*', async (c) => {
      const path = c.req.path.replace(/^\/cgi-bin\//, '');
      const query = c.req.query();
      const body = c.req.method === 'POST' ? await c.req.json() : undefined;
      this.calls.push({ path, query, body });
      if (path === 'gettoken') {
        if (query['corpid'] !== CORP_ID || query['corpsecret'] !== SECRET) return c.json({ errcode: 40001, errmsg: 'invalid credential' });
        const token = `token-${++this.issued}`;
        this.valid.add(token);
        return c.json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
      }
      if (path === 'webhook/send') return c.json(query['key'] === 'robot-key-1' ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' });
      if (!this.valid.has(query['access_token'] ?? '')) return c.json({ errcode: 42001, errmsg: 'access_token expired' });
      const delay = this.delayMs[path];
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      const failure = this.failNext[path]?.shift();
      if (failure) return c.json(failure);
      switch (path) {
        case 'message/send':
        case 'appchat/send':
          return c.json({ errcode: 0, errmsg: 'ok' });
        case 'externalcontact/add_msg_template':
          return c.json({ errcode: 0, errmsg: 'ok', fail_list: [], msgid: `msg${this.calls.length}` });
        case 'externalcontact/groupchat/get': {
          const chat = this.groupChats[body?.chat_id];
          return c.json(chat ? { errcode: 0, errmsg: 'ok', group_chat: chat } : { errcode: 701008, errmsg: 'invalid chat_id' });
        }
        case 'externalcontact/get': {
          const customer = this.customers[query['external_userid'] ?? ''];
          return c.json(customer ? { errcode: 0, errmsg: 'ok', external_contact: customer } : { errcode: 84061, errmsg: 'not external contact' });
        }
        default:
          return c.json({ errcode: 404, errmsg: `fake has no ${path}` });
      }
    });
    // A 智能机器人 response_url: plain JSON, no token.
    app.post('/aibot/response/:id', async (c) => {
      this.calls.push({ path: `response_url/${c.req.param('id')}`, query: {}, body: await c.req.json() });
      return c.json({ errcode: 0, errmsg: 'ok' });
    });
    this.server = await serveWeb(app, { host: '127.0.0.1', port: 0 });
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
