// Polls for new products (/投票): numbered options, one vote each, results and a cut-off.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const pollsConfig = {};
