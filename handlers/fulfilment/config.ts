import { int } from '../../bot/config-fields.ts';

// After the cut-off: payment and pick-up reminders, and how long a resident may report a problem.
// Read by bot/config.ts with every other setting (imports nothing but the kinds of setting).

export const fulfilmentConfig = {
  PAY_REMINDER_HOURS: int(0, 24 * 14).default(0)
    .describe('Hours after a 接龙 closes that each buyer who has not paid gets one reminder DM (caps, quiet hours and 退订 apply); `0`: no reminder'),
  PICKUP_REMINDER_HOURS: int(0, 24 * 14).default(24)
    .describe('Hours after `/到货` that each buyer who has not collected gets one reminder DM (caps, quiet hours and 退订 apply); `0`: no reminder'),
  AFTER_SALES_DAYS: int(1, 60).default(14)
    .describe('Days after a 接龙 closes that a buyer saying 坏了 / 少了 / 售后 about it opens an after-sales case for the owner'),
};
