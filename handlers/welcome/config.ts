// Newcomers welcomed in the group (batched) and by DM (/欢迎语).
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const welcomeConfig = {};
