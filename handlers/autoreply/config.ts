import { int } from '../../bot/config-fields.ts';

// The owner's quick answers to shop-wide questions (/自动回复), given only when asked.
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const autoreplyConfig = {
  AUTOREPLY_REPEAT_MINUTES: int(0, 24 * 60).default(3)
    .describe('Minutes a quick answer (/自动回复) is not repeated in the same group (or to the same member by DM) once given; a question that @mentions the bot is answered anyway (0: always answer)'),
};
