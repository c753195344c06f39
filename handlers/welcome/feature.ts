import type { Feature } from '../../bot/feature.ts';

/** Newcomers welcomed in the group (batched) and by DM (/欢迎语). */
export function welcomeFeature(): Feature {
  return {
    name: 'welcome',
    install() {},
  };
}
