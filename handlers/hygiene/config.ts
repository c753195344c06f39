// A group kept clean: ads, contact handles, mass invitations and floods flagged to the owner once (/移出).
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const hygieneConfig = {};
