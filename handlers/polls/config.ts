import { int } from '../../bot/config-fields.ts';

// Polls for new products (/投票): numbered options, one vote each, results and a cut-off.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const pollsConfig = {
  POLLS_ACK_GAP_SECONDS: int(0, 3600).default(120)
    .describe('Votes are acknowledged in the group at most once in this many seconds: the first vote in a quiet group is answered at once, the rest are gathered into one short line (`0`: every vote answered at once)'),
};
