import type { Feature } from '../../bot/feature.ts';

/** Polls for new products (/投票): numbered options, one vote each, results and a cut-off. */
export function pollsFeature(): Feature {
  return {
    name: 'polls',
    install() {},
  };
}
