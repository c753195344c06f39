import { z } from 'zod';
import { int } from '../../bot/config-fields.ts';

// Members' birthdays (/生日, 我的生日是…) and a warm DM on the day.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const birthdaysConfig = {
  BIRTHDAY_HOUR: int(0, 23).default(9)
    .describe('The hour (shop time, 0-23) the birthday DM goes out on the day; inside DM_QUIET_HOURS it waits for their end'),
  BIRTHDAY_OFFER: z.string().trim().default('')
    .describe('The shop\'s birthday perk, added word for word to the birthday DM (e.g. 凭此消息到店领鸡蛋一盒); empty: no perk is mentioned'),
};
