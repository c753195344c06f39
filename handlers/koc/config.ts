// The 体验官 / KOC programme (/体验官): invite codes, referrals and orders credited, the monthly 晒单 highlight.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const kocConfig = {};
