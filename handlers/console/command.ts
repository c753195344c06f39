import type { Command } from '../../bot/commands.ts';
import { isLoopbackHost, runsSandbox, type Config } from '../../bot/config.ts';
import { closeAll, issueLink } from './auth.ts';

// /后台: the owner's sign-in link to the web console, by DM only; /后台 退出 signs every phone out.

export const CONSOLE_PATH = '/console';
const MINUTE_MS = 60_000;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** Where the console is opened from: CONSOLE_URL, else the web server's own address. */
export function consoleBase(config: Pick<Config, 'CONSOLE_URL' | 'WEB_HOST' | 'WEB_PORT' | 'SANDBOX_PUBLIC_HOST'>): string {
  if (config.CONSOLE_URL) return config.CONSOLE_URL.replace(/\/+$/, '');
  const host = WILDCARD_HOSTS.has(config.WEB_HOST) ? (config.SANDBOX_PUBLIC_HOST[0] ?? '127.0.0.1') : config.WEB_HOST;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${config.WEB_PORT}`;
}

export const consoleCommand: Command = {
  name: '后台', aliases: ['console'], ownerOnly: true, usage: '/后台',
  summary: '私信你一个后台登录链接（数据图表、成员、接龙和配货单），手机打开就能看',
  more: [{ usage: '/后台 退出', summary: '所有登录过后台的手机都退出登录', ownerOnly: true }],
  run(ctx, args) {
    const { store, config } = ctx.services;
    const state = store.data.console;
    const verb = args.trim();
    if (verb === '退出' || verb === '登出') {
      const n = closeAll(state);
      store.changed();
      ctx.reply(n ? `后台已退出：${n} 个登录都失效了。要再看，发 /后台 拿新链接。` : '现在没有登录着的后台，要看就发 /后台。');
      return;
    }
    if (verb) return void ctx.reply('发 /后台 拿登录链接；发 /后台 退出 让所有手机退出登录。');
    const minutes = config.CONSOLE_LINK_MINUTES;
    const token = issueLink(state, ctx.member, ctx.now, minutes * MINUTE_MS);
    store.changed();
    const base = consoleBase(config);
    const lines = [
      `后台登录链接（${minutes} 分钟内有效，只能用一次，别转发给别人）：`,
      `${base}${CONSOLE_PATH}/login?t=${token}`,
    ];
    const host = new URL(base).hostname.replace(/^\[|\]$/g, '');
    if (!config.CONSOLE_URL && isLoopbackHost(host) && !runsSandbox(config)) {
      lines.push('这个地址只能在运行机器人的电脑上打开；想在手机上看，请设置 CONSOLE_URL（见 docs/console.md）。');
    }
    ctx.dm(ctx.member, lines.join('\n'));
    if (ctx.group) ctx.reply('后台登录链接私信发给你了～');
  },
};
