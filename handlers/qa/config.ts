import { int } from '../../bot/config-fields.ts';

// Product questions: how often one member may ask, and when the owner hears of the unanswered.
// Read by bot/config.ts with every other setting, before any feature is built: the settings
// come from the environment at start-up. Each field's `.describe()` is its line in
// docs/configuration.md. Imports nothing but the kinds of setting, so reading the settings
// loads no feature.

export const qaConfig = {
  QA_RATE_LIMIT: int(1, 1000).default(5)
    .describe('Answers per resident per window; past it, one polite line'),
  QA_RATE_WINDOW_MINUTES: int(1, 24 * 60).default(10)
    .describe('The rate-limit window'),
  QA_OWNER_DIGEST_MINUTES: int(0, 24 * 60).default(10)
    .describe('At most one DM to the owner listing unanswered questions per this many minutes (`0`: one per new question)'),
};
