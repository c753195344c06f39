import type { Feature } from '../../bot/feature.ts';

/** The owner's quick answers to shop-wide questions (/自动回复), given only when asked. */
export function autoreplyFeature(): Feature {
  return {
    name: 'autoreply',
    install() {},
  };
}
