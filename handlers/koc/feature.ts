import type { Feature } from '../../bot/feature.ts';

/** The 体验官 / KOC programme (/体验官): invite codes, referrals and orders credited, the monthly 晒单 highlight. */
export function kocFeature(): Feature {
  return {
    name: 'koc',
    install() {},
  };
}
