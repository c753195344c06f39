import { int } from '../../bot/config-fields.ts';

// The 体验官 / KOC programme (/体验官): invite codes, referrals and orders credited, the monthly 晒单 highlight.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.
// Points are posted by the points feature into its ledger; 0 turns a reward off.

export const kocConfig = {
  KOC_CLAIM_DAYS: int(1, 90).default(7)
    .describe('Days after first joining the groups that a newcomer may say who brought them (a 体验官\'s invite code or name)'),
  KOC_POINTS_REFERRAL: int(0, 10_000).default(20)
    .describe('Points for a 体验官 when a newcomer they brought is credited to them (instead of `POINTS_INVITE`); `0`: none'),
  KOC_POINTS_FIRST_ORDER: int(0, 10_000).default(30)
    .describe('Points for a 体验官 when a newcomer they brought has a first order in a closed 接龙 (instead of `POINTS_INVITE_FIRST_ORDER`); `0`: none'),
  KOC_ORDER_SHARE: int(0, 100).default(10)
    .describe('Percent of the points each order of a newcomer they brought earns its buyer, also given to the 体验官 (rounded down); `0`: none'),
  SHOWCASE_POINTS: int(0, 10_000).default(50)
    .describe('Points for the month\'s best 晒单, picked by the owner with `/晒单 精选`; `0`: none'),
};
