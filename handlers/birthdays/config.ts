// Members' birthdays (/生日, 我的生日是…) and a warm DM on the day.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const birthdaysConfig = {};
