import { ascending, int, list } from '../../bot/config-fields.ts';

// Member profiles: the thresholds of the lifecycle stages and RFM scores.
// Read by bot/config.ts with every other setting, before any feature is built: the settings
// come from the environment at start-up. Each field's `.describe()` is its line in
// docs/configuration.md. Imports nothing but the kinds of setting, so reading the settings
// loads no feature.

export const profilesConfig = {
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
};
