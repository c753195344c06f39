import { z } from 'zod';
import { cron, int, list } from '../../bot/config-fields.ts';

// Recall and follow-up DMs: when they run, how many, and who is held back.
// Read by bot/config.ts with every other setting, before any feature is built: the settings
// come from the environment at start-up. Each field's `.describe()` is its line in
// docs/configuration.md. Imports nothing but the kinds of setting, so reading the settings
// loads no feature.

export const recallConfig = {
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
};
