// A local Wechaty puppet service for tests: a PuppetServer wrapping a mock seeded with the
// demo shop, on 127.0.0.1 without TLS, with a fresh insecure_<uuid> token and a private HOME
// (the client caches under ~/.wechaty).

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { log as wechatyLog } from 'wechaty-puppet';
import { PuppetServer } from 'wechaty-puppet-service';
import { createSandboxDriver, loginBot, seedDemoShop, SandboxPuppet, type SandboxControls, type SandboxWorld } from '../bot/channels/sandbox.ts';
import type { Clock } from '../bot/types.ts';

export interface LocalPuppetService {
  world: SandboxWorld;
  driver: SandboxControls;
  endpoint: string;
  token: string;
  stop(): Promise<void>;
}

export async function startLocalPuppetService(clock: Clock = { now: () => Date.now() }): Promise<LocalPuppetService> {
  wechatyLog.level('silent');
  const savedHome = process.env.HOME;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-wechaty-home-'));
  process.env.HOME = home;

  const puppet = new SandboxPuppet();
  await puppet.start();
  const world = seedDemoShop(puppet);
  loginBot(world);
  const driver = createSandboxDriver(world, { clock, advance: async () => {}, botName: world.shop.bot.name });

  const endpoint = `127.0.0.1:${await freePort()}`;
  const token = `insecure_${randomUUID()}`;
  const server = new PuppetServer({ endpoint, token, puppet, tls: { disable: true } });
  await server.start();

  return {
    world, driver, endpoint, token,
    async stop() {
      await server.stop();
      await puppet.stop();
      driver.close();
      process.env.HOME = savedHome;
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
