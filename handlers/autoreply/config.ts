// The owner's quick answers to shop-wide questions (/自动回复), given only when asked.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const autoreplyConfig = {};
