import type { Feature } from '../../bot/feature.ts';

/** Members' birthdays (/生日, 我的生日是…) and a warm DM on the day. */
export function birthdaysFeature(): Feature {
  return {
    name: 'birthdays',
    install() {},
  };
}
