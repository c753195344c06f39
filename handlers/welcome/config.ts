import { bool, int } from '../../bot/config-fields.ts';

// Newcomers welcomed in the group (batched) and by DM (/欢迎语).
// Read by bot/config.ts with every other setting; imports nothing but the kinds of setting.

export const welcomeConfig = {
  WELCOME_ENABLED: bool.default(true)
    .describe('Welcome newcomers at all (the owner can also turn welcomes off in chat with `/欢迎语 关`)'),
  WELCOME_BATCH_MINUTES: int(0, 60).default(3)
    .describe('How long the group welcome waits after a newcomer joins, so the neighbours who join right after are welcomed in the same message'),
  WELCOME_GAP_MINUTES: int(0, 24 * 60).default(10)
    .describe('At most one group welcome per group this often; newcomers who join sooner are welcomed together once it has passed'),
  WELCOME_MAX_GROUP_SIZE: int(0, 100_000).default(200)
    .describe('Groups with more members than this get no welcome unless the owner turns it on for them (`/欢迎语 群 <群名> 开`); 0 = no limit'),
};
