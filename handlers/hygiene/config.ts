import { int } from '../../bot/config-fields.ts';

// A group kept clean: ads, contact handles, mass invitations and floods flagged to the owner once (/移出).
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const hygieneConfig = {
  HYGIENE_RESIDENT_DAYS: int(0, 365).default(14)
    .describe('Days in the groups after which a member counts as a resident (whose links and phone numbers are not flagged); a member with an order, a room or 3 check-ins counts at once'),
  HYGIENE_FLOOD_MESSAGES: int(3, 200).default(10)
    .describe('Messages from one member within HYGIENE_FLOOD_SECONDS that count as 刷屏'),
  HYGIENE_FLOOD_SECONDS: int(5, 3600).default(60)
    .describe('The window for HYGIENE_FLOOD_MESSAGES, in seconds'),
  HYGIENE_REPEAT_TIMES: int(2, 50).default(3)
    .describe('The same text from one member this many times within 10 minutes counts as 刷屏'),
  HYGIENE_INVITE_COUNT: int(2, 500).default(5)
    .describe('People one non-resident brings into a group within HYGIENE_INVITE_MINUTES that count as 拉人'),
  HYGIENE_INVITE_MINUTES: int(1, 1440).default(10)
    .describe('The window for HYGIENE_INVITE_COUNT, in minutes'),
};
