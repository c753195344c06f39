import { z } from 'zod';
import { int, streakBonus } from '../../bot/config-fields.ts';

// Points: what a check-in, a share, an invite and a purchase earn.
// Read by bot/config.ts with every other setting, before any feature is built: the settings
// come from the environment at start-up. Each field's `.describe()` is its line in
// docs/configuration.md. Imports nothing but the kinds of setting, so reading the settings
// loads no feature.

export const pointsConfig = {
  POINTS_CHECKIN: int(0, 10_000).default(5)
    .describe('Points for a daily check-in'),
  POINTS_STREAK_BONUS: streakBonus.prefault('7:10,30:30')
    .describe('Extra points on those days of a check-in streak (`day:points`, comma-separated; `off` for none)'),
  POINTS_SHARE: int(0, 10_000).default(2)
    .describe('Points for a shared card or a 晒单 photo'),
  POINTS_SHARE_DAILY_CAP: int(0, 100).default(3)
    .describe('Shares that earn per member per day'),
  POINTS_INVITE: int(0, 10_000).default(10)
    .describe('Points for inviting a newcomer'),
  POINTS_INVITE_FIRST_ORDER: int(0, 10_000).default(20)
    .describe('More points when that newcomer places a first 接龙 order'),
  POINTS_PER_YUAN: z.coerce.number().min(0).max(100).default(1)
    .describe('Points per yuan of a closed 接龙 order (rounded down)'),
};
