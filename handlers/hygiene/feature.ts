import type { Feature } from '../../bot/feature.ts';

/** A group kept clean: ads, contact handles, mass invitations and floods flagged to the owner once (/移出). */
export function hygieneFeature(): Feature {
  return {
    name: 'hygiene',
    install() {},
  };
}
