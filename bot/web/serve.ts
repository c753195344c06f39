import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface WebServer {
  /** Where a person can open the page, with the real port (useful when asked for port 0). */
  url: string;
  close(): Promise<void>;
}

/** Serves the app over HTTP; resolves once it is listening, rejects if it cannot listen. */
export async function serveWeb(app: Hono, opts: { host: string; port: number }): Promise<WebServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info) => {
      server.off('error', reject);
      let closing: Promise<void> | undefined;
      // Idempotent: shutdown paths (signals, tests) may both call close().
      const close = () => (closing ??= closeServer(server as Server));
      resolve({ url: urlFor(opts.host, info), close });
    });
    server.once('error', reject);
  });
}

function urlFor(host: string, info: AddressInfo): string {
  // A wildcard address is where we listen, not somewhere a browser can go.
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${info.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Open event streams never end by themselves; without this, close() would wait forever.
    server.closeAllConnections();
  });
}
