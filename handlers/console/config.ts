import { z } from 'zod';
import { cron, int } from '../../bot/config-fields.ts';

// The owner's web console: where its sign-in link points, and how long a link and a session last.
// Read by bot/config.ts with every other setting (imports nothing but the kinds of setting).

/** The weekly report's slot: Monday 09:00, shop time. */
export const WEEKLY_REPORT_DEFAULT = '0 9 * * 1';

export const consoleConfig = {
  WEEKLY_REPORT_CRON: z.union([z.string().regex(/^\s*off\s*$/i).transform(() => 'off' as const), cron])
    .default(WEEKLY_REPORT_DEFAULT)
    .describe("When the owner gets last week's numbers by DM (sales, orders, 客单价, buyers, new members, repurchase, with a chart): a 5-field cron in shop time, default Monday 09:00; `off` sends none (`/数据` still answers)"),
  CONSOLE_URL: z.url({ protocol: /^https?$/, error: '后台的网址，手机能打开的那个，如 https://linli.example.com' }).optional()
    .describe("Where the owner's phone reaches the web console, e.g. `https://linli.example.com` (a reverse proxy in front of `WEB_HOST:WEB_PORT`); the sign-in link `/后台` sends starts with it, and with `https` the session cookie is sent over https only. Without it the link is `http://WEB_HOST:WEB_PORT`, which a phone can open only on the same network"),
  CONSOLE_LINK_MINUTES: int(1, 60).default(10)
    .describe('Minutes a sign-in link from `/后台` stays valid; it works once'),
  CONSOLE_SESSION_DAYS: int(1, 90).default(7)
    .describe('Days the console stays signed in on a phone after its sign-in link was used; `/后台 退出` ends every session at once'),
};
